//! What happens to an application in the back office: ontvangen, in behandeling, besluit genomen (with an
//! outcome), one way only.

use serde::{Deserialize, Serialize};

use crate::{
    problem::{FieldError, FieldErrorCode},
    rules::{check_text, names},
};

pub const STATUS_NOTE_MAX_LEN: usize = 2000;

/// Where an application is in the back office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChallengeStatus {
    Ontvangen,
    InBehandeling,
    BesluitGenomen,
}

names!(ChallengeStatus {
    Ontvangen => "ontvangen",
    InBehandeling => "in_behandeling",
    BesluitGenomen => "besluit_genomen",
});

impl ChallengeStatus {
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
