//! A residents' group's application: its seven parts, one per step, the whole as it is sent and stored, and what
//! the group gets back (the receipt, an uploaded attachment).

use serde::{Deserialize, Serialize};

use super::{ApplicantType, ChallengeForm, ChallengeStep};
use crate::{
    nl::{normalise_phone, normalise_postcode},
    problem::FieldError,
    rules::{check_human, names},
};

pub const TITLE_MAX_LEN: usize = 120;
pub const SHORT_TEXT_MAX_LEN: usize = 200;
/// The free-text answers (plan, experience, guarantees…): room for a page, not a book.
pub const LONG_TEXT_MAX_LEN: usize = 5000;
pub const NAME_MAX_LEN: usize = 120;
pub const AMOUNT_MAX_LEN: usize = 32;
pub const SUPPORTERS_MAX: u32 = 1_000_000;
pub const TERM_MONTHS_MAX: u32 = 120;
/// A start date at most this many years ahead.
pub const START_YEARS_AHEAD_MAX: u32 = 10;
/// People need longer than this to fill in seven steps; scripts do not.
pub const MIN_FILL_SECONDS: u32 = 10;
/// The length of an attachment id as the server hands it out (hex).
pub const ATTACHMENT_ID_LEN: usize = 32;
/// The types an attachment may be, as its content shows.
pub const ATTACHMENT_TYPES: [&str; 3] = ["application/pdf", "image/jpeg", "image/png"];

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
    /// a local business (ondernemer)
    Ondernemer,
    /// a social organisation (maatschappelijke organisatie)
    MaatschappelijkeOrganisatie,
    /// anders: say what in `type_other`
    Anders,
}

names!(OrganisationType {
    Vereniging => "vereniging",
    Stichting => "stichting",
    Cooperatie => "cooperatie",
    Bewonersgroep => "bewonersgroep",
    Ondernemer => "ondernemer",
    MaatschappelijkeOrganisatie => "maatschappelijke_organisatie",
    Anders => "anders",
});

impl OrganisationType {
    /// Which applicant type of a verordening this is; None for `anders`, which a form accepts only when it
    /// accepts every applicant type (the handler then judges).
    pub fn applicant_type(self) -> Option<ApplicantType> {
        match self {
            OrganisationType::Vereniging | OrganisationType::Stichting | OrganisationType::Cooperatie => {
                Some(ApplicantType::Rechtspersoon)
            }
            OrganisationType::Bewonersgroep => Some(ApplicantType::Bewonersgroep),
            OrganisationType::Ondernemer => Some(ApplicantType::Ondernemer),
            OrganisationType::MaatschappelijkeOrganisatie => Some(ApplicantType::MaatschappelijkeOrganisatie),
            OrganisationType::Anders => None,
        }
    }

    /// Whether `form` accepts applications from this kind of group.
    pub fn accepted_by(self, form: &ChallengeForm) -> bool {
        match self.applicant_type() {
            Some(kind) => form.accepts(kind),
            None => ApplicantType::ALL.iter().all(|kind| form.accepts(*kind)),
        }
    }

    /// Whether the group has an address of its own to give (every kind but a residents' group without legal form).
    pub fn has_address(self) -> bool {
        self != OrganisationType::Bewonersgroep
    }
}

/// Who carries out the task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Execution {
    /// The group does the task itself.
    Zelf,
    /// The group has the task done (for example by a contractor).
    LatenDoen,
}

names!(Execution {
    Zelf => "zelf",
    LatenDoen => "laten_doen",
});

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
    /// The group's tie with the village or neighbourhood, where the form asks it.
    pub tie: String,
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
    /// The target group and how many people the plan reaches, where the form asks it.
    pub target_group: String,
    /// Doing it itself or having it done, where the form asks it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub execution: Option<Execution>,
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
    /// The organisation's street and number (Awb 4:2); not for a residents' group without legal form.
    pub address: String,
    /// The organisation's postcode, 1234 AB.
    pub postcode: String,
    /// The organisation's town or village.
    pub place: String,
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
    /// How many months the group will carry out the task, where the form asks the duration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term_months: Option<u32>,
    /// The group's own contribution and other funding, where the form asks it.
    pub funding: String,
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

