//! The quick scan lokale democratie: a questionnaire of themes and statements, a respondent's answers, their
//! scores per theme and the aggregate of all respondents, with the validation both the widget and the server apply.
//!
//! Scores are the mean of a respondent's answers on the 5-point agree scale (1 = helemaal oneens, 5 = helemaal
//! eens), "weet niet" left out; an aggregate is the mean of the respondents' theme scores.

mod answers;
mod drafts;
mod questionnaire;
mod results;
mod setup;

pub use answers::{
    CUSTOM_TEXT_MAX_LEN, CustomAnswer, GRADE_MAX, GRADE_MIN, MIN_FILL_SECONDS, QuickscanAnswers, ThemeScore, round2,
};
pub use drafts::{DraftCode, RESUME_CODE_GROUPS, SaveDraft, SavedDraft, normalise_resume_code};
pub use questionnaire::{
    Agreement, CustomKind, CustomQuestion, MIN_GROUP_DEFAULT, Quickscan, Role, Round, RoundStatus, Statement, Text,
    Theme,
};
pub use results::{GroupScore, QuickscanReport, QuickscanResults, ResponseReceipt, ThemeResult};
pub use setup::{
    CUSTOM_QUESTIONS_MAX, MIN_GROUP_RANGE, NewQuickscan, NewRound, STATEMENTS_MAX, TEXT_MAX_LEN, THEMES_MAX,
    TITLE_MAX_LEN,
};

/// A scan of two themes and two questions of its own, and answers to it, for the tests of each part.
#[cfg(test)]
pub(crate) mod fixtures {
    use std::collections::BTreeMap;

    use super::*;

    pub fn statement(id: &str) -> Statement {
        Statement { id: id.to_owned(), text: Text::nl(id), by_role: BTreeMap::new() }
    }

    pub fn scan() -> Quickscan {
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

    pub fn answers(pairs: &[(&str, Agreement)]) -> QuickscanAnswers {
        QuickscanAnswers {
            role: Some(Role::Inwoner),
            statements: pairs.iter().map(|(id, a)| (id.to_string(), *a)).collect(),
            fill_seconds: 60,
            ..Default::default()
        }
    }
}
