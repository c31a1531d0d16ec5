//! Polls: the question a municipality asks, a resident's vote, and the counted results,
//! with the validation both sides apply to what an administrator creates and what a resident sends.

use serde::{Deserialize, Serialize};

use crate::problem::{FieldError, FieldErrorCode};

/// Ids of polls and options: lower-case letters, digits and dashes, so they read well in a URL.
pub const ID_MAX_LEN: usize = 64;
pub const QUESTION_MAX_LEN: usize = 300;
pub const DESCRIPTION_MAX_LEN: usize = 1000;
pub const OPTION_LABEL_MAX_LEN: usize = 200;
pub const OPTIONS_MIN: usize = 2;
pub const OPTIONS_MAX: usize = 20;
/// The random id a browser keeps for itself: long enough not to collide, short enough to check.
pub const VOTER_MIN_LEN: usize = 16;
pub const VOTER_MAX_LEN: usize = 64;
/// A voting code: three groups of four from [`crate::codes::ALPHABET`], printed as `ABCD-EFGH-JKMN`.
pub const VOTING_CODE_GROUPS: usize = 3;
/// The most voting codes one request makes.
pub const VOTING_CODES_MAX: u32 = 10_000;

/// Whether a resident picks one option or several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChoiceMode {
    Single,
    Multiple,
}

/// When the public may see the counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResultsVisibility {
    /// A resident sees the results once they have voted; everyone once the poll has closed.
    AfterVote,
    /// Nobody sees results before the poll has closed.
    AfterClose,
    /// Results stay with the municipality (admin export only).
    Never,
}

/// Where a poll is in its open/close window, as the server sees it now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PollStatus {
    Upcoming,
    Open,
    Closed,
}

/// One answer a resident can choose; its id stays the same when the label is reworded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PollOption {
    pub id: String,
    pub label: String,
}

/// A poll as the public API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Poll {
    pub id: String,
    pub question: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub options: Vec<PollOption>,
    pub choice: ChoiceMode,
    /// 1 for single choice; for multiple choice the most options one vote may hold.
    pub max_choices: u32,
    /// RFC 3339; absent when the poll opens at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<String>,
    /// RFC 3339; absent when the poll stays open until an administrator closes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<String>,
    pub results: ResultsVisibility,
    pub status: PollStatus,
    /// Whether a vote needs one of the single-use voting codes the municipality handed out.
    #[serde(default)]
    pub requires_code: bool,
}

impl Poll {
    /// Whether the public results endpoint may answer, for someone who has or has not voted.
    pub fn results_public(&self, has_voted: bool) -> bool {
        match self.results {
            ResultsVisibility::Never => false,
            ResultsVisibility::AfterClose => self.status == PollStatus::Closed,
            ResultsVisibility::AfterVote => has_voted || self.status == PollStatus::Closed,
        }
    }
}

/// A resident's vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoteRequest {
    /// Ids of the chosen options.
    pub choices: Vec<String>,
    /// A random id the widget keeps in the browser; the server stores only a keyed hash of it.
    pub voter: String,
    /// The voting code, for a poll that requires one (any case, dashes optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl VoteRequest {
    /// Every reason this vote cannot count in `poll`, each tied to its field.
    pub fn validate(&self, poll: &Poll) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let voter_ok = (VOTER_MIN_LEN..=VOTER_MAX_LEN).contains(&self.voter.len())
            && self.voter.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if self.voter.is_empty() {
            errors.push(FieldError::new("voter", FieldErrorCode::Required, "voter is required"));
        } else if !voter_ok {
            errors.push(FieldError::new(
                "voter",
                FieldErrorCode::Format,
                format!("voter must be {VOTER_MIN_LEN} to {VOTER_MAX_LEN} letters, digits, '-' or '_'"),
            ));
        }

        if self.choices.is_empty() {
            errors.push(FieldError::new("choices", FieldErrorCode::Required, "choose at least one option"));
        } else if self.choices.len() > poll.max_choices as usize {
            errors.push(FieldError::new(
                "choices",
                FieldErrorCode::TooMany,
                format!("choose at most {} option(s)", poll.max_choices),
            ));
        }
        match (self.code.as_deref().map(str::trim).filter(|code| !code.is_empty()), poll.requires_code) {
            (None, true) => {
                errors.push(FieldError::new("code", FieldErrorCode::Required, "this poll needs a voting code"))
            }
            (Some(code), true) if crate::codes::normalise(code, VOTING_CODE_GROUPS).is_none() => {
                errors.push(FieldError::new(
                    "code",
                    FieldErrorCode::Format,
                    "a voting code is 12 letters and digits, such as ABCD-EFGH-JKMN",
                ));
            }
            (Some(_), false) => {
                errors.push(FieldError::new("code", FieldErrorCode::Unknown, "this poll takes no codes"))
            }
            _ => {}
        }
        for (index, choice) in self.choices.iter().enumerate() {
            let name = format!("choices[{index}]");
            if !poll.options.iter().any(|option| &option.id == choice) {
                errors.push(FieldError::new(name, FieldErrorCode::Unknown, "not an option of this poll"));
            } else if self.choices[..index].contains(choice) {
                errors.push(FieldError::new(name, FieldErrorCode::Duplicate, "chosen twice"));
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// The votes one option received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OptionResult {
    pub id: String,
    pub votes: u64,
}

/// The counted results of a poll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PollResults {
    pub poll: String,
    /// The number of people who voted; with multiple choice the option counts add up to more.
    pub voters: u64,
    /// One entry per option, in the poll's order.
    pub options: Vec<OptionResult>,
}

