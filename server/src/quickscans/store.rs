//! Where quick scans, their rounds, responses and drafts are kept: every SQL statement about quick scans is here.

use std::collections::BTreeMap;

use crate::{db::Conn, dialect, on};
use inspraak_api::{
    Address, CustomQuestion, GroupScore, NewQuickscan, NewRound, Quickscan, QuickscanAnswers, QuickscanResults, Role,
    Round, RoundStatus, SortedMap, Text, Theme, ThemeResult,
};
use serde::{Deserialize, Serialize};

use crate::{
    clock::{now, rfc3339, utc_today},
    error::{Error, Result},
};

/// The questionnaire shipped with the server: one theme per ambitie of Democratie in Actie, in Dutch and English.
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
    // Scans made before the report's questions ask for no priorities.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    priorities: bool,
    // Scans made before invitations had neither: every role open, one minimum for all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    invitation_roles: Vec<Role>,
    #[serde(default, skip_serializing_if = "SortedMap::is_empty")]
    role_min_group: SortedMap<Role, u32>,
    // Scans made before the address setting say je.
    #[serde(default, skip_serializing_if = "Address::is_je")]
    address: Address,
}

#[derive(sqlx::FromRow)]
struct RoundRow {
    id: String,
    name: String,
    opened_at: i64,
    closed_at: Option<i64>,
    /// The round's own version of the questionnaire (migration 0013); NULL: the scan's definition.
    themes: Option<String>,
}

