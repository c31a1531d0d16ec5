//! The quick scan lokale democratie: a questionnaire of themes and statements, a respondent's answers, their
//! scores per theme and the aggregate of all respondents, with the validation both the widget and the server apply.
//!
//! Scores are the mean of a respondent's answers on the 5-point agree scale (1 = helemaal oneens, 5 = helemaal
//! eens), "weet niet" left out; an aggregate is the mean of the respondents' theme scores.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::problem::{FieldError, FieldErrorCode};

pub const TITLE_MAX_LEN: usize = 200;
pub const TEXT_MAX_LEN: usize = 1000;
pub const THEMES_MAX: usize = 12;
pub const STATEMENTS_MAX: usize = 10;
/// The municipality's own questions per scan.
pub const CUSTOM_QUESTIONS_MAX: usize = 4;
/// The longest answer to an open question of the municipality.
pub const CUSTOM_TEXT_MAX_LEN: usize = 1000;
/// A response sent sooner after opening the scan than this is refused (with [`QuickscanAnswers::website`], the
/// honeypot, this keeps simple bots out without asking people to prove they are human).
pub const MIN_FILL_SECONDS: u32 = 5;
pub const GRADE_MIN: u8 = 1;
pub const GRADE_MAX: u8 = 10;
/// The smallest group whose average may be shown: below it a respondent could be recognised.
pub const MIN_GROUP_DEFAULT: u32 = 5;
pub const MIN_GROUP_RANGE: std::ops::RangeInclusive<u32> = 2..=100;
/// A resume code: two groups of four from [`crate::codes::ALPHABET`], shown as `ABCD-EFGH`.
pub const RESUME_CODE_GROUPS: usize = 2;

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

impl Role {
    pub const ALL: [Role; 5] = [Role::Inwoner, Role::Raadslid, Role::Collegelid, Role::Ambtenaar, Role::Anders];

    /// The name used in JSON, CSV and catalogue keys.
    pub fn key(self) -> &'static str {
        match self {
            Role::Inwoner => "inwoner",
            Role::Raadslid => "raadslid",
            Role::Collegelid => "collegelid",
            Role::Ambtenaar => "ambtenaar",
            Role::Anders => "anders",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.key() == key)
    }
}

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

impl Agreement {
    /// In the order a resident reads them.
    pub const ALL: [Agreement; 6] = [
        Agreement::StronglyDisagree,
        Agreement::Disagree,
        Agreement::Neutral,
        Agreement::Agree,
        Agreement::StronglyAgree,
        Agreement::DontKnow,
    ];

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

    /// The name used in JSON and catalogue keys.
    pub fn key(self) -> &'static str {
        match self {
            Agreement::StronglyDisagree => "strongly_disagree",
            Agreement::Disagree => "disagree",
            Agreement::Neutral => "neutral",
            Agreement::Agree => "agree",
            Agreement::StronglyAgree => "strongly_agree",
            Agreement::DontKnow => "dont_know",
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
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_role: BTreeMap<Role, Text>,
}

impl Statement {
    /// The wording this role reads.
    pub fn text_for(&self, role: Option<Role>) -> &Text {
        role.and_then(|role| self.by_role.get(&role)).unwrap_or(&self.text)
    }
}

/// One step of the scan: a theme (by default a subgoal of Democratie in actie) and its statements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Theme {
    pub id: String,
    /// The subgoal (1–7) of Democratie in actie this theme measures, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subgoal: Option<u8>,
    pub title: Text,
    /// A sentence under the heading of the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<Text>,
    /// What a score on this theme means, shown with the results.
    pub explanation: Text,
    pub statements: Vec<Statement>,
}

/// The kind of answer a question of the municipality's own takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CustomKind {
    /// The agree scale, like the statements.
    Scale,
    /// A short open answer of at most [`CUSTOM_TEXT_MAX_LEN`] characters.
    Text,
}

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
    /// The smallest group whose average the results show.
    pub min_group: u32,
}

