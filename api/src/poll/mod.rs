//! Polls: the question a municipality asks and the counted results, with the validation of what an administrator
//! creates; a resident's vote and the rules it must meet are in `vote`.

use serde::{Deserialize, Serialize};

use crate::{nl::Address, rules::names};
#[cfg(feature = "admin")]
use crate::{
    problem::{FieldError, FieldErrorCode},
    rules::{ID_MAX_LEN, check_id, check_text, is_valid_id, parse_date_time},
};

mod context;
mod vote;

pub use context::{
    DECIDED_BY_MAX_LEN, ELIGIBILITY_MAX_LEN, FEEDBACK_MAX_LEN, IMAGE_ALT_MAX_LEN, IMAGE_CONTENT_TYPES, IMAGE_MAX_BYTES,
    IMAGE_MAX_PIXELS, IMAGE_MAX_SIDE, IMAGE_PATH_PREFIX, OPTION_DESCRIPTION_MAX_LEN, OptionImage, OutcomeKind,
    PUBLISHED_WHERE_MAX_LEN, PollFeedback, PollImage, PollOutcome, is_image_url,
};
pub use vote::{
    CodeCounts, NewCodes, VOTER_MAX_LEN, VOTER_MIN_LEN, VOTER_PATTERN, VOTING_CODE_GROUPS, VOTING_CODES_MAX,
    VoteReceipt, VoteRefusal, VoteRequest, VotingCodes, voting_code_pattern,
};

pub const QUESTION_MAX_LEN: usize = 300;
pub const DESCRIPTION_MAX_LEN: usize = 1000;
pub const OPTION_LABEL_MAX_LEN: usize = 200;
pub const OPTIONS_MIN: usize = 2;
pub const OPTIONS_MAX: usize = 20;

/// Whether a resident picks one option or several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChoiceMode {
    Single,
    Multiple,
}

names!(ChoiceMode {
    Single => "single",
    Multiple => "multiple",
});

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

names!(ResultsVisibility {
    AfterVote => "after_vote",
    AfterClose => "after_close",
    Never => "never",
});

/// Where a poll is in its open/close window, as the server sees it now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PollStatus {
    Upcoming,
    Open,
    Closed,
}

names!(PollStatus {
    Upcoming => "upcoming",
    Open => "open",
    Closed => "closed",
});

/// One answer a resident can choose; its id stays the same when the label is reworded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PollOption {
    pub id: String,
    pub label: String,
    /// A few sentences about this option, shown under its label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// An https page with more about this option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<OptionImage>,
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
    /// What happens with the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<PollOutcome>,
    /// Who may vote, as a resident reads it after "Wie mag stemmen?": e.g. "inwoners van 12 jaar en ouder".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<String>,
    /// What the municipality did with the result ("Wat hebben we gedaan?"), set after the poll closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
    /// How the Dutch texts address residents unless the element says otherwise; `je` when left out.
    #[serde(default, skip_serializing_if = "Address::is_je")]
    pub address: Address,
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
    #[serde(default)]
    pub outcome: Option<PollOutcome>,
    #[serde(default)]
    pub eligibility: Option<String>,
    /// `je` (the default) or `u`.
    #[serde(default)]
    pub address: Address,
}

fn single() -> ChoiceMode {
    ChoiceMode::Single
}

