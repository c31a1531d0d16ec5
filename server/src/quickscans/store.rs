//! Where quick scans, their rounds, responses and drafts are kept: every SQL statement about quick scans is here.

use std::collections::BTreeMap;

use inspraak_api::{
    CustomQuestion, GroupScore, NewQuickscan, NewRound, Quickscan, QuickscanAnswers, QuickscanResults, Role, Round,
    RoundStatus, Text, Theme, ThemeResult,
};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::{
    clock::{now, rfc3339, utc_today},
    error::{Error, Result},
};

/// The questionnaire shipped with the server: one theme per subgoal of Democratie in actie, in Dutch and English.
pub const DEFAULT_QUESTIONNAIRE: &str = include_str!("../../questionnaires/democratie-in-actie.json");

#[derive(Deserialize)]
struct Questionnaire {
    themes: Vec<Theme>,
}

/// The themes of the default questionnaire.
pub fn default_themes() -> Vec<Theme> {
    serde_json::from_str::<Questionnaire>(DEFAULT_QUESTIONNAIRE)
        .expect("the shipped questionnaire is valid JSON (a unit test reads it)")
        .themes
}

/// What of a scan is fixed when it is created, kept as one JSON document.
#[derive(Serialize, Deserialize)]
struct Definition {
    title: Text,
    #[serde(default)]
    description: Option<Text>,
    themes: Vec<Theme>,
    #[serde(default)]
    custom_questions: Vec<CustomQuestion>,
    grades: bool,
}

#[derive(sqlx::FromRow)]
struct RoundRow {
    id: String,
    name: String,
    opened_at: i64,
    closed_at: Option<i64>,
}

impl RoundRow {
    fn into_round(self) -> Result<Round> {
        Ok(Round {
            id: self.id,
            name: self.name,
            status: if self.closed_at.is_some() { RoundStatus::Closed } else { RoundStatus::Open },
            opened_at: rfc3339(self.opened_at)?,
            closed_at: self.closed_at.map(rfc3339).transpose()?,
        })
    }
}

/// Stores a new scan with its first round open; false when the id exists already.
pub async fn insert(tx: &mut SqliteConnection, new: &NewQuickscan, themes: Vec<Theme>) -> Result<bool> {
    let definition = Definition {
        title: new.title.clone(),
        description: new.description.clone(),
        themes,
        custom_questions: new.custom_questions.clone(),
        grades: new.grades,
    };
    let inserted = sqlx::query(
        "INSERT INTO quickscans (id, definition, min_group, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(&new.id)
    .bind(serde_json::to_string(&definition)?)
    .bind(new.min_group)
    .bind(now())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(false);
    }
    open_round(tx, &new.id, &new.round).await?;
    Ok(true)
}

/// The ids of all scans, newest first.
pub async fn scan_ids(conn: &mut SqliteConnection) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT id FROM quickscans ORDER BY created_at DESC, id").fetch_all(conn).await?)
}

/// A scan with its open round, or its latest round when none is open; not found when there is no such scan.
pub async fn get_scan(conn: &mut SqliteConnection, id: &str) -> Result<Quickscan> {
    let row: Option<(String, i64)> = sqlx::query_as("SELECT definition, min_group FROM quickscans WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    let (definition, min_group) = row.ok_or_else(|| Error::not_found("quick scan"))?;
    let definition: Definition = serde_json::from_str(&definition)?;
    let round: RoundRow = sqlx::query_as(
        "SELECT id, name, opened_at, closed_at FROM quickscan_rounds WHERE scan_id = ?
         ORDER BY closed_at IS NULL DESC, position DESC LIMIT 1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Quickscan {
        id: id.to_owned(),
        title: definition.title,
        description: definition.description,
        round: round.into_round()?,
        themes: definition.themes,
        custom_questions: definition.custom_questions,
        grades: definition.grades,
        min_group: u32::try_from(min_group).unwrap_or(inspraak_api::quickscan::MIN_GROUP_DEFAULT),
    })
}

/// Every round of a scan, oldest first.
pub async fn rounds(conn: &mut SqliteConnection, scan: &str) -> Result<Vec<Round>> {
    let rows: Vec<RoundRow> = sqlx::query_as(
        "SELECT id, name, opened_at, closed_at FROM quickscan_rounds WHERE scan_id = ? ORDER BY position",
    )
    .bind(scan)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(RoundRow::into_round).collect()
}

/// Opens a new round, closing the one that was open; a conflict when the scan has a round with this id.
pub async fn open_round(tx: &mut SqliteConnection, scan: &str, round: &NewRound) -> Result<Round> {
    let now = now();
    sqlx::query("UPDATE quickscan_rounds SET closed_at = ? WHERE scan_id = ? AND closed_at IS NULL")
        .bind(now)
        .bind(scan)
        .execute(&mut *tx)
        .await?;
    let inserted = sqlx::query(
        "INSERT INTO quickscan_rounds (scan_id, id, name, position, opened_at)
         SELECT ?1, ?2, ?3, COALESCE(MAX(position), 0) + 1, ?4 FROM quickscan_rounds WHERE scan_id = ?1
         ON CONFLICT DO NOTHING",
    )
    .bind(scan)
    .bind(&round.id)
    .bind(&round.name)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(Error::exists("Round exists", format!("This scan has a round '{}' already.", round.id)));
    }
    Ok(Round {
        id: round.id.clone(),
        name: round.name.clone(),
        status: RoundStatus::Open,
        opened_at: rfc3339(now)?,
        closed_at: None,
    })
}

