//! The anonymous aggregate of a round: per theme, for everyone and for each role large enough to show, and what
//! a respondent gets back after submitting.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Role, Round, ThemeScore};

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
    pub by_role: BTreeMap<Role, GroupScore>,
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

/// The back office's view of a scan: the aggregate of every round, oldest first, to compare rounds per theme and
/// role. The same anonymity rules apply as in public.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuickscanReport {
    pub scan: String,
    pub rounds: Vec<Round>,
    /// One aggregate per round, in the order of `rounds`.
    pub results: Vec<QuickscanResults>,
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
