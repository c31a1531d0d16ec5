//! The Right to Challenge (Uitdaagrecht): a municipality's intake form, a residents' group's application in seven
//! steps, and the one set of rules the widget checks on "next" and the server checks again on submit.

use serde::{Deserialize, Serialize};

use crate::poll::{ID_MAX_LEN, is_valid_id};
use crate::problem::{FieldError, FieldErrorCode};
use crate::progress::is_calendar_date;

pub const MUNICIPALITY_MAX_LEN: usize = 120;
pub const TASK_LABEL_MAX_LEN: usize = 200;
pub const TASKS_MAX: usize = 30;
pub const URL_MAX_LEN: usize = 500;
pub const DECISION_WEEKS_MAX: u32 = 52;
/// Personal data is kept at least a month (time to decide) and at most ten years.
pub const RETENTION_DAYS_MIN: u32 = 30;
pub const RETENTION_DAYS_MAX: u32 = 3650;
/// The largest attachment a form may allow; the server reads uploads into memory.
pub const ATTACHMENT_BYTES_MAX: u64 = 20 * 1024 * 1024;
pub const ATTACHMENTS_MAX: u32 = 10;

pub const TITLE_MAX_LEN: usize = 120;
pub const SHORT_TEXT_MAX_LEN: usize = 200;
/// The free-text answers (plan, experience, guarantees…): room for a page, not a book.
pub const LONG_TEXT_MAX_LEN: usize = 5000;
pub const NAME_MAX_LEN: usize = 120;
pub const EMAIL_MAX_LEN: usize = 254;
pub const PHONE_MAX_LEN: usize = 32;
pub const POSTCODE_MAX_LEN: usize = 16;
pub const AMOUNT_MAX_LEN: usize = 32;
pub const SUPPORTERS_MAX: u32 = 1_000_000;
pub const TERM_MONTHS_MAX: u32 = 120;
/// A start date at most this many years ahead.
pub const START_YEARS_AHEAD_MAX: u32 = 10;
/// Amounts up to 100 million euros: more is a typing error, not a neighbourhood plan.
pub const AMOUNT_CENTS_MAX: u64 = 100_000_000 * 100;
/// People need longer than this to fill in seven steps; scripts do not.
pub const MIN_FILL_SECONDS: u32 = 10;
/// The length of an attachment id as the server hands it out (hex).
pub const ATTACHMENT_ID_LEN: usize = 32;
pub const STATUS_NOTE_MAX_LEN: usize = 2000;

