//! The fields of the application as one table, so every step is drawn by the same code: each field's name (its
//! path in `ChallengeSubmission`, as the server names it in a 422), what kind of control it gets, and its texts.

use inspraak_api::{
    ChallengeAttachment, ChallengeForm, ChallengeStep, ChallengeSubmission, FieldError, FieldErrorCode, SortedMap,
    challenge::{LONG_TEXT_MAX_LEN, NAME_MAX_LEN, SHORT_TEXT_MAX_LEN, TITLE_MAX_LEN},
};
use inspraak_widget_core::json::{FromJson, JsonError, ToJson, field_or_default, object, write_object};
use inspraak_widget_core::num;
use wasm_bindgen::JsValue;

/// The control a field gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text.
    Line,
    /// A few paragraphs.
    Long,
    /// Euros as the resident writes them ("€ 12.500,50").
    Amount,
    Date,
    /// A whole number (supporters, months).
    Count,
    Email,
    Phone,
    Postcode,
    Kvk,
    /// The task challenged: the form's list, and "another task" where the form allows free text.
    Task,
    /// The type of initiative, with "anders" described in words.
    OrgType,
    Attachments,
    Consent,
    /// Doing the task itself or having it done.
    Execution,
    /// The statement that the applicant may apply on behalf of the group.
    Authorised,
}

/// One field of the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The path in the application and in a 422's `invalidParams`: `contact.postcode`.
    pub name: &'static str,
    pub kind: Kind,
    /// Catalogue key of the label (or legend).
    pub label: &'static str,
    /// Catalogue key of the hint under the label, if any.
    pub hint: Option<&'static str>,
}

const fn field(name: &'static str, kind: Kind, label: &'static str, hint: Option<&'static str>) -> Field {
    Field { name, kind, label, hint }
}

/// Every field, in the order of the steps and of the fields within them.
pub const FIELDS: [Field; 35] = [
    field("initiative.title", Kind::Line, "challenge.field.title", Some("challenge.hint.title")),
    field("initiative.task", Kind::Task, "challenge.field.task", None),
    field("initiative.area", Kind::Line, "challenge.field.area", Some("challenge.hint.area")),
    field("initiative.tie", Kind::Long, "challenge.field.tie", Some("challenge.hint.tie")),
    field("plan.what", Kind::Long, "challenge.field.what", Some("challenge.hint.what")),
    field("plan.why_better", Kind::Long, "challenge.field.why_better", Some("challenge.hint.why_better")),
    field("plan.social_value", Kind::Long, "challenge.field.social_value", Some("challenge.hint.social_value")),
    field("plan.target_group", Kind::Long, "challenge.field.target_group", Some("challenge.hint.target_group")),
    field("plan.execution", Kind::Execution, "challenge.field.execution", None),
    field("organisation.name", Kind::Line, "challenge.field.organisation", None),
    field("organisation.type", Kind::OrgType, "challenge.field.type", None),
    field("organisation.kvk", Kind::Kvk, "challenge.field.kvk", Some("challenge.hint.kvk")),
    field("organisation.experience", Kind::Long, "challenge.field.experience", Some("challenge.hint.experience")),
    field("organisation.address", Kind::Line, "challenge.field.org_address", Some("challenge.hint.org_address")),
    field("organisation.postcode", Kind::Postcode, "challenge.field.org_postcode", None),
    field("organisation.place", Kind::Line, "challenge.field.org_place", None),
    field("support.supporters", Kind::Count, "challenge.field.supporters", Some("challenge.hint.supporters")),
    field("support.how_shown", Kind::Long, "challenge.field.how_shown", Some("challenge.hint.how_shown")),
    field("support.attachments", Kind::Attachments, "challenge.field.attachments", None),
    field("costs.estimate", Kind::Amount, "challenge.field.estimate", Some("challenge.hint.estimate")),
    field("costs.budget", Kind::Amount, "challenge.field.budget", Some("challenge.hint.budget")),
    field("costs.start_date", Kind::Date, "challenge.field.start_date", Some("challenge.hint.start_date")),
    field("costs.term_months", Kind::Count, "challenge.field.term_months", Some("challenge.hint.term_months")),
    field("costs.funding", Kind::Long, "challenge.field.funding", Some("challenge.hint.funding")),
    field(
        "cooperation.support_needed",
        Kind::Long,
        "challenge.field.support_needed",
        Some("challenge.hint.support_needed"),
    ),
    field("cooperation.quality", Kind::Long, "challenge.field.quality", None),
    field("cooperation.continuity", Kind::Long, "challenge.field.continuity", Some("challenge.hint.continuity")),
    field("contact.name", Kind::Line, "challenge.field.contact_name", None),
    field("contact.email", Kind::Email, "challenge.field.email", Some("challenge.hint.email")),
    field("contact.phone", Kind::Phone, "challenge.field.phone", Some("challenge.hint.phone")),
    field("contact.address", Kind::Line, "challenge.field.address", None),
    field("contact.postcode", Kind::Postcode, "challenge.field.postcode", Some("challenge.hint.postcode")),
    field("contact.place", Kind::Line, "challenge.field.place", None),
    field("contact.authorised", Kind::Authorised, "challenge.field.authorised", None),
    field("contact.consent", Kind::Consent, "challenge.field.consent", None),
];

