//! What happens to an application in the back office (the Awb procedure): ontvangen, in behandeling, besluit
//! genomen (with an outcome); on the way a request to complete it (aanvulling gevraagd, with a term and what is
//! missing, which suspends the decision term), and two other ends: not considered (buiten behandeling, after the
//! term passed without an answer, Awb 4:5) and withdrawn by the applicant (ingetrokken).

use serde::{Deserialize, Serialize};

use crate::{
    problem::{FieldError, FieldErrorCode},
    rules::{check_text, names},
};

pub const STATUS_NOTE_MAX_LEN: usize = 2000;
/// The longest description of what is missing.
pub const MISSING_MAX_LEN: usize = 2000;
/// The longest term to complete an application, in days from the request.
pub const SUPPLEMENT_DAYS_MAX: i64 = 26 * 7;

/// Where an application is in the back office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChallengeStatus {
    Ontvangen,
    InBehandeling,
    /// The applicant is asked to complete the application by a term; the decision term is suspended meanwhile.
    AanvullingGevraagd,
    BesluitGenomen,
    /// Not considered: the application stayed incomplete after the term (Awb 4:5). Final.
    BuitenBehandeling,
    /// Withdrawn by the applicant. Final.
    Ingetrokken,
}

names!(ChallengeStatus {
    Ontvangen => "ontvangen",
    InBehandeling => "in_behandeling",
    AanvullingGevraagd => "aanvulling_gevraagd",
    BesluitGenomen => "besluit_genomen",
    BuitenBehandeling => "buiten_behandeling",
    Ingetrokken => "ingetrokken",
});

impl ChallengeStatus {
    /// The workflow: received, being handled, decided. While it is not final, the handler may ask for a supplement
    /// (from ontvangen or in_behandeling), after which it is handled again (the answer came) or left undecided
    /// (buiten_behandeling, once the term passed); the applicant may withdraw it until it is final.
    pub fn may_become(self, next: ChallengeStatus) -> bool {
        use ChallengeStatus::*;
        matches!(
            (self, next),
            (Ontvangen, InBehandeling)
                | (Ontvangen | InBehandeling, AanvullingGevraagd)
                | (InBehandeling, BesluitGenomen)
                | (AanvullingGevraagd, InBehandeling | BuitenBehandeling)
                | (Ontvangen | InBehandeling | AanvullingGevraagd, Ingetrokken)
        )
    }

    /// Whether nothing follows this status.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ChallengeStatus::BesluitGenomen | ChallengeStatus::BuitenBehandeling | ChallengeStatus::Ingetrokken
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

names!(ChallengeOutcome {
    Toegekend => "toegekend",
    Afgewezen => "afgewezen",
});

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
    /// With `aanvulling_gevraagd` (required there, refused otherwise): the last day to complete the application,
    /// YYYY-MM-DD, after today and at most 26 weeks ahead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    /// With `aanvulling_gevraagd` (required there, refused otherwise): what is missing, in words the applicant
    /// reads in the e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
}

impl StatusChange {
    /// A change to `status` with nothing else.
    pub fn to(status: ChallengeStatus) -> StatusChange {
        StatusChange { status, outcome: None, note: None, term: None, missing: None }
    }