/// A task of the municipality that residents may offer to take over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChallengeTask {
    pub id: String,
    pub label: String,
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
        }
    }

    /// Every reason this form cannot be stored, each tied to its field.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if !is_valid_id(&self.id, ID_MAX_LEN) {
            errors.push(FieldError::new(
                "id",
                FieldErrorCode::Format,
                format!("id must be 1 to {ID_MAX_LEN} of a-z, 0-9 and '-', not starting with '-'"),
            ));
        }
        text(&mut errors, "municipality", &self.municipality, MUNICIPALITY_MAX_LEN, true);
        if self.tasks.is_empty() && !self.free_text_task {
            errors.push(FieldError::new("tasks", FieldErrorCode::TooFew, "list at least one task, or allow free text"));
        } else if self.tasks.len() > TASKS_MAX {
            errors.push(FieldError::new("tasks", FieldErrorCode::TooMany, format!("at most {TASKS_MAX} tasks")));
        }
        for (index, task) in self.tasks.iter().enumerate() {
            let id_field = format!("tasks[{index}].id");
            if !is_valid_id(&task.id, ID_MAX_LEN) {
                errors.push(FieldError::new(id_field, FieldErrorCode::Format, "task id must be a-z, 0-9 and '-'"));
            } else if self.tasks[..index].iter().any(|earlier| earlier.id == task.id) {
                errors.push(FieldError::new(id_field, FieldErrorCode::Duplicate, "task id used twice"));
            }
            text(&mut errors, &format!("tasks[{index}].label"), &task.label, TASK_LABEL_MAX_LEN, true);
        }
        if !(1..=DECISION_WEEKS_MAX).contains(&self.decision_weeks) {
            errors.push(FieldError::new(
                "decision_weeks",
                FieldErrorCode::OutOfRange,
                format!("decision_weeks must be 1 to {DECISION_WEEKS_MAX}"),
            ));
        }
        if !is_https_url(&self.privacy_url) {
            errors.push(FieldError::new("privacy_url", FieldErrorCode::Format, "privacy_url must be an https URL"));
        }
        if !(RETENTION_DAYS_MIN..=RETENTION_DAYS_MAX).contains(&self.retention_days) {
            errors.push(FieldError::new(
                "retention_days",
                FieldErrorCode::OutOfRange,
                format!("retention_days must be {RETENTION_DAYS_MIN} to {RETENTION_DAYS_MAX}"),
            ));
        }
        if !valid_email(&self.contact_email) {
            errors.push(FieldError::new(
                "contact_email",
                FieldErrorCode::Format,
                "contact_email must be an e-mail address",
            ));
        }
        if !(1024..=ATTACHMENT_BYTES_MAX).contains(&self.max_attachment_bytes) {
            errors.push(FieldError::new(
                "max_attachment_bytes",
                FieldErrorCode::OutOfRange,
                format!("max_attachment_bytes must be 1024 to {ATTACHMENT_BYTES_MAX}"),
            ));
        }
        if self.max_attachments > ATTACHMENTS_MAX {
            errors.push(FieldError::new(
                "max_attachments",
                FieldErrorCode::OutOfRange,
                format!("max_attachments must be 0 to {ATTACHMENTS_MAX}"),
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
            && (token.is_empty() || token.len() > 500 || !token.bytes().all(|b| b.is_ascii_graphic()))
        {
            errors.push(FieldError::new(
                "webhook_token",
                FieldErrorCode::Format,
                "webhook_token must be 1 to 500 visible ASCII characters",
            ));
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

fn is_https_url(url: &str) -> bool {
    url.len() <= URL_MAX_LEN
        && url.strip_prefix("https://").is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn is_webhook_url(url: &str) -> bool {
    if is_https_url(url) {
        return true;
    }
    let Some(rest) = url.strip_prefix("http://") else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once(':').map_or(host, |(host, _port)| host);
    matches!(host, "localhost" | "127.0.0.1" | "[::1]") && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The steps of the application, in order; each answers to its own object in [`ChallengeSubmission`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChallengeStep {
    /// Het initiatief
    Initiative,
    /// Het plan
    Plan,
    /// Wie zijn jullie
    Organisation,
    /// Draagvlak
    Support,
    /// Kosten en planning
    Costs,
    /// Samenwerking
    Cooperation,
    /// Contact en toestemming
    Contact,
}

impl ChallengeStep {
    pub const ALL: [ChallengeStep; 7] = [
        ChallengeStep::Initiative,
        ChallengeStep::Plan,
        ChallengeStep::Organisation,
        ChallengeStep::Support,
        ChallengeStep::Costs,
        ChallengeStep::Cooperation,
        ChallengeStep::Contact,
    ];

    /// The step's key in the body, and the first part of its fields' names (`contact.postcode`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChallengeStep::Initiative => "initiative",
            ChallengeStep::Plan => "plan",
            ChallengeStep::Organisation => "organisation",
            ChallengeStep::Support => "support",
            ChallengeStep::Costs => "costs",
            ChallengeStep::Cooperation => "cooperation",
            ChallengeStep::Contact => "contact",
        }
    }

    /// The step a field name (as in [`FieldError::name`]) belongs to; None for the anti-abuse fields.
    pub fn of_field(name: &str) -> Option<ChallengeStep> {
        let first = name.split(['.', '[']).next()?;
        Self::ALL.into_iter().find(|step| step.as_str() == first)
    }
}

/// What kind of group the initiative is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrganisationType {
    Vereniging,
    Stichting,
    /// coöperatie
    Cooperatie,
    /// bewonersgroep zonder rechtsvorm
    Bewonersgroep,
    /// anders: say what in `type_other`
    Anders,
}

impl OrganisationType {
    pub const ALL: [OrganisationType; 5] = [
        OrganisationType::Vereniging,
        OrganisationType::Stichting,
        OrganisationType::Cooperatie,
        OrganisationType::Bewonersgroep,
        OrganisationType::Anders,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrganisationType::Vereniging => "vereniging",
            OrganisationType::Stichting => "stichting",
            OrganisationType::Cooperatie => "cooperatie",
            OrganisationType::Bewonersgroep => "bewonersgroep",
            OrganisationType::Anders => "anders",
        }
    }
}

/// Step 1, het initiatief.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Initiative {
    pub title: String,
    /// The id of a task of the form; empty when `task_other` describes one not in the list.
    pub task: String,
    /// A task not in the list, where the form allows free text.
    pub task_other: String,
    /// The area or neighbourhood.
    pub area: String,
}

/// Step 2, het plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Plan {
    /// What the group will do.
    pub what: String,
    /// Why that is better or cheaper than the municipality doing it.
    pub why_better: String,
    /// The social value for the neighbourhood.
    pub social_value: String,
}

/// Step 3, wie zijn jullie.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Organisation {
    /// The initiative's name, e.g. "Buurtvereniging De Linde".
    pub name: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<OrganisationType>,
    /// What kind of group, when `type` is `anders`.
    pub type_other: String,
    /// The Chamber of Commerce number (8 digits), optional.
    pub kvk: String,
    /// Relevant knowledge and experience.
    pub experience: String,
}

/// Step 4, draagvlak.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Support {
    /// How many people support the plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supporters: Option<u32>,
    /// How the support is shown (a petition, a meeting, letters…).
    pub how_shown: String,
    /// Ids of attachments uploaded to this form beforehand.
    pub attachments: Vec<String>,
}

/// Step 5, kosten en planning.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Costs {
    /// The cost estimate as the resident typed it, in Dutch notation ("€ 12.500,50"); see [`parse_euro_cents`].
    pub estimate: String,
    /// The budget requested from the municipality, as typed; at most the estimate.
    pub budget: String,
    /// YYYY-MM-DD, not in the past.
    pub start_date: String,
    /// How many months the group will carry out the task.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term_months: Option<u32>,
}

/// Step 6, samenwerking.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Cooperation {
    /// The support wanted from the municipality.
    pub support_needed: String,
    /// How the group guarantees quality.
    pub quality: String,
    /// How the group guarantees continuity.
    pub continuity: String,
}

/// Step 7, contact en toestemming.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Contact {
    pub name: String,
    pub email: String,
    /// Optional; a Dutch number (06-12345678, +31 6 12345678, 020-1234567).
    pub phone: String,
    /// 1234 AB
    pub postcode: String,
    /// Consent to processing as the privacy statement describes; must be true.
    pub consent: bool,
}

/// A residents' group's application. Every field has a default, so a half-filled draft is a valid body and a
/// submission missing fields gets every one of them named in the 422.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ChallengeSubmission {
    pub initiative: Initiative,
    pub plan: Plan,
    pub organisation: Organisation,
    pub support: Support,
    pub costs: Costs,
    pub cooperation: Cooperation,
    pub contact: Contact,
    /// A field people never see (hidden in the widget) and bots fill in: must stay empty.
    pub website: String,
    /// Seconds from opening the form to submitting it; below [`MIN_FILL_SECONDS`] it is refused.
    pub fill_seconds: u32,
}

