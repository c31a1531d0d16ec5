//! The Right to Challenge (Uitdaagrecht): a municipality's intake form, a residents' group's application in seven
//! steps, and the one set of rules the widget checks on "next" and the server checks again on submit.

mod application;
mod dates;
mod form;
mod steps;
mod workflow;

pub use application::{
    AMOUNT_MAX_LEN, ATTACHMENT_ID_LEN, ATTACHMENT_TYPES, ChallengeAttachment, ChallengeReceipt, ChallengeSubmission,
    Contact, Cooperation, Costs, Execution, Initiative, LONG_TEXT_MAX_LEN, MIN_FILL_SECONDS, NAME_MAX_LEN,
    Organisation, OrganisationType, Plan, SHORT_TEXT_MAX_LEN, START_YEARS_AHEAD_MAX, SUPPORTERS_MAX, Support,
    TERM_MONTHS_MAX, TITLE_MAX_LEN, is_attachment_id,
};
pub use dates::{
    DateError, add_days, date_of_day, day_number, days_between, decision_date, dutch_date, parse_dutch_date,
};
pub use form::{
    ATTACHMENT_BYTES_MAX, ATTACHMENT_BYTES_MIN, ATTACHMENTS_MAX, ApplicantType, ChallengeForm, ChallengeQuestion,
    ChallengeTask, DECISION_WEEKS_MAX, LEAD_WEEKS_MAX, MUNICIPALITY_MAX_LEN, NewChallengeForm, RETENTION_DAYS_MAX,
    RETENTION_DAYS_MIN, TASK_COST_MAX_LEN, TASK_LABEL_MAX_LEN, TASKS_MAX, WEBHOOK_TOKEN_MAX_LEN, duration_only,
    every_applicant,
};
pub use steps::{ChallengeStep, earliest_start};
pub use workflow::{
    ChallengeOutcome, ChallengeStatus, MISSING_MAX_LEN, STATUS_NOTE_MAX_LEN, SUPPLEMENT_DAYS_MAX, StatusChange,
};