impl PollResults {
    /// The share of voters who chose `option`, in whole percent (rounded half up).
    pub fn percent(&self, option: &OptionResult) -> u64 {
        if self.voters == 0 { 0 } else { (option.votes * 200 + self.voters) / (self.voters * 2) }
    }
}

/// The answer to a vote that was stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoteReceipt {
    pub poll: String,
    /// The results, when this poll shows them to someone who has voted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results: Option<PollResults>,
}

/// A poll as an administrator creates or replaces it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPoll {
    pub id: String,
    pub question: String,
    #[serde(default)]
    pub description: Option<String>,
    pub options: Vec<PollOption>,
    #[serde(default = "single")]
    pub choice: ChoiceMode,
    /// Only for multiple choice; defaults to the number of options.
    #[serde(default)]
    pub max_choices: Option<u32>,
    #[serde(default)]
    pub opens_at: Option<String>,
    #[serde(default)]
    pub closes_at: Option<String>,
    #[serde(default = "after_vote")]
    pub results: ResultsVisibility,
    /// Whether votes need a single-use voting code (made with `POST /v1/admin/polls/{id}/codes`).
    #[serde(default)]
    pub requires_code: bool,
}

/// How many voting codes to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCodes {
    /// 1 to 10,000.
    pub count: u32,
}

/// Voting codes just made: shown this once (the server keeps only keyed hashes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VotingCodes {
    pub poll: String,
    pub codes: Vec<String>,
}

/// How many voting codes a poll has and how many were used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeCounts {
    pub poll: String,
    pub issued: u64,
    pub used: u64,
}

fn single() -> ChoiceMode {
    ChoiceMode::Single
}

fn after_vote() -> ResultsVisibility {
    ResultsVisibility::AfterVote
}

/// Whether `id` is a valid poll or option id: 1 to `max` of `a-z`, `0-9`, `-`, starting with a letter or digit.
pub fn is_valid_id(id: &str, max: usize) -> bool {
    !id.is_empty()
        && id.len() <= max
        && !id.starts_with('-')
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(feature = "admin")]
pub(crate) fn check_text(errors: &mut Vec<FieldError>, name: &str, value: &str, max: usize, required: bool) {
    if required && value.trim().is_empty() {
        errors.push(FieldError::new(name, FieldErrorCode::Required, format!("{name} is required")));
    } else if value.chars().count() > max {
        errors.push(FieldError::new(name, FieldErrorCode::TooLong, format!("{name} is longer than {max} characters")));
    }
}

impl NewPoll {
    /// The number of options one vote may hold once this poll is stored.
    pub fn effective_max_choices(&self) -> u32 {
        match self.choice {
            ChoiceMode::Single => 1,
            ChoiceMode::Multiple => self.max_choices.unwrap_or(self.options.len().try_into().unwrap_or(u32::MAX)),
        }
    }

    /// Every reason this poll cannot be stored, each tied to its field.
    #[cfg(feature = "admin")]
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if !is_valid_id(&self.id, ID_MAX_LEN) {
            errors.push(FieldError::new(
                "id",
                FieldErrorCode::Format,
                format!("id must be 1 to {ID_MAX_LEN} of a-z, 0-9 and '-', not starting with '-'"),
            ));
        }
        check_text(&mut errors, "question", &self.question, QUESTION_MAX_LEN, true);
        if let Some(description) = &self.description {
            check_text(&mut errors, "description", description, DESCRIPTION_MAX_LEN, false);
        }