impl ChallengeSubmission {
    /// Every reason the fields of `step` are not acceptable yet. `today` is YYYY-MM-DD (the widget's local date,
    /// the server's date in the Netherlands), for the start date.
    pub fn validate_step(&self, step: ChallengeStep, form: &ChallengeForm, today: &str) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let e = &mut errors;
        match step {
            ChallengeStep::Initiative => {
                let i = &self.initiative;
                text(e, "initiative.title", &i.title, TITLE_MAX_LEN, true);
                let has_other = !i.task_other.trim().is_empty();
                if !i.task.is_empty() {
                    if !form.tasks.iter().any(|task| task.id == i.task) {
                        e.push(FieldError::new("initiative.task", FieldErrorCode::Unknown, "not a task of this form"));
                    }
                    if has_other {
                        e.push(FieldError::new(
                            "initiative.task_other",
                            FieldErrorCode::OutOfRange,
                            "choose a listed task or describe another, not both",
                        ));
                    }
                } else if !has_other {
                    e.push(FieldError::new("initiative.task", FieldErrorCode::Required, "choose the task challenged"));
                } else if !form.free_text_task {
                    e.push(FieldError::new(
                        "initiative.task_other",
                        FieldErrorCode::OutOfRange,
                        "this form accepts only the listed tasks",
                    ));
                } else {
                    text(e, "initiative.task_other", &i.task_other, SHORT_TEXT_MAX_LEN, true);
                }
                text(e, "initiative.area", &i.area, SHORT_TEXT_MAX_LEN, true);
            }
            ChallengeStep::Plan => {
                text(e, "plan.what", &self.plan.what, LONG_TEXT_MAX_LEN, true);
                text(e, "plan.why_better", &self.plan.why_better, LONG_TEXT_MAX_LEN, true);
                text(e, "plan.social_value", &self.plan.social_value, LONG_TEXT_MAX_LEN, true);
            }
            ChallengeStep::Organisation => {
                let o = &self.organisation;
                text(e, "organisation.name", &o.name, SHORT_TEXT_MAX_LEN, true);
                match o.kind {
                    None => e.push(FieldError::new(
                        "organisation.type",
                        FieldErrorCode::Required,
                        "choose the type of initiative",
                    )),
                    Some(OrganisationType::Anders) => {
                        text(e, "organisation.type_other", &o.type_other, SHORT_TEXT_MAX_LEN, true)
                    }
                    Some(_) => {}
                }
                if !o.kvk.trim().is_empty() && !valid_kvk(&o.kvk) {
                    e.push(FieldError::new("organisation.kvk", FieldErrorCode::Format, "a KvK number is 8 digits"));
                }
                text(e, "organisation.experience", &o.experience, LONG_TEXT_MAX_LEN, true);
            }
            ChallengeStep::Support => {
                let s = &self.support;
                match s.supporters {
                    None => e.push(FieldError::new(
                        "support.supporters",
                        FieldErrorCode::Required,
                        "say how many people support the plan",
                    )),
                    Some(n) if !(1..=SUPPORTERS_MAX).contains(&n) => e.push(FieldError::new(
                        "support.supporters",
                        FieldErrorCode::OutOfRange,
                        format!("supporters must be 1 to {SUPPORTERS_MAX}"),
                    )),
                    Some(_) => {}
                }
                text(e, "support.how_shown", &s.how_shown, LONG_TEXT_MAX_LEN, true);
                if s.attachments.len() > form.max_attachments as usize {
                    e.push(FieldError::new(
                        "support.attachments",
                        FieldErrorCode::TooMany,
                        format!("at most {} attachment(s)", form.max_attachments),
                    ));
                }
                for (index, id) in s.attachments.iter().enumerate() {
                    let name = format!("support.attachments[{index}]");
                    if !is_attachment_id(id) {
                        e.push(FieldError::new(name, FieldErrorCode::Format, "not an attachment id"));
                    } else if s.attachments[..index].contains(id) {
                        e.push(FieldError::new(name, FieldErrorCode::Duplicate, "attached twice"));
                    }
                }
            }
            ChallengeStep::Costs => {
                let c = &self.costs;
                let estimate = amount(e, "costs.estimate", &c.estimate);
                let budget = amount(e, "costs.budget", &c.budget);
                if estimate == Some(0) {
                    e.push(FieldError::new(
                        "costs.estimate",
                        FieldErrorCode::OutOfRange,
                        "the cost estimate must be more than zero",
                    ));
                }
                if let (Some(estimate), Some(budget)) = (estimate, budget)
                    && budget > estimate
                {
                    e.push(FieldError::new(
                        "costs.budget",
                        FieldErrorCode::OutOfRange,
                        "the requested budget is more than the cost estimate",
                    ));
                }
                start_date(e, &c.start_date, today);
                match c.term_months {
                    None => e.push(FieldError::new(
                        "costs.term_months",
                        FieldErrorCode::Required,
                        "say for how many months",
                    )),
                    Some(n) if !(1..=TERM_MONTHS_MAX).contains(&n) => e.push(FieldError::new(
                        "costs.term_months",
                        FieldErrorCode::OutOfRange,
                        format!("term_months must be 1 to {TERM_MONTHS_MAX}"),
                    )),
                    Some(_) => {}
                }
            }
            ChallengeStep::Cooperation => {
                let c = &self.cooperation;
                text(e, "cooperation.support_needed", &c.support_needed, LONG_TEXT_MAX_LEN, true);
                text(e, "cooperation.quality", &c.quality, LONG_TEXT_MAX_LEN, true);
                text(e, "cooperation.continuity", &c.continuity, LONG_TEXT_MAX_LEN, true);
            }
            ChallengeStep::Contact => {
                let c = &self.contact;
                text(e, "contact.name", &c.name, NAME_MAX_LEN, true);
                if c.email.trim().is_empty() {
                    e.push(FieldError::new("contact.email", FieldErrorCode::Required, "email is required"));
                } else if !valid_email(&c.email) {
                    e.push(FieldError::new("contact.email", FieldErrorCode::Format, "not an e-mail address"));
                }
                if !c.phone.trim().is_empty() && normalise_phone(&c.phone).is_none() {
                    e.push(FieldError::new("contact.phone", FieldErrorCode::Format, "not a Dutch phone number"));
                }
                if c.postcode.trim().is_empty() {
                    e.push(FieldError::new("contact.postcode", FieldErrorCode::Required, "postcode is required"));
                } else if normalise_postcode(&c.postcode).is_none() {
                    e.push(FieldError::new("contact.postcode", FieldErrorCode::Format, "a postcode is like 1234 AB"));
                }
                if !c.consent {
                    e.push(FieldError::new("contact.consent", FieldErrorCode::Required, "consent is required"));
                }
            }
        }
        errors
    }

    /// Every reason this application cannot be submitted: all seven steps, then the anti-abuse fields.
    pub fn validate(&self, form: &ChallengeForm, today: &str) -> Result<(), Vec<FieldError>> {
        let mut errors: Vec<FieldError> =
            ChallengeStep::ALL.into_iter().flat_map(|step| self.validate_step(step, form, today)).collect();
        crate::problem::check_human(&mut errors, &self.website, self.fill_seconds, MIN_FILL_SECONDS, "form");
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// The application as it is stored and shown for review: texts trimmed, postcode as "1234 AB", phone as
    /// +31…, KvK without spaces. Call after [`validate`](Self::validate) accepted it; invalid values stay as typed.
    pub fn normalised(mut self) -> Self {
        for field in [
            &mut self.initiative.title,
            &mut self.initiative.task_other,
            &mut self.initiative.area,
            &mut self.plan.what,
            &mut self.plan.why_better,
            &mut self.plan.social_value,
            &mut self.organisation.name,
            &mut self.organisation.type_other,
            &mut self.organisation.kvk,
            &mut self.organisation.experience,
            &mut self.support.how_shown,
            &mut self.costs.estimate,
            &mut self.costs.budget,
            &mut self.cooperation.support_needed,
            &mut self.cooperation.quality,
            &mut self.cooperation.continuity,
            &mut self.contact.name,
            &mut self.contact.email,
        ] {
            let trimmed = field.trim();
            if trimmed.len() != field.len() {
                *field = trimmed.to_owned();
            }
        }
        if let Some(phone) = normalise_phone(&self.contact.phone) {
            self.contact.phone = phone;
        }
        if let Some(postcode) = normalise_postcode(&self.contact.postcode) {
            self.contact.postcode = postcode;
        }
        self
    }
}