/// The start date, typed the Dutch way.
pub const START_DATE: &str = "costs.start_date";

/// The free-text task and the described type of initiative: drawn inside their group, with their own errors.
pub const TASK_OTHER: &str = "initiative.task_other";
pub const TYPE_OTHER: &str = "organisation.type_other";

/// The fields of one step, in order.
pub fn fields_of(step: ChallengeStep) -> impl Iterator<Item = &'static Field> {
    FIELDS.iter().filter(move |field| ChallengeStep::of_field(field.name) == Some(step))
}

/// The field an error belongs to: `support.attachments[1]` to the attachments, the free-text task to the task.
pub fn field_of(error_name: &str) -> Option<&'static Field> {
    let base = error_name.split('[').next().unwrap_or(error_name);
    let base = match base {
        TASK_OTHER => "initiative.task",
        TYPE_OTHER => "organisation.type",
        other => other,
    };
    FIELDS.iter().find(|field| field.name == base)
}

/// The id of the control for an error or field name: `contact.postcode` → `contact-postcode`.
pub fn control_id(name: &str) -> String {
    let base = name.split('[').next().unwrap_or(name);
    base.replace(['.', '_'], "-")
}

/// The most characters a text field takes.
pub fn max_len(name: &str) -> usize {
    match name {
        "initiative.title" => TITLE_MAX_LEN,
        "contact.name" => NAME_MAX_LEN,
        "initiative.area"
        | "organisation.name"
        | "organisation.address"
        | "organisation.place"
        | "contact.address"
        | "contact.place"
        | TASK_OTHER
        | TYPE_OTHER => SHORT_TEXT_MAX_LEN,
        _ => LONG_TEXT_MAX_LEN,
    }
}

/// Which fields are optional (the label says so).
pub fn optional(name: &str) -> bool {
    matches!(name, "organisation.kvk" | "support.attachments" | "contact.phone")
}

/// Whether a field is shown for this form: attachments only where the form takes them, the tie with the
/// neighbourhood and the optional questions only where the form asks them.
pub fn shown(field: &Field, form: &ChallengeForm) -> bool {
    use inspraak_api::challenge::ChallengeQuestion as Q;
    match field.name {
        "support.attachments" => form.max_attachments > 0,
        "initiative.tie" => form.neighbourhood_tie,
        "plan.target_group" => form.asks(Q::TargetGroup),
        "plan.execution" => form.asks(Q::Execution),
        "costs.term_months" => form.asks(Q::Duration),
        "costs.funding" => form.asks(Q::Funding),
        _ => true,
    }
}

/// The organisation's address, asked of every kind of group but a residents' group without legal form.
pub fn org_address(name: &str) -> bool {
    matches!(name, "organisation.address" | "organisation.postcode" | "organisation.place")
}

/// What the resident is filling in: the application, plus what the browser needs to draw it again. Kept in this
/// browser's drafts; every field may be missing there and takes its default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    pub application: ChallengeSubmission,
    /// What was typed in the number fields, which may not be a number (yet).
    pub counts: SortedMap<String, String>,
    /// "Another task" is chosen, perhaps before anything is typed in it.
    pub other_task: bool,
    /// The uploaded attachments, in the order of `support.attachments`.
    pub files: Vec<ChallengeAttachment>,
}

impl FromJson for Answers {
    fn from_json(value: &JsValue) -> Result<Answers, JsonError> {
        let o = object(value)?;
        Ok(Answers {
            application: field_or_default(o, "application")?,
            counts: field_or_default(o, "counts")?,
            other_task: field_or_default(o, "other_task")?,
            files: field_or_default(o, "files")?,
        })
    }
}

impl ToJson for Answers {
    fn to_json(&self) -> JsValue {
        write_object(&[
            ("application", Some(self.application.to_json())),
            ("counts", Some(self.counts.to_json())),
            ("other_task", Some(self.other_task.to_json())),
            ("files", Some(self.files.to_json())),
        ])
    }
}

macro_rules! text_fields {
    ($($name:literal => $($path:ident).+),* $(,)?) => {
        /// The text of a text-like field.
        pub fn text<'a>(a: &'a ChallengeSubmission, name: &str) -> Option<&'a String> {
            match name { $($name => Some(&a.$($path).+),)* _ => None }
        }
        fn text_mut<'a>(a: &'a mut ChallengeSubmission, name: &str) -> Option<&'a mut String> {
            match name { $($name => Some(&mut a.$($path).+),)* _ => None }
        }
    };
}

