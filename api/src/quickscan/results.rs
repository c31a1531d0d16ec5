//! The anonymous aggregate of a round: per theme, for everyone and for each role large enough to show, and what
//! a respondent gets back after submitting.

use crate::map::SortedMap;

use serde::{Deserialize, Serialize};

use super::{Role, Round, Text, ThemeScore};

/// The average of a group of respondents on one theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupScore {
    /// Respondents in this group (at least the scan's `min_group`).
    pub respondents: u32,
    /// Mean of their theme scores (1–5); absent when none of them answered this theme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Mean grade (1–10) of those who gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<f64>,
}

/// The aggregate of one theme: all respondents, and each role with enough respondents to stay anonymous.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThemeResult {
    pub theme: String,
    /// Absent while fewer than `min_group` people responded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<GroupScore>,
    /// Only roles shown in `QuickscanResults::roles`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<Role, GroupScore>))]
    pub by_role: SortedMap<Role, GroupScore>,
}

/// The public aggregate of a round. Groups smaller than `min_group` are never shown, nor any group from which a
/// hidden one could be worked out by subtraction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuickscanResults {
    pub scan: String,
    pub round: String,
    pub round_name: String,
    pub min_group: u32,
    /// All respondents in this round.
    pub respondents: u32,
    /// The roles shown separately, in the order of [`Role::ALL`].
    pub roles: Vec<Role>,
    /// Roles that responded but are not shown separately, to keep respondents anonymous.
    #[serde(default)]
    pub hidden_roles: Vec<Role>,
    pub themes: Vec<ThemeResult>,
}

/// The report of a scan for its owner, to act on: per round and theme the score of each role side by side with the
/// largest differences marked, the open answers and the chosen priorities, and round against round. The anonymity
/// rules of the public results hold here too (the figures of `results` are the public ones of each round). A quick
/// scan is not representative: `notice` says so, and every rendering of the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuickscanReport {
    pub scan: String,
    pub rounds: Vec<Round>,
    /// One aggregate per round, in the order of `rounds`.
    pub results: Vec<QuickscanResults>,
    /// The scan's title.
    #[serde(default = "Text::empty")]
    pub title: Text,
    /// That the scan is not representative, in plain words.
    #[serde(default = "Text::empty")]
    pub notice: Text,
    /// Per round, in the order of `rounds`: the themes, open answers and priorities.
    #[serde(default)]
    pub details: Vec<RoundReport>,
    /// Each round against the one before it, on the statements both asked.
    #[serde(default)]
    pub comparisons: Vec<RoundComparison>,
}

/// One round of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundReport {
    pub round: String,
    /// The themes of this round's questionnaire, in its order.
    pub themes: Vec<ThemeReport>,
    /// Per theme, how often it was picked as needing work most, most picked first; empty when the scan asks for no
    /// priorities. Counted over the same groups as the scores.
    #[serde(default)]
    pub priorities: Vec<PriorityCount>,
    /// Respondents counted in `priorities` who picked at least one theme.
    #[serde(default)]
    pub priority_respondents: u32,
}

/// One theme of a round: the figures of everyone and of each role shown, the spread between roles, and the open
/// answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThemeReport {
    pub theme: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<GroupScore>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<Role, GroupScore>))]
    pub by_role: SortedMap<Role, GroupScore>,
    /// The highest and the lowest scoring role shown, when two roles or more have a score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spread: Option<RoleSpread>,
    /// Whether this theme has one of the largest differences between roles of the round: among the three largest
    /// spreads, and at least 0.5 on the 1–5 scale.
    #[serde(default)]
    pub marked: bool,
    /// The answers to the theme's open question, in alphabetical order (never in the order they came in).
    #[serde(default)]
    pub open_answers: Vec<OpenAnswer>,
}

/// The roles furthest apart on a theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleSpread {
    pub highest: Role,
    pub lowest: Role,
    /// The highest score minus the lowest, of the figures as shown (one decimal).
    pub difference: f64,
}

/// An answer to a theme's open question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenAnswer {
    /// The respondent's role, only when that role's group is shown in the figures; absent for a role too small to
    /// show, so that a lone member's answer is not labelled with their role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    pub text: String,
}

/// How often a theme was picked as needing work most.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriorityCount {
    pub theme: String,
    /// Picked by this many of everyone (absent when the figure of everyone is not shown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<u32>,
    /// Picked by this many of each role shown.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<Role, u32>))]
    pub by_role: SortedMap<Role, u32>,
}

/// A round against the one before it (a voortgangsmeting against the nulmeting), on the statements both rounds
/// asked: a theme's score is worked out again from those statements alone, so a changed statement (a new id) does
/// not count in either round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundComparison {
    /// The earlier round's id.
    pub from: String,
    /// The later round's id.
    pub to: String,
    /// The statements both rounds asked.
    pub shared: Vec<String>,
    /// The statements only one of the two asked, left out of the comparison.
    #[serde(default)]
    pub left_out: Vec<String>,
    /// Themes both rounds have, with at least one shared statement.
    pub themes: Vec<ThemeChange>,
}

/// One theme in both rounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThemeChange {
    pub theme: String,
    /// The shared statements of this theme that count.
    pub statements: u32,
    /// Everyone, when shown in both rounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<GroupChange>,
    /// The roles shown in both rounds.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<Role, GroupChange>))]
    pub by_role: SortedMap<Role, GroupChange>,
}

/// A group's score (1–5, one decimal) on a theme's shared statements in the earlier and the later round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<f64>,
    /// `to` minus `from`, when both are there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<f64>,
}

/// What a stored response gets back: the respondent's own scores and the aggregate including them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseReceipt {
    pub scan: String,
    pub round: String,
    pub scores: Vec<ThemeScore>,
    pub results: QuickscanResults,
}
