//! What an administrator creates: a scan (with the shipped questionnaire or its own) and the rounds it runs in,
//! with the rules both must meet.

use serde::{Deserialize, Serialize};

use crate::map::SortedMap;

#[cfg(feature = "admin")]
use super::Statement;
use super::{CustomQuestion, MIN_GROUP_DEFAULT, Role, Text, Theme};
use crate::nl::Address;
#[cfg(feature = "admin")]
use crate::{
    problem::{FieldError, FieldErrorCode},
    rules::{ID_MAX_LEN, check_text, is_valid_id},
};

pub const TITLE_MAX_LEN: usize = 200;
pub const TEXT_MAX_LEN: usize = 1000;
pub const THEMES_MAX: usize = 12;
pub const STATEMENTS_MAX: usize = 10;
/// The municipality's own questions per scan.
pub const CUSTOM_QUESTIONS_MAX: usize = 4;
pub const MIN_GROUP_RANGE: std::ops::RangeInclusive<u32> = 2..=100;

/// A new round as an administrator opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewRound {
    pub id: String,
    /// E.g. "nulmeting 2026".
    pub name: String,
    /// A new version of the questionnaire for this round; without it the round asks what the round before asked.
    /// A statement whose wording changes gets a new id: the report compares rounds on the statements they share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub themes: Option<Vec<Theme>>,
}

/// A quick scan as an administrator creates it. Without `themes` it gets the questionnaire shipped with the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewQuickscan {
    pub id: String,
    pub title: Text,
    #[serde(default)]
    pub description: Option<Text>,
    /// The first round, opened at once. Its questionnaire is the scan's `themes`; the round's own `themes` may
    /// give it instead (not both).
    pub round: NewRound,
    #[serde(default)]
    pub themes: Option<Vec<Theme>>,
    #[serde(default)]
    pub custom_questions: Vec<CustomQuestion>,
    #[serde(default = "yes")]
    pub grades: bool,
    /// Whether respondents pick the themes that need work most (at most three).
    #[serde(default = "yes")]
    pub priorities: bool,
    #[serde(default = "min_group_default")]
    pub min_group: u32,
    /// Roles that answer only with an invitation code of their role (`POST …/invitations`); their group results
    /// appear only after the round closes. Residents usually stay open.
    #[serde(default)]
    pub invitation_roles: Vec<Role>,
    /// The smallest group shown per role where it differs from `min_group` (a college of 5, say, with 3); a group
    /// smaller than `min_group` appears only after the round closes.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<Role, u32>))]
    pub role_min_group: SortedMap<Role, u32>,
    /// `je` (the default) or `u`.
    #[serde(default)]
    pub address: Address,
}

fn yes() -> bool {
    true
}

fn min_group_default() -> u32 {
    MIN_GROUP_DEFAULT
}

#[cfg(feature = "admin")]
fn check_texts(errors: &mut Vec<FieldError>, name: &str, text: &Text, max: usize) {
    check_text(errors, &format!("{name}.nl"), &text.nl, max, true);
    if let Some(en) = &text.en {
        check_text(errors, &format!("{name}.en"), en, max, false);
    }
}

#[cfg(feature = "admin")]
fn check_id(errors: &mut Vec<FieldError>, name: &str, id: &str, seen: &mut std::collections::BTreeSet<String>) {
    if !is_valid_id(id, ID_MAX_LEN) {
        errors.push(FieldError::new(
            name,
            FieldErrorCode::Format,
            "an id is 1 to 64 of a-z, 0-9 and '-', not starting with '-'",
        ));
    } else if !seen.insert(id.to_owned()) {
        errors.push(FieldError::new(name, FieldErrorCode::Duplicate, "this id is used twice in the scan"));
    }
}

#[cfg(feature = "admin")]
impl NewRound {
    /// Every reason this round cannot be opened; `earlier` are the statements of the scan's rounds so far, whose
    /// ids a changed statement may not take, and `taken` the ids of the scan's own questions.
    pub fn validate(&self, prefix: &str, earlier: &[Statement], taken: &[&str]) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_id(&mut errors, &format!("{prefix}id"), &self.id, &mut Default::default());
        check_text(&mut errors, &format!("{prefix}name"), &self.name, TITLE_MAX_LEN, true);
        if let Some(themes) = &self.themes {
            let mut ids = taken.iter().map(|id| (*id).to_owned()).collect();
            check_themes(&mut errors, &format!("{prefix}themes"), themes, &mut ids);
            for (t, theme) in themes.iter().enumerate() {
                for (s, statement) in theme.statements.iter().enumerate() {
                    if earlier.iter().any(|old| old.id == statement.id && old.text != statement.text) {
                        errors.push(FieldError::new(
                            format!("{prefix}themes[{t}].statements[{s}].id"),
                            FieldErrorCode::Duplicate,
                            "an earlier round asked this id in other words: a changed statement needs a new id",
                        ));
                    }
                }
            }
        }
        errors
    }
}