        if self.options.len() < OPTIONS_MIN {
            errors.push(FieldError::new(
                "options",
                FieldErrorCode::TooFew,
                format!("a poll needs at least {OPTIONS_MIN} options"),
            ));
        } else if self.options.len() > OPTIONS_MAX {
            errors.push(FieldError::new(
                "options",
                FieldErrorCode::TooMany,
                format!("a poll has at most {OPTIONS_MAX} options"),
            ));
        }
        for (index, option) in self.options.iter().enumerate() {
            let id_field = format!("options[{index}].id");
            if !is_valid_id(&option.id, ID_MAX_LEN) {
                errors.push(FieldError::new(
                    id_field,
                    FieldErrorCode::Format,
                    "option id must be 1 to 64 of a-z, 0-9 and '-'",
                ));
            } else if self.options[..index].iter().any(|earlier| earlier.id == option.id) {
                errors.push(FieldError::new(id_field, FieldErrorCode::Duplicate, "option id used twice"));
            }
            check_text(&mut errors, &format!("options[{index}].label"), &option.label, OPTION_LABEL_MAX_LEN, true);
        }

        match (self.choice, self.max_choices) {
            (ChoiceMode::Single, Some(max)) if max != 1 => errors.push(FieldError::new(
                "max_choices",
                FieldErrorCode::OutOfRange,
                "a single-choice poll allows exactly 1 choice",
            )),
            (ChoiceMode::Multiple, Some(max)) if max < 2 || max as usize > self.options.len() => {
                errors.push(FieldError::new(
                    "max_choices",
                    FieldErrorCode::OutOfRange,
                    "max_choices must be between 2 and the number of options",
                ))
            }
            _ => {}
        }