/// Closes a round (closing a closed round changes nothing); None when the scan has no such round.
pub async fn close_round(tx: &mut SqliteConnection, scan: &str, round: &str) -> Result<Option<Round>> {
    sqlx::query("UPDATE quickscan_rounds SET closed_at = ? WHERE scan_id = ? AND id = ? AND closed_at IS NULL")
        .bind(now())
        .bind(scan)
        .bind(round)
        .execute(&mut *tx)
        .await?;
    Ok(rounds(tx, scan).await?.into_iter().find(|r| r.id == round))
}

/// Stores a validated response in the scan's open round, with its scores per theme; returns its number.
pub async fn insert_response(tx: &mut SqliteConnection, scan: &Quickscan, answers: &QuickscanAnswers) -> Result<i64> {
    let role = answers.role.ok_or_else(|| Error::Internal("unvalidated response without role".into()))?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO quickscan_responses (scan_id, round_id, role, submitted_on, answers)
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&scan.id)
    .bind(&scan.round.id)
    .bind(role.as_str())
    .bind(utc_today())
    .bind(serde_json::to_string(answers)?)
    .fetch_one(&mut *tx)
    .await?;
    let scores: Vec<_> = answers.scores(scan).into_iter().map(|s| (s.theme, s.score, s.grade)).collect();
    sqlx::query(
        "INSERT INTO quickscan_scores (response_id, theme_id, score, grade)
         SELECT ?, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]')
         FROM json_each(?)",
    )
    .bind(id)
    .bind(serde_json::to_string(&scores)?)
    .execute(&mut *tx)
    .await?;
    Ok(id)
}

/// Which groups of a round may be shown when no group below `min_group` may be seen, neither directly nor by
/// subtracting the shown groups from the total: `(all shown, roles shown, roles hidden)`.
pub fn visible_groups(counts: &BTreeMap<Role, u32>, min_group: u32) -> (bool, Vec<Role>, Vec<Role>) {
    let total: u32 = counts.values().sum();
    let all_shown = total >= min_group;
    let mut shown: Vec<Role> =
        Role::ALL.into_iter().filter(|r| counts.get(r).is_some_and(|&n| n >= min_group)).collect();
    let mut hidden: Vec<Role> =
        Role::ALL.into_iter().filter(|r| counts.get(r).is_some_and(|&n| n > 0 && n < min_group)).collect();
    // With the total shown, total minus the shown roles is the average of the hidden ones: while that is a group
    // too small to show, hide the smallest shown role as well.
    if all_shown {
        loop {
            let hidden_total: u32 = hidden.iter().map(|r| counts[r]).sum();
            if hidden_total == 0 || hidden_total >= min_group || shown.is_empty() {
                break;
            }
            let smallest = *shown.iter().min_by_key(|r| counts[*r]).expect("shown is not empty");
            shown.retain(|r| *r != smallest);
            hidden.push(smallest);
        }
    }
    hidden.sort();
    (all_shown, shown, hidden)
}

#[derive(sqlx::FromRow)]
struct SumRow {
    role: String,
    theme_id: String,
    score_centi: i64,
    score_count: i64,
    grade_sum: i64,
    grade_count: i64,
}

#[derive(Default, Clone, Copy)]
struct Sums {
    score_sum: f64,
    score_count: i64,
    grade_sum: f64,
    grade_count: i64,
}

impl Sums {
    fn add(&mut self, other: Sums) {
        self.score_sum += other.score_sum;
        self.score_count += other.score_count;
        self.grade_sum += other.grade_sum;
        self.grade_count += other.grade_count;
    }