fn after_vote() -> ResultsVisibility {
    ResultsVisibility::AfterVote
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
        check_id(&mut errors, "id", &self.id);
        check_text(&mut errors, "question", &self.question, QUESTION_MAX_LEN, true);
        if let Some(description) = &self.description {
            check_text(&mut errors, "description", description, DESCRIPTION_MAX_LEN, false);
        }

        if self.options.len() < OPTIONS_MIN {
            errors.push(FieldError::new(
                "options",
                FieldErrorCode::TooFew,
                crate::problem::reason!("a poll needs at least {OPTIONS_MIN} options"),
            ));
        } else if self.options.len() > OPTIONS_MAX {
            errors.push(FieldError::new(
                "options",
                FieldErrorCode::TooMany,
                crate::problem::reason!("a poll has at most {OPTIONS_MAX} options"),
            ));
        }
        for (index, option) in self.options.iter().enumerate() {
            let id_field = crate::text::cat(&["options[", &crate::text::num(index as u64), "].id"]);
            if !is_valid_id(&option.id, ID_MAX_LEN) {
                errors.push(FieldError::new(
                    id_field,
                    FieldErrorCode::Format,
                    "option id must be 1 to 64 of a-z, 0-9 and '-'",
                ));
            } else if self.options[..index].iter().any(|earlier| earlier.id == option.id) {
                errors.push(FieldError::new(id_field, FieldErrorCode::Duplicate, "option id used twice"));
            }
            check_text(
                &mut errors,
                &crate::text::cat(&["options[", &crate::text::num(index as u64), "].label"]),
                &option.label,
                OPTION_LABEL_MAX_LEN,
                true,
            );
            context::check_option(&mut errors, index, option);
        }
        if let Some(outcome) = &self.outcome {
            context::check_outcome(&mut errors, outcome);
        }
        if let Some(eligibility) = &self.eligibility {
            check_text(&mut errors, "eligibility", eligibility, ELIGIBILITY_MAX_LEN, false);
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

        let opens = parse_date_time(&mut errors, "opens_at", self.opens_at.as_deref());
        let closes = parse_date_time(&mut errors, "closes_at", self.closes_at.as_deref());
        if let (Some(opens), Some(closes)) = (opens, closes)
            && closes <= opens
        {
            errors.push(FieldError::new("closes_at", FieldErrorCode::OutOfRange, "closes_at must be after opens_at"));
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// What the OpenAPI document says of polls and votes beyond their types.
#[cfg(feature = "openapi")]
pub(crate) fn schemas(schemas: &mut crate::schema::Schemas) {
    use serde_json::json;

    use crate::schema::{date_time, filled, id, range, text};

    let options = json!({ "minItems": OPTIONS_MIN, "maxItems": OPTIONS_MAX });
    let max_choices = range(1, OPTIONS_MAX as u64);
    schemas
        .object("PollOption")
        .field("id", id())
        .field("label", filled(OPTION_LABEL_MAX_LEN))
        .field("description", text(OPTION_DESCRIPTION_MAX_LEN))
        .field("link", crate::schema::https_url());
    for name in ["Poll", "NewPoll"] {
        schemas
            .object(name)
            .field("id", id())
            .field("question", filled(QUESTION_MAX_LEN))
            .field("description", text(DESCRIPTION_MAX_LEN))
            .field("options", options.clone())
            .says("options", "Each option id appears once.")
            .field("max_choices", max_choices.clone())
            .field("opens_at", date_time())
            .field("closes_at", date_time())
            .says("closes_at", "After opens_at, when both are given.")
            .field("eligibility", text(ELIGIBILITY_MAX_LEN));
    }
    schemas.object("Poll").field("feedback", text(FEEDBACK_MAX_LEN));
    schemas
        .object("NewPoll")
        .describes(
            "max_choices",
            "1 for single choice (or left out); for multiple choice from 2 to the number of options, by default all.",
        )
        // A single-choice poll takes no other max_choices than 1.
        .whole(json!({
            "if": { "properties": { "choice": { "const": "multiple" } }, "required": ["choice"] },
            "then": { "properties": { "max_choices": { "minimum": 2 } } },
            "else": { "properties": { "max_choices": { "enum": [1, null] } } },
        }));
    schemas.object("OptionResult").field("id", id());
    schemas.object("PollResults").field("poll", id());
    vote::schemas(schemas);
    context::schemas(schemas);
}

#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    pub fn poll(choice: ChoiceMode, max_choices: u32) -> Poll {
        Poll {
            id: "speeltuin".into(),
            question: "Welke speeltuin?".into(),
            description: None,
            options: ["park", "plein", "school"]
                .map(|id| PollOption { id: id.into(), label: id.to_uppercase(), ..Default::default() })
                .to_vec(),
            choice,
            max_choices,
            opens_at: None,
            closes_at: None,
            results: ResultsVisibility::AfterVote,
            status: PollStatus::Open,
            requires_code: false,
            outcome: None,
            eligibility: None,
            feedback: None,
            address: Address::Je,
        }
    }

    pub fn vote(choices: &[&str]) -> VoteRequest {
        VoteRequest {
            choices: choices.iter().map(|c| c.to_string()).collect(),
            voter: "k3J9-abcdefghijklmn".into(),
            code: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fixtures::poll;

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

    #[cfg(feature = "admin")]
    #[test]
    fn a_new_poll_lists_every_invalid_field() {
        let new = NewPoll {
            id: "Bad Id".into(),
            question: " ".into(),
            description: None,
            options: vec![
                PollOption { id: "a".into(), label: "A".into(), ..Default::default() },
                PollOption {
                    id: "a".into(),
                    label: "".into(),
                    link: Some("http://gemeente.example/plein".into()),
                    image: Some(OptionImage { url: "elders.png".into(), alt: " ".into(), width: None, height: None }),
                    ..Default::default()
                },
            ],
            choice: ChoiceMode::Multiple,
            max_choices: Some(5),
            opens_at: Some("2026-12-02T00:00:00Z".into()),
            closes_at: Some("2026-12-01T00:00:00Z".into()),
            results: ResultsVisibility::AfterVote,
            requires_code: false,
            outcome: Some(PollOutcome {
                kind: OutcomeKind::Advisory,
                decided_by: "".into(),
                published_on: Some("2027-02-30".into()),
                published_where: None,
            }),
            eligibility: Some("x".repeat(ELIGIBILITY_MAX_LEN + 1)),
            address: Address::U,
        };
        let names: Vec<String> = new.validate().unwrap_err().into_iter().map(|e| e.name).collect();
        assert_eq!(
            names,
            [
                "id",
                "question",
                "options[1].id",
                "options[1].label",
                "options[1].link",
                "options[1].image.url",
                "options[1].image.alt",
                "outcome.decided_by",
                "outcome.published_on",
                "eligibility",
                "max_choices",
                "closes_at"
            ]
        );
    }
}