fn text(errors: &mut Vec<FieldError>, name: &str, value: &str, max: usize, required: bool) {
    if required && value.trim().is_empty() {
        errors.push(FieldError::new(name, FieldErrorCode::Required, format!("{name} is required")));
    } else if value.chars().count() > max {
        errors.push(FieldError::new(name, FieldErrorCode::TooLong, format!("{name} is longer than {max} characters")));
    }
}

fn amount(errors: &mut Vec<FieldError>, name: &str, value: &str) -> Option<u64> {
    if value.len() > AMOUNT_MAX_LEN {
        errors.push(FieldError::new(name, FieldErrorCode::TooLong, "not an amount"));
        return None;
    }
    parse_euro_cents(value)
        .map_err(|error| {
            let (code, reason) = match error {
                AmountError::Empty => (FieldErrorCode::Required, "the amount is required"),
                AmountError::Format => (FieldErrorCode::Format, "write an amount in euros, like € 12.500,50"),
                AmountError::Ambiguous => {
                    (FieldErrorCode::Ambiguous, "use a comma for cents and dots for thousands, like 12.500,50")
                }
                AmountError::TooLarge => (FieldErrorCode::TooLarge, "the amount is more than 100 million euros"),
            };
            errors.push(FieldError::new(name, code, reason));
        })
        .ok()
}

fn start_date(errors: &mut Vec<FieldError>, date: &str, today: &str) {
    let name = "costs.start_date";
    if date.trim().is_empty() {
        errors.push(FieldError::new(name, FieldErrorCode::Required, "the start date is required"));
    } else if !is_calendar_date(date) {
        errors.push(FieldError::new(name, FieldErrorCode::Format, "must be a date as YYYY-MM-DD"));
    } else if date < today {
        errors.push(FieldError::new(name, FieldErrorCode::InPast, "the start date is in the past"));
    } else if year(date) > year(today).saturating_add(START_YEARS_AHEAD_MAX) {
        errors.push(FieldError::new(
            name,
            FieldErrorCode::OutOfRange,
            format!("the start date is more than {START_YEARS_AHEAD_MAX} years ahead"),
        ));
    }
}

fn year(date: &str) -> u32 {
    date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0)
}

/// Whether `id` looks like an attachment id the server hands out.
pub fn is_attachment_id(id: &str) -> bool {
    id.len() == ATTACHMENT_ID_LEN && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Why an amount is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    /// Nothing typed.
    Empty,
    /// Not an amount of euros at all.
    Format,
    /// Could be read two ways ("12,500", "12.50", "12,500.50"): Dutch notation is asked for.
    Ambiguous,
    /// More than [`AMOUNT_CENTS_MAX`].
    TooLarge,
}

