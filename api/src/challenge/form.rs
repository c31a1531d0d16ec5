//! A municipality's intake form: what the widget reads (the tasks open to challenge, the decision term, privacy
//! statement, limits) and what the back office sets up, with where new applications are delivered.

use serde::{Deserialize, Serialize};

use crate::{
    nl::{Address, valid_email},
    problem::{FieldError, FieldErrorCode},
    rules::{ID_MAX_LEN, check_id, check_text, is_https_url, is_valid_id, is_webhook_url},
};

pub const MUNICIPALITY_MAX_LEN: usize = 120;
pub const TASK_LABEL_MAX_LEN: usize = 200;
pub const TASKS_MAX: usize = 30;
pub const DECISION_WEEKS_MAX: u32 = 52;
/// Personal data is kept at least a month (time to decide) and at most ten years.
pub const RETENTION_DAYS_MIN: u32 = 30;
pub const RETENTION_DAYS_MAX: u32 = 3650;
/// The largest attachment a form may allow; the server reads uploads into memory.
pub const ATTACHMENT_BYTES_MAX: u64 = 20 * 1024 * 1024;
/// The smallest attachment limit a form may set.
pub const ATTACHMENT_BYTES_MIN: u64 = 1024;
/// The longest webhook token.
pub const WEBHOOK_TOKEN_MAX_LEN: usize = 500;
pub const ATTACHMENTS_MAX: u32 = 10;
/// The longest minimum lead time a form may ask between submission and start, in weeks (two years).
pub const LEAD_WEEKS_MAX: u32 = 104;
/// The longest description of what a task costs now or how large it is.
pub const TASK_COST_MAX_LEN: usize = 200;

/// Who may apply under a municipality's verordening.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApplicantType {
    /// A residents' group without legal form.
    Bewonersgroep,
    /// A vereniging, stichting or coöperatie.
    Rechtspersoon,
    /// A local business.
    Ondernemer,
    /// A social organisation.
    MaatschappelijkeOrganisatie,
}

crate::rules::names!(ApplicantType {
    Bewonersgroep => "bewonersgroep",
    Rechtspersoon => "rechtspersoon",
    Ondernemer => "ondernemer",
    MaatschappelijkeOrganisatie => "maatschappelijke_organisatie",
});

/// The questions a verordening may ask besides the ones every form asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChallengeQuestion {
    /// `plan.target_group`: the target group and how many people the plan reaches.
    TargetGroup,
    /// `costs.funding`: the group's own contribution and other funding.
    Funding,
    /// `costs.term_months`: how long the group carries out the task.
    Duration,
    /// `plan.execution`: the group does the task itself, or has it done.
    Execution,
}

crate::rules::names!(ChallengeQuestion {
    TargetGroup => "target_group",
    Funding => "funding",
    Duration => "duration",
    Execution => "execution",
});

/// A task of the municipality that residents may offer to take over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChallengeTask {
    pub id: String,
    pub label: String,
    /// What the task costs the municipality now, or how large it is ("€ 40.000 per jaar, 3 hectare"), so a group
    /// can compare; empty when the municipality does not publish it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cost: String,
}

