//! The seven steps of an application and the rules of each: what the widget checks when a field is left and on
//! "Volgende", and what the server checks again, step by step, on submit.

use serde::{Deserialize, Serialize};

use super::*;
use crate::{
    nl::{AmountError, normalise_phone, normalise_postcode, parse_euro_cents, valid_email, valid_kvk},
    problem::{FieldError, FieldErrorCode},
    rules::{check_text, is_calendar_date, names},
};

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

names!(ChallengeStep {
    Initiative => "initiative",
    Plan => "plan",
    Organisation => "organisation",
    Support => "support",
    Costs => "costs",
    Cooperation => "cooperation",
    Contact => "contact",
});

impl ChallengeStep {
    /// The step a field name (as in [`FieldError::name`]) belongs to; None for the anti-abuse fields. A step's
    /// name is its key in the body, and the first part of its fields' names (`contact.postcode`).
    pub fn of_field(name: &str) -> Option<ChallengeStep> {
        ChallengeStep::from_name(name.split(['.', '[']).next()?)
    }
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
                check_text(e, "initiative.title", &i.title, TITLE_MAX_LEN, true);
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
                    check_text(e, "initiative.task_other", &i.task_other, SHORT_TEXT_MAX_LEN, true);
                }
                check_text(e, "initiative.area", &i.area, SHORT_TEXT_MAX_LEN, true);
                if form.neighbourhood_tie {
                    check_text(e, "initiative.tie", &i.tie, LONG_TEXT_MAX_LEN, true);
                }
            }
            ChallengeStep::Plan => {
                check_text(e, "plan.what", &self.plan.what, LONG_TEXT_MAX_LEN, true);
                check_text(e, "plan.why_better", &self.plan.why_better, LONG_TEXT_MAX_LEN, true);
                check_text(e, "plan.social_value", &self.plan.social_value, LONG_TEXT_MAX_LEN, true);
                if form.asks(ChallengeQuestion::TargetGroup) {
                    check_text(e, "plan.target_group", &self.plan.target_group, LONG_TEXT_MAX_LEN, true);
                }
                if form.asks(ChallengeQuestion::Execution) && self.plan.execution.is_none() {
                    e.push(FieldError::new(
                        "plan.execution",
                        FieldErrorCode::Required,
                        "say whether the group does the task itself or has it done",
                    ));
                }
            }
            ChallengeStep::Organisation => {
                let o = &self.organisation;
                check_text(e, "organisation.name", &o.name, SHORT_TEXT_MAX_LEN, true);
                match o.kind {
                    None => e.push(FieldError::new(
                        "organisation.type",
                        FieldErrorCode::Required,
                        "choose the type of initiative",
                    )),
                    Some(kind) if !kind.accepted_by(form) => e.push(FieldError::new(
                        "organisation.type",
                        FieldErrorCode::OutOfRange,
                        "this municipality does not accept applications from this kind of group",
                    )),
                    Some(OrganisationType::Anders) => {
                        check_text(e, "organisation.type_other", &o.type_other, SHORT_TEXT_MAX_LEN, true)
                    }
                    Some(_) => {}
                }
                if !o.kvk.trim().is_empty() && !valid_kvk(&o.kvk) {
                    e.push(FieldError::new("organisation.kvk", FieldErrorCode::Format, "a KvK number is 8 digits"));
                }
                check_text(e, "organisation.experience", &o.experience, LONG_TEXT_MAX_LEN, true);
                if o.kind.is_some_and(OrganisationType::has_address) {
                    check_text(e, "organisation.address", &o.address, SHORT_TEXT_MAX_LEN, true);
                    postcode(e, "organisation.postcode", &o.postcode);
                    check_text(e, "organisation.place", &o.place, SHORT_TEXT_MAX_LEN, true);
                }
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
                        crate::problem::reason!("supporters must be 1 to {SUPPORTERS_MAX}"),
                    )),
                    Some(_) => {}
                }
                check_text(e, "support.how_shown", &s.how_shown, LONG_TEXT_MAX_LEN, true);
                if s.attachments.len() > form.max_attachments as usize {
                    e.push(FieldError::new(
                        "support.attachments",
                        FieldErrorCode::TooMany,
                        crate::problem::reason!("at most {} attachment(s)", form.max_attachments),
                    ));
                }
                for (index, id) in s.attachments.iter().enumerate() {
                    let name = crate::text::cat(&["support.attachments[", &crate::text::num(index as u64), "]"]);
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
                start_date(e, &c.start_date, today, form.lead_weeks);
                match c.term_months {
                    None if form.asks(ChallengeQuestion::Duration) => e.push(FieldError::new(
                        "costs.term_months",
                        FieldErrorCode::Required,
                        "say for how many months",
                    )),
                    Some(n) if !(1..=TERM_MONTHS_MAX).contains(&n) => e.push(FieldError::new(
                        "costs.term_months",
                        FieldErrorCode::OutOfRange,
                        crate::problem::reason!("term_months must be 1 to {TERM_MONTHS_MAX}"),
                    )),
                    _ => {}
                }
                if form.asks(ChallengeQuestion::Funding) {
                    check_text(e, "costs.funding", &c.funding, LONG_TEXT_MAX_LEN, true);
                }
            }
            ChallengeStep::Cooperation => {
                let c = &self.cooperation;
                check_text(e, "cooperation.support_needed", &c.support_needed, LONG_TEXT_MAX_LEN, true);
                check_text(e, "cooperation.quality", &c.quality, LONG_TEXT_MAX_LEN, true);
                check_text(e, "cooperation.continuity", &c.continuity, LONG_TEXT_MAX_LEN, true);
            }
            ChallengeStep::Contact => {
                let c = &self.contact;
                check_text(e, "contact.name", &c.name, NAME_MAX_LEN, true);
                if c.email.trim().is_empty() {
                    e.push(FieldError::new("contact.email", FieldErrorCode::Required, "email is required"));
                } else if !valid_email(&c.email) {
                    e.push(FieldError::new("contact.email", FieldErrorCode::Format, "not an e-mail address"));
                }
                if !c.phone.trim().is_empty() && normalise_phone(&c.phone).is_none() {
                    e.push(FieldError::new("contact.phone", FieldErrorCode::Format, "not a Dutch phone number"));
                }
                check_text(e, "contact.address", &c.address, SHORT_TEXT_MAX_LEN, true);
                postcode(e, "contact.postcode", &c.postcode);
                check_text(e, "contact.place", &c.place, SHORT_TEXT_MAX_LEN, true);
                if !c.authorised {
                    e.push(FieldError::new(
                        "contact.authorised",
                        FieldErrorCode::Required,
                        "state that you may apply on behalf of the group",
                    ));
                }
                if !c.consent {
                    e.push(FieldError::new(
                        "contact.consent",
                        FieldErrorCode::Required,
                        "state that you have read the privacy statement",
                    ));
                }
            }
        }
        errors
    }
}

