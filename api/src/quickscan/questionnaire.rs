//! The questionnaire of a quick scan: themes of statements on the agree scale, the municipality's own questions,
//! the roles people answer in, and the rounds a scan is run in.

use crate::map::SortedMap;

use serde::{Deserialize, Serialize};

use crate::{nl::Address, rules::names};

/// The smallest group whose average may be shown: below it a respondent could be recognised.
pub const MIN_GROUP_DEFAULT: u32 = 5;

/// Who is answering; results are compared between these groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Inwoner,
    Raadslid,
    /// A member of the college: wethouder or burgemeester.
    Collegelid,
    Ambtenaar,
    Anders,
}

names!(Role {
    Inwoner => "inwoner",
    Raadslid => "raadslid",
    Collegelid => "collegelid",
    Ambtenaar => "ambtenaar",
    Anders => "anders",
});

/// An answer on the agree scale, or "weet niet / n.v.t.".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    StronglyDisagree,
    Disagree,
    Neutral,
    Agree,
    StronglyAgree,
    DontKnow,
}

// In the order a resident reads them.
names!(Agreement {
    StronglyDisagree => "strongly_disagree",
    Disagree => "disagree",
    Neutral => "neutral",
    Agree => "agree",
    StronglyAgree => "strongly_agree",
    DontKnow => "dont_know",
});

impl Agreement {
    /// 1 (strongly disagree) to 5 (strongly agree); None for "don't know", which counts for no score.
    pub fn score(self) -> Option<u8> {
        match self {
            Agreement::StronglyDisagree => Some(1),
            Agreement::Disagree => Some(2),
            Agreement::Neutral => Some(3),
            Agreement::Agree => Some(4),
            Agreement::StronglyAgree => Some(5),
            Agreement::DontKnow => None,
        }
    }
}

/// A text of the questionnaire in Dutch, and in English where it has been translated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Text {
    pub nl: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Text {
    pub fn nl(text: &str) -> Text {
        Text { nl: text.to_owned(), en: None }
    }

    /// No text (a report read from an older server has no title).
    pub fn empty() -> Text {
        Text { nl: String::new(), en: None }
    }

    /// The English text when asked for and present, else the Dutch.
    pub fn pick(&self, english: bool) -> &str {
        match (&self.en, english) {
            (Some(en), true) if !en.trim().is_empty() => en,
            _ => &self.nl,
        }
    }
}

/// A statement a respondent agrees or disagrees with, optionally worded differently for some roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Statement {
    /// Unique within the scan; answers name it.
    pub id: String,
    pub text: Text,
    /// Wording for particular roles, where that reads better than the general text.
    #[serde(default, skip_serializing_if = "SortedMap::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<Role, Text>))]
    pub by_role: SortedMap<Role, Text>,
    /// The roles asked this statement (residents are not asked how the griffie supports the council); empty: every
    /// role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
}

impl Statement {
    /// The wording this role reads.
    pub fn text_for(&self, role: Option<Role>) -> &Text {
        role.and_then(|role| self.by_role.get(&role)).unwrap_or(&self.text)
    }

    /// Whether this role is asked this statement (before a role is chosen, every statement counts).
    pub fn is_for(&self, role: Option<Role>) -> bool {
        self.roles.is_empty() || role.is_none_or(|role| self.roles.contains(&role))
    }
}

/// One step of the scan: a theme (by default an *ambitie*, a subgoal, of Democratie in Actie) and its statements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Theme {
    pub id: String,
    /// The *ambitie* (subgoal, 1–7) of Democratie in Actie this theme measures, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subgoal: Option<u8>,
    pub title: Text,
    /// One line in plain words under the title: what the theme is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<Text>,
    /// A sentence under the heading of the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<Text>,
    /// What a score on this theme means, shown with the results.
    pub explanation: Text,
    pub statements: Vec<Statement>,
    /// An open question after the statements, which a respondent may leave empty (`open_answers` of the answers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_question: Option<Text>,
}

impl Theme {
    /// The statements this role is asked, in the questionnaire's order.
    pub fn statements_for(&self, role: Option<Role>) -> impl Iterator<Item = &Statement> {
        self.statements.iter().filter(move |s| s.is_for(role))
    }
}

/// The kind of answer a question of the municipality's own takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CustomKind {
    /// The agree scale, like the statements.
    Scale,
    /// A short open answer of at most [`CUSTOM_TEXT_MAX_LEN`](super::CUSTOM_TEXT_MAX_LEN) characters.
    Text,
}

names!(CustomKind {
    Scale => "scale",
    Text => "text",
});

/// A question the municipality adds to its scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomQuestion {
    pub id: String,
    pub text: Text,
    pub kind: CustomKind,
}

/// Whether a round takes responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoundStatus {
    Open,
    Closed,
}

names!(RoundStatus {
    Open => "open",
    Closed => "closed",
});

/// A measurement round of a scan, such as "nulmeting 2026".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Round {
    pub id: String,
    pub name: String,
    pub status: RoundStatus,
    /// RFC 3339.
    pub opened_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<String>,
}

/// A quick scan as the public API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quickscan {
    pub id: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// The open round, else the latest one.
    pub round: Round,
    pub themes: Vec<Theme>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom_questions: Vec<CustomQuestion>,
    /// Whether each theme also asks for a grade from 1 to 10.
    pub grades: bool,
    /// Whether the scan asks each respondent for the themes that need work most (at most
    /// [`PRIORITIES_MAX`](super::PRIORITIES_MAX), `priorities` of the answers).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub priorities: bool,
    /// The smallest group whose average the results show.
    pub min_group: u32,
    /// Roles that answer only with an invitation code of their role (`Inspraak-Invitation`); their group results
    /// appear only after the round closes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invitation_roles: Vec<Role>,
    /// The smallest group shown per role, where it differs from `min_group`. A group smaller than `min_group`
    /// appears only after the round closes.
    #[serde(default, skip_serializing_if = "SortedMap::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<Role, u32>))]
    pub role_min_group: SortedMap<Role, u32>,
    /// How the Dutch texts address respondents unless the element says otherwise; `je` when left out. A scan
    /// for councillors and aldermen often says `u`.
    #[serde(default, skip_serializing_if = "Address::is_je")]
    pub address: Address,
}

impl Quickscan {
    pub fn is_open(&self) -> bool {
        self.round.status == RoundStatus::Open
    }

    /// Whether `role` answers only with an invitation code.
    pub fn invitation_only(&self, role: Role) -> bool {
        self.invitation_roles.contains(&role)
    }

    /// The smallest group of `role` the results show (once the round has closed, when it is below `min_group`).
    pub fn min_group_of(&self, role: Role) -> u32 {
        self.role_min_group.get(&role).copied().unwrap_or(self.min_group)
    }

    /// The theme with this id.
    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|theme| theme.id == id)
    }

    /// The theme a statement belongs to.
    pub fn theme_of(&self, statement: &str) -> Option<&Theme> {
        self.themes.iter().find(|theme| theme.statements.iter().any(|s| s.id == statement))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quickscan::fixtures::*;

    #[test]
    fn role_wording_falls_back_to_the_general_text() {
        let mut s = statement("raad-1");
        s.by_role.insert(Role::Raadslid, Text { nl: "Als raadslid…".into(), en: Some("As a councillor…".into()) });
        assert_eq!(s.text_for(Some(Role::Raadslid)).pick(true), "As a councillor…");
        assert_eq!(s.text_for(Some(Role::Inwoner)).pick(true), "raad-1");
        assert_eq!(s.text_for(None).pick(false), "raad-1");
    }
}