/// The rules of a questionnaire's themes, their statements and open questions; `ids` holds the ids used so far.
#[cfg(feature = "admin")]
fn check_themes(
    errors: &mut Vec<FieldError>,
    name: &str,
    themes: &[Theme],
    ids: &mut std::collections::BTreeSet<String>,
) {
    if themes.is_empty() || themes.len() > THEMES_MAX {
        errors.push(FieldError::new(
            name,
            if themes.is_empty() { FieldErrorCode::TooFew } else { FieldErrorCode::TooMany },
            crate::problem::reason!("a scan has 1 to {THEMES_MAX} themes"),
        ));
    }
    for (t, theme) in themes.iter().enumerate() {
        let at = format!("{name}[{t}]");
        check_id(errors, &format!("{at}.id"), &theme.id, ids);
        check_texts(errors, &format!("{at}.title"), &theme.title, TITLE_MAX_LEN);
        if let Some(subtitle) = &theme.subtitle {
            check_texts(errors, &format!("{at}.subtitle"), subtitle, TITLE_MAX_LEN);
        }
        check_texts(errors, &format!("{at}.explanation"), &theme.explanation, TEXT_MAX_LEN);
        if let Some(intro) = &theme.intro {
            check_texts(errors, &format!("{at}.intro"), intro, TEXT_MAX_LEN);
        }
        if let Some(question) = &theme.open_question {
            check_texts(errors, &format!("{at}.open_question"), question, TEXT_MAX_LEN);
        }
        if theme.subgoal.is_some_and(|n| !(1..=7).contains(&n)) {
            errors.push(FieldError::new(format!("{at}.subgoal"), FieldErrorCode::OutOfRange, "subgoals are 1 to 7"));
        }
        if theme.statements.is_empty() || theme.statements.len() > STATEMENTS_MAX {
            errors.push(FieldError::new(
                format!("{at}.statements"),
                if theme.statements.is_empty() { FieldErrorCode::TooFew } else { FieldErrorCode::TooMany },
                crate::problem::reason!("a theme has 1 to {STATEMENTS_MAX} statements"),
            ));
        }
        for (s, statement) in theme.statements.iter().enumerate() {
            let at = format!("{at}.statements[{s}]");
            check_id(errors, &format!("{at}.id"), &statement.id, ids);
            check_texts(errors, &format!("{at}.text"), &statement.text, TEXT_MAX_LEN);
            for (role, text) in &statement.by_role {
                check_texts(errors, &format!("{at}.by_role.{}", role.as_str()), text, TEXT_MAX_LEN);
            }
            for (i, role) in statement.roles.iter().enumerate() {
                if statement.roles[..i].contains(role) {
                    errors.push(FieldError::new(
                        format!("{at}.roles[{i}]"),
                        FieldErrorCode::Duplicate,
                        "this role is listed twice",
                    ));
                }
            }
        }
    }
}

#[cfg(feature = "admin")]
impl NewQuickscan {
    /// The questionnaire given for the first round, as `themes` or as the round's `themes`; none means the one
    /// shipped with the server.
    pub fn given_themes(&self) -> Option<&Vec<Theme>> {
        self.themes.as_ref().or(self.round.themes.as_ref())
    }

