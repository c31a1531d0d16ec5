//! The quick scan lokale democratie: a questionnaire of themes and statements, a respondent's answers, their
//! scores per theme and the aggregate of all respondents, with the validation both the widget and the server apply.
//!
//! Scores are the mean of a respondent's answers on the 5-point agree scale (1 = helemaal oneens, 5 = helemaal
//! eens), "weet niet" left out; an aggregate is the mean of the respondents' theme scores.

mod answers;
mod drafts;
mod invitations;
mod progress_link;
mod questionnaire;
mod results;
mod setup;

pub use answers::{
    CUSTOM_TEXT_MAX_LEN, CustomAnswer, GRADE_MAX, GRADE_MIN, MIN_FILL_SECONDS, PRIORITIES_MAX, QuickscanAnswers,
    ThemeScore, round2,
};
pub use drafts::{DraftCode, OLD_RESUME_CODE_GROUPS, RESUME_CODE_GROUPS, SaveDraft, SavedDraft, normalise_resume_code};
pub use invitations::{
    INVITATION_CODE_GROUPS, INVITATION_HEADER, INVITATIONS_MAX, Invitations, NewInvitations, RoleTurnout, Turnout,
    invitation_pattern, normalise_invitation,
};
pub use progress_link::{AmbitionStatus, RoundAsProgress};
pub use questionnaire::{
    Agreement, CustomKind, CustomQuestion, MIN_GROUP_DEFAULT, Quickscan, Role, Round, RoundStatus, Statement, Text,
    Theme,
};
pub use results::{
    GroupChange, GroupScore, OpenAnswer, PriorityCount, QuickscanReport, QuickscanResults, ResponseReceipt, RoleSpread,
    RoundComparison, RoundReport, ThemeChange, ThemeReport, ThemeResult,
};
pub use setup::{
    CUSTOM_QUESTIONS_MAX, MIN_GROUP_RANGE, NewQuickscan, NewRound, STATEMENTS_MAX, TEXT_MAX_LEN, THEMES_MAX,
    TITLE_MAX_LEN,
};

/// What the OpenAPI document says of quick scans beyond their types.
#[cfg(feature = "openapi")]
pub(crate) fn schemas(schemas: &mut crate::schema::Schemas) {
    use serde_json::json;

    use crate::schema::{any_u32, date_time, filled, id, range, text};

    // A text of the questionnaire; titles are shorter than the other texts.
    schemas.object("Text").field("nl", filled(TEXT_MAX_LEN)).field("en", text(TEXT_MAX_LEN));
    let title = json!({ "properties": { "nl": { "maxLength": TITLE_MAX_LEN }, "en": { "maxLength": TITLE_MAX_LEN } } });
    let roles: Vec<&str> = Role::ALL.iter().map(|role| role.as_str()).collect();
    let min_group = range((*MIN_GROUP_RANGE.start()).into(), (*MIN_GROUP_RANGE.end()).into());
    let unique = "Every id of a scan (themes, statements and its own questions together) is used once.";

    schemas
        .object("Statement")
        .field("id", id())
        .field("roles", json!({ "uniqueItems": true, "maxItems": Role::ALL.len() }))
        .keys("by_role", json!({ "enum": roles }));
    schemas
        .object("Theme")
        .field("id", id())
        .field("subgoal", range(1, crate::progress::SUBGOALS.into()))
        .describes("subgoal", "The ambitie (subgoal, 1–7) of Democratie in Actie this theme measures, if any.")
        .field("title", title.clone())
        .field("subtitle", title.clone())
        .field("statements", json!({ "minItems": 1, "maxItems": STATEMENTS_MAX }));
    schemas.object("CustomQuestion").field("id", id());
    schemas
        .object("Round")
        .field("id", id())
        .field("name", filled(TITLE_MAX_LEN))
        .field("opened_at", date_time())
        .field("closed_at", date_time());
    schemas
        .object("NewRound")
        .field("id", id())
        .field("name", filled(TITLE_MAX_LEN))
        .field("themes", json!({ "minItems": 1, "maxItems": THEMES_MAX }))
        .note(unique);
    for name in ["Quickscan", "NewQuickscan"] {
        schemas
            .object(name)
            .field("id", id())
            .field("title", title.clone())
            .field("themes", json!({ "minItems": 1, "maxItems": THEMES_MAX }))
            .field("custom_questions", json!({ "maxItems": CUSTOM_QUESTIONS_MAX }))
            .field("min_group", min_group.clone())
            .field("invitation_roles", json!({ "uniqueItems": true, "maxItems": Role::ALL.len() }))
            .keys("role_min_group", json!({ "enum": roles }))
            .values("role_min_group", min_group.clone())
            .note(unique);
    }

    // Answers as a draft keeps them: anything may be missing.
    let grade = range(GRADE_MIN.into(), GRADE_MAX.into());
    schemas
        .object("QuickscanAnswers")
        .keys("statements", id())
        .says("statements", "Statement ids of the scan.")
        .keys("grades", id())
        .values("grades", grade.clone())
        .describes("grades", "Theme id → grade, for a scan whose grades is true.")
        .keys("custom", id())
        .describes(
            "custom",
            "Question id → answer to the municipality's own questions, scale or text as the question's kind.",
        )
        .keys("open_answers", id())
        .values("open_answers", json!({ "maxLength": CUSTOM_TEXT_MAX_LEN }))
        .describes(
            "open_answers",
            "Theme id → answer to that theme's open question; only themes of the scan that have an open question.",
        )
        .items("priorities", id())
        .field("priorities", json!({ "maxItems": PRIORITIES_MAX, "uniqueItems": true }))
        .describes(
            "priorities",
            "The themes that need work most, in the respondent's words: ids of the scan's themes, each once, and \
             only for a scan whose priorities is true.",
        )
        .describes("website", "A field people do not see and leave empty (a honeypot).")
        .field("fill_seconds", any_u32())
        .describes("fill_seconds", "Seconds from opening the scan to submitting it.");
    // One key, the kind of answer (serde's externally tagged enum takes no other).
    let custom = schemas.get("CustomAnswer");
    custom["oneOf"][1]["properties"]["text"]["maxLength"] = json!(CUSTOM_TEXT_MAX_LEN);
    for member in custom["oneOf"].as_array_mut().into_iter().flatten() {
        member["additionalProperties"] = json!(false);
    }
    // Answers as they are submitted: a role, one answer at least, and the checks against bots.
    schemas.add(
        "QuickscanSubmission",
        json!({
            "description": "A respondent's answers as submitted: the answers of a draft, with a role and at least one \
                answered statement; website must stay empty and fill_seconds be at least the time a person needs.",
            "allOf": [
                { "$ref": "#/components/schemas/QuickscanAnswers" },
                {
                    "type": "object",
                    "required": ["role", "statements", "fill_seconds"],
                    "properties": {
                        "role": { "$ref": "#/components/schemas/Role" },
                        "statements": {
                            "type": "object",
                            "minProperties": 1,
                            "additionalProperties": { "$ref": "#/components/schemas/Agreement" },
                        },
                        "website": { "type": "string", "maxLength": 0 },
                        "fill_seconds": { "type": "integer", "minimum": MIN_FILL_SECONDS },
                    },
                },
            ],
        }),
    );
    schemas
        .object("SaveDraft")
        .field("step", any_u32())
        .describes("step", "The step the respondent was on (0 is the role).");
    schemas.object("SavedDraft").field("step", any_u32());
    let resume_code = json!({ "pattern": crate::codes::pattern(RESUME_CODE_GROUPS) });
    schemas.object("DraftCode").field("code", resume_code).field("expires_at", date_time());
    schemas.object("SavedDraft").field("expires_at", date_time());

    schemas
        .object("ThemeScore")
        .field("theme", id())
        .field("score", json!({ "minimum": 1, "maximum": 5 }))
        .field("grade", grade);
    schemas.object("ThemeResult").field("theme", id());
    schemas
        .object("QuickscanResults")
        .field("scan", id())
        .field("round", id())
        .field("min_group", min_group)
        .field("themes", json!({ "maxItems": THEMES_MAX }));
    schemas.object("QuickscanReport").field("scan", id());
    schemas.object("ResponseReceipt").field("scan", id()).field("round", id());
    invitations::schemas(schemas);
    progress_link::schemas(schemas);
}