        let opens = parse_time(&mut errors, "opens_at", self.opens_at.as_deref());
        let closes = parse_time(&mut errors, "closes_at", self.closes_at.as_deref());
        if let (Some(opens), Some(closes)) = (opens, closes)
            && closes <= opens
        {
            errors.push(FieldError::new("closes_at", FieldErrorCode::OutOfRange, "closes_at must be after opens_at"));
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

#[cfg(feature = "admin")]
fn parse_time(errors: &mut Vec<FieldError>, name: &str, value: Option<&str>) -> Option<time::OffsetDateTime> {
    let value = value?;
    match time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc3339) {
        Ok(parsed) => Some(parsed),
        Err(_) => {
            errors.push(FieldError::new(
                name,
                FieldErrorCode::Format,
                format!("{name} must be an RFC 3339 date-time such as 2026-12-01T09:00:00+01:00"),
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poll(choice: ChoiceMode, max_choices: u32) -> Poll {
        Poll {
            id: "speeltuin".into(),
            question: "Welke speeltuin?".into(),
            description: None,
            options: ["park", "plein", "school"]
                .map(|id| PollOption { id: id.into(), label: id.to_uppercase() })
                .to_vec(),
            choice,
            max_choices,
            opens_at: None,
            closes_at: None,
            results: ResultsVisibility::AfterVote,
            status: PollStatus::Open,
            requires_code: false,
        }
    }

    fn vote(choices: &[&str]) -> VoteRequest {
        VoteRequest {
            choices: choices.iter().map(|c| c.to_string()).collect(),
            voter: "k3J9-abcdefghijklmn".into(),
            code: None,
        }
    }

    #[test]
    fn a_poll_with_codes_needs_a_well_formed_code_and_others_take_none() {
        let mut with_codes = poll(ChoiceMode::Single, 1);
        with_codes.requires_code = true;
        let code_error = |vote: &VoteRequest, poll: &Poll| {
            vote.validate(poll).err().and_then(|e| e.into_iter().find(|e| e.name == "code")).map(|e| e.code)
        };
        let mut ballot = vote(&["park"]);
        assert_eq!(code_error(&ballot, &with_codes), Some(FieldErrorCode::Required));
        ballot.code = Some("  ".into());
        assert_eq!(code_error(&ballot, &with_codes), Some(FieldErrorCode::Required));
        ballot.code = Some("abcd-efgh".into());
        assert_eq!(code_error(&ballot, &with_codes), Some(FieldErrorCode::Format));
        ballot.code = Some("abcd efgh jkmn".into());
        assert_eq!(ballot.validate(&with_codes), Ok(()));
        assert_eq!(code_error(&ballot, &poll(ChoiceMode::Single, 1)), Some(FieldErrorCode::Unknown));
    }

    fn codes(result: Result<(), Vec<FieldError>>) -> Vec<(String, FieldErrorCode)> {
        result.unwrap_err().into_iter().map(|e| (e.name, e.code)).collect()
    }

    #[test]
    fn a_single_known_choice_is_valid() {
        assert_eq!(vote(&["plein"]).validate(&poll(ChoiceMode::Single, 1)), Ok(()));
    }

    #[test]
    fn each_bad_choice_is_named_by_its_position() {
        let poll = poll(ChoiceMode::Multiple, 3);
        assert_eq!(
            codes(vote(&["park", "strand", "park"]).validate(&poll)),
            vec![("choices[1]".into(), FieldErrorCode::Unknown), ("choices[2]".into(), FieldErrorCode::Duplicate)]
        );
    }

    #[test]
    fn too_many_or_no_choices_are_refused() {
        assert_eq!(
            codes(vote(&["park", "plein"]).validate(&poll(ChoiceMode::Single, 1))),
            vec![("choices".into(), FieldErrorCode::TooMany)]
        );
        assert_eq!(
            codes(vote(&[]).validate(&poll(ChoiceMode::Single, 1))),
            vec![("choices".into(), FieldErrorCode::Required)]
        );
    }

    #[test]
    fn a_voter_id_must_be_long_random_and_url_safe() {
        let poll = poll(ChoiceMode::Single, 1);
        for bad in ["short", "has spaces in it, sadly", &"x".repeat(65)] {
            let mut request = vote(&["park"]);
            request.voter = bad.into();
            assert_eq!(codes(request.validate(&poll)), vec![("voter".into(), FieldErrorCode::Format)]);
        }
        let mut request = vote(&["park"]);
        request.voter.clear();
        assert_eq!(codes(request.validate(&poll)), vec![("voter".into(), FieldErrorCode::Required)]);
    }

    #[test]
    fn results_visibility_follows_the_poll_setting() {
        let mut p = poll(ChoiceMode::Single, 1);
        assert!(!p.results_public(false) && p.results_public(true));
        p.results = ResultsVisibility::AfterClose;
        assert!(!p.results_public(true));
        p.status = PollStatus::Closed;
        assert!(p.results_public(false));
        p.results = ResultsVisibility::Never;
        assert!(!p.results_public(true));
    }

    #[test]
    fn percentages_are_of_voters_and_round_half_up() {
        let results = PollResults {
            poll: "p".into(),
            voters: 3,
            options: vec![OptionResult { id: "a".into(), votes: 2 }, OptionResult { id: "b".into(), votes: 1 }],
        };
        assert_eq!(results.percent(&results.options[0]), 67);
        assert_eq!(results.percent(&results.options[1]), 33);
        let empty = PollResults { poll: "p".into(), voters: 0, options: vec![] };
        assert_eq!(empty.percent(&OptionResult { id: "a".into(), votes: 0 }), 0);
    }

    #[test]
    fn ids_are_lowercase_url_words() {
        assert!(is_valid_id("speeltuin-2026", ID_MAX_LEN));
        for bad in ["", "-x", "Speeltuin", "a b", "é"] {
            assert!(!is_valid_id(bad, ID_MAX_LEN), "{bad:?}");
        }
    }

    #[cfg(feature = "admin")]
    #[test]
    fn a_new_poll_lists_every_invalid_field() {
        let new = NewPoll {
            id: "Bad Id".into(),
            question: " ".into(),
            description: None,
            options: vec![
                PollOption { id: "a".into(), label: "A".into() },
                PollOption { id: "a".into(), label: "".into() },
            ],
            choice: ChoiceMode::Multiple,
            max_choices: Some(5),
            opens_at: Some("2026-12-02T00:00:00Z".into()),
            closes_at: Some("2026-12-01T00:00:00Z".into()),
            results: ResultsVisibility::AfterVote,
            requires_code: false,
        };
        let names: Vec<String> = new.validate().unwrap_err().into_iter().map(|e| e.name).collect();
        assert_eq!(names, ["id", "question", "options[1].id", "options[1].label", "max_choices", "closes_at"]);
    }
}