/// Step 7, contact en ondertekening: the applicant (Awb 4:2).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Contact {
    pub name: String,
    pub email: String,
    /// Optional; a Dutch number (06-12345678, +31 6 12345678, 020-1234567).
    pub phone: String,
    /// The applicant's street and number.
    pub address: String,
    /// 1234 AB
    pub postcode: String,
    /// The applicant's town or village.
    pub place: String,
    /// The statement that the applicant may apply on behalf of the group or organisation; must be true.
    pub authorised: bool,
    /// The applicant has read the privacy statement (the legal basis is the municipality's public task, not
    /// consent); must be true. The name is kept for clients of earlier versions.
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
    /// Every reason this application cannot be submitted: all seven steps, then the anti-abuse fields.
    pub fn validate(&self, form: &ChallengeForm, today: &str) -> Result<(), Vec<FieldError>> {
        let mut errors: Vec<FieldError> =
            ChallengeStep::ALL.into_iter().flat_map(|step| self.validate_step(step, form, today)).collect();
        check_human(&mut errors, &self.website, self.fill_seconds, MIN_FILL_SECONDS, "form");
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// The application as it is stored and shown for review: texts trimmed, postcode as "1234 AB", phone as
    /// +31…, KvK without spaces. Call after [`validate`](Self::validate) accepted it; invalid values stay as typed.
    pub fn normalised(mut self) -> Self {
        for field in [
            &mut self.initiative.title,
            &mut self.initiative.task_other,
            &mut self.initiative.area,
            &mut self.initiative.tie,
            &mut self.plan.target_group,
            &mut self.organisation.address,
            &mut self.organisation.place,
            &mut self.costs.funding,
            &mut self.contact.address,
            &mut self.contact.place,
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
        if let Some(postcode) = normalise_postcode(&self.organisation.postcode) {
            self.organisation.postcode = postcode;
        }
        if let Ok(date) = super::parse_dutch_date(&self.costs.start_date) {
            self.costs.start_date = date;
        }
        self
    }
}

impl ChallengeSubmission {
    /// The application without answers to questions `form` does not ask (a draft may hold them from an earlier
    /// version of the form), and without an organisation address for a residents' group without legal form: only
    /// what the municipality asks is stored.
    pub fn only_asked(mut self, form: &ChallengeForm) -> Self {
        use super::ChallengeQuestion as Q;
        if !form.neighbourhood_tie {
            self.initiative.tie.clear();
        }
        if !form.asks(Q::TargetGroup) {
            self.plan.target_group.clear();
        }
        if !form.asks(Q::Execution) {
            self.plan.execution = None;
        }
        if !form.asks(Q::Duration) {
            self.costs.term_months = None;
        }
        if !form.asks(Q::Funding) {
            self.costs.funding.clear();
        }
        if !self.organisation.kind.is_some_and(OrganisationType::has_address) {
            self.organisation.address.clear();
            self.organisation.postcode.clear();
            self.organisation.place.clear();
        }
        self
    }
}

/// Whether `id` looks like an attachment id the server hands out.
pub fn is_attachment_id(id: &str) -> bool {
    id.len() == ATTACHMENT_ID_LEN && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{challenge::fixtures::*, problem::FieldErrorCode};

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
            "contact.address",
            "contact.postcode",
            "contact.place",
            "contact.authorised",
            "contact.consent",
        ];
        let required: Vec<&str> =
            names.iter().filter(|(_, code)| *code == FieldErrorCode::Required).map(|(n, _)| n.as_str()).collect();
        assert_eq!(required, expected);
        assert!(names.contains(&("fill_seconds".into(), FieldErrorCode::TooFast)));
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
}