/// An amount of euros in Dutch notation, in cents: "€ 12.500,50", "12500", "12.500", "12500,5", "€ 250,-".
/// Dots group thousands, a comma marks 1 or 2 decimals. English notation that a Dutch reader would misread is
/// refused as ambiguous rather than guessed: "12,500.50", "12,500", "12.50".
pub fn parse_euro_cents(input: &str) -> Result<u64, AmountError> {
    let mut s = input.trim();
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    for prefix in ["€", "EUR", "eur", "Eur"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim_start();
            break;
        }
    }
    // "12.500,-" and "12.500,--": whole euros.
    let s = s.strip_suffix(",--").or_else(|| s.strip_suffix(",-")).map_or(s, |whole| whole.trim_end());
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return Err(AmountError::Format);
    }
    if !s.as_bytes()[0].is_ascii_digit() {
        return Err(AmountError::Format);
    }
    let commas = s.matches(',').count();
    let (whole, decimals) = match commas {
        0 => (s, ""),
        1 => s.split_once(',').unwrap_or((s, "")),
        // "12,500,000": English thousands.
        _ => return Err(AmountError::Ambiguous),
    };
    if decimals.contains('.') {
        // "12,500.50": English notation.
        return Err(AmountError::Ambiguous);
    }
    match decimals.len() {
        0 if commas == 1 => return Err(AmountError::Format),
        // "12,500": twelve and a half, or twelve thousand five hundred?
        3 if !whole.contains('.') => return Err(AmountError::Ambiguous),
        0..=2 => {}
        _ => return Err(AmountError::Format),
    }
    let mut groups = whole.split('.');
    let first = groups.next().unwrap_or("");
    let rest: Vec<&str> = groups.collect();
    if first.is_empty() {
        return Err(AmountError::Format);
    }
    if !rest.is_empty() {
        if rest.len() == 1 && rest[0].len() <= 2 && commas == 0 {
            // "12.5", "12.50": an English decimal point.
            return Err(AmountError::Ambiguous);
        }
        if first.len() > 3 || rest.iter().any(|group| group.len() != 3) {
            return Err(AmountError::Format);
        }
    }
    let mut cents: u64 = 0;
    for digit in whole.bytes().filter(u8::is_ascii_digit).chain(decimals.bytes().chain(b"00".iter().copied()).take(2)) {
        cents =
            cents.checked_mul(10).and_then(|c| c.checked_add(u64::from(digit - b'0'))).ok_or(AmountError::TooLarge)?;
    }
    if cents > AMOUNT_CENTS_MAX { Err(AmountError::TooLarge) } else { Ok(cents) }
}

/// Cents as a Dutch amount: 1250050 → "€ 12.500,50".
pub fn format_euro_cents(cents: u64) -> String {
    let euros = (cents / 100).to_string();
    let mut grouped = String::with_capacity(euros.len() + euros.len() / 3);
    for (index, digit) in euros.chars().enumerate() {
        if index > 0 && (euros.len() - index).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    format!("€ {grouped},{:02}", cents % 100)
}

/// A Dutch postcode as "1234 AB": four digits (not starting with 0), an optional space, two letters in any
/// case, except the combinations SA, SD and SS that PostNL does not use.
pub fn normalise_postcode(input: &str) -> Option<String> {
    let s = input.trim();
    if s.len() > POSTCODE_MAX_LEN {
        return None;
    }
    let bytes = s.as_bytes();
    let (digits, letters) = match bytes.len() {
        6 => (&bytes[..4], &bytes[4..]),
        7 if bytes[4] == b' ' => (&bytes[..4], &bytes[5..]),
        _ => return None,
    };
    if digits[0] == b'0' || !digits.iter().all(u8::is_ascii_digit) || !letters.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let letters = [letters[0].to_ascii_uppercase(), letters[1].to_ascii_uppercase()];
    if matches!(&letters, b"SA" | b"SD" | b"SS") {
        return None;
    }
    Some(format!("{} {}{}", std::str::from_utf8(digits).ok()?, char::from(letters[0]), char::from(letters[1])))
}

/// A Dutch phone number in international form ("+31612345678"), from the ways people write one:
/// 06-12345678, 06 1234 5678, +31 6 12345678, +31 (0)6 12345678, 0031 6 12345678, 020-1234567, (020) 123 45 67.
/// Ten digits nationally, starting with 0 and then not 0; other countries are refused.
pub fn normalise_phone(input: &str) -> Option<String> {
    let s = input.trim();
    if s.len() > PHONE_MAX_LEN {
        return None;
    }
    let compact: String = s.chars().filter(|c| !matches!(c, ' ' | '-' | '.')).collect();
    let national = if let Some(rest) = compact.strip_prefix("+31").or_else(|| compact.strip_prefix("0031")) {
        format!("0{}", rest.strip_prefix("(0)").unwrap_or(rest))
    } else if let Some(rest) = compact.strip_prefix('(') {
        // "(020)1234567": an area code in brackets.
        let (area, number) = rest.split_once(')')?;
        format!("{area}{number}")
    } else {
        compact
    };
    let bytes = national.as_bytes();
    let valid = bytes.len() == 10 && bytes[0] == b'0' && bytes[1] != b'0' && bytes.iter().all(u8::is_ascii_digit);
    valid.then(|| format!("+31{}", &national[1..]))
}

/// Whether `input` is a KvK (Chamber of Commerce) number: exactly eight digits, not all zero. KvK numbers carry no
/// check digit, so no more can be checked without asking the KvK.
pub fn valid_kvk(input: &str) -> bool {
    let s = input.trim();
    s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) && s != "00000000"
}

/// Whether `input` looks like an e-mail address that can receive mail: one @, a local part without spaces, and a
/// domain of letters, digits and dashes with a dot and a top-level domain of at least two letters.
pub fn valid_email(input: &str) -> bool {
    let s = input.trim();
    if s.is_empty() || s.len() > EMAIL_MAX_LEN {
        return false;
    }
    let Some((local, domain)) = s.rsplit_once('@') else { return false };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| {
            !c.is_whitespace()
                && !c.is_control()
                && !matches!(c, '@' | '<' | '>' | ',' | ';' | '"' | '(' | ')' | '[' | ']' | '\\')
        });
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic));
    local_ok && domain_ok
}

/// The answer to a stored application: what the resident keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChallengeReceipt {
    /// e.g. UR-2026-0042: sequential per form and year.
    pub reference: String,
    pub form: String,
    /// YYYY-MM-DD, the date in the Netherlands when it was received.
    pub submitted_on: String,
    pub decision_weeks: u32,
    /// YYYY-MM-DD: `submitted_on` plus the decision term.
    pub decision_by: String,
}