fn amount(errors: &mut Vec<FieldError>, name: &str, value: &str) -> Option<u64> {
    if value.chars().count() > AMOUNT_MAX_LEN {
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

fn postcode(errors: &mut Vec<FieldError>, name: &str, value: &str) {
    if value.trim().is_empty() {
        errors.push(FieldError::new(name, FieldErrorCode::Required, "postcode is required"));
    } else if normalise_postcode(value).is_none() {
        errors.push(FieldError::new(name, FieldErrorCode::Format, "a postcode is like 1234 AB"));
    }
}

/// The earliest start date a form allows when submitted on `today`: `lead_weeks` whole weeks later.
pub fn earliest_start(today: &str, lead_weeks: u32) -> String {
    super::add_days(today, i64::from(lead_weeks) * 7).unwrap_or_else(|| today.to_owned())
}

fn start_date(errors: &mut Vec<FieldError>, date: &str, today: &str, lead_weeks: u32) {
    let name = "costs.start_date";
    if date.trim().is_empty() {
        errors.push(FieldError::new(name, FieldErrorCode::Required, "the start date is required"));
    } else if !is_calendar_date(date) {
        errors.push(FieldError::new(name, FieldErrorCode::Format, "must be a date as YYYY-MM-DD"));
    } else if date < today {
        errors.push(FieldError::new(name, FieldErrorCode::InPast, "the start date is in the past"));
    } else if date < earliest_start(today, lead_weeks).as_str() {
        errors.push(FieldError::new(
            name,
            FieldErrorCode::TooSoon,
            crate::problem::reason!("this form asks at least {lead_weeks} weeks between the application and the start"),
        ));
    } else if year(date) > year(today).saturating_add(START_YEARS_AHEAD_MAX) {
        errors.push(FieldError::new(
            name,
            FieldErrorCode::OutOfRange,
            crate::problem::reason!("the start date is more than {START_YEARS_AHEAD_MAX} years ahead"),
        ));
    }
}

fn year(date: &str) -> u32 {
    date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::challenge::fixtures::*;

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
    fn a_kvk_number_is_optional_but_eight_digits() {
        let mut s = valid();
        s.organisation.kvk = "123".into();
        assert_eq!(fields(s.validate(&form(), TODAY)), [("organisation.kvk".into(), FieldErrorCode::Format)]);
        s.organisation.kvk = "  ".into();
        assert_eq!(s.validate(&form(), TODAY), Ok(()));
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
    fn the_form_decides_who_may_apply_and_which_questions_are_asked() {
        let mut strict = form();
        strict.applicant_types = vec![ApplicantType::Rechtspersoon];
        strict.neighbourhood_tie = true;
        strict.questions =
            vec![ChallengeQuestion::TargetGroup, ChallengeQuestion::Funding, ChallengeQuestion::Execution];
        let mut s = valid();
        s.organisation.kind = Some(OrganisationType::Bewonersgroep);
        assert_eq!(
            fields(s.validate(&strict, TODAY)),
            [
                ("initiative.tie".into(), FieldErrorCode::Required),
                ("plan.target_group".into(), FieldErrorCode::Required),
                ("plan.execution".into(), FieldErrorCode::Required),
                ("organisation.type".into(), FieldErrorCode::OutOfRange),
                ("costs.funding".into(), FieldErrorCode::Required),
            ]
        );
        // "anders" only where every kind of group may apply.
        s.organisation.kind = Some(OrganisationType::Anders);
        s.organisation.type_other = "Een school".into();
        assert!(fields(s.validate(&strict, TODAY)).contains(&("organisation.type".into(), FieldErrorCode::OutOfRange)));
        assert_eq!(s.validate(&form(), TODAY), Ok(()));
        // What the form does not ask is not needed, and not kept.
        let mut answered = valid();
        answered.organisation.kind = Some(OrganisationType::Stichting);
        answered.initiative.tie = "Wij wonen er".into();
        answered.plan.target_group = "Buren".into();
        answered.plan.execution = Some(Execution::LatenDoen);
        answered.costs.funding = "Eigen uren".into();
        assert_eq!(answered.validate(&strict, TODAY), Ok(()), "term_months is not asked, so not needed either");
        let kept = answered.clone().only_asked(&form());
        assert_eq!(
            (kept.initiative.tie.as_str(), kept.plan.target_group.as_str(), kept.plan.execution),
            ("", "", None)
        );
        assert_eq!((kept.costs.funding.as_str(), kept.costs.term_months), ("", Some(24)));
        let kept = answered.only_asked(&strict);
        assert_eq!((kept.costs.term_months, kept.plan.execution), (None, Some(Execution::LatenDoen)));
    }

    #[test]
    fn an_organisation_gives_its_address_and_the_applicant_signs() {
        let mut s = valid();
        s.organisation.address.clear();
        s.organisation.postcode = "12345".into();
        s.contact.place = " ".into();
        s.contact.authorised = false;
        assert_eq!(
            fields(s.validate(&form(), TODAY)),
            [
                ("organisation.address".into(), FieldErrorCode::Required),
                ("organisation.postcode".into(), FieldErrorCode::Format),
                ("contact.place".into(), FieldErrorCode::Required),
                ("contact.authorised".into(), FieldErrorCode::Required),
            ]
        );
        // A residents' group without legal form has no address of its own; none is stored.
        s.organisation.kind = Some(OrganisationType::Bewonersgroep);
        s.contact.place = "Voorbeeld".into();
        s.contact.authorised = true;
        assert_eq!(s.validate(&form(), TODAY), Ok(()));
        assert_eq!(s.only_asked(&form()).organisation.postcode, "");
        assert_eq!(valid().normalised().organisation.postcode, "1234 AB");
    }

    #[test]
    fn a_minimum_lead_time_names_the_earliest_start() {
        let mut lead = form();
        lead.lead_weeks = 18;
        assert_eq!(earliest_start(TODAY, 18), "2027-04-05");
        let mut s = valid();
        for (date, code) in [
            ("2027-04-04", Some(FieldErrorCode::TooSoon)),
            ("2027-04-05", None),
            ("2026-11-29", Some(FieldErrorCode::InPast)),
        ] {
            s.costs.start_date = date.into();
            assert_eq!(fields(s.validate(&lead, TODAY)).first().map(|(_, c)| *c), code, "{date}");
        }
        // The date typed the Dutch way is stored as YYYY-MM-DD; on the wire only YYYY-MM-DD is a date.
        s.costs.start_date = "5-4-2027".into();
        assert_eq!(fields(s.validate(&lead, TODAY)), [("costs.start_date".into(), FieldErrorCode::Format)]);
        assert_eq!(s.normalised().costs.start_date, "2027-04-05");
    }

    #[test]
    fn a_form_stored_before_the_verordening_settings_reads_as_it_worked() {
        let old: ChallengeForm = serde_json::from_value(serde_json::json!({
            "id": "oud", "municipality": "Gemeente Oud", "tasks": [{"id": "groen", "label": "Groen"}],
            "free_text_task": true, "decision_weeks": 8, "privacy_url": "https://oud.nl/privacy",
            "retention_days": 730, "contact_email": "a@oud.nl", "max_attachment_bytes": 1024, "max_attachments": 1
        }))
        .unwrap();
        assert_eq!(old.applicant_types, ApplicantType::ALL);
        assert_eq!((old.neighbourhood_tie, old.lead_weeks, old.status_mail), (false, 0, false));
        assert_eq!(old.questions, [ChallengeQuestion::Duration]);
        assert_eq!(old.tasks[0].cost, "");
        assert!(OrganisationType::ALL.iter().all(|kind| kind.accepted_by(&old)));
    }
}