impl Quickscan {
    pub fn is_open(&self) -> bool {
        self.round.status == RoundStatus::Open
    }

    /// The theme a statement belongs to.
    pub fn theme_of(&self, statement: &str) -> Option<&Theme> {
        self.themes.iter().find(|theme| theme.statements.iter().any(|s| s.id == statement))
    }
}

/// A municipality's own answer to one of its questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CustomAnswer {
    Scale(Agreement),
    Text(String),
}

/// A respondent's answers: complete when submitted, partial in a draft. Unanswered statements are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuickscanAnswers {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Statement id → answer.
    #[serde(default)]
    pub statements: BTreeMap<String, Agreement>,
    /// Theme id → grade from 1 to 10.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub grades: BTreeMap<String, u8>,
    /// Question id → answer to the municipality's own questions.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom: BTreeMap<String, CustomAnswer>,
    /// A field people do not see and leave empty (a honeypot); a response with anything in it is refused.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub website: String,
    /// Seconds from opening the scan to submitting it; below [`MIN_FILL_SECONDS`] the response is refused.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub fill_seconds: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl QuickscanAnswers {
    /// Every reason these answers cannot be submitted to `scan`: a role and at least one answered statement are
    /// needed; unanswered statements are allowed.
    pub fn validate(&self, scan: &Quickscan) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.role.is_none() {
            errors.push(FieldError::new("role", FieldErrorCode::Required, "choose the role you answer in"));
        }
        if self.statements.is_empty() {
            errors.push(FieldError::new("statements", FieldErrorCode::Required, "answer at least one statement"));
        }
        self.check_parts(scan, &mut errors);
        crate::problem::check_human(&mut errors, &self.website, self.fill_seconds, MIN_FILL_SECONDS, "scan");
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// Every reason these answers cannot be kept as a draft of `scan`: anything may still be missing, but what
    /// is there must belong to the scan.
    pub fn validate_draft(&self, scan: &Quickscan) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        self.check_parts(scan, &mut errors);
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    fn check_parts(&self, scan: &Quickscan, errors: &mut Vec<FieldError>) {
        for id in self.statements.keys() {
            if scan.theme_of(id).is_none() {
                errors.push(FieldError::new(
                    format!("statements.{id}"),
                    FieldErrorCode::Unknown,
                    "not a statement of this scan",
                ));
            }
        }
        for (id, grade) in &self.grades {
            let name = format!("grades.{id}");
            if !scan.grades {
                errors.push(FieldError::new(name, FieldErrorCode::Unknown, "this scan asks for no grades"));
            } else if !scan.themes.iter().any(|theme| &theme.id == id) {
                errors.push(FieldError::new(name, FieldErrorCode::Unknown, "not a theme of this scan"));
            } else if !(GRADE_MIN..=GRADE_MAX).contains(grade) {
                errors.push(FieldError::new(
                    name,
                    FieldErrorCode::OutOfRange,
                    format!("a grade is a whole number from {GRADE_MIN} to {GRADE_MAX}"),
                ));
            }
        }
        for (id, answer) in &self.custom {
            let name = format!("custom.{id}");
            let Some(question) = scan.custom_questions.iter().find(|q| &q.id == id) else {
                errors.push(FieldError::new(name, FieldErrorCode::Unknown, "not a question of this scan"));
                continue;
            };
            match (question.kind, answer) {
                (CustomKind::Scale, CustomAnswer::Scale(_)) => {}
                (CustomKind::Text, CustomAnswer::Text(text)) if text.chars().count() > CUSTOM_TEXT_MAX_LEN => {
                    errors.push(FieldError::new(
                        name,
                        FieldErrorCode::TooLong,
                        format!("an answer has at most {CUSTOM_TEXT_MAX_LEN} characters"),
                    ));
                }
                (CustomKind::Text, CustomAnswer::Text(_)) => {}
                (CustomKind::Scale, _) => {
                    errors.push(FieldError::new(name, FieldErrorCode::Format, "this question takes a scale answer"))
                }
                (CustomKind::Text, _) => {
                    errors.push(FieldError::new(name, FieldErrorCode::Format, "this question takes a text answer"))
                }
            }
        }
    }

    /// The statements of `theme` this respondent left unanswered, in the questionnaire's order.
    pub fn unanswered<'a>(&self, theme: &'a Theme) -> Vec<&'a Statement> {
        theme.statements.iter().filter(|s| !self.statements.contains_key(&s.id)).collect()
    }

    /// This respondent's score and grade per theme, in the questionnaire's order.
    pub fn scores(&self, scan: &Quickscan) -> Vec<ThemeScore> {
        scan.themes
            .iter()
            .map(|theme| {
                let values: Vec<u8> = theme
                    .statements
                    .iter()
                    .filter_map(|s| self.statements.get(&s.id).and_then(|answer| answer.score()))
                    .collect();
                let score = (!values.is_empty())
                    .then(|| round2(values.iter().map(|&v| f64::from(v)).sum::<f64>() / values.len() as f64));
                ThemeScore {
                    theme: theme.id.clone(),
                    score,
                    answered: values.len() as u32,
                    grade: self.grades.get(&theme.id).copied(),
                }
            })
            .collect()
    }
}