text_fields! {
    "initiative.title" => initiative.title,
    "initiative.task_other" => initiative.task_other,
    "initiative.area" => initiative.area,
    "plan.what" => plan.what,
    "plan.why_better" => plan.why_better,
    "plan.social_value" => plan.social_value,
    "organisation.name" => organisation.name,
    "organisation.type_other" => organisation.type_other,
    "organisation.kvk" => organisation.kvk,
    "organisation.experience" => organisation.experience,
    "organisation.address" => organisation.address,
    "organisation.postcode" => organisation.postcode,
    "organisation.place" => organisation.place,
    "initiative.tie" => initiative.tie,
    "plan.target_group" => plan.target_group,
    "costs.funding" => costs.funding,
    "contact.address" => contact.address,
    "contact.place" => contact.place,
    "support.how_shown" => support.how_shown,
    "costs.estimate" => costs.estimate,
    "costs.budget" => costs.budget,
    "costs.start_date" => costs.start_date,
    "cooperation.support_needed" => cooperation.support_needed,
    "cooperation.quality" => cooperation.quality,
    "cooperation.continuity" => cooperation.continuity,
    "contact.name" => contact.name,
    "contact.email" => contact.email,
    "contact.phone" => contact.phone,
    "contact.postcode" => contact.postcode,
}

fn count_mut<'a>(a: &'a mut ChallengeSubmission, name: &str) -> Option<&'a mut Option<u32>> {
    match name {
        "support.supporters" => Some(&mut a.support.supporters),
        "costs.term_months" => Some(&mut a.costs.term_months),
        _ => None,
    }
}

/// A whole number as people type it: "120", "1.200", "1 200". Too many digits count as too many (out of range).
pub fn parse_count(typed: &str) -> Option<u32> {
    let digits: String = typed.chars().filter(|c| !matches!(c, '.' | ' ' | '\u{a0}')).collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse().unwrap_or(u32::MAX))
}

impl Answers {
    /// What a text-like or number field holds, as the resident typed it.
    pub fn value(&self, name: &str) -> String {
        if let Some(typed) = self.counts.get(name) {
            return typed.clone();
        }
        let a = &self.application;
        match name {
            "support.supporters" => a.support.supporters.map(|n| num(n.into())).unwrap_or_default(),
            "costs.term_months" => a.costs.term_months.map(|n| num(n.into())).unwrap_or_default(),
            // A date from an earlier draft, kept as YYYY-MM-DD: shown the Dutch way.
            START_DATE => inspraak_api::challenge::dutch_date(&a.costs.start_date),
            _ => text(a, name).cloned().unwrap_or_default(),
        }
    }

    /// Sets a text-like or number field to what was typed.
    pub fn set(&mut self, name: &str, typed: String) {
        if name == START_DATE {
            // Typed the Dutch way, sent as YYYY-MM-DD; what does not parse stays as typed, for the rules to refuse.
            self.application.costs.start_date =
                inspraak_api::challenge::parse_dutch_date(&typed).unwrap_or_else(|_| typed.clone());
            self.counts.insert(name.to_owned(), typed);
        } else if let Some(count) = count_mut(&mut self.application, name) {
            *count = parse_count(&typed);
            self.counts.insert(name.to_owned(), typed);
        } else if let Some(slot) = text_mut(&mut self.application, name) {
            *slot = typed;
        }
    }

    /// Keeps `support.attachments` in step with the uploaded files.
    pub fn set_files(&mut self, files: Vec<ChallengeAttachment>) {
        self.application.support.attachments = files.iter().map(|f| f.id.clone()).collect();
        self.files = files;
    }

    /// Every reason the fields of `step` are not acceptable yet: the shared rules, and a number field that holds
    /// something other than a number (which the shared rules, seeing no number, would call missing).
    pub fn check(&self, step: ChallengeStep, form: &ChallengeForm, today: &str) -> Vec<FieldError> {
        let mut errors = self.application.validate_step(step, form, today);
        // "Een andere taak" is chosen but not yet described: the text field is what is missing.
        if self.other_task
            && let Some(error) =
                errors.iter_mut().find(|e| e.name == "initiative.task" && e.code == FieldErrorCode::Required)
        {
            error.name = TASK_OTHER.to_owned();
        }
        for (name, typed) in &self.counts {
            if name == START_DATE {
                continue;
            }
            if ChallengeStep::of_field(name) == Some(step)
                && !typed.trim().is_empty()
                && parse_count(typed).is_none()
                && let Some(error) = errors.iter_mut().find(|e| e.name == *name)
            {
                error.code = FieldErrorCode::Format;
            }
        }
        errors
    }

    /// The answers without the contact details, as kept on a device where the resident did not ask for them.
    pub fn without_contact(&self) -> Answers {
        let mut kept = self.clone();
        kept.application.contact = Default::default();
        kept
    }
}