    /// Every reason this scan cannot be stored; `themes` is the questionnaire it will get.
    pub fn validate(&self, themes: &[Theme]) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if !is_valid_id(&self.id, ID_MAX_LEN) {
            errors.push(FieldError::new("id", FieldErrorCode::Format, "id must be 1 to 64 of a-z, 0-9 and '-'"));
        }
        check_texts(&mut errors, "title", &self.title, TITLE_MAX_LEN);
        if let Some(description) = &self.description {
            check_texts(&mut errors, "description", description, TEXT_MAX_LEN);
        }
        // The first round's questionnaire is the scan's: given as `themes` or as the round's `themes`, once.
        let round = NewRound { themes: None, ..self.round.clone() };
        errors.extend(round.validate("round.", &[], &[]));
        if self.themes.is_some() && self.round.themes.is_some() {
            errors.push(FieldError::new(
                "round.themes",
                FieldErrorCode::Duplicate,
                "the first round's questionnaire is given twice: give it once, as themes",
            ));
        }
        if !MIN_GROUP_RANGE.contains(&self.min_group) {
            errors.push(FieldError::new(
                "min_group",
                FieldErrorCode::OutOfRange,
                crate::problem::reason!("min_group is from {} to {}", MIN_GROUP_RANGE.start(), MIN_GROUP_RANGE.end()),
            ));
        }
        for (i, role) in self.invitation_roles.iter().enumerate() {
            if self.invitation_roles[..i].contains(role) {
                errors.push(FieldError::new(
                    format!("invitation_roles[{i}]"),
                    FieldErrorCode::Duplicate,
                    "this role is listed twice",
                ));
            }
        }
        for (role, min) in &self.role_min_group {
            if !MIN_GROUP_RANGE.contains(min) {
                errors.push(FieldError::new(
                    format!("role_min_group.{}", role.as_str()),
                    FieldErrorCode::OutOfRange,
                    crate::problem::reason!(
                        "a group's minimum is from {} to {}",
                        MIN_GROUP_RANGE.start(),
                        MIN_GROUP_RANGE.end()
                    ),
                ));
            }
        }
        let mut ids = std::collections::BTreeSet::new();
        let at = if self.themes.is_none() && self.round.themes.is_some() { "round.themes" } else { "themes" };
        check_themes(&mut errors, at, themes, &mut ids);
        if self.custom_questions.len() > CUSTOM_QUESTIONS_MAX {
            errors.push(FieldError::new(
                "custom_questions",
                FieldErrorCode::TooMany,
                crate::problem::reason!("a scan has at most {CUSTOM_QUESTIONS_MAX} questions of its own"),
            ));
        }
        for (q, question) in self.custom_questions.iter().enumerate() {
            check_id(&mut errors, &format!("custom_questions[{q}].id"), &question.id, &mut ids);
            check_texts(&mut errors, &format!("custom_questions[{q}].text"), &question.text, TEXT_MAX_LEN);
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

#[cfg(all(test, feature = "admin"))]
mod tests {
    use super::*;
    use crate::quickscan::fixtures::*;

    #[test]
    fn a_new_scans_questionnaire_is_given_once_as_themes_or_as_its_rounds() {
        let scan = scan();
        let mut new = NewQuickscan {
            address: Default::default(),
            id: "scan".into(),
            title: Text::nl("Scan"),
            description: None,
            round: NewRound { id: "r1".into(), name: "Nulmeting".into(), themes: Some(scan.themes.clone()) },
            themes: None,
            custom_questions: vec![],
            grades: true,
            priorities: true,
            min_group: 5,
            invitation_roles: vec![],
            role_min_group: Default::default(),
        };
        assert_eq!(new.given_themes(), Some(&scan.themes), "the round's themes are the questionnaire");
        assert_eq!(new.validate(&scan.themes), Ok(()));
        let mut too_long = scan.themes.clone();
        too_long[0].title = Text::nl(&"x".repeat(TITLE_MAX_LEN + 1));
        let named: Vec<_> = new.validate(&too_long).unwrap_err().into_iter().map(|e| e.name).collect();
        assert_eq!(named, ["round.themes[0].title.nl"], "named where it was given, once");
        new.themes = Some(scan.themes.clone());
        let named: Vec<_> = new.validate(&scan.themes).unwrap_err().into_iter().map(|e| e.name).collect();
        assert_eq!(named, ["round.themes"], "given twice");
    }

    #[test]
    fn a_new_scan_names_each_invalid_field() {
        let scan = scan();
        let new = NewQuickscan {
            address: Default::default(),
            id: "Scan!".into(),
            title: Text::nl(""),
            description: None,
            round: NewRound { id: "r1".into(), name: "".into(), themes: None },
            themes: None,
            custom_questions: vec![scan.custom_questions[0].clone(); 5],
            grades: true,
            priorities: true,
            min_group: 1,
            invitation_roles: vec![Role::Collegelid, Role::Collegelid],
            role_min_group: [(Role::Collegelid, 1)].into(),
        };
        let mut themes = scan.themes.clone();
        themes[1].statements[0].id = "raad-1".into();
        themes[0].subgoal = Some(8);
        themes[0].statements[0].roles = vec![Role::Raadslid, Role::Raadslid];
        let errors = new.validate(&themes).unwrap_err();
        let named: Vec<_> = errors.iter().map(|e| e.name.as_str()).collect();
        for expected in [
            "id",
            "title.nl",
            "round.name",
            "min_group",
            "invitation_roles[1]",
            "role_min_group.collegelid",
            "themes[0].subgoal",
            "themes[0].statements[0].roles[1]",
            "themes[1].statements[0].id",
            "custom_questions",
            "custom_questions[1].id",
        ] {
            assert!(named.contains(&expected), "{expected} missing in {named:?}");
        }
    }

    #[test]
    fn a_new_round_may_bring_a_new_version_but_a_changed_statement_needs_a_new_id() {
        let scan = scan();
        let earlier: Vec<Statement> = scan.themes.iter().flat_map(|t| t.statements.clone()).collect();
        let mut themes = scan.themes.clone();
        let round = |themes| NewRound { id: "r2".into(), name: "voortgangsmeting".into(), themes: Some(themes) };
        assert!(round(themes.clone()).validate("", &earlier, &["eigen-1"]).is_empty(), "the same questionnaire");
        themes[0].statements[1].text = Text::nl("Anders gezegd");
        themes[1].statements[0].id = "eigen-1".into();
        let errors = round(themes.clone()).validate("", &earlier, &["eigen-1"]);
        let named: Vec<_> = errors.iter().map(|e| (e.name.as_str(), e.code)).collect();
        assert_eq!(
            named,
            [
                ("themes[1].statements[0].id", FieldErrorCode::Duplicate),
                ("themes[0].statements[1].id", FieldErrorCode::Duplicate),
            ]
        );
        themes[0].statements[1].id = "raad-2b".into();
        themes[1].statements[0].id = "inw-1".into();
        assert!(round(themes).validate("", &earlier, &["eigen-1"]).is_empty(), "a new id for the new wording");
    }
}