/// A municipality's intake form as the widget reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChallengeForm {
    pub id: String,
    /// The name to show, e.g. "Gemeente Voorbeeld".
    pub municipality: String,
    /// The tasks open to challenge, in the order to show them.
    pub tasks: Vec<ChallengeTask>,
    /// Whether a group may describe a task that is not in the list.
    pub free_text_task: bool,
    /// The municipality decides within this many weeks of receiving the application.
    pub decision_weeks: u32,
    /// The privacy statement (https) that the consent links to.
    pub privacy_url: String,
    /// The application is deleted this many days after it was received.
    pub retention_days: u32,
    /// Where residents can ask questions about the Right to Challenge.
    pub contact_email: String,
    /// The largest attachment accepted, in bytes.
    pub max_attachment_bytes: u64,
    /// How many attachments one application may have; 0 turns uploads off.
    pub max_attachments: u32,
    /// Who may apply (each at most once); a form stored before these rules existed allows everyone.
    #[serde(default = "every_applicant")]
    pub applicant_types: Vec<ApplicantType>,
    /// Whether the group must describe its tie with the village or neighbourhood (`initiative.tie`).
    #[serde(default)]
    pub neighbourhood_tie: bool,
    /// The start must be at least this many weeks after the day of submission; 0 for no minimum.
    #[serde(default)]
    pub lead_weeks: u32,
    /// The optional questions this form asks; a form stored before these rules existed asks the duration only.
    #[serde(default = "duration_only")]
    pub questions: Vec<ChallengeQuestion>,
    /// Whether the applicant gets an e-mail when the application's status changes (besides the acknowledgement).
    #[serde(default)]
    pub status_mail: bool,
    /// How the Dutch texts address the applicant unless the element says otherwise; `je` when left out.
    #[serde(default, skip_serializing_if = "Address::is_je")]
    pub address: Address,
}

impl ChallengeForm {
    /// Whether this form asks `question`.
    pub fn asks(&self, question: ChallengeQuestion) -> bool {
        self.questions.contains(&question)
    }

    /// Whether this form accepts applications from `kind`.
    pub fn accepts(&self, kind: ApplicantType) -> bool {
        self.applicant_types.contains(&kind)
    }
}

/// A form as the back office creates or replaces it: the public form plus where new applications are delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewChallengeForm {
    pub id: String,
    pub municipality: String,
    #[serde(default)]
    pub tasks: Vec<ChallengeTask>,
    #[serde(default = "yes")]
    pub free_text_task: bool,
    #[serde(default = "eight")]
    pub decision_weeks: u32,
    pub privacy_url: String,
    #[serde(default = "two_years")]
    pub retention_days: u32,
    pub contact_email: String,
    #[serde(default = "five_mebibytes")]
    pub max_attachment_bytes: u64,
    #[serde(default = "five")]
    pub max_attachments: u32,
    #[serde(default = "every_applicant")]
    pub applicant_types: Vec<ApplicantType>,
    #[serde(default)]
    pub neighbourhood_tie: bool,
    #[serde(default)]
    pub lead_weeks: u32,
    #[serde(default = "duration_only")]
    pub questions: Vec<ChallengeQuestion>,
    #[serde(default)]
    pub status_mail: bool,
    /// `je` (the default) or `u`.
    #[serde(default)]
    pub address: Address,
    /// Each new application is POSTed here as JSON until it answers 2xx (https, or http on loopback for tests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
    /// Sent to the webhook as `Authorization: Bearer <token>`; never shown by the API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_token: Option<String>,
}

fn yes() -> bool {
    true
}
fn eight() -> u32 {
    8
}
fn two_years() -> u32 {
    730
}
fn five_mebibytes() -> u64 {
    5 * 1024 * 1024
}
fn five() -> u32 {
    5
}
/// The applicant types of a form that names none: every one (serde's default, and the widget's reader's).
pub fn every_applicant() -> Vec<ApplicantType> {
    ApplicantType::ALL.to_vec()
}
/// The questions of a form that names none: only the duration (serde's default, and the widget's reader's).
pub fn duration_only() -> Vec<ChallengeQuestion> {
    vec![ChallengeQuestion::Duration]
}

impl NewChallengeForm {
    /// The form as residents see it (without the webhook).
    pub fn public(&self) -> ChallengeForm {
        ChallengeForm {
            id: self.id.clone(),
            municipality: self.municipality.trim().to_owned(),
            tasks: self.tasks.clone(),
            free_text_task: self.free_text_task,
            decision_weeks: self.decision_weeks,
            privacy_url: self.privacy_url.clone(),
            retention_days: self.retention_days,
            contact_email: self.contact_email.trim().to_owned(),
            max_attachment_bytes: self.max_attachment_bytes,
            max_attachments: self.max_attachments,
            applicant_types: self.applicant_types.clone(),
            neighbourhood_tie: self.neighbourhood_tie,
            lead_weeks: self.lead_weeks,
            questions: self.questions.clone(),
            status_mail: self.status_mail,
            address: self.address,
        }
    }