    /// Every reason this change is malformed on `today` (YYYY-MM-DD); whether it fits the current status is
    /// checked against the store.
    pub fn validate(&self, today: &str) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        match (self.status, self.outcome) {
            (ChallengeStatus::BesluitGenomen, None) => {
                errors.push(FieldError::new("outcome", FieldErrorCode::Required, "a decision needs an outcome"))
            }
            (ChallengeStatus::BesluitGenomen, Some(_)) | (_, None) => {}
            (_, Some(_)) => errors.push(FieldError::new(
                "outcome",
                FieldErrorCode::OutOfRange,
                "an outcome goes with besluit_genomen only",
            )),
        }
        if self.status == ChallengeStatus::AanvullingGevraagd {
            match self.term.as_deref().map(str::trim) {
                None | Some("") => {
                    errors.push(FieldError::new("term", FieldErrorCode::Required, "a request needs a term"))
                }
                Some(term) => match super::days_between(today, term) {
                    None => {
                        errors.push(FieldError::new("term", FieldErrorCode::Format, "must be a date as YYYY-MM-DD"))
                    }
                    Some(days) if days < 1 => {
                        errors.push(FieldError::new("term", FieldErrorCode::InPast, "the term must end after today"))
                    }
                    Some(days) if days > SUPPLEMENT_DAYS_MAX => errors.push(FieldError::new(
                        "term",
                        FieldErrorCode::OutOfRange,
                        "the term may be at most 26 weeks",
                    )),
                    Some(_) => {}
                },
            }
            match &self.missing {
                Some(missing) => check_text(&mut errors, "missing", missing, MISSING_MAX_LEN, true),
                None => errors.push(FieldError::new("missing", FieldErrorCode::Required, "say what is missing")),
            }
        } else {
            for (name, value) in [("term", &self.term), ("missing", &self.missing)] {
                if value.is_some() {
                    errors.push(FieldError::new(
                        name,
                        FieldErrorCode::OutOfRange,
                        crate::problem::reason!("{name} goes with aanvulling_gevraagd only"),
                    ));
                }
            }
        }
        if let Some(note) = &self.note {
            check_text(&mut errors, "note", note, STATUS_NOTE_MAX_LEN, false);
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workflow_goes_one_way_and_a_decision_has_an_outcome() {
        use ChallengeStatus::*;
        assert!(Ontvangen.may_become(InBehandeling) && InBehandeling.may_become(BesluitGenomen));
        assert!(InBehandeling.may_become(AanvullingGevraagd) && AanvullingGevraagd.may_become(InBehandeling));
        assert!(AanvullingGevraagd.may_become(BuitenBehandeling) && Ontvangen.may_become(Ingetrokken));
        for (from, to) in [
            (Ontvangen, BesluitGenomen),
            (InBehandeling, Ontvangen),
            (BesluitGenomen, InBehandeling),
            (Ontvangen, Ontvangen),
            (AanvullingGevraagd, BesluitGenomen),
            (InBehandeling, BuitenBehandeling),
            (BesluitGenomen, Ingetrokken),
            (Ingetrokken, InBehandeling),
            (BuitenBehandeling, AanvullingGevraagd),
        ] {
            assert!(!from.may_become(to), "{from:?} -> {to:?}");
        }
        assert!(
            ChallengeStatus::ALL
                .iter()
                .filter(|s| s.is_final())
                .all(|s| ChallengeStatus::ALL.iter().all(|n| !s.may_become(*n)))
        );
        let today = "2026-12-01";
        let decided = StatusChange::to(BesluitGenomen);
        assert_eq!(decided.validate(today).unwrap_err()[0].name, "outcome");
        let early = StatusChange { outcome: Some(ChallengeOutcome::Toegekend), ..StatusChange::to(InBehandeling) };
        assert_eq!(early.validate(today).unwrap_err()[0].code, FieldErrorCode::OutOfRange);
        let fine = StatusChange {
            outcome: Some(ChallengeOutcome::Afgewezen),
            note: Some("Te duur".into()),
            ..StatusChange::to(BesluitGenomen)
        };
        assert_eq!(fine.validate(today), Ok(()));
    }

    #[test]
    fn a_request_to_complete_needs_a_term_ahead_and_what_is_missing() {
        use ChallengeStatus::*;
        let today = "2026-12-01";
        let names = |change: &StatusChange| -> Vec<(String, FieldErrorCode)> {
            change.validate(today).err().unwrap_or_default().into_iter().map(|e| (e.name, e.code)).collect()
        };
        let bare = StatusChange::to(AanvullingGevraagd);
        assert_eq!(
            names(&bare),
            [("term".into(), FieldErrorCode::Required), ("missing".into(), FieldErrorCode::Required)]
        );
        let mut asked = StatusChange {
            term: Some("2026-12-01".into()),
            missing: Some("  ".into()),
            ..StatusChange::to(AanvullingGevraagd)
        };
        assert_eq!(
            names(&asked),
            [("term".into(), FieldErrorCode::InPast), ("missing".into(), FieldErrorCode::Required)]
        );
        asked.term = Some("2027-06-02".into());
        asked.missing = Some("De begroting".into());
        assert_eq!(names(&asked), [("term".into(), FieldErrorCode::OutOfRange)]);
        asked.term = Some("1-1-2027".into());
        assert_eq!(names(&asked), [("term".into(), FieldErrorCode::Format)]);
        asked.term = Some("2026-12-15".into());
        assert_eq!(asked.validate(today), Ok(()));
        let stray = StatusChange { term: Some("2026-12-15".into()), ..StatusChange::to(InBehandeling) };
        assert_eq!(names(&stray), [("term".into(), FieldErrorCode::OutOfRange)]);
    }
}