/// What the OpenAPI document says of the Right to Challenge beyond its types.
#[cfg(feature = "openapi")]
pub(crate) fn schemas(schemas: &mut crate::schema::Schemas) {
    use serde_json::json;

    use crate::{
        nl::{EMAIL_MAX_LEN, amount_pattern, optional_kvk_pattern, optional_phone_pattern, postcode_pattern},
        rules::{NOT_BLANK_PATTERN, whitespace},
        schema::{date, email, exactly, filled, https_url, id, range, text, webhook_url},
    };

    schemas
        .object("ChallengeTask")
        .field("id", id())
        .field("label", filled(TASK_LABEL_MAX_LEN))
        .field("cost", text(TASK_COST_MAX_LEN));
    for name in ["ChallengeForm", "NewChallengeForm"] {
        schemas
            .object(name)
            .field("id", id())
            .field("municipality", filled(MUNICIPALITY_MAX_LEN))
            .field("tasks", json!({ "maxItems": TASKS_MAX }))
            .says("tasks", "Each task id appears once; at least one task unless free_text_task is true.")
            .field("decision_weeks", range(1, DECISION_WEEKS_MAX.into()))
            .field("privacy_url", https_url())
            .field("retention_days", range(RETENTION_DAYS_MIN.into(), RETENTION_DAYS_MAX.into()))
            .field("contact_email", email(EMAIL_MAX_LEN))
            .field("max_attachment_bytes", range(ATTACHMENT_BYTES_MIN, ATTACHMENT_BYTES_MAX))
            .field("max_attachments", range(0, ATTACHMENTS_MAX.into()))
            .field("applicant_types", json!({ "minItems": 1, "uniqueItems": true }))
            .field("lead_weeks", range(0, LEAD_WEEKS_MAX.into()))
            .field("questions", json!({ "uniqueItems": true }));
    }
    let token = json!({ "minLength": 1, "maxLength": WEBHOOK_TOKEN_MAX_LEN, "pattern": "^[!-~]+$" });
    schemas.object("NewChallengeForm").field("webhook_url", webhook_url()).field("webhook_token", token).whole(json!({
        "if": { "properties": { "free_text_task": { "const": false } }, "required": ["free_text_task"] },
        "then": { "properties": { "tasks": { "minItems": 1 } }, "required": ["tasks"] },
    }));

    // The application: every step is needed, and in each step what the step's check asks.
    let steps = ["initiative", "plan", "organisation", "support", "costs", "cooperation", "contact"];
    let mut submission = schemas.object("ChallengeSubmission");
    for step in steps {
        submission.no_default(step);
    }
    submission
        .required(&steps)
        .required(&["fill_seconds"])
        .field("website", json!({ "maxLength": 0 }))
        .describes("website", "A field people never see (hidden in the widget) and bots fill in: must stay empty.")
        .field("fill_seconds", crate::schema::any_u32())
        .field("fill_seconds", json!({ "minimum": MIN_FILL_SECONDS }))
        .describes("fill_seconds", "Seconds from opening the form to submitting it.")
        .no_default("fill_seconds");
    let blank = format!("^[{}]*$", whitespace!());
    schemas
        .object("Initiative")
        .required(&["title", "area"])
        .field("title", filled(TITLE_MAX_LEN))
        .field("task", json!({ "maxLength": crate::rules::ID_MAX_LEN, "pattern": "^$|^[a-z0-9][a-z0-9-]*$" }))
        .describes("task", "The id of a task of the form; empty when task_other describes one not in the list.")
        .field("task_other", text(SHORT_TEXT_MAX_LEN))
        .describes("task_other", "A task not in the list, for a form whose free_text_task is true.")
        .field("area", filled(SHORT_TEXT_MAX_LEN))
        .field("tie", text(LONG_TEXT_MAX_LEN))
        .describes("tie", "The group's tie with the neighbourhood; required where the form's neighbourhood_tie is true.")
        // A listed task or one described, not both.
        .whole(json!({ "anyOf": [
            { "properties": { "task": { "minLength": 1 }, "task_other": { "pattern": blank } }, "required": ["task"] },
            { "properties": { "task": { "maxLength": 0 }, "task_other": { "pattern": NOT_BLANK_PATTERN } }, "required": ["task_other"] },
        ] }));
    schemas
        .object("Plan")
        .required(&["what", "why_better", "social_value"])
        .field("what", filled(LONG_TEXT_MAX_LEN))
        .field("why_better", filled(LONG_TEXT_MAX_LEN))
        .field("social_value", filled(LONG_TEXT_MAX_LEN))
        .field("target_group", text(LONG_TEXT_MAX_LEN))
        .describes("target_group", "Required where the form's questions list target_group.")
        .describes("execution", "Required where the form's questions list execution.");
    schemas
        .object("Organisation")
        .required(&["name", "type", "experience"])
        .field("name", filled(SHORT_TEXT_MAX_LEN))
        .not_null("type")
        .field("type_other", text(SHORT_TEXT_MAX_LEN))
        .field("kvk", json!({ "pattern": optional_kvk_pattern() }))
        .describes("kvk", "The Chamber of Commerce number (8 digits), optional.")
        .field("experience", filled(LONG_TEXT_MAX_LEN))
        .field("address", text(SHORT_TEXT_MAX_LEN))
        .field("place", text(SHORT_TEXT_MAX_LEN))
        .field("postcode", json!({ "maxLength": crate::nl::POSTCODE_MAX_LEN }))
        .says("type", "One the form's applicant_types accept (anders only where the form accepts every type).")
        .says("address", "With postcode and place, required for every type but bewonersgroep (Awb 4:2).")
        .whole(json!({
            "if": { "properties": { "type": { "const": "anders" } }, "required": ["type"] },
            "then": { "properties": { "type_other": { "pattern": NOT_BLANK_PATTERN } }, "required": ["type_other"] },
        }));
    let attachment_id = json!({ "pattern": format!("^[0-9a-f]{{{ATTACHMENT_ID_LEN}}}$") });
    schemas
        .object("Support")
        .required(&["supporters", "how_shown"])
        .not_null("supporters")
        .field("supporters", range(1, SUPPORTERS_MAX.into()))
        .field("how_shown", filled(LONG_TEXT_MAX_LEN))
        .field("attachments", json!({ "maxItems": ATTACHMENTS_MAX, "uniqueItems": true }))
        .items("attachments", attachment_id.clone())
        .says("attachments", "At most the form's max_attachments, each uploaded to this form within the last day.");
    let amount = json!({ "maxLength": AMOUNT_MAX_LEN, "pattern": amount_pattern() });
    schemas
        .object("Costs")
        .field(
            "estimate",
            json!({ "maxLength": AMOUNT_MAX_LEN, "allOf": [{ "pattern": amount_pattern() }, { "pattern": "[1-9]" }] }),
        )
        .describes("estimate", "The cost estimate as typed, in Dutch notation (\"€ 12.500,50\"); more than zero.")
        .field("budget", amount)
        .describes("budget", "The budget requested from the municipality, as typed; at most the estimate.")
        .field("start_date", date())
        .describes(
            "start_date",
            &format!("Not before today (in the Netherlands), at most {START_YEARS_AHEAD_MAX} years ahead (by year)."),
        )
        .required(&["estimate", "budget", "start_date"])
        .field("term_months", range(1, TERM_MONTHS_MAX.into()))
        .describes(
            "term_months",
            "How many months the group will carry out the task; required where the form's questions list duration.",
        )
        .field("funding", text(LONG_TEXT_MAX_LEN))
        .describes("funding", "Own contribution and other funding; required where the form's questions list funding.");
    schemas
        .object("Cooperation")
        .required(&["support_needed", "quality", "continuity"])
        .field("support_needed", filled(LONG_TEXT_MAX_LEN))
        .field("quality", filled(LONG_TEXT_MAX_LEN))
        .field("continuity", filled(LONG_TEXT_MAX_LEN));
    schemas
        .object("Contact")
        .required(&["name", "email", "address", "postcode", "place", "authorised", "consent"])
        .field("name", filled(NAME_MAX_LEN))
        .field("address", filled(SHORT_TEXT_MAX_LEN))
        .field("place", filled(SHORT_TEXT_MAX_LEN))
        .field("authorised", exactly(json!(true)))
        .describes("authorised", "The applicant may apply on behalf of the group or organisation.")
        .field("email", email(EMAIL_MAX_LEN))
        .field("phone", json!({ "pattern": optional_phone_pattern() }))
        .field("postcode", json!({ "pattern": postcode_pattern() }))
        .describes("postcode", "1234 AB (the space and the case of the letters are free).")
        .field("consent", exactly(json!(true)))
        .describes("consent", "The applicant has read the privacy statement (the legal basis is the public task).");

    schemas
        .object("ChallengeReceipt")
        .field("reference", json!({ "pattern": "^UR-[0-9]{4}-[0-9]{4,}$" }))
        .field("form", id())
        .field("submitted_on", date())
        .field("decision_by", date());
    let types: Vec<&str> = ATTACHMENT_TYPES.to_vec();
    schemas.object("ChallengeAttachment").field("id", attachment_id).field("content_type", json!({ "enum": types }));
    schemas
        .object("StatusChange")
        .field("note", text(STATUS_NOTE_MAX_LEN))
        .field("term", date())
        .field("missing", text(MISSING_MAX_LEN))
        .whole(json!({ "allOf": [
            {
                "if": { "properties": { "status": { "const": "besluit_genomen" } } },
                "then": { "properties": { "outcome": { "$ref": "#/components/schemas/ChallengeOutcome" } }, "required": ["outcome"] },
                "else": { "properties": { "outcome": { "type": "null" } } },
            },
            {
                "if": { "properties": { "status": { "const": "aanvulling_gevraagd" } } },
                "then": { "properties": { "missing": { "pattern": NOT_BLANK_PATTERN } }, "required": ["term", "missing"] },
                "else": { "properties": { "term": { "type": "null" }, "missing": { "type": "null" } } },
            },
        ] }));
}