    /// Every reason this form cannot be stored, each tied to its field.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_id(&mut errors, "id", &self.id);
        check_text(&mut errors, "municipality", &self.municipality, MUNICIPALITY_MAX_LEN, true);
        if self.tasks.is_empty() && !self.free_text_task {
            errors.push(FieldError::new("tasks", FieldErrorCode::TooFew, "list at least one task, or allow free text"));
        } else if self.tasks.len() > TASKS_MAX {
            errors.push(FieldError::new(
                "tasks",
                FieldErrorCode::TooMany,
                crate::problem::reason!("at most {TASKS_MAX} tasks"),
            ));
        }
        for (index, task) in self.tasks.iter().enumerate() {
            let id_field = crate::text::cat(&["tasks[", &crate::text::num(index as u64), "].id"]);
            if !is_valid_id(&task.id, ID_MAX_LEN) {
                errors.push(FieldError::new(id_field, FieldErrorCode::Format, "task id must be a-z, 0-9 and '-'"));
            } else if self.tasks[..index].iter().any(|earlier| earlier.id == task.id) {
                errors.push(FieldError::new(id_field, FieldErrorCode::Duplicate, "task id used twice"));
            }
            check_text(
                &mut errors,
                &crate::text::cat(&["tasks[", &crate::text::num(index as u64), "].label"]),
                &task.label,
                TASK_LABEL_MAX_LEN,
                true,
            );
            check_text(
                &mut errors,
                &crate::text::cat(&["tasks[", &crate::text::num(index as u64), "].cost"]),
                &task.cost,
                TASK_COST_MAX_LEN,
                false,
            );
        }
        if self.applicant_types.is_empty() {
            errors.push(FieldError::new(
                "applicant_types",
                FieldErrorCode::TooFew,
                "allow at least one applicant type",
            ));
        }
        for (index, kind) in self.applicant_types.iter().enumerate() {
            if self.applicant_types[..index].contains(kind) {
                errors.push(FieldError::new(
                    crate::text::cat(&["applicant_types[", &crate::text::num(index as u64), "]"]),
                    FieldErrorCode::Duplicate,
                    "listed twice",
                ));
            }
        }
        if self.lead_weeks > LEAD_WEEKS_MAX {
            errors.push(FieldError::new(
                "lead_weeks",
                FieldErrorCode::OutOfRange,
                crate::problem::reason!("lead_weeks must be 0 to {LEAD_WEEKS_MAX}"),
            ));
        }
        for (index, question) in self.questions.iter().enumerate() {
            if self.questions[..index].contains(question) {
                errors.push(FieldError::new(
                    crate::text::cat(&["questions[", &crate::text::num(index as u64), "]"]),
                    FieldErrorCode::Duplicate,
                    "listed twice",
                ));
            }
        }
        if !(1..=DECISION_WEEKS_MAX).contains(&self.decision_weeks) {
            errors.push(FieldError::new(
                "decision_weeks",
                FieldErrorCode::OutOfRange,
                crate::problem::reason!("decision_weeks must be 1 to {DECISION_WEEKS_MAX}"),
            ));
        }
        if !is_https_url(&self.privacy_url) {
            errors.push(FieldError::new("privacy_url", FieldErrorCode::Format, "privacy_url must be an https URL"));
        }
        if !(RETENTION_DAYS_MIN..=RETENTION_DAYS_MAX).contains(&self.retention_days) {
            errors.push(FieldError::new(
                "retention_days",
                FieldErrorCode::OutOfRange,
                crate::problem::reason!("retention_days must be {RETENTION_DAYS_MIN} to {RETENTION_DAYS_MAX}"),
            ));
        }
        if !valid_email(&self.contact_email) {
            errors.push(FieldError::new(
                "contact_email",
                FieldErrorCode::Format,
                "contact_email must be an e-mail address",
            ));
        }
        if !(ATTACHMENT_BYTES_MIN..=ATTACHMENT_BYTES_MAX).contains(&self.max_attachment_bytes) {
            errors.push(FieldError::new(
                "max_attachment_bytes",
                FieldErrorCode::OutOfRange,
                crate::problem::reason!(
                    "max_attachment_bytes must be {ATTACHMENT_BYTES_MIN} to {ATTACHMENT_BYTES_MAX}"
                ),
            ));
        }
        if self.max_attachments > ATTACHMENTS_MAX {
            errors.push(FieldError::new(
                "max_attachments",
                FieldErrorCode::OutOfRange,
                crate::problem::reason!("max_attachments must be 0 to {ATTACHMENTS_MAX}"),
            ));
        }
        if let Some(url) = &self.webhook_url
            && !is_webhook_url(url)
        {
            errors.push(FieldError::new(
                "webhook_url",
                FieldErrorCode::Format,
                "webhook_url must be an https URL (http only to localhost or 127.0.0.1)",
            ));
        }
        if let Some(token) = &self.webhook_token
            && (token.is_empty() || token.len() > WEBHOOK_TOKEN_MAX_LEN || !token.bytes().all(|b| b.is_ascii_graphic()))
        {
            errors.push(FieldError::new(
                "webhook_token",
                FieldErrorCode::Format,
                crate::problem::reason!("webhook_token must be 1 to {WEBHOOK_TOKEN_MAX_LEN} visible ASCII characters"),
            ));
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_form_lists_every_invalid_field() {
        let new: NewChallengeForm = serde_json::from_value(serde_json::json!({
            "id": "Uitdaag Recht", "municipality": " ", "tasks": [{"id": "a", "label": "A"}, {"id": "a", "label": ""}],
            "privacy_url": "http://www.voorbeeld.nl/privacy", "contact_email": "geen", "decision_weeks": 0,
            "retention_days": 1, "max_attachment_bytes": 1, "max_attachments": 11,
            "webhook_url": "http://zaaksysteem.voorbeeld.nl/hook", "webhook_token": ""
        }))
        .unwrap();
        let names: Vec<String> = new.validate().unwrap_err().into_iter().map(|e| e.name).collect();
        assert_eq!(
            names,
            [
                "id",
                "municipality",
                "tasks[1].id",
                "tasks[1].label",
                "decision_weeks",
                "privacy_url",
                "retention_days",
                "contact_email",
                "max_attachment_bytes",
                "max_attachments",
                "webhook_url",
                "webhook_token"
            ]
        );
        let defaults: NewChallengeForm = serde_json::from_value(serde_json::json!({
            "id": "u", "municipality": "Gemeente", "privacy_url": "https://x.nl/p", "contact_email": "a@x.nl",
            "webhook_url": "http://127.0.0.1:9999/hook"
        }))
        .unwrap();
        assert_eq!(defaults.validate(), Ok(()));
        assert_eq!((defaults.decision_weeks, defaults.retention_days, defaults.free_text_task), (8, 730, true));
        let no_tasks = NewChallengeForm { free_text_task: false, ..defaults.clone() };
        assert_eq!(no_tasks.validate().unwrap_err()[0].name, "tasks");
        let rules = NewChallengeForm {
            applicant_types: vec![ApplicantType::Ondernemer, ApplicantType::Ondernemer],
            lead_weeks: LEAD_WEEKS_MAX + 1,
            questions: vec![ChallengeQuestion::Funding, ChallengeQuestion::Funding],
            tasks: vec![ChallengeTask { id: "a".into(), label: "A".into(), cost: "x".repeat(TASK_COST_MAX_LEN + 1) }],
            ..defaults.clone()
        };
        let names: Vec<String> = rules.validate().unwrap_err().into_iter().map(|e| e.name).collect();
        assert_eq!(names, ["tasks[0].cost", "applicant_types[1]", "lead_weeks", "questions[1]"]);
        let nobody = NewChallengeForm { applicant_types: vec![], ..defaults };
        assert_eq!(nobody.validate().unwrap_err()[0].name, "applicant_types");
    }
}