/// Rounds to two decimals, so scores read the same in the widget, the API and a CSV.
pub fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// A respondent's result on one theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThemeScore {
    pub theme: String,
    /// Mean of the answered statements on the 1–5 scale; absent when none was answered (or all "don't know").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The number of statements that count for the score.
    pub answered: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<u8>,
}

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

/// A draft kept on the server so a respondent can continue on another device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveDraft {
    pub answers: QuickscanAnswers,
    /// The step the respondent was on (0 is the role).
    #[serde(default)]
    pub step: u32,
}

/// The code to continue a draft with, and until when it works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DraftCode {
    /// `ABCD-EFGH`; type it in on another device.
    pub code: String,
    /// RFC 3339.
    pub expires_at: String,
}

/// A draft as stored, returned for its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedDraft {
    pub answers: QuickscanAnswers,
    pub step: u32,
    pub expires_at: String,
}

/// A resume code as typed (any case, with or without dash or spaces) in its canonical `ABCD-EFGH` form, or None
/// when it cannot be a code.
pub fn normalise_resume_code(typed: &str) -> Option<String> {
    crate::codes::normalise(typed, RESUME_CODE_GROUPS)
}

/// A new round as an administrator opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewRound {
    pub id: String,
    /// E.g. "nulmeting 2026".
    pub name: String,
}

/// A quick scan as an administrator creates it. Without `themes` it gets the questionnaire shipped with the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewQuickscan {
    pub id: String,
    pub title: Text,
    #[serde(default)]
    pub description: Option<Text>,
    /// The first round, opened at once.
    pub round: NewRound,
    #[serde(default)]
    pub themes: Option<Vec<Theme>>,
    #[serde(default)]
    pub custom_questions: Vec<CustomQuestion>,
    #[serde(default = "yes")]
    pub grades: bool,
    #[serde(default = "min_group_default")]
    pub min_group: u32,
}

fn yes() -> bool {
    true
}

fn min_group_default() -> u32 {
    MIN_GROUP_DEFAULT
}

#[cfg(feature = "admin")]
fn check_texts(errors: &mut Vec<FieldError>, name: &str, text: &Text, max: usize) {
    crate::poll::check_text(errors, &format!("{name}.nl"), &text.nl, max, true);
    if let Some(en) = &text.en {
        crate::poll::check_text(errors, &format!("{name}.en"), en, max, false);
    }
}

#[cfg(feature = "admin")]
fn check_id(errors: &mut Vec<FieldError>, name: &str, id: &str, seen: &mut std::collections::BTreeSet<String>) {
    if !crate::poll::is_valid_id(id, crate::poll::ID_MAX_LEN) {
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
    pub fn validate(&self, prefix: &str) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_id(&mut errors, &format!("{prefix}id"), &self.id, &mut Default::default());
        crate::poll::check_text(&mut errors, &format!("{prefix}name"), &self.name, TITLE_MAX_LEN, true);
        errors
    }
}

