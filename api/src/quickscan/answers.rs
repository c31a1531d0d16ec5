//! A respondent's answers, the rules they must meet to be submitted or kept as a draft, and the respondent's own
//! score per theme: the mean on the 1–5 agree scale, "weet niet" left out.

use crate::map::SortedMap;

use serde::{Deserialize, Serialize};

use super::{Agreement, CustomKind, Quickscan, Role, Statement, Theme};
use crate::{
    problem::{FieldError, FieldErrorCode},
    rules::check_human,
    text::{cat, num},
};

/// The longest answer to an open question of the municipality.
pub const CUSTOM_TEXT_MAX_LEN: usize = 1000;
/// A response sent sooner after opening the scan than this is refused (with [`QuickscanAnswers::website`], the
/// honeypot, this keeps simple bots out without asking people to prove they are human).
pub const MIN_FILL_SECONDS: u32 = 5;
/// The themes a respondent may pick as needing work most.
pub const PRIORITIES_MAX: usize = 3;
pub const GRADE_MIN: u8 = 1;
pub const GRADE_MAX: u8 = 10;

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
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, Agreement>))]
    pub statements: SortedMap<String, Agreement>,
    /// Theme id → grade from 1 to 10.
    #[serde(default, skip_serializing_if = "SortedMap::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, u8>))]
    pub grades: SortedMap<String, u8>,
    /// Question id → answer to the municipality's own questions.
    #[serde(default, skip_serializing_if = "SortedMap::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, CustomAnswer>))]
    pub custom: SortedMap<String, CustomAnswer>,
    /// Theme id → answer to the theme's open question (of at most [`CUSTOM_TEXT_MAX_LEN`] characters).
    #[serde(default, skip_serializing_if = "SortedMap::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, String>))]
    pub open_answers: SortedMap<String, String>,
    /// The themes that need work most, in the respondent's words: theme ids, at most [`PRIORITIES_MAX`], for a scan
    /// whose `priorities` is true.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub priorities: Vec<String>,
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
        // Only a draft may hold answers of another role: the respondent may have changed role on the way.
        for id in self.statements.keys() {
            if let Some(statement) = scan.themes.iter().flat_map(|t| &t.statements).find(|s| &s.id == id)
                && !statement.is_for(self.role)
            {
                errors.push(FieldError::new(
                    cat(&["statements.", id]),
                    FieldErrorCode::Mismatch,
                    "this statement is not asked of the role chosen",
                ));
            }
        }
        check_human(&mut errors, &self.website, self.fill_seconds, MIN_FILL_SECONDS, "scan");
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
                    cat(&["statements.", id]),
                    FieldErrorCode::Unknown,
                    "not a statement of this scan",
                ));
            }
        }
        for (id, grade) in &self.grades {
            let name = cat(&["grades.", id]);
            if !scan.grades {
                errors.push(FieldError::new(name, FieldErrorCode::Unknown, "this scan asks for no grades"));
            } else if !scan.themes.iter().any(|theme| &theme.id == id) {
                errors.push(FieldError::new(name, FieldErrorCode::Unknown, "not a theme of this scan"));
            } else if !(GRADE_MIN..=GRADE_MAX).contains(grade) {
                errors.push(FieldError::new(
                    name,
                    FieldErrorCode::OutOfRange,
                    crate::problem::reason!("a grade is a whole number from {GRADE_MIN} to {GRADE_MAX}"),
                ));
            }
        }
        for (id, answer) in &self.custom {
            let name = cat(&["custom.", id]);
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
                        crate::problem::reason!("an answer has at most {CUSTOM_TEXT_MAX_LEN} characters"),
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
        for (id, text) in &self.open_answers {
            let name = cat(&["open_answers.", id]);
            if scan.theme(id).is_none_or(|theme| theme.open_question.is_none()) {
                errors.push(FieldError::new(
                    name,
                    FieldErrorCode::Unknown,
                    "not a theme of this scan with an open question",
                ));
            } else if text.chars().count() > CUSTOM_TEXT_MAX_LEN {
                errors.push(FieldError::new(
                    name,
                    FieldErrorCode::TooLong,
                    crate::problem::reason!("an answer has at most {CUSTOM_TEXT_MAX_LEN} characters"),
                ));
            }
        }
        if !self.priorities.is_empty() && !scan.priorities {
            errors.push(FieldError::new("priorities", FieldErrorCode::Unknown, "this scan asks for no priorities"));
        } else if self.priorities.len() > PRIORITIES_MAX {
            errors.push(FieldError::new(
                "priorities",
                FieldErrorCode::TooMany,
                crate::problem::reason!("pick at most {PRIORITIES_MAX} themes"),
            ));
        }
        for (i, id) in self.priorities.iter().enumerate() {
            let name = cat(&["priorities[", &num(i as u64), "]"]);
            if scan.theme(id).is_none() {
                errors.push(FieldError::new(name, FieldErrorCode::Unknown, "not a theme of this scan"));
            } else if self.priorities[..i].contains(id) {
                errors.push(FieldError::new(name, FieldErrorCode::Duplicate, "this theme is picked twice"));
            }
        }
    }

    /// The statements of `theme` for this respondent's role left unanswered, in the questionnaire's order.
    pub fn unanswered<'a>(&self, theme: &'a Theme) -> Vec<&'a Statement> {
        theme.statements_for(self.role).filter(|s| !self.statements.contains_key(&s.id)).collect()
    }

    /// These answers without what the respondent's role is not asked (answers given before changing role).
    pub fn for_role(mut self, scan: &Quickscan) -> QuickscanAnswers {
        let role = self.role;
        self.statements.retain(|id, _| {
            scan.theme_of(id).is_none_or(|theme| theme.statements.iter().any(|s| &s.id == id && s.is_for(role)))
        });
        self
    }

    /// This respondent's score and grade per theme, in the questionnaire's order.
    pub fn scores(&self, scan: &Quickscan) -> Vec<ThemeScore> {
        scan.themes
            .iter()
            .map(|theme| {
                let values: Vec<u8> = theme
                    .statements_for(self.role)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quickscan::fixtures::*;

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
    fn open_answers_and_priorities_are_checked_against_the_scan() {
        let mut given = answers(&[("raad-1", Agreement::Agree)]);
        given.open_answers.insert("raad".into(), "Meer uitleg".into());
        given.priorities = vec!["raad".into(), "inwoners".into()];
        assert!(given.validate(&scan()).is_ok());
        given.open_answers.insert("inwoners".into(), "Geen open vraag".into());
        given.priorities = vec!["raad".into(), "raad".into(), "nope".into(), "inwoners".into()];
        let named: Vec<_> = given.validate_draft(&scan()).unwrap_err().into_iter().map(|e| (e.name, e.code)).collect();
        assert_eq!(
            named,
            [
                ("open_answers.inwoners".to_owned(), FieldErrorCode::Unknown),
                ("priorities".to_owned(), FieldErrorCode::TooMany),
                ("priorities[1]".to_owned(), FieldErrorCode::Duplicate),
                ("priorities[2]".to_owned(), FieldErrorCode::Unknown),
            ]
        );
        let mut without = scan();
        without.priorities = false;
        let mut picked = answers(&[("raad-1", Agreement::Agree)]);
        picked.priorities = vec!["raad".into()];
        assert_eq!(picked.validate(&without).unwrap_err()[0].name, "priorities");
    }

    #[test]
    fn a_role_answers_only_its_statements_and_its_score_counts_only_those() {
        let mut scan = scan();
        scan.themes[0].statements[2].roles = vec![Role::Raadslid];
        let mut given = answers(&[("raad-1", Agreement::Agree), ("raad-3", Agreement::StronglyDisagree)]);
        let errors = given.validate(&scan).unwrap_err();
        assert_eq!((errors[0].name.as_str(), errors[0].code), ("statements.raad-3", FieldErrorCode::Mismatch));
        assert!(given.validate_draft(&scan).is_ok(), "a draft may hold answers of a role chosen before");
        assert_eq!(given.unanswered(&scan.themes[0]).len(), 1, "raad-2 only: raad-3 is not asked of inwoners");
        given = given.for_role(&scan);
        assert!(given.validate(&scan).is_ok());
        assert_eq!(given.scores(&scan)[0].score, Some(4.0));
        given.role = Some(Role::Raadslid);
        assert_eq!(given.unanswered(&scan.themes[0]).len(), 2);
    }

    #[test]
    fn answers_round_trip_as_the_api_documents_them() {
        let json = r#"{"role":"raadslid","statements":{"raad-1":"strongly_agree","inw-1":"dont_know"},
            "grades":{"raad":8},"custom":{"eigen-1":{"scale":"agree"},"eigen-2":{"text":"Meer avonden"}},
            "open_answers":{"raad":"Vaker op straat"},"priorities":["inwoners"],"fill_seconds":120}"#;
        let parsed: QuickscanAnswers = serde_json::from_str(json).unwrap();
        assert_eq!(parsed.role, Some(Role::Raadslid));
        assert_eq!(parsed.custom["eigen-2"], CustomAnswer::Text("Meer avonden".into()));
        assert!(parsed.validate(&scan()).is_ok());
        let again: QuickscanAnswers = serde_json::from_str(&serde_json::to_string(&parsed).unwrap()).unwrap();
        assert_eq!(again, parsed);
    }
}