    /// Public averages have one decimal: fine enough to read, coarse enough that comparing the results before and
    /// after one response says little about that response once a group is of any size.
    fn group(self, respondents: u32) -> GroupScore {
        let mean = |sum: f64, count: i64| (count > 0).then(|| (sum / count as f64 * 10.0).round() / 10.0);
        GroupScore {
            respondents,
            score: mean(self.score_sum, self.score_count),
            grade: mean(self.grade_sum, self.grade_count),
        }
    }
}

/// The aggregate of one round, per theme, for everyone and for each role that may be shown.
pub async fn results(conn: &mut SqliteConnection, scan: &Quickscan, round: &Round) -> Result<QuickscanResults> {
    // Running totals kept by triggers (migration 0007): the same cost at 10 responses as at 100,000.
    let counts: Vec<(String, i64)> = sqlx::query_as(
        "SELECT role, respondents FROM quickscan_role_counts WHERE scan_id = ? AND round_id = ? AND respondents > 0",
    )
    .bind(&scan.id)
    .bind(&round.id)
    .fetch_all(&mut *conn)
    .await?;
    let counts: BTreeMap<Role, u32> =
        counts.into_iter().filter_map(|(role, n)| Some((Role::from_name(&role)?, u32::try_from(n).ok()?))).collect();
    let sums: Vec<SumRow> = sqlx::query_as(
        "SELECT role, theme_id, score_centi, score_count, grade_sum, grade_count
         FROM quickscan_theme_totals WHERE scan_id = ? AND round_id = ?",
    )
    .bind(&scan.id)
    .bind(&round.id)
    .fetch_all(&mut *conn)
    .await?;
    let mut by_theme: BTreeMap<(String, Role), Sums> = BTreeMap::new();
    for row in sums {
        let Some(role) = Role::from_name(&row.role) else { continue };
        by_theme.insert(
            (row.theme_id, role),
            Sums {
                score_sum: row.score_centi as f64 / 100.0,
                score_count: row.score_count,
                grade_sum: row.grade_sum as f64,
                grade_count: row.grade_count,
            },
        );
    }
    let (all_shown, roles, hidden_roles) = visible_groups(&counts, scan.min_group);
    let total: u32 = counts.values().sum();
    let themes = scan
        .themes
        .iter()
        .map(|theme| {
            let sums_of = |role: Role| by_theme.get(&(theme.id.clone(), role)).copied().unwrap_or_default();
            let mut all = Sums::default();
            for role in counts.keys() {
                all.add(sums_of(*role));
            }
            ThemeResult {
                theme: theme.id.clone(),
                all: all_shown.then(|| all.group(total)),
                by_role: roles.iter().map(|&role| (role, sums_of(role).group(counts[&role]))).collect(),
            }
        })
        .collect();
    Ok(QuickscanResults {
        scan: scan.id.clone(),
        round: round.id.clone(),
        round_name: round.name.clone(),
        min_group: scan.min_group,
        respondents: total,
        roles,
        hidden_roles,
        themes,
    })
}

/// One stored response, for the CSV export.
#[derive(sqlx::FromRow)]
pub struct ResponseRow {
    pub id: i64,
    pub round_id: String,
    pub role: String,
    pub submitted_on: String,
    pub answers: String,
}

/// Every response of a scan, oldest first.
pub async fn responses(conn: &mut SqliteConnection, scan: &str) -> Result<Vec<ResponseRow>> {
    Ok(sqlx::query_as(
        "SELECT r.id, r.round_id, r.role, r.submitted_on, r.answers FROM quickscan_responses r
         JOIN quickscan_rounds d ON d.scan_id = r.scan_id AND d.id = r.round_id
         WHERE r.scan_id = ? ORDER BY d.position, r.id",
    )
    .bind(scan)
    .fetch_all(conn)
    .await?)
}

/// Deletes one response with its scores; false when the scan has no such response.
pub async fn delete_response(tx: &mut SqliteConnection, scan: &str, response: i64) -> Result<bool> {
    let deleted = sqlx::query("DELETE FROM quickscan_responses WHERE scan_id = ? AND id = ?")
        .bind(scan)
        .bind(response)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        > 0;
    // The answer kept for a retry holds the respondent's scores: it goes too.
    crate::idempotency::forget(tx, &[crate::idempotency::resource("response", &format!("{scan}/{response}"))]).await?;
    Ok(deleted)
}

/// Keeps a draft under the keyed hash of its code until `expires_at`.
pub async fn save_draft(
    tx: &mut SqliteConnection,
    code_hash: &str,
    scan: &str,
    body: &str,
    expires_at: i64,
) -> Result<()> {
    sqlx::query("INSERT INTO quickscan_drafts (code_hash, scan_id, body, expires_at) VALUES (?, ?, ?, ?)")
        .bind(code_hash)
        .bind(scan)
        .bind(body)
        .bind(expires_at)
        .execute(tx)
        .await?;
    Ok(())
}

