//! The types of Inspraak API v1 and the rules that decide what is valid.
//! Both the widgets and the reference server use this crate, so both accept and reject exactly the same things.

pub mod challenge;
pub mod codes;
pub mod poll;
pub mod problem;
pub mod progress;
pub mod quickscan;

pub use challenge::{
    ChallengeAttachment, ChallengeForm, ChallengeOutcome, ChallengeReceipt, ChallengeStatus, ChallengeStep,
    ChallengeSubmission, ChallengeTask, NewChallengeForm, OrganisationType, StatusChange,
};
pub use poll::{
    ChoiceMode, CodeCounts, NewCodes, NewPoll, OptionResult, Poll, PollOption, PollResults, PollStatus,
    ResultsVisibility, VoteReceipt, VoteRequest, VotingCodes,
};
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