impl RoundRow {
    /// The themes this round asks: its own version, else those of the scan's definition.
    fn themes(&self, definition: &[Theme]) -> Result<Vec<Theme>> {
        Ok(match &self.themes {
            Some(json) => serde_json::from_str(json)?,
            None => definition.to_vec(),
        })
    }

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
pub async fn insert(tx: &mut Conn, new: &NewQuickscan, themes: Vec<Theme>) -> Result<bool> {
    let definition = Definition {
        title: new.title.clone(),
        description: new.description.clone(),
        themes,
        custom_questions: new.custom_questions.clone(),
        grades: new.grades,
        priorities: new.priorities,
        invitation_roles: new.invitation_roles.clone(),
        role_min_group: new.role_min_group.clone(),
        address: new.address,
    };
    let inserted = on!(tx, |c| {
        sqlx::query(
        "INSERT INTO quickscans (id, definition, min_group, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(&new.id)
    .bind(serde_json::to_string(&definition)?)
    .bind(i64::from(new.min_group))
    .bind(now())
    .execute(c).await?
    .rows_affected()
    });
    if inserted == 0 {
        return Ok(false);
    }
    open_round(tx, &new.id, &new.round).await?;
    Ok(true)
}

/// The ids of all scans, newest first.
pub async fn scan_ids(conn: &mut Conn) -> Result<Vec<String>> {
    Ok(on!(conn, |c| sqlx::query_scalar("SELECT id FROM quickscans ORDER BY created_at DESC, id").fetch_all(c).await?))
}

/// A scan with its open round, or its latest round when none is open; not found when there is no such scan.
pub async fn get_scan(conn: &mut Conn, id: &str) -> Result<Quickscan> {
    load_scan(conn, id, None).await
}

/// A scan as it was in one of its rounds (that round's questionnaire); not found when there is no such scan or round.
pub async fn scan_in_round(conn: &mut Conn, id: &str, round: &str) -> Result<Quickscan> {
    load_scan(conn, id, Some(round)).await
}

async fn load_scan(conn: &mut Conn, id: &str, round: Option<&str>) -> Result<Quickscan> {
    let row: Option<(String, i64)> =
        on!(conn, |c| sqlx::query_as("SELECT definition, min_group FROM quickscans WHERE id = $1")
            .bind(id)
            .fetch_optional(c)
            .await?);
    let (definition, min_group) = row.ok_or_else(|| Error::not_found("quick scan"))?;
    let definition: Definition = serde_json::from_str(&definition)?;
    let round: RoundRow = match round {
        None => {
            on!(conn, |c| sqlx::query_as(
                "SELECT id, name, opened_at, closed_at, themes FROM quickscan_rounds WHERE scan_id = $1
                 ORDER BY closed_at IS NULL DESC, position DESC LIMIT 1",
            )
            .bind(id)
            .fetch_one(c)
            .await?)
        }
        Some(round) => on!(conn, |c| sqlx::query_as(
            "SELECT id, name, opened_at, closed_at, themes FROM quickscan_rounds WHERE scan_id = $1 AND id = $2",
        )
        .bind(id)
        .bind(round)
        .fetch_optional(c)
        .await?)
        .ok_or_else(|| Error::not_found("round"))?,
    };
    Ok(Quickscan {
        id: id.to_owned(),
        title: definition.title,
        description: definition.description,
        themes: round.themes(&definition.themes)?,
        round: round.into_round()?,
        custom_questions: definition.custom_questions,
        grades: definition.grades,
        priorities: definition.priorities,
        min_group: u32::try_from(min_group).unwrap_or(inspraak_api::quickscan::MIN_GROUP_DEFAULT),
        invitation_roles: definition.invitation_roles,
        role_min_group: definition.role_min_group,
        address: definition.address,
    })
}

/// Every round of a scan, oldest first.
pub async fn rounds(conn: &mut Conn, scan: &str) -> Result<Vec<Round>> {
    let rows: Vec<RoundRow> = on!(conn, |c| sqlx::query_as(
        "SELECT id, name, opened_at, closed_at, themes FROM quickscan_rounds WHERE scan_id = $1 ORDER BY position",
    )
    .bind(scan)
    .fetch_all(c)
    .await?);
    rows.into_iter().map(RoundRow::into_round).collect()
}

/// The scan as each of its rounds asked it, oldest round first.
pub async fn scan_per_round(conn: &mut Conn, id: &str) -> Result<Vec<Quickscan>> {
    let mut scans = Vec::new();
    for round in rounds(conn, id).await? {
        scans.push(scan_in_round(conn, id, &round.id).await?);
    }
    Ok(scans)
}

/// The role and answers of every response of a round, in a stable order that is not the order they came in.
pub async fn answers_of_round(conn: &mut Conn, scan: &str, round: &str) -> Result<Vec<(Role, QuickscanAnswers)>> {
    let rows: Vec<(String, String)> = on!(conn, |c| sqlx::query_as(
        "SELECT role, answers FROM quickscan_responses WHERE scan_id = $1 AND round_id = $2 ORDER BY answers",
    )
    .bind(scan)
    .bind(round)
    .fetch_all(c)
    .await?);
    let mut answers = Vec::with_capacity(rows.len());
    for (role, json) in rows {
        let Some(role) = Role::from_name(&role) else { continue };
        answers.push((role, serde_json::from_str(&json)?));
    }
    Ok(answers)
}

/// Opens a new round, closing the one that was open; a conflict when the scan has a round with this id. The round
/// asks its own version of the questionnaire when `round.themes` has one, else what the round before it asked.
pub async fn open_round(tx: &mut Conn, scan: &str, round: &NewRound) -> Result<Round> {
    let now = now();
    let themes = round.themes.as_ref().map(serde_json::to_string).transpose()?;
    on!(tx, |c| {
        sqlx::query("UPDATE quickscan_rounds SET closed_at = $1 WHERE scan_id = $2 AND closed_at IS NULL")
            .bind(now)
            .bind(scan)
            .execute(c)
            .await?;
    });
    let inserted = on!(tx, |c| sqlx::query(
        "INSERT INTO quickscan_rounds (scan_id, id, name, position, opened_at, themes)
         SELECT $1, $2, $3, COALESCE(MAX(position), 0) + 1, $4,
                COALESCE($5, (SELECT themes FROM quickscan_rounds WHERE scan_id = $1 ORDER BY position DESC LIMIT 1))
         FROM quickscan_rounds WHERE scan_id = $1
         ON CONFLICT DO NOTHING",
    )
    .bind(scan)
    .bind(&round.id)
    .bind(&round.name)
    .bind(now)
    .bind(themes)
    .execute(c)
    .await?
    .rows_affected());
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
pub async fn close_round(tx: &mut Conn, scan: &str, round: &str) -> Result<Option<Round>> {
    on!(tx, |c| {
        sqlx::query("UPDATE quickscan_rounds SET closed_at = $1 WHERE scan_id = $2 AND id = $3 AND closed_at IS NULL")
            .bind(now())
            .bind(scan)
            .bind(round)
            .execute(c)
            .await?;
    });
    Ok(rounds(tx, scan).await?.into_iter().find(|r| r.id == round))
}

/// Stores a validated response in the scan's open round, with its scores per theme; returns its number.
pub async fn insert_response(tx: &mut Conn, scan: &Quickscan, answers: &QuickscanAnswers) -> Result<i64> {
    let role = answers.role.ok_or_else(|| Error::Internal("unvalidated response without role".into()))?;
    let id: i64 = on!(tx, |c| sqlx::query_scalar(
        "INSERT INTO quickscan_responses (scan_id, round_id, role, submitted_on, answers)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&scan.id)
    .bind(&scan.round.id)
    .bind(role.as_str())
    .bind(utc_today())
    .bind(serde_json::to_string(answers)?)
    .fetch_one(c)
    .await?);
    let scores: Vec<_> = answers.scores(scan).into_iter().map(|s| (s.theme, s.score, s.grade)).collect();
    let sql = dialect!(tx,
        sqlite: "INSERT INTO quickscan_scores (response_id, theme_id, score, grade)
         SELECT $1, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]')
         FROM json_each($2)",
        postgres: "INSERT INTO quickscan_scores (response_id, theme_id, score, grade)
         SELECT $1, value->>0, (value->>1)::DOUBLE PRECISION, (value->>2)::BIGINT
         FROM jsonb_array_elements($2::jsonb) AS e (value)",
    );
    on!(tx, |c| {
        sqlx::query(sql).bind(id).bind(serde_json::to_string(&scores)?).execute(c).await?;
    });
    Ok(id)
}

/// Which groups of a round the public figures show, and whose responses they include.
#[derive(Debug, PartialEq, Eq)]
pub struct Visible {
    /// Whether the figure of everyone is shown.
    pub all: bool,
    /// Roles shown separately, in the order of [`Role::ALL`].
    pub shown: Vec<Role>,
    /// Roles that responded but are not shown separately.
    pub hidden: Vec<Role>,
    /// Roles whose responses count in the figure of everyone: every open role, and the invitation-only roles that
    /// are shown. A hidden invitation-only role is in no figure at all, so no subtraction can bring it out.
    pub included: Vec<Role>,
}

/// Which groups of a round may be shown, so that no group below its minimum can be seen, neither directly nor by
/// subtracting the shown groups from the total, and no invitation-only group while the round runs:
///
/// - an open role is shown from `min_group` respondents while the round runs, and from its own minimum
///   (`role_min_group`, which may be lower) once it has closed;
/// - an invitation-only role is shown only after the round has closed, from its own minimum; until then, and when
///   it stays below that minimum, its responses count in no public figure, not even the one of everyone;
/// - while the hidden open roles together are fewer than `min_group` (so that everyone minus the shown roles would
///   give their average away), the smallest shown open role is hidden too, and when no shown open role is left to
///   hide, the figure of everyone goes.
pub fn visible_groups(counts: &BTreeMap<Role, u32>, scan: &Quickscan, closed: bool) -> Visible {
    let count = |role: &Role| counts.get(role).copied().unwrap_or(0);
    let responded: Vec<Role> = Role::ALL.into_iter().filter(|role| count(role) > 0).collect();
    let shows = |role: &Role| {
        let minimum = scan.min_group_of(*role);
        match (scan.invitation_only(*role), closed) {
            (true, false) => false,
            (_, true) => count(role) >= minimum,
            (false, false) => count(role) >= minimum.max(scan.min_group),
        }
    };
    let mut shown: Vec<Role> = responded.iter().copied().filter(shows).collect();
    let included: Vec<Role> =
        responded.iter().copied().filter(|role| !scan.invitation_only(*role) || shown.contains(role)).collect();
    let all_total: u32 = included.iter().map(count).sum();
    let mut all = all_total >= scan.min_group;
    if all {
        loop {
            // The hidden part of "everyone": open roles only (hidden invitation-only roles are not in it).
            let remainder: u32 = included.iter().filter(|role| !shown.contains(role)).map(count).sum();
            if remainder == 0 || remainder >= scan.min_group {
                break;
            }
            let open_shown = shown.iter().copied().filter(|role| !scan.invitation_only(*role));
            match open_shown.min_by_key(|role| count(role)) {
                Some(smallest) => shown.retain(|role| *role != smallest),
                None => {
                    all = false;
                    break;
                }
            }
        }
    }
    let hidden = responded.iter().copied().filter(|role| !shown.contains(role)).collect();
    Visible { all, shown, hidden, included }
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
pub async fn results(conn: &mut Conn, scan: &Quickscan, round: &Round) -> Result<QuickscanResults> {
    // Running totals kept by triggers (migration 0007): the same cost at 10 responses as at 100,000.
    let counts = role_counts(conn, &scan.id, &round.id).await?;
    let sums: Vec<SumRow> = on!(conn, |c| sqlx::query_as(
        "SELECT role, theme_id, score_centi, score_count, grade_sum, grade_count
         FROM quickscan_theme_totals WHERE scan_id = $1 AND round_id = $2",
    )
    .bind(&scan.id)
    .bind(&round.id)
    .fetch_all(c)
    .await?);
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
    let visible = visible_groups(&counts, scan, round.status == RoundStatus::Closed);
    let total: u32 = counts.values().sum();
    let all_total: u32 = visible.included.iter().map(|role| counts[role]).sum();
    let themes = scan
        .themes
        .iter()
        .map(|theme| {
            let sums_of = |role: Role| by_theme.get(&(theme.id.clone(), role)).copied().unwrap_or_default();
            let mut all = Sums::default();
            for role in &visible.included {
                all.add(sums_of(*role));
            }
            ThemeResult {
                theme: theme.id.clone(),
                all: visible.all.then(|| all.group(all_total)),
                by_role: visible.shown.iter().map(|&role| (role, sums_of(role).group(counts[&role]))).collect(),
            }
        })
        .collect();
    Ok(QuickscanResults {
        scan: scan.id.clone(),
        round: round.id.clone(),
        round_name: round.name.clone(),
        min_group: scan.min_group,
        respondents: total,
        roles: visible.shown,
        hidden_roles: visible.hidden,
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
pub async fn responses(conn: &mut Conn, scan: &str) -> Result<Vec<ResponseRow>> {
    Ok(on!(conn, |c| sqlx::query_as(
        "SELECT r.id, r.round_id, r.role, r.submitted_on, r.answers FROM quickscan_responses r
         JOIN quickscan_rounds d ON d.scan_id = r.scan_id AND d.id = r.round_id
         WHERE r.scan_id = $1 ORDER BY d.position, r.id",
    )
    .bind(scan)
    .fetch_all(c)
    .await?))
}

/// Deletes one response with its scores; false when the scan has no such response.
pub async fn delete_response(tx: &mut Conn, scan: &str, response: i64) -> Result<bool> {
    let deleted = on!(tx, |c| sqlx::query("DELETE FROM quickscan_responses WHERE scan_id = $1 AND id = $2")
        .bind(scan)
        .bind(response)
        .execute(c)
        .await?
        .rows_affected())
        > 0;
    // The answer kept for a retry holds the respondent's scores: it goes too.
    crate::idempotency::forget(tx, &[crate::idempotency::resource("response", &format!("{scan}/{response}"))]).await?;
    Ok(deleted)
}

/// Keeps a draft under the keyed hash of its code until `expires_at`.
pub async fn save_draft(tx: &mut Conn, code_hash: &str, scan: &str, body: &str, expires_at: i64) -> Result<()> {
    on!(tx, |c| {
        sqlx::query("INSERT INTO quickscan_drafts (code_hash, scan_id, body, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(code_hash)
            .bind(scan)
            .bind(body)
            .bind(expires_at)
            .execute(c)
            .await?;
    });
    Ok(())
}

/// Gives a draft that has not expired a new code (the old one no longer opens it); returns its expiry, or None
/// when the draft is gone.
pub async fn recode_draft(tx: &mut Conn, old_hash: &str, new_hash: &str, scan: &str) -> Result<Option<i64>> {
    Ok(on!(tx, |c| sqlx::query_scalar(
        "UPDATE quickscan_drafts SET code_hash = $1 WHERE code_hash = $2 AND scan_id = $3 AND expires_at > $4
         RETURNING expires_at",
    )
    .bind(new_hash)
    .bind(old_hash)
    .bind(scan)
    .bind(now())
    .fetch_optional(c)
    .await?))
}

/// A draft that has not expired: its JSON and expiry.
pub async fn find_draft(conn: &mut Conn, code_hash: &str, scan: &str) -> Result<Option<(String, i64)>> {
    Ok(on!(conn, |c| sqlx::query_as(
        "SELECT body, expires_at FROM quickscan_drafts WHERE code_hash = $1 AND scan_id = $2 AND expires_at > $3",
    )
    .bind(code_hash)
    .bind(scan)
    .bind(now())
    .fetch_optional(c)
    .await?))
}

/// Forgets expired drafts; run with the hourly purge.
pub async fn purge_drafts(conn: &mut Conn) -> Result<u64> {
    Ok(on!(conn, |c| sqlx::query("DELETE FROM quickscan_drafts WHERE expires_at <= $1")
        .bind(now())
        .execute(c)
        .await?
        .rows_affected()))
}

/// Stores the keyed hashes of new invitation codes of a round and role; returns the hashes that were new (a hash
/// seen before is skipped, and the code it stands for stays as it was).
pub async fn add_invitations(
    tx: &mut Conn,
    scan: &str,
    round: &str,
    role: Role,
    hashes: &[String],
) -> Result<Vec<String>> {
    Ok(on!(tx, |c| sqlx::query_scalar(
        "INSERT INTO quickscan_invitations (scan_id, round_id, role, code_hash)
         SELECT $1, $2, $3, value FROM json_each($4) WHERE true ON CONFLICT DO NOTHING RETURNING code_hash",
    )
    .bind(scan)
    .bind(round)
    .bind(role.as_str())
    .bind(serde_json::to_string(hashes)?)
    .fetch_all(c)
    .await?))
}

/// Deletes those of these invitation codes that were not used yet; returns how many.
pub async fn void_unused_invitations(tx: &mut Conn, scan: &str, hashes: &[String]) -> Result<u64> {
    Ok(on!(tx, |c| sqlx::query(
        "DELETE FROM quickscan_invitations
         WHERE scan_id = $1 AND used = 0 AND code_hash IN (SELECT value FROM json_each($2))",
    )
    .bind(scan)
    .bind(serde_json::to_string(hashes)?)
    .execute(c)
    .await?
    .rows_affected()))
}

/// What became of an invitation code offered with a response.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// It was unused and of this round and role: it is used now.
    Claimed,
    /// The scan has no such code.
    Unknown,
    /// A code of an earlier round.
    OtherRound,
    /// A code of another role.
    OtherRole(Role),
    Used,
}

/// Marks an invitation code used for a response of `role` in `round`, if it may make one.
pub async fn claim_invitation(tx: &mut Conn, scan: &str, round: &str, role: Role, hash: &str) -> Result<Claim> {
    let claimed = on!(tx, |c| sqlx::query(
        "UPDATE quickscan_invitations SET used = 1
         WHERE scan_id = $1 AND code_hash = $2 AND round_id = $3 AND role = $4 AND used = 0",
    )
    .bind(scan)
    .bind(hash)
    .bind(round)
    .bind(role.as_str())
    .execute(c)
    .await?
    .rows_affected());
    if claimed == 1 {
        return Ok(Claim::Claimed);
    }
    let found: Option<(String, String, bool)> = on!(tx, |c| sqlx::query_as(
        "SELECT round_id, role, used <> 0 FROM quickscan_invitations WHERE scan_id = $1 AND code_hash = $2"
    )
    .bind(scan)
    .bind(hash)
    .fetch_optional(c)
    .await?);
    Ok(match found {
        None => Claim::Unknown,
        Some((of_round, _, _)) if of_round != round => Claim::OtherRound,
        Some((_, of_role, _)) if of_role != role.as_str() => {
            Role::from_name(&of_role).map_or(Claim::Unknown, Claim::OtherRole)
        }
        Some(_) => Claim::Used,
    })
}

/// Per role of a round: (invitation codes made, of which used).
pub async fn invitation_counts(conn: &mut Conn, scan: &str, round: &str) -> Result<BTreeMap<Role, (u32, u32)>> {
    let rows: Vec<(String, i64, i64)> = on!(conn, |c| sqlx::query_as(
        "SELECT role, COUNT(*), COALESCE(SUM(used), 0) FROM quickscan_invitations
         WHERE scan_id = $1 AND round_id = $2 GROUP BY role",
    )
    .bind(scan)
    .bind(round)
    .fetch_all(c)
    .await?);
    Ok(rows
        .into_iter()
        .filter_map(|(role, issued, used)| {
            Some((Role::from_name(&role)?, (u32::try_from(issued).ok()?, u32::try_from(used).ok()?)))
        })
        .collect())
}

/// Responses per role of a round (the running totals).
pub async fn role_counts(conn: &mut Conn, scan: &str, round: &str) -> Result<BTreeMap<Role, u32>> {
    let counts: Vec<(String, i64)> = on!(conn, |c| {
        sqlx::query_as(
        "SELECT role, respondents FROM quickscan_role_counts WHERE scan_id = $1 AND round_id = $2 AND respondents > 0",
    )
    .bind(scan)
    .bind(round)
    .fetch_all(c).await?
    });
    Ok(counts.into_iter().filter_map(|(role, n)| Some((Role::from_name(&role)?, u32::try_from(n).ok()?))).collect())
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
            assert!((3..=8).contains(&theme.statements.len()), "{}", theme.id);
            assert!(theme.title.en.is_some() && theme.explanation.en.is_some());
            assert!(theme.subtitle.as_ref().is_some_and(|s| s.en.is_some() && !s.nl.contains('\n')), "{}", theme.id);
            assert!(theme.open_question.as_ref().is_some_and(|q| q.en.is_some()), "{}", theme.id);
            // Every role has statements to answer in every theme; residents are not asked about the griffie.
            for role in Role::ALL {
                assert!(theme.statements_for(Some(role)).count() >= 2, "{} has too little for {role:?}", theme.id);
            }
            for statement in theme.statements_for(Some(Role::Inwoner)) {
                assert!(!statement.text.nl.contains("griffie"), "{} is asked of residents", statement.id);
            }
            // One thing per statement: none of the double wordings of the first version.
            for statement in &theme.statements {
                for double in [" en kritisch", "snel en begrijpelijk", "een baan en een gezin", " of geïntimideerd"] {
                    assert!(!statement.text.nl.contains(double), "{} asks two things", statement.id);
                }
            }
            for statement in &theme.statements {
                assert!(statement.text.en.is_some(), "{} has no English", statement.id);
                assert!(statement.by_role.values().all(|t| t.en.is_some()), "{} role text", statement.id);
            }
        }
        let new = NewQuickscan {
            address: Default::default(),
            id: "scan".into(),
            title: Text::nl("Scan"),
            description: None,
            round: NewRound { id: "r".into(), name: "nulmeting".into(), themes: None },
            themes: None,
            custom_questions: Vec::new(),
            grades: true,
            priorities: true,
            min_group: 5,
            invitation_roles: Vec::new(),
            role_min_group: Default::default(),
        };
        assert_eq!(new.validate(&themes), Ok(()));
    }

    /// A scan with `min_group` 5, these invitation-only roles and these minimums per role.
    fn scan(invited: &[Role], minimums: &[(Role, u32)]) -> Quickscan {
        Quickscan {
            address: Default::default(),
            id: "scan".into(),
            title: Text::nl("Scan"),
            description: None,
            round: Round {
                id: "r".into(),
                name: "r".into(),
                status: RoundStatus::Open,
                opened_at: "2026-01-01T00:00:00Z".into(),
                closed_at: None,
            },
            themes: Vec::new(),
            custom_questions: Vec::new(),
            grades: false,
            priorities: false,
            min_group: 5,
            invitation_roles: invited.to_vec(),
            role_min_group: minimums.iter().copied().collect(),
        }
    }

    /// (all shown, roles shown, roles hidden) for an open round (`closed` false) or a closed one.
    fn visible(pairs: &[(Role, u32)], scan: &Quickscan, closed: bool) -> (bool, Vec<Role>, Vec<Role>) {
        let v = visible_groups(&counts(pairs), scan, closed);
        (v.all, v.shown, v.hidden)
    }

    #[test]
    fn groups_below_the_minimum_are_hidden() {
        let (all, shown, hidden) = visible(&[(Role::Inwoner, 12), (Role::Raadslid, 3)], &scan(&[], &[]), false);
        assert!(all);
        // Hiding raadsleden alone would let total minus inwoners reveal them: inwoners are hidden too.
        assert_eq!(shown, Vec::<Role>::new());
        assert_eq!(hidden, [Role::Inwoner, Role::Raadslid]);
    }

    #[test]
    fn a_hidden_remainder_of_at_least_the_minimum_needs_no_extra_hiding() {
        let c = [(Role::Inwoner, 20), (Role::Raadslid, 3), (Role::Ambtenaar, 2), (Role::Anders, 9)];
        let (all, shown, hidden) = visible(&c, &scan(&[], &[]), true);
        assert!(all);
        assert_eq!(shown, [Role::Inwoner, Role::Anders]);
        assert_eq!(hidden, [Role::Raadslid, Role::Ambtenaar]);
    }

    #[test]
    fn the_smallest_shown_group_goes_first_and_nothing_shows_below_the_minimum_total() {
        let open = scan(&[], &[]);
        let (_, shown, hidden) =
            visible(&[(Role::Inwoner, 20), (Role::Raadslid, 6), (Role::Ambtenaar, 1)], &open, false);
        assert_eq!(shown, [Role::Inwoner]);
        assert_eq!(hidden, [Role::Raadslid, Role::Ambtenaar]);
        let (all, shown, hidden) = visible(&[(Role::Inwoner, 4)], &open, false);
        assert!(!all && shown.is_empty());
        assert_eq!(hidden, [Role::Inwoner]);
        let (all, shown, hidden) = visible(&[(Role::Inwoner, 5)], &open, false);
        assert!(all && hidden.is_empty());
        assert_eq!(shown, [Role::Inwoner]);
    }

    #[test]
    fn an_invitation_only_role_shows_after_the_round_closes_from_its_own_minimum_and_is_in_no_figure_before() {
        let scan = scan(&[Role::Collegelid], &[(Role::Collegelid, 3)]);
        let c = [(Role::Inwoner, 20), (Role::Collegelid, 6)];
        let running = visible_groups(&counts(&c), &scan, false);
        assert_eq!((running.all, running.shown.clone()), (true, vec![Role::Inwoner]));
        assert_eq!(running.hidden, [Role::Collegelid]);
        assert_eq!(running.included, [Role::Inwoner], "the college is not in the figure of everyone");
        let closed = visible_groups(&counts(&c), &scan, true);
        assert_eq!(closed.shown, [Role::Inwoner, Role::Collegelid]);
        assert_eq!(closed.included, [Role::Inwoner, Role::Collegelid]);
        // Below its minimum it stays out of every figure, also after closing.
        let few = visible_groups(&counts(&[(Role::Inwoner, 20), (Role::Collegelid, 2)]), &scan, true);
        assert_eq!((few.shown, few.included), (vec![Role::Inwoner], vec![Role::Inwoner]));
    }

    #[test]
    fn a_small_open_group_shows_only_after_closing_and_the_figure_of_everyone_goes_rather_than_give_it_away() {
        let scan = scan(&[Role::Collegelid], &[(Role::Anders, 3), (Role::Collegelid, 3)]);
        let c = [(Role::Inwoner, 12), (Role::Anders, 3)];
        assert_eq!(visible(&c, &scan, false), (true, vec![], vec![Role::Inwoner, Role::Anders]));
        assert_eq!(visible(&c, &scan, true), (true, vec![Role::Inwoner, Role::Anders], vec![]));
        // Everyone minus the college would be the 2 inwoners: with no open role left to hide, "everyone" goes.
        let c = [(Role::Inwoner, 2), (Role::Collegelid, 4)];
        assert_eq!(visible(&c, &scan, true), (false, vec![Role::Collegelid], vec![Role::Inwoner]));
    }
}