/// The schema of answers as submitted, for the OpenAPI document only: the request body of a response is
/// [`QuickscanAnswers`], which a draft shares, and a submission needs more of it (`schemas` above says what).
#[cfg(feature = "openapi")]
pub struct QuickscanSubmission;

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for QuickscanSubmission {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::AllOfBuilder::new()
            .item(utoipa::openapi::Ref::from_schema_name("QuickscanAnswers"))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for QuickscanSubmission {
    fn schemas(schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>) {
        schemas.push((String::from("QuickscanAnswers"), <QuickscanAnswers as utoipa::PartialSchema>::schema()));
        <QuickscanAnswers as utoipa::ToSchema>::schemas(schemas);
    }
}

/// A scan of two themes and two questions of its own, and answers to it, for the tests of each part.
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::map::SortedMap;

    use super::*;

    pub fn statement(id: &str) -> Statement {
        Statement { id: id.to_owned(), text: Text::nl(id), by_role: SortedMap::new(), roles: Vec::new() }
    }

    pub fn scan() -> Quickscan {
        Quickscan {
            address: Default::default(),
            id: "scan".to_owned(),
            title: Text::nl("Scan"),
            description: None,
            round: Round {
                id: "r1".to_owned(),
                name: "nulmeting".to_owned(),
                status: RoundStatus::Open,
                opened_at: "2026-01-01T00:00:00Z".to_owned(),
                closed_at: None,
            },
            themes: vec![
                Theme {
                    id: "raad".to_owned(),
                    subgoal: Some(1),
                    title: Text::nl("Raad"),
                    subtitle: None,
                    intro: None,
                    explanation: Text::nl("uitleg"),
                    statements: vec![statement("raad-1"), statement("raad-2"), statement("raad-3")],
                    open_question: Some(Text::nl("Wat kan beter?")),
                },
                Theme {
                    id: "inwoners".to_owned(),
                    subgoal: Some(3),
                    title: Text::nl("Inwoners"),
                    subtitle: None,
                    intro: None,
                    explanation: Text::nl("uitleg"),
                    statements: vec![statement("inw-1"), statement("inw-2")],
                    open_question: None,
                },
            ],
            custom_questions: vec![
                CustomQuestion { id: "eigen-1".to_owned(), text: Text::nl("Schaal?"), kind: CustomKind::Scale },
                CustomQuestion { id: "eigen-2".to_owned(), text: Text::nl("Open?"), kind: CustomKind::Text },
            ],
            grades: true,
            priorities: true,
            min_group: 5,
            invitation_roles: Vec::new(),
            role_min_group: SortedMap::new(),
        }
    }

    pub fn answers(pairs: &[(&str, Agreement)]) -> QuickscanAnswers {
        QuickscanAnswers {
            role: Some(Role::Inwoner),
            statements: pairs.iter().map(|(id, a)| (id.to_string(), *a)).collect(),
            fill_seconds: 60,
            ..Default::default()
        }
    }
}