/// A form, a complete application and the date the tests of each part check them on.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;
    use crate::problem::{FieldError, FieldErrorCode};

    pub const TODAY: &str = "2026-11-30";

    pub fn form() -> ChallengeForm {
        NewChallengeForm {
            address: Default::default(),
            id: "uitdaagrecht".into(),
            municipality: "Gemeente Voorbeeld".into(),
            tasks: vec![ChallengeTask {
                id: "groenonderhoud".into(),
                label: "Groenonderhoud".into(),
                cost: "€ 40.000 per jaar".into(),
            }],
            free_text_task: true,
            decision_weeks: 8,
            privacy_url: "https://www.voorbeeld.nl/privacy".into(),
            retention_days: 730,
            contact_email: "uitdaagrecht@voorbeeld.nl".into(),
            max_attachment_bytes: 1024 * 1024,
            max_attachments: 2,
            webhook_url: None,
            webhook_token: None,
            applicant_types: ApplicantType::ALL.to_vec(),
            neighbourhood_tie: false,
            lead_weeks: 0,
            questions: vec![ChallengeQuestion::Duration],
            status_mail: false,
        }
        .public()
    }

    pub fn valid() -> ChallengeSubmission {
        serde_json::from_value(serde_json::json!({
            "initiative": {"title": "Groen in de Lindenbuurt", "task": "groenonderhoud", "area": "Lindenbuurt"},
            "plan": {"what": "Wij onderhouden het plantsoen.", "why_better": "Goedkoper.", "social_value": "Samen."},
            "organisation": {"name": "Buurtvereniging De Linde", "type": "vereniging", "kvk": "12345678",
                             "experience": "Tien jaar geveltuinen.", "address": "Lindenlaan 1",
                             "postcode": "1234 AB", "place": "Voorbeeld"},
            "support": {"supporters": 120, "how_shown": "Handtekeningen", "attachments": []},
            "costs": {"estimate": "€ 12.500,50", "budget": "10.000", "start_date": "2027-03-01", "term_months": 24},
            "cooperation": {"support_needed": "Gereedschap", "quality": "Schouw", "continuity": "Reservevrijwilligers"},
            "contact": {"name": "Fatima de Vries", "email": "fatima@example.nl", "phone": "06-12345678",
                        "address": "Lindenlaan 12", "postcode": "1234 ab", "place": "Voorbeeld",
                        "authorised": true, "consent": true},
            "website": "",
            "fill_seconds": 300
        }))
        .unwrap()
    }

    pub fn fields(result: Result<(), Vec<FieldError>>) -> Vec<(String, FieldErrorCode)> {
        result.err().unwrap_or_default().into_iter().map(|e| (e.name, e.code)).collect()
    }
}