#[cfg(feature = "admin")]
impl NewQuickscan {
    /// Every reason this scan cannot be stored; `themes` is the questionnaire it will get.
    pub fn validate(&self, themes: &[Theme]) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if !crate::poll::is_valid_id(&self.id, crate::poll::ID_MAX_LEN) {
            errors.push(FieldError::new("id", FieldErrorCode::Format, "id must be 1 to 64 of a-z, 0-9 and '-'"));
        }
        check_texts(&mut errors, "title", &self.title, TITLE_MAX_LEN);
        if let Some(description) = &self.description {
            check_texts(&mut errors, "description", description, TEXT_MAX_LEN);
        }
        errors.extend(self.round.validate("round."));
        if !MIN_GROUP_RANGE.contains(&self.min_group) {
            errors.push(FieldError::new(
                "min_group",
                FieldErrorCode::OutOfRange,
                format!("min_group is from {} to {}", MIN_GROUP_RANGE.start(), MIN_GROUP_RANGE.end()),
            ));
        }
        if themes.is_empty() || themes.len() > THEMES_MAX {
            errors.push(FieldError::new(
                "themes",
                if themes.is_empty() { FieldErrorCode::TooFew } else { FieldErrorCode::TooMany },
                format!("a scan has 1 to {THEMES_MAX} themes"),
            ));
        }
        let mut ids = std::collections::BTreeSet::new();
        for (t, theme) in themes.iter().enumerate() {
            let at = format!("themes[{t}]");
            check_id(&mut errors, &format!("{at}.id"), &theme.id, &mut ids);
            check_texts(&mut errors, &format!("{at}.title"), &theme.title, TITLE_MAX_LEN);
            check_texts(&mut errors, &format!("{at}.explanation"), &theme.explanation, TEXT_MAX_LEN);
            if let Some(intro) = &theme.intro {
                check_texts(&mut errors, &format!("{at}.intro"), intro, TEXT_MAX_LEN);
            }
            if theme.subgoal.is_some_and(|n| !(1..=7).contains(&n)) {
                errors.push(FieldError::new(
                    format!("{at}.subgoal"),
                    FieldErrorCode::OutOfRange,
                    "subgoals are 1 to 7",
                ));
            }
            if theme.statements.is_empty() || theme.statements.len() > STATEMENTS_MAX {
                errors.push(FieldError::new(
                    format!("{at}.statements"),
                    if theme.statements.is_empty() { FieldErrorCode::TooFew } else { FieldErrorCode::TooMany },
                    format!("a theme has 1 to {STATEMENTS_MAX} statements"),
                ));
            }
            for (s, statement) in theme.statements.iter().enumerate() {
                let at = format!("{at}.statements[{s}]");
                check_id(&mut errors, &format!("{at}.id"), &statement.id, &mut ids);
                check_texts(&mut errors, &format!("{at}.text"), &statement.text, TEXT_MAX_LEN);
                for (role, text) in &statement.by_role {
                    check_texts(&mut errors, &format!("{at}.by_role.{}", role.key()), text, TEXT_MAX_LEN);
                }
            }
        }
        if self.custom_questions.len() > CUSTOM_QUESTIONS_MAX {
            errors.push(FieldError::new(
                "custom_questions",
                FieldErrorCode::TooMany,
                format!("a scan has at most {CUSTOM_QUESTIONS_MAX} questions of its own"),
            ));
        }
        for (q, question) in self.custom_questions.iter().enumerate() {
            check_id(&mut errors, &format!("custom_questions[{q}].id"), &question.id, &mut ids);
            check_texts(&mut errors, &format!("custom_questions[{q}].text"), &question.text, TEXT_MAX_LEN);
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(id: &str) -> Statement {
        Statement { id: id.to_owned(), text: Text::nl(id), by_role: BTreeMap::new() }
    }

    fn scan() -> Quickscan {
        Quickscan {
            id: "scan".to_owned(),
            title: Text::nl("Scan"),
            description: None,
            round: Round {
                id: "r1".to_owned(),
                name: "nulmeting".to_owned(),
                status: RoundStatus::Open,
                opened_at: "2026-01-01T00:00:00Z".to_owned(),
                closed_at: None,
            },
            themes: vec![
                Theme {
                    id: "raad".to_owned(),
                    subgoal: Some(1),
                    title: Text::nl("Raad"),
                    intro: None,
                    explanation: Text::nl("uitleg"),
                    statements: vec![statement("raad-1"), statement("raad-2"), statement("raad-3")],
                },
                Theme {
                    id: "inwoners".to_owned(),
                    subgoal: Some(3),
                    title: Text::nl("Inwoners"),
                    intro: None,
                    explanation: Text::nl("uitleg"),
                    statements: vec![statement("inw-1"), statement("inw-2")],
                },
            ],
            custom_questions: vec![
                CustomQuestion { id: "eigen-1".to_owned(), text: Text::nl("Schaal?"), kind: CustomKind::Scale },
                CustomQuestion { id: "eigen-2".to_owned(), text: Text::nl("Open?"), kind: CustomKind::Text },
            ],
            grades: true,
            min_group: 5,
        }
    }

    fn answers(pairs: &[(&str, Agreement)]) -> QuickscanAnswers {
        QuickscanAnswers {
            role: Some(Role::Inwoner),
            statements: pairs.iter().map(|(id, a)| (id.to_string(), *a)).collect(),
            fill_seconds: 60,
            ..Default::default()
        }
    }

    #[test]
    fn a_theme_score_is_the_mean_of_answered_statements_leaving_out_dont_know() {
        let mut given = answers(&[
            ("raad-1", Agreement::StronglyAgree),
            ("raad-2", Agreement::Disagree),
            ("raad-3", Agreement::DontKnow),
            ("inw-1", Agreement::DontKnow),
        ]);
        given.grades.insert("raad".to_owned(), 7);
        let scores = given.scores(&scan());
        assert_eq!(scores[0], ThemeScore { theme: "raad".into(), score: Some(3.5), answered: 2, grade: Some(7) });
        assert_eq!(scores[1], ThemeScore { theme: "inwoners".into(), score: None, answered: 0, grade: None });
    }

    #[test]
    fn scores_are_rounded_to_two_decimals() {
        let given = answers(&[
            ("raad-1", Agreement::StronglyAgree),
            ("raad-2", Agreement::StronglyAgree),
            ("raad-3", Agreement::Agree),
        ]);
        assert_eq!(given.scores(&scan())[0].score, Some(4.67));
    }

    #[test]
    fn a_response_needs_a_role_and_one_answer_but_may_skip_statements() {
        let errors = QuickscanAnswers { fill_seconds: 60, ..Default::default() }.validate(&scan()).unwrap_err();
        let names: Vec<_> = errors.iter().map(|e| (e.name.as_str(), e.code)).collect();
        assert_eq!(names, [("role", FieldErrorCode::Required), ("statements", FieldErrorCode::Required)]);
        assert!(answers(&[("inw-2", Agreement::Neutral)]).validate(&scan()).is_ok());
        assert!(QuickscanAnswers::default().validate_draft(&scan()).is_ok());
    }

    #[test]
    fn every_unknown_or_out_of_range_part_is_named() {
        let mut given = answers(&[("raad-1", Agreement::Agree), ("nope", Agreement::Agree)]);
        given.grades.insert("raad".into(), 11);
        given.grades.insert("geen-thema".into(), 5);
        given.custom.insert("eigen-1".into(), CustomAnswer::Text("ja".into()));
        given.custom.insert("eigen-2".into(), CustomAnswer::Text("x".repeat(CUSTOM_TEXT_MAX_LEN + 1)));
        given.custom.insert("eigen-9".into(), CustomAnswer::Scale(Agreement::Agree));
        let errors = given.validate_draft(&scan()).unwrap_err();
        let named: Vec<_> = errors.iter().map(|e| (e.name.as_str(), e.code)).collect();
        assert_eq!(
            named,
            [
                ("statements.nope", FieldErrorCode::Unknown),
                ("grades.geen-thema", FieldErrorCode::Unknown),
                ("grades.raad", FieldErrorCode::OutOfRange),
                ("custom.eigen-1", FieldErrorCode::Format),
                ("custom.eigen-2", FieldErrorCode::TooLong),
                ("custom.eigen-9", FieldErrorCode::Unknown),
            ]
        );
        let mut no_grades = scan();
        no_grades.grades = false;
        let mut graded = answers(&[("raad-1", Agreement::Agree)]);
        graded.grades.insert("raad".into(), 6);
        assert_eq!(graded.validate(&no_grades).unwrap_err()[0].name, "grades.raad");
    }

    #[test]
    fn a_filled_honeypot_or_a_response_within_seconds_is_refused() {
        let mut bot = answers(&[("raad-1", Agreement::Agree)]);
        bot.website = "https://spam.example".into();
        bot.fill_seconds = MIN_FILL_SECONDS - 1;
        let named: Vec<_> = bot.validate(&scan()).unwrap_err().into_iter().map(|e| (e.name, e.code)).collect();
        assert_eq!(
            named,
            [("website".to_owned(), FieldErrorCode::NotEmpty), ("fill_seconds".to_owned(), FieldErrorCode::TooFast)]
        );
        assert!(bot.validate_draft(&scan()).is_ok(), "a draft is not a submission");
    }

    #[test]
    fn answers_round_trip_as_the_api_documents_them() {
        let json = r#"{"role":"raadslid","statements":{"raad-1":"strongly_agree","inw-1":"dont_know"},
            "grades":{"raad":8},"custom":{"eigen-1":{"scale":"agree"},"eigen-2":{"text":"Meer avonden"}},
            "fill_seconds":120}"#;
        let parsed: QuickscanAnswers = serde_json::from_str(json).unwrap();
        assert_eq!(parsed.role, Some(Role::Raadslid));
        assert_eq!(parsed.custom["eigen-2"], CustomAnswer::Text("Meer avonden".into()));
        assert!(parsed.validate(&scan()).is_ok());
        let again: QuickscanAnswers = serde_json::from_str(&serde_json::to_string(&parsed).unwrap()).unwrap();
        assert_eq!(again, parsed);
    }

