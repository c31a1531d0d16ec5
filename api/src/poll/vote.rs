//! A resident's vote and the rules that decide whether it counts: the poll must be open, the vote valid for its
//! options, the voter new to the poll and a voting code unused. The server applies them when it stores a vote; a
//! widget can apply the first two before it sends one.

use serde::{Deserialize, Serialize};

use super::{Poll, PollResults, PollStatus};
use crate::problem::{FieldError, FieldErrorCode, ProblemKind};

/// The random id a browser keeps for itself: long enough not to collide, short enough to check.
pub const VOTER_MIN_LEN: usize = 16;
pub const VOTER_MAX_LEN: usize = 64;
/// What a voter id is made of (its length is the schema's minLength and maxLength).
pub const VOTER_PATTERN: &str = "^[A-Za-z0-9_-]+$";
/// A voting code: three groups of four from [`crate::codes::ALPHABET`], printed as `ABCD-EFGH-JKMN`.
pub const VOTING_CODE_GROUPS: usize = 3;

/// What a voting code may be where one is read (the vote's `code`, the `Inspraak-Code` header): empty (no code),
/// or a code of [`VOTING_CODE_GROUPS`] groups however it was typed.
pub fn voting_code_pattern() -> String {
    format!("^[{}]*$|{}", crate::rules::whitespace!(), crate::codes::pattern(VOTING_CODE_GROUPS))
}
/// The most voting codes one request makes.
pub const VOTING_CODES_MAX: u32 = 10_000;

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
                crate::problem::reason!("voter must be {VOTER_MIN_LEN} to {VOTER_MAX_LEN} letters, digits, '-' or '_'"),
            ));
        }

        if self.choices.is_empty() {
            errors.push(FieldError::new("choices", FieldErrorCode::Required, "choose at least one option"));
        } else if self.choices.len() > poll.max_choices as usize {
            errors.push(FieldError::new(
                "choices",
                FieldErrorCode::TooMany,
                crate::problem::reason!("choose at most {} option(s)", poll.max_choices),
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
            let name = crate::text::cat(&["choices[", &crate::text::num(index as u64), "]"]);
            if !poll.options.iter().any(|option| &option.id == choice) {
                errors.push(FieldError::new(name, FieldErrorCode::Unknown, "not an option of this poll"));
            } else if self.choices[..index].contains(choice) {
                errors.push(FieldError::new(name, FieldErrorCode::Duplicate, "chosen twice"));
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// Why a vote is not counted; the server answers each with a problem of [`kind`](Self::kind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoteRefusal {
    /// The poll opens later (see `opens_at`).
    NotOpenYet,
    /// The poll has closed.
    Closed,
    /// The vote does not fit the poll; each field is named.
    Invalid(Vec<FieldError>),
    /// This browser (its voter id) has voted in this poll.
    AlreadyVoted,
    /// The voting code has been used.
    CodeUsed,
    /// The voting code is not one of this poll's.
    UnknownCode,
}

impl VoteRefusal {
    /// The refusal of a code that no vote could claim: used when the poll has it, else unknown.
    pub fn for_unclaimed_code(poll_has_it: bool) -> VoteRefusal {
        if poll_has_it { VoteRefusal::CodeUsed } else { VoteRefusal::UnknownCode }
    }

    /// The problem type of the answer.
    pub fn kind(&self) -> ProblemKind {
        match self {
            VoteRefusal::NotOpenYet | VoteRefusal::Closed => ProblemKind::PollNotOpen,
            VoteRefusal::AlreadyVoted | VoteRefusal::CodeUsed => ProblemKind::AlreadyVoted,
            VoteRefusal::Invalid(_) | VoteRefusal::UnknownCode => ProblemKind::InvalidInput,
        }
    }

    /// The title and the sentence of the answer, for the refusals that name no field.
    pub fn words(&self) -> Option<(&'static str, &'static str)> {
        match self {
            VoteRefusal::NotOpenYet => Some(("Poll not open yet", "This poll does not take votes yet; see opens_at.")),
            VoteRefusal::Closed => Some(("Poll closed", "This poll has closed and takes no more votes.")),
            VoteRefusal::AlreadyVoted => Some(("Already voted", "This browser has already voted in this poll.")),
            VoteRefusal::CodeUsed => Some(("Code used", "This voting code has been used.")),
            VoteRefusal::Invalid(_) | VoteRefusal::UnknownCode => None,
        }
    }

    /// The invalid fields, for the refusals that name them.
    pub fn into_fields(self) -> Vec<FieldError> {
        match self {
            VoteRefusal::Invalid(fields) => fields,
            VoteRefusal::UnknownCode => {
                vec![FieldError::new("code", FieldErrorCode::Unknown, "not a voting code of this poll")]
            }
            _ => Vec::new(),
        }
    }
}

impl Poll {
    /// Whether `vote` may go into this poll as it stands: the poll is open and the vote fits it. Whether its voter
    /// or code was seen before only the store can tell.
    pub fn accepts(&self, vote: &VoteRequest) -> Result<(), VoteRefusal> {
        match self.status {
            PollStatus::Open => vote.validate(self).map_err(VoteRefusal::Invalid),
            PollStatus::Upcoming => Err(VoteRefusal::NotOpenYet),
            PollStatus::Closed => Err(VoteRefusal::Closed),
        }
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

/// How many voting codes to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCodes {
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

/// What the OpenAPI document says of votes and voting codes beyond their types.
#[cfg(feature = "openapi")]
pub(crate) fn schemas(schemas: &mut crate::schema::Schemas) {
    use serde_json::json;

    use crate::schema::{id, range};

    let voter = json!({ "minLength": VOTER_MIN_LEN, "maxLength": VOTER_MAX_LEN, "pattern": VOTER_PATTERN });
    let code = voting_code_pattern();
    schemas
        .object("VoteRequest")
        .field("choices", json!({ "minItems": 1, "uniqueItems": true }))
        .items("choices", id())
        .says("choices", "Option ids of the poll, at most its max_choices.")
        .field("voter", voter)
        .field("code", json!({ "pattern": code }))
        .says("code", "Needed when the poll's requires_code is true, and refused when it is false.");
    schemas.object("VoteReceipt").field("poll", id());
    schemas
        .object("NewCodes")
        .field("count", range(1, VOTING_CODES_MAX.into()))
        .describes("count", "How many codes to make.");
    schemas
        .object("VotingCodes")
        .field("poll", id())
        .items("codes", json!({ "pattern": crate::codes::pattern(VOTING_CODE_GROUPS) }));
    schemas.object("CodeCounts").field("poll", id());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::poll::{ChoiceMode, fixtures::*};

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
    fn the_voter_pattern_and_lengths_accept_what_the_check_accepts() {
        let pattern = regex::Regex::new(VOTER_PATTERN).unwrap();
        let poll = poll(ChoiceMode::Single, 1);
        for voter in [
            "k3J9-abcdefghijklmn",
            "a_b-c".repeat(4).as_str(),
            "short",
            "has spaces in it, sadly",
            "é".repeat(16).as_str(),
        ] {
            let mut request = vote(&["park"]);
            request.voter = voter.into();
            let length = (VOTER_MIN_LEN..=VOTER_MAX_LEN).contains(&voter.chars().count());
            assert_eq!(pattern.is_match(voter) && length, request.validate(&poll).is_ok(), "{voter:?}");
        }
    }

    #[test]
    fn only_an_open_poll_accepts_a_valid_vote() {
        let mut open = poll(ChoiceMode::Single, 1);
        assert_eq!(open.accepts(&vote(&["park"])), Ok(()));
        let refused = open.accepts(&vote(&["strand"])).unwrap_err();
        assert_eq!(refused.kind(), ProblemKind::InvalidInput);
        assert_eq!(refused.into_fields()[0].name, "choices[0]");
        open.status = PollStatus::Upcoming;
        assert_eq!(open.accepts(&vote(&["strand"])), Err(VoteRefusal::NotOpenYet), "not open comes first");
        open.status = PollStatus::Closed;
        let closed = open.accepts(&vote(&["park"])).unwrap_err();
        assert_eq!((closed.kind(), closed.words().map(|w| w.0)), (ProblemKind::PollNotOpen, Some("Poll closed")));
    }

    #[test]
    fn a_code_no_vote_could_claim_is_used_when_the_poll_has_it() {
        assert_eq!(VoteRefusal::for_unclaimed_code(true), VoteRefusal::CodeUsed);
        assert_eq!(VoteRefusal::CodeUsed.kind(), ProblemKind::AlreadyVoted);
        let unknown = VoteRefusal::for_unclaimed_code(false);
        assert_eq!(unknown.words(), None);
        assert_eq!(unknown.into_fields()[0].code, FieldErrorCode::Unknown);
    }
}
