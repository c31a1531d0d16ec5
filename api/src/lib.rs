//! The types of Inspraak API v1 and the rules that decide what is valid.
//! Both the widgets and the reference server use this crate, so both accept and reject exactly the same things.

pub mod admin;
pub mod challenge;
pub mod codes;
pub mod map;
pub mod nl;
pub mod poll;
pub mod problem;
pub mod progress;
pub mod quickscan;
pub mod rules;
#[cfg(feature = "openapi")]
pub mod schema;
pub mod text;

pub use admin::{
    Account, AccountChange, AccountRole, AuditEntry, IssuedSecret, Login, NewAccount, NewPassword, SessionInfo,
};
pub use challenge::{
    ChallengeAttachment, ChallengeForm, ChallengeOutcome, ChallengeReceipt, ChallengeStatus, ChallengeStep,
    ChallengeSubmission, ChallengeTask, NewChallengeForm, OrganisationType, StatusChange,
};
pub use map::SortedMap;
pub use nl::Address;
pub use poll::{
    ChoiceMode, CodeCounts, NewCodes, NewPoll, OptionResult, Poll, PollOption, PollResults, PollStatus,
    ResultsVisibility, VoteReceipt, VoteRefusal, VoteRequest, VotingCodes,
};
pub use poll::{OptionImage, OutcomeKind, PollFeedback, PollImage, PollOutcome};
pub use problem::{FieldError, FieldErrorCode, Problem, ProblemKind};
pub use progress::{
    MunicipalityProgress, NewMeasurement, PreviousMeasurement, RecordProgress, SubgoalProgress, SubgoalStatus,
};
pub use quickscan::{
    Agreement, CustomAnswer, CustomKind, CustomQuestion, DraftCode, GroupScore, NewQuickscan, NewRound, Quickscan,
    QuickscanAnswers, QuickscanReport, QuickscanResults, ResponseReceipt, Role, Round, RoundStatus, SaveDraft,
    SavedDraft, Statement, Text, Theme, ThemeResult, ThemeScore,
};

/// The version of this API, sent in the `API-Version` header of every response.
pub const API_VERSION: &str = "1.0.0";

#[cfg(test)]
mod tests {
    use super::*;

    /// `names!` and serde name every variant apart; they must agree, or the database and the API would differ.
    fn names_are_the_json_names<T: serde::Serialize + Copy + PartialEq + std::fmt::Debug>(
        all: &[T],
        as_str: fn(T) -> &'static str,
        from_name: fn(&str) -> Option<T>,
    ) {
        for &variant in all {
            assert_eq!(serde_json::to_value(variant).unwrap(), as_str(variant), "{variant:?}");
            assert_eq!(from_name(as_str(variant)), Some(variant));
        }
        assert_eq!(from_name("no such name"), None);
    }

    #[test]
    fn every_named_enum_names_its_variants_as_json_does() {
        use challenge::{ApplicantType, ChallengeQuestion, Execution};
        names_are_the_json_names(&ChoiceMode::ALL, ChoiceMode::as_str, ChoiceMode::from_name);
        names_are_the_json_names(&ResultsVisibility::ALL, ResultsVisibility::as_str, ResultsVisibility::from_name);
        names_are_the_json_names(&PollStatus::ALL, PollStatus::as_str, PollStatus::from_name);
        names_are_the_json_names(&FieldErrorCode::ALL, FieldErrorCode::as_str, FieldErrorCode::from_name);
        names_are_the_json_names(&SubgoalStatus::ALL, SubgoalStatus::as_str, SubgoalStatus::from_name);
        names_are_the_json_names(&Role::ALL, Role::as_str, Role::from_name);
        names_are_the_json_names(&Agreement::ALL, Agreement::as_str, Agreement::from_name);
        names_are_the_json_names(&ChallengeStep::ALL, ChallengeStep::as_str, ChallengeStep::from_name);
        names_are_the_json_names(&OrganisationType::ALL, OrganisationType::as_str, OrganisationType::from_name);
        names_are_the_json_names(&ChallengeStatus::ALL, ChallengeStatus::as_str, ChallengeStatus::from_name);
        names_are_the_json_names(&ChallengeOutcome::ALL, ChallengeOutcome::as_str, ChallengeOutcome::from_name);
        names_are_the_json_names(&AccountRole::ALL, AccountRole::as_str, AccountRole::from_name);
        names_are_the_json_names(&OutcomeKind::ALL, OutcomeKind::as_str, OutcomeKind::from_name);
        names_are_the_json_names(&Address::ALL, Address::as_str, Address::from_name);
        names_are_the_json_names(&CustomKind::ALL, CustomKind::as_str, CustomKind::from_name);
        names_are_the_json_names(&RoundStatus::ALL, RoundStatus::as_str, RoundStatus::from_name);
        names_are_the_json_names(&ApplicantType::ALL, ApplicantType::as_str, ApplicantType::from_name);
        names_are_the_json_names(&ChallengeQuestion::ALL, ChallengeQuestion::as_str, ChallengeQuestion::from_name);
        names_are_the_json_names(&Execution::ALL, Execution::as_str, Execution::from_name);
    }
}
