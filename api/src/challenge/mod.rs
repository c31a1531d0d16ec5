//! The Right to Challenge (Uitdaagrecht): a municipality's intake form, a residents' group's application in seven
//! steps, and the one set of rules the widget checks on "next" and the server checks again on submit.

mod application;
mod form;
mod steps;
mod workflow;

pub use application::{
    AMOUNT_MAX_LEN, ATTACHMENT_ID_LEN, ChallengeAttachment, ChallengeReceipt, ChallengeSubmission, Contact,
    Cooperation, Costs, Initiative, LONG_TEXT_MAX_LEN, MIN_FILL_SECONDS, NAME_MAX_LEN, Organisation, OrganisationType,
    Plan, SHORT_TEXT_MAX_LEN, START_YEARS_AHEAD_MAX, SUPPORTERS_MAX, Support, TERM_MONTHS_MAX, TITLE_MAX_LEN,
    is_attachment_id,
};
pub use form::{
    ATTACHMENT_BYTES_MAX, ATTACHMENTS_MAX, ChallengeForm, ChallengeTask, DECISION_WEEKS_MAX, MUNICIPALITY_MAX_LEN,
    NewChallengeForm, RETENTION_DAYS_MAX, RETENTION_DAYS_MIN, TASK_LABEL_MAX_LEN, TASKS_MAX,
};
pub use steps::ChallengeStep;
pub use workflow::{ChallengeOutcome, ChallengeStatus, STATUS_NOTE_MAX_LEN, StatusChange};

/// A form, a complete application and the date the tests of each part check them on.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;
    use crate::problem::{FieldError, FieldErrorCode};

    pub const TODAY: &str = "2026-11-30";

    pub fn form() -> ChallengeForm {
        NewChallengeForm {
            id: "uitdaagrecht".into(),
            municipality: "Gemeente Voorbeeld".into(),
            tasks: vec![ChallengeTask { id: "groenonderhoud".into(), label: "Groenonderhoud".into() }],
            free_text_task: true,
            decision_weeks: 8,
            privacy_url: "https://www.voorbeeld.nl/privacy".into(),
            retention_days: 730,
            contact_email: "uitdaagrecht@voorbeeld.nl".into(),
            max_attachment_bytes: 1024 * 1024,
            max_attachments: 2,
            webhook_url: None,
            webhook_token: None,
        }
        .public()
    }

    pub fn valid() -> ChallengeSubmission {
        serde_json::from_value(serde_json::json!({
            "initiative": {"title": "Groen in de Lindenbuurt", "task": "groenonderhoud", "area": "Lindenbuurt"},
            "plan": {"what": "Wij onderhouden het plantsoen.", "why_better": "Goedkoper.", "social_value": "Samen."},
            "organisation": {"name": "Buurtvereniging De Linde", "type": "vereniging", "kvk": "12345678",
                             "experience": "Tien jaar geveltuinen."},
            "support": {"supporters": 120, "how_shown": "Handtekeningen", "attachments": []},
            "costs": {"estimate": "€ 12.500,50", "budget": "10.000", "start_date": "2027-03-01", "term_months": 24},
            "cooperation": {"support_needed": "Gereedschap", "quality": "Schouw", "continuity": "Reservevrijwilligers"},
            "contact": {"name": "Fatima de Vries", "email": "fatima@example.nl", "phone": "06-12345678",
                        "postcode": "1234 ab", "consent": true},
            "website": "",
            "fill_seconds": 300
        }))
        .unwrap()
    }

    pub fn fields(result: Result<(), Vec<FieldError>>) -> Vec<(String, FieldErrorCode)> {
        result.err().unwrap_or_default().into_iter().map(|e| (e.name, e.code)).collect()
    }
}