    #[test]
    fn role_wording_falls_back_to_the_general_text() {
        let mut s = statement("raad-1");
        s.by_role.insert(Role::Raadslid, Text { nl: "Als raadslid…".into(), en: Some("As a councillor…".into()) });
        assert_eq!(s.text_for(Some(Role::Raadslid)).pick(true), "As a councillor…");
        assert_eq!(s.text_for(Some(Role::Inwoner)).pick(true), "raad-1");
        assert_eq!(s.text_for(None).pick(false), "raad-1");
    }

    #[cfg(feature = "admin")]
    #[test]
    fn a_new_scan_names_each_invalid_field() {
        let scan = scan();
        let new = NewQuickscan {
            id: "Scan!".into(),
            title: Text::nl(""),
            description: None,
            round: NewRound { id: "r1".into(), name: "".into() },
            themes: None,
            custom_questions: vec![scan.custom_questions[0].clone(); 5],
            grades: true,
            min_group: 1,
        };
        let mut themes = scan.themes.clone();
        themes[1].statements[0].id = "raad-1".into();
        themes[0].subgoal = Some(8);
        let errors = new.validate(&themes).unwrap_err();
        let named: Vec<_> = errors.iter().map(|e| e.name.as_str()).collect();
        for expected in [
            "id",
            "title.nl",
            "round.name",
            "min_group",
            "themes[0].subgoal",
            "themes[1].statements[0].id",
            "custom_questions",
            "custom_questions[1].id",
        ] {
            assert!(named.contains(&expected), "{expected} missing in {named:?}");
        }
    }
}