/// An uploaded file, as the upload answers and the back office lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChallengeAttachment {
    /// Put this in `support.attachments` of the application.
    pub id: String,
    /// The name it was uploaded with (without any folder), or "bijlage.<ext>" when none was given.
    pub file_name: String,
    /// application/pdf, image/jpeg or image/png, as found in the content.
    pub content_type: String,
    pub bytes: u64,
}

/// Where an application is in the back office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChallengeStatus {
    Ontvangen,
    InBehandeling,
    BesluitGenomen,
}

impl ChallengeStatus {
    pub const ALL: [ChallengeStatus; 3] =
        [ChallengeStatus::Ontvangen, ChallengeStatus::InBehandeling, ChallengeStatus::BesluitGenomen];

    pub fn as_str(self) -> &'static str {
        match self {
            ChallengeStatus::Ontvangen => "ontvangen",
            ChallengeStatus::InBehandeling => "in_behandeling",
            ChallengeStatus::BesluitGenomen => "besluit_genomen",
        }
    }

    pub fn from_name(name: &str) -> Option<ChallengeStatus> {
        Self::ALL.into_iter().find(|status| status.as_str() == name)
    }

    /// The workflow goes one way: received, then being handled, then decided (final).
    pub fn may_become(self, next: ChallengeStatus) -> bool {
        matches!(
            (self, next),
            (ChallengeStatus::Ontvangen, ChallengeStatus::InBehandeling)
                | (ChallengeStatus::InBehandeling, ChallengeStatus::BesluitGenomen)
        )
    }
}

/// The decision on an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChallengeOutcome {
    Toegekend,
    Afgewezen,
}

impl ChallengeOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            ChallengeOutcome::Toegekend => "toegekend",
            ChallengeOutcome::Afgewezen => "afgewezen",
        }
    }

    pub fn from_name(name: &str) -> Option<ChallengeOutcome> {
        [ChallengeOutcome::Toegekend, ChallengeOutcome::Afgewezen].into_iter().find(|o| o.as_str() == name)
    }
}