/// Gives a draft that has not expired a new code (the old one no longer opens it); returns its expiry, or None
/// when the draft is gone.
pub async fn recode_draft(
    tx: &mut SqliteConnection,
    old_hash: &str,
    new_hash: &str,
    scan: &str,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "UPDATE quickscan_drafts SET code_hash = ? WHERE code_hash = ? AND scan_id = ? AND expires_at > ?
         RETURNING expires_at",
    )
    .bind(new_hash)
    .bind(old_hash)
    .bind(scan)
    .bind(now())
    .fetch_optional(tx)
    .await?)
}

/// A draft that has not expired: its JSON and expiry.
pub async fn find_draft(conn: &mut SqliteConnection, code_hash: &str, scan: &str) -> Result<Option<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT body, expires_at FROM quickscan_drafts WHERE code_hash = ? AND scan_id = ? AND expires_at > ?",
    )
    .bind(code_hash)
    .bind(scan)
    .bind(now())
    .fetch_optional(conn)
    .await?)
}

/// Forgets expired drafts; run with the hourly purge.
pub async fn purge_drafts(conn: &mut SqliteConnection) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM quickscan_drafts WHERE expires_at <= ?")
        .bind(now())
        .execute(conn)
        .await?
        .rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(Role, u32)]) -> BTreeMap<Role, u32> {
        pairs.iter().copied().collect()
    }

    #[test]
    fn the_shipped_questionnaire_has_a_theme_per_subgoal_and_passes_validation() {
        let themes = default_themes();
        assert_eq!(themes.iter().map(|t| t.subgoal).collect::<Vec<_>>(), (1..=7).map(Some).collect::<Vec<_>>());
        for theme in &themes {
            assert!((3..=5).contains(&theme.statements.len()), "{}", theme.id);
            assert!(theme.title.en.is_some() && theme.explanation.en.is_some());
            for statement in &theme.statements {
                assert!(statement.text.en.is_some(), "{} has no English", statement.id);
                assert!(statement.by_role.values().all(|t| t.en.is_some()), "{} role text", statement.id);
            }
        }
        let new = NewQuickscan {
            id: "scan".into(),
            title: Text::nl("Scan"),
            description: None,
            round: NewRound { id: "r".into(), name: "nulmeting".into() },
            themes: None,
            custom_questions: Vec::new(),
            grades: true,
            min_group: 5,
        };
        assert_eq!(new.validate(&themes), Ok(()));
    }

    #[test]
    fn groups_below_the_minimum_are_hidden() {
        let (all, shown, hidden) = visible_groups(&counts(&[(Role::Inwoner, 12), (Role::Raadslid, 3)]), 5);
        assert!(all);
        // Hiding raadsleden alone would let total minus inwoners reveal them: inwoners are hidden too.
        assert_eq!(shown, Vec::<Role>::new());
        assert_eq!(hidden, [Role::Inwoner, Role::Raadslid]);
    }

    #[test]
    fn a_hidden_remainder_of_at_least_the_minimum_needs_no_extra_hiding() {
        let c = counts(&[(Role::Inwoner, 20), (Role::Raadslid, 3), (Role::Ambtenaar, 2), (Role::Anders, 9)]);
        let (all, shown, hidden) = visible_groups(&c, 5);
        assert!(all);
        assert_eq!(shown, [Role::Inwoner, Role::Anders]);
        assert_eq!(hidden, [Role::Raadslid, Role::Ambtenaar]);
    }

    #[test]
    fn the_smallest_shown_group_goes_first_and_nothing_shows_below_the_minimum_total() {
        let c = counts(&[(Role::Inwoner, 20), (Role::Raadslid, 6), (Role::Ambtenaar, 1)]);
        let (_, shown, hidden) = visible_groups(&c, 5);
        assert_eq!(shown, [Role::Inwoner]);
        assert_eq!(hidden, [Role::Raadslid, Role::Ambtenaar]);
        let (all, shown, hidden) = visible_groups(&counts(&[(Role::Inwoner, 4)]), 5);
        assert!(!all && shown.is_empty());
        assert_eq!(hidden, [Role::Inwoner]);
        let (all, shown, hidden) = visible_groups(&counts(&[(Role::Inwoner, 5)]), 5);
        assert!(all && hidden.is_empty());
        assert_eq!(shown, [Role::Inwoner]);
    }
}