/// A step in the back office's workflow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChange {
    pub status: ChallengeStatus,
    /// Required with `besluit_genomen`, refused otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<ChallengeOutcome>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl StatusChange {
    /// Every reason this change is malformed (whether it fits the current status is checked against the store).
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        match (self.status, self.outcome) {
            (ChallengeStatus::BesluitGenomen, None) => {
                errors.push(FieldError::new("outcome", FieldErrorCode::Required, "a decision needs an outcome"))
            }
            (ChallengeStatus::Ontvangen | ChallengeStatus::InBehandeling, Some(_)) => errors.push(FieldError::new(
                "outcome",
                FieldErrorCode::OutOfRange,
                "an outcome goes with besluit_genomen only",
            )),
            _ => {}
        }
        if let Some(note) = &self.note {
            text(&mut errors, "note", note, STATUS_NOTE_MAX_LEN, false);
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: &str = "2026-11-30";

    fn form() -> ChallengeForm {
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

    fn valid() -> ChallengeSubmission {
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

    fn fields(result: Result<(), Vec<FieldError>>) -> Vec<(String, FieldErrorCode)> {
        result.err().unwrap_or_default().into_iter().map(|e| (e.name, e.code)).collect()
    }

    #[test]
    fn a_complete_application_is_valid_and_normalised_for_review() {
        assert_eq!(valid().validate(&form(), TODAY), Ok(()));
        let normalised = valid().normalised();
        assert_eq!(normalised.contact.postcode, "1234 AB");
        assert_eq!(normalised.contact.phone, "+31612345678");
    }

    #[test]
    fn an_empty_application_names_every_required_field_by_its_path() {
        let names: Vec<(String, FieldErrorCode)> = fields(ChallengeSubmission::default().validate(&form(), TODAY));
        let expected = [
            "initiative.title",
            "initiative.task",
            "initiative.area",
            "plan.what",
            "plan.why_better",
            "plan.social_value",
            "organisation.name",
            "organisation.type",
            "organisation.experience",
            "support.supporters",
            "support.how_shown",
            "costs.estimate",
            "costs.budget",
            "costs.start_date",
            "costs.term_months",
            "cooperation.support_needed",
            "cooperation.quality",
            "cooperation.continuity",
            "contact.name",
            "contact.email",
            "contact.postcode",
            "contact.consent",
        ];
        let required: Vec<&str> =
            names.iter().filter(|(_, code)| *code == FieldErrorCode::Required).map(|(n, _)| n.as_str()).collect();
        assert_eq!(required, expected);
        assert!(names.contains(&("fill_seconds".into(), FieldErrorCode::TooFast)));
    }

    #[test]
    fn a_step_checks_only_its_own_fields() {
        let empty = ChallengeSubmission::default();
        for step in ChallengeStep::ALL {
            let errors = empty.validate_step(step, &form(), TODAY);
            assert!(!errors.is_empty(), "{step:?}");
            for error in errors {
                assert_eq!(ChallengeStep::of_field(&error.name), Some(step), "{}", error.name);
            }
        }
        assert_eq!(ChallengeStep::of_field("support.attachments[1]"), Some(ChallengeStep::Support));
        assert_eq!(ChallengeStep::of_field("website"), None);
        let full = valid();
        assert!(ChallengeStep::ALL.into_iter().all(|step| full.validate_step(step, &form(), TODAY).is_empty()));
    }

    #[test]
    fn the_task_is_one_of_the_list_or_free_text_where_allowed() {
        let mut s = valid();
        s.initiative.task = "brandweer".into();
        assert_eq!(fields(s.validate(&form(), TODAY)), [("initiative.task".into(), FieldErrorCode::Unknown)]);
        s.initiative.task.clear();
        s.initiative.task_other = "Beheer van de speeltuin".into();
        assert_eq!(s.validate(&form(), TODAY), Ok(()));
        let mut strict = form();
        strict.free_text_task = false;
        assert_eq!(fields(s.validate(&strict, TODAY)), [("initiative.task_other".into(), FieldErrorCode::OutOfRange)]);
        s.initiative.task = "groenonderhoud".into();
        assert_eq!(fields(s.validate(&form(), TODAY)), [("initiative.task_other".into(), FieldErrorCode::OutOfRange)]);
    }

    #[test]
    fn texts_have_limits() {
        let mut s = valid();
        s.initiative.title = "x".repeat(TITLE_MAX_LEN + 1);
        s.plan.what = "é".repeat(LONG_TEXT_MAX_LEN);
        s.organisation.kind = Some(OrganisationType::Anders);
        assert_eq!(
            fields(s.validate(&form(), TODAY)),
            [
                ("initiative.title".into(), FieldErrorCode::TooLong),
                ("organisation.type_other".into(), FieldErrorCode::Required)
            ]
        );
    }

    #[test]
    fn amounts_in_dutch_notation_become_cents() {
        for (typed, cents) in [
            ("€ 12.500,50", 1_250_050),
            ("12500", 1_250_000),
            ("12.500", 1_250_000),
            ("12500,5", 1_250_050),
            ("12500,50", 1_250_050),
            ("€12.500", 1_250_000),
            ("  € 250,-  ", 25_000),
            ("€ 1.000,--", 100_000),
            ("EUR 99,99", 9_999),
            ("1.234.567,89", 123_456_789),
            ("0", 0),
            ("0,05", 5),
            ("100.000.000", AMOUNT_CENTS_MAX),
        ] {
            assert_eq!(parse_euro_cents(typed), Ok(cents), "{typed}");
        }
        for (typed, error) in [
            ("", AmountError::Empty),
            ("   ", AmountError::Empty),
            ("12,500.50", AmountError::Ambiguous),
            ("12,500", AmountError::Ambiguous),
            ("1,250,000", AmountError::Ambiguous),
            ("12.50", AmountError::Ambiguous),
            ("12.5", AmountError::Ambiguous),
            ("12.500,505", AmountError::Format),
            ("12,", AmountError::Format),
            ("1.2345", AmountError::Format),
            ("12.34.567", AmountError::Format),
            ("1234.567", AmountError::Format),
            (".50", AmountError::Format),
            (",50", AmountError::Format),
            ("-100", AmountError::Format),
            ("€", AmountError::Format),
            ("twaalf", AmountError::Format),
            ("12 500", AmountError::Format),
            ("$ 100", AmountError::Format),
            ("100.000.001", AmountError::TooLarge),
            ("99999999999999999999999", AmountError::TooLarge),
        ] {
            assert_eq!(parse_euro_cents(typed), Err(error), "{typed}");
        }
        assert_eq!(format_euro_cents(1_250_050), "€ 12.500,50");
        assert_eq!(format_euro_cents(5), "€ 0,05");
        assert_eq!(format_euro_cents(123_456_789), "€ 1.234.567,89");
    }

    #[test]
    fn cost_rules_name_their_field() {
        let mut s = valid();
        s.costs.estimate = "12,500.50".into();
        s.costs.budget = "abc".into();
        s.costs.start_date = "2026-11-29".into();
        s.costs.term_months = Some(0);
        assert_eq!(
            fields(s.validate(&form(), TODAY)),
            [
                ("costs.estimate".into(), FieldErrorCode::Ambiguous),
                ("costs.budget".into(), FieldErrorCode::Format),
                ("costs.start_date".into(), FieldErrorCode::InPast),
                ("costs.term_months".into(), FieldErrorCode::OutOfRange),
            ]
        );
        let mut s = valid();
        s.costs.estimate = "0".into();
        s.costs.budget = "1".into();
        s.costs.start_date = "2026-02-30".into();
        assert_eq!(
            fields(s.validate(&form(), TODAY)),
            [
                ("costs.estimate".into(), FieldErrorCode::OutOfRange),
                ("costs.budget".into(), FieldErrorCode::OutOfRange),
                ("costs.start_date".into(), FieldErrorCode::Format),
            ]
        );
    }

    #[test]
    fn the_start_date_may_be_today_but_not_before_nor_decades_ahead() {
        let mut s = valid();
        for (date, code) in [
            ("2026-11-30", None),
            ("2036-12-31", None),
            ("2026-11-29", Some(FieldErrorCode::InPast)),
            ("2037-01-01", Some(FieldErrorCode::OutOfRange)),
            ("30-11-2026", Some(FieldErrorCode::Format)),
            ("2027-13-01", Some(FieldErrorCode::Format)),
            ("", Some(FieldErrorCode::Required)),
        ] {
            s.costs.start_date = date.into();
            let got = fields(s.validate(&form(), TODAY)).first().map(|(_, code)| *code);
            assert_eq!(got, code, "{date}");
        }
    }

    #[test]
    fn postcodes_are_normalised_and_impossible_ones_refused() {
        for (typed, normal) in [
            ("1234 AB", "1234 AB"),
            ("1234AB", "1234 AB"),
            ("1234ab", "1234 AB"),
            (" 9999 zz ", "9999 ZZ"),
            ("1000 SB", "1000 SB"),
        ] {
            assert_eq!(normalise_postcode(typed).as_deref(), Some(normal), "{typed}");
        }
        for typed in [
            "", "0123 AB", "123 AB", "12345 AB", "1234 A", "1234 ABC", "1234 SA", "1234 sd", "1234SS", "1234  AB",
            "1234-AB", "ABCD 12", "1234 Å1",
        ] {
            assert_eq!(normalise_postcode(typed), None, "{typed}");
        }
    }

    #[test]
    fn dutch_phone_numbers_in_their_usual_forms() {
        for (typed, normal) in [
            ("06-12345678", "+31612345678"),
            ("0612345678", "+31612345678"),
            ("06 1234 5678", "+31612345678"),
            ("+31 6 12345678", "+31612345678"),
            ("+31612345678", "+31612345678"),
            ("+31 (0)6 12345678", "+31612345678"),
            ("0031 6 12345678", "+31612345678"),
            ("020-1234567", "+31201234567"),
            ("(020) 123 45 67", "+31201234567"),
            ("0575-123456", "+31575123456"),
            ("085.123.4567", "+31851234567"),
        ] {
            assert_eq!(normalise_phone(typed).as_deref(), Some(normal), "{typed}");
        }
        for typed in [
            "",
            "12345678",
            "061234567",
            "06123456789",
            "+32 470 12 34 56",
            "0031 06 12345678x",
            "00 12345678",
            "0012345678",
            "06-1234567a",
            "+31 6 1234 56789",
            "(06 12345678",
        ] {
            assert_eq!(normalise_phone(typed), None, "{typed}");
        }
    }

    #[test]
    fn kvk_numbers_are_eight_digits() {
        for good in ["12345678", " 69599084 ", "01234567"] {
            assert!(valid_kvk(good), "{good}");
        }
        for bad in ["", "1234567", "123456789", "1234 5678", "1234567a", "00000000", "１２３４５６７８"] {
            assert!(!valid_kvk(bad), "{bad}");
        }
        let mut s = valid();
        s.organisation.kvk = "123".into();
        assert_eq!(fields(s.validate(&form(), TODAY)), [("organisation.kvk".into(), FieldErrorCode::Format)]);
        s.organisation.kvk = "  ".into();
        assert_eq!(s.validate(&form(), TODAY), Ok(()));
    }

    #[test]
    fn email_addresses_that_can_receive_mail() {
        for good in ["fatima@example.nl", "a.b+c@sub.voorbeeld.nl", " jan@gemeente.amsterdam ", "ö@bücher.de"] {
            assert!(valid_email(good), "{good}");
        }
        for bad in [
            "",
            "fatima",
            "fatima@",
            "@example.nl",
            "fatima@example",
            "fatima@example.n",
            "fa tima@example.nl",
            "fatima@@example.nl",
            "fatima@exam_ple.nl",
            "fatima@-example.nl",
            "fatima@example..nl",
            ".fatima@example.nl",
            "fa..tima@example.nl",
            "fatima@example.123",
            "<a>@example.nl",
        ] {
            assert!(!valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn contact_rules() {
        let mut s = valid();
        s.contact.email = "niet-een-adres".into();
        s.contact.phone = "12345".into();
        s.contact.postcode = "0123 AB".into();
        s.contact.consent = false;
        assert_eq!(
            fields(s.validate(&form(), TODAY)),
            [
                ("contact.email".into(), FieldErrorCode::Format),
                ("contact.phone".into(), FieldErrorCode::Format),
                ("contact.postcode".into(), FieldErrorCode::Format),
                ("contact.consent".into(), FieldErrorCode::Required),
            ]
        );
        let mut s = valid();
        s.contact.phone.clear();
        assert_eq!(s.validate(&form(), TODAY), Ok(()), "a phone number is optional");
    }

    #[test]
    fn support_needs_supporters_and_at_most_the_allowed_attachments() {
        let mut s = valid();
        s.support.supporters = Some(0);
        s.support.attachments = vec!["a".repeat(32), "nope".into(), "a".repeat(32)];
        assert_eq!(
            fields(s.validate(&form(), TODAY)),
            [
                ("support.supporters".into(), FieldErrorCode::OutOfRange),
                ("support.attachments".into(), FieldErrorCode::TooMany),
                ("support.attachments[1]".into(), FieldErrorCode::Format),
                ("support.attachments[2]".into(), FieldErrorCode::Duplicate),
            ]
        );
    }

    #[test]
    fn bots_are_caught_by_the_honeypot_and_the_clock() {
        let mut s = valid();
        s.website = "https://spam.example".into();
        s.fill_seconds = MIN_FILL_SECONDS - 1;
        assert_eq!(
            fields(s.validate(&form(), TODAY)),
            [("website".into(), FieldErrorCode::NotEmpty), ("fill_seconds".into(), FieldErrorCode::TooFast)]
        );
        s.website.clear();
        s.fill_seconds = MIN_FILL_SECONDS;
        assert_eq!(s.validate(&form(), TODAY), Ok(()));
    }

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
        let no_tasks = NewChallengeForm { free_text_task: false, ..defaults };
        assert_eq!(no_tasks.validate().unwrap_err()[0].name, "tasks");
    }

    #[test]
    fn the_workflow_goes_one_way_and_a_decision_has_an_outcome() {
        use ChallengeStatus::*;
        assert!(Ontvangen.may_become(InBehandeling) && InBehandeling.may_become(BesluitGenomen));
        for (from, to) in [
            (Ontvangen, BesluitGenomen),
            (InBehandeling, Ontvangen),
            (BesluitGenomen, InBehandeling),
            (Ontvangen, Ontvangen),
        ] {
            assert!(!from.may_become(to), "{from:?} -> {to:?}");
        }
        let decided = StatusChange { status: BesluitGenomen, outcome: None, note: None };
        assert_eq!(decided.validate().unwrap_err()[0].name, "outcome");
        let early = StatusChange { status: InBehandeling, outcome: Some(ChallengeOutcome::Toegekend), note: None };
        assert_eq!(early.validate().unwrap_err()[0].code, FieldErrorCode::OutOfRange);
        let fine = StatusChange {
            status: BesluitGenomen,
            outcome: Some(ChallengeOutcome::Afgewezen),
            note: Some("Te duur".into()),
        };
        assert_eq!(fine.validate(), Ok(()));
    }
}
