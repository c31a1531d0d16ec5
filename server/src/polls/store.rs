//! Where polls and votes are kept: every SQL statement about polls is in this file,
//! so another database (PostgreSQL) needs only another version of it.

use crate::{db::Conn, dialect, on};
use inspraak_api::{ChoiceMode, NewPoll, OptionResult, Poll, PollOption, PollResults, PollStatus, ResultsVisibility};

use crate::{
    clock::{rfc3339, unix},
    error::{Error, Result},
};

#[derive(sqlx::FromRow)]
struct PollRow {
    id: String,
    question: String,
    description: Option<String>,
    choice: String,
    max_choices: i64,
    opens_at: Option<i64>,
    closes_at: Option<i64>,
    results: String,
    requires_code: bool,
}

#[derive(sqlx::FromRow)]
struct OptionRow {
    id: String,
    label: String,
}

fn status(opens_at: Option<i64>, closes_at: Option<i64>, now: i64) -> PollStatus {
    // A passed close time wins: a poll closed before it ever opened is closed, not upcoming.
    if closes_at.is_some_and(|t| now >= t) {
        PollStatus::Closed
    } else if opens_at.is_some_and(|t| now < t) {
        PollStatus::Upcoming
    } else {
        PollStatus::Open
    }
}

async fn options(conn: &mut Conn, poll_id: &str) -> Result<Vec<OptionRow>> {
    Ok(on!(conn, |c| sqlx::query_as("SELECT id, label FROM poll_options WHERE poll_id = $1 ORDER BY position")
        .bind(poll_id)
        .fetch_all(c)
        .await?))
}

/// The poll as the public sees it at `now`, if there is one with this id.
pub async fn find_poll(conn: &mut Conn, id: &str, now: i64) -> Result<Option<Poll>> {
    let row: Option<PollRow> = on!(conn, |c| sqlx::query_as(
        "SELECT id, question, description, choice, max_choices, opens_at, closes_at, results, requires_code
         FROM polls WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(c)
    .await?);
    let Some(row) = row else { return Ok(None) };
    let options = options(conn, id).await?;
    Ok(Some(Poll {
        status: status(row.opens_at, row.closes_at, now),
        opens_at: row.opens_at.map(rfc3339).transpose()?,
        closes_at: row.closes_at.map(rfc3339).transpose()?,
        choice: ChoiceMode::from_name(&row.choice).unwrap_or(ChoiceMode::Single),
        max_choices: u32::try_from(row.max_choices).unwrap_or(1),
        results: ResultsVisibility::from_name(&row.results).unwrap_or(ResultsVisibility::AfterVote),
        requires_code: row.requires_code,
        id: row.id,
        question: row.question,
        description: row.description,
        options: options.into_iter().map(|o| PollOption { id: o.id, label: o.label }).collect(),
    }))
}

/// The poll, or not found.
pub async fn get_poll(conn: &mut Conn, id: &str, now: i64) -> Result<Poll> {
    find_poll(conn, id, now).await?.ok_or_else(|| Error::not_found("poll"))
}

/// The ids of all polls, newest first.
pub async fn poll_ids(conn: &mut Conn) -> Result<Vec<String>> {
    Ok(on!(conn, |c| sqlx::query_scalar("SELECT id FROM polls ORDER BY created_at DESC, id").fetch_all(c).await?))
}

/// Stores a new, validated poll; false when the id is taken.
pub async fn insert(conn: &mut Conn, new: &NewPoll) -> Result<bool> {
    let inserted = on!(conn, |c| {
        sqlx::query(
        "INSERT INTO polls (id, question, description, choice, max_choices, opens_at, closes_at, results, requires_code,
                            created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, unixepoch()) ON CONFLICT (id) DO NOTHING",
    )
    .bind(&new.id)
    .bind(&new.question)
    .bind(&new.description)
    .bind(new.choice.as_str())
    .bind(i64::from(new.effective_max_choices()))
    .bind(unix(new.opens_at.as_deref())?)
    .bind(unix(new.closes_at.as_deref())?)
    .bind(new.results.as_str())
    .bind(new.requires_code)
    .execute(c).await?
    .rows_affected()
    }) == 1;
    if inserted {
        for (position, option) in new.options.iter().enumerate() {
            on!(conn, |c| {
                sqlx::query("INSERT INTO poll_options (poll_id, id, position, label) VALUES ($1, $2, $3, $4)")
                    .bind(&new.id)
                    .bind(&option.id)
                    .bind(position as i64)
                    .bind(&option.label)
                    .execute(c)
                    .await?;
            });
        }
    }
    Ok(inserted)
}

/// The number of people who voted in a poll.
pub async fn voters(conn: &mut Conn, id: &str) -> Result<i64> {
    Ok(on!(conn, |c| sqlx::query_scalar("SELECT voters FROM polls WHERE id = $1").bind(id).fetch_one(c).await?))
}

/// Replaces a poll's texts, window and settings. Options are replaced too; the caller makes sure
/// no option with votes disappears.
pub async fn update(conn: &mut Conn, new: &NewPoll) -> Result<()> {
    on!(conn, |c| {
        sqlx::query(
            "UPDATE polls SET question = $1, description = $2, choice = $3, max_choices = $4, opens_at = $5,
         closes_at = $6, results = $7, requires_code = $8 WHERE id = $9",
        )
        .bind(&new.question)
        .bind(&new.description)
        .bind(new.choice.as_str())
        .bind(i64::from(new.effective_max_choices()))
        .bind(unix(new.opens_at.as_deref())?)
        .bind(unix(new.closes_at.as_deref())?)
        .bind(new.results.as_str())
        .bind(new.requires_code)
        .bind(&new.id)
        .execute(c)
        .await?;
    });
    let ids: Vec<&str> = new.options.iter().map(|o| o.id.as_str()).collect();
    for existing in options(conn, &new.id).await? {
        if !ids.contains(&existing.id.as_str()) {
            on!(conn, |c| {
                sqlx::query("DELETE FROM poll_options WHERE poll_id = $1 AND id = $2")
                    .bind(&new.id)
                    .bind(&existing.id)
                    .execute(c)
                    .await?;
            });
        }
    }
    for (position, option) in new.options.iter().enumerate() {
        on!(conn, |c| {
            sqlx::query(
                "INSERT INTO poll_options (poll_id, id, position, label) VALUES ($1, $2, $3, $4)
             ON CONFLICT (poll_id, id) DO UPDATE SET position = excluded.position, label = excluded.label",
            )
            .bind(&new.id)
            .bind(&option.id)
            .bind(position as i64)
            .bind(&option.label)
            .execute(c)
            .await?;
        });
    }
    Ok(())
}

/// Closes a poll now (or keeps the earlier close time when it has already closed). A poll that had not
/// opened yet gets an open time of now as well, so its window stays in order.
pub async fn close(conn: &mut Conn, id: &str, now: i64) -> Result<()> {
    let sql = dialect!(conn,
        sqlite: "UPDATE polls SET closes_at = $1, opens_at = MIN(COALESCE(opens_at, $1), $1)
         WHERE id = $2 AND (closes_at IS NULL OR closes_at > $1)",
        postgres: "UPDATE polls SET closes_at = $1, opens_at = LEAST(COALESCE(opens_at, $1), $1)
         WHERE id = $2 AND (closes_at IS NULL OR closes_at > $1)",
    );
    on!(conn, |c| {
        sqlx::query(sql).bind(now).bind(id).execute(c).await?;
    });
    Ok(())
}

/// Records validated votes, given as (poll, voter hash, choices), in one statement; returns the (poll, voter hash)
/// pairs that were new. A voter who voted before, or twice in `votes`, is recorded once. The counts are added
/// separately ([`add_counts`]).
pub async fn record_votes(
    conn: &mut Conn,
    votes: &[(&str, &str, &[String])],
    now: i64,
) -> Result<std::collections::HashSet<(String, String)>> {
    if votes.is_empty() {
        return Ok(Default::default());
    }
    // In one order (poll, then voter), so two writers inserting the same voters take their locks alike.
    let mut votes = votes.to_vec();
    votes.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let rows: Vec<serde_json::Value> = votes
        .iter()
        .map(|(poll, voter, choices)| Ok(serde_json::json!([poll, voter, serde_json::to_string(choices)?])))
        .collect::<Result<_, serde_json::Error>>()?;
    let inserted: Vec<(String, String)> = on!(conn, |c| sqlx::query_as(
        "INSERT INTO votes (poll_id, voter_hash, choices, cast_at)
         SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), $1
         FROM json_each($2) WHERE true
         ON CONFLICT (poll_id, voter_hash) DO NOTHING
         RETURNING poll_id, voter_hash",
    )
    .bind(now)
    .bind(serde_json::to_string(&rows)?)
    .fetch_all(c)
    .await?);
    Ok(inserted.into_iter().collect())
}

/// Adds `voters` new voters and the votes per option to a poll's running totals.
pub async fn add_counts(
    conn: &mut Conn,
    poll_id: &str,
    voters: i64,
    per_option: &std::collections::BTreeMap<String, i64>,
) -> Result<()> {
    on!(conn, |c| {
        sqlx::query("UPDATE polls SET voters = voters + $1 WHERE id = $2")
            .bind(voters)
            .bind(poll_id)
            .execute(c)
            .await?;
    });
    for (option, votes) in per_option {
        on!(conn, |c| {
            sqlx::query("UPDATE poll_options SET votes = votes + $1 WHERE poll_id = $2 AND id = $3")
                .bind(votes)
                .bind(poll_id)
                .bind(option)
                .execute(c)
                .await?;
        });
    }
    Ok(())
}

/// Whether this voter has voted in this poll.
pub async fn has_voted(conn: &mut Conn, poll_id: &str, voter_hash: &str) -> Result<bool> {
    Ok(on!(conn, |c| sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM votes WHERE poll_id = $1 AND voter_hash = $2)")
        .bind(poll_id)
        .bind(voter_hash)
        .fetch_one(c)
        .await?))
}

/// The counts per option, read from the running totals: O(options), whatever the number of votes.
/// Both reads come from one snapshot, so the voters and the option counts always belong together.
pub async fn results(conn: &mut Conn, poll_id: &str) -> Result<PollResults> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: String,
        votes: i64,
        voters: i64,
    }
    // One statement reads one snapshot, on either database.
    let rows: Vec<Row> = on!(conn, |c| sqlx::query_as(
        "SELECT o.id, o.votes, p.voters FROM polls p JOIN poll_options o ON o.poll_id = p.id
         WHERE p.id = $1 ORDER BY o.position",
    )
    .bind(poll_id)
    .fetch_all(c)
    .await?);
    let voters = match rows.first() {
        Some(row) => row.voters,
        None => voters(conn, poll_id).await?,
    };
    Ok(PollResults {
        poll: poll_id.to_owned(),
        voters: voters.try_into().unwrap_or(0),
        options: rows.into_iter().map(|r| OptionResult { id: r.id, votes: r.votes.try_into().unwrap_or(0) }).collect(),
    })
}

/// Option ids that votes were cast for.
pub async fn voted_option_ids(conn: &mut Conn, poll_id: &str) -> Result<Vec<String>> {
    Ok(on!(conn, |c| sqlx::query_scalar("SELECT id FROM poll_options WHERE poll_id = $1 AND votes > 0")
        .bind(poll_id)
        .fetch_all(c)
        .await?))
}

/// Stores the keyed hashes of new voting codes; returns how many were new (a hash seen before is skipped).
pub async fn add_codes(conn: &mut Conn, poll_id: &str, hashes: &[String]) -> Result<u64> {
    Ok(on!(conn, |c| {
        sqlx::query(
        "INSERT INTO poll_codes (poll_id, code_hash) SELECT $1, value FROM json_each($2) WHERE true ON CONFLICT DO NOTHING",
    )
    .bind(poll_id)
    .bind(serde_json::to_string(hashes)?)
    .execute(c).await?
    .rows_affected()
    }))
}

/// Deletes those of these voting codes that were not used yet; returns how many.
pub async fn void_unused_codes(conn: &mut Conn, poll_id: &str, hashes: &[String]) -> Result<u64> {
    Ok(on!(conn, |c| sqlx::query(
        "DELETE FROM poll_codes WHERE poll_id = $1 AND used = 0 AND code_hash IN (SELECT value FROM json_each($2))",
    )
    .bind(poll_id)
    .bind(serde_json::to_string(hashes)?)
    .execute(c)
    .await?
    .rows_affected()))
}

/// How many voting codes a poll has, and how many were used.
pub async fn code_counts(conn: &mut Conn, poll_id: &str) -> Result<(i64, i64)> {
    Ok(on!(conn, |c| sqlx::query_as("SELECT COUNT(*), COALESCE(SUM(used), 0) FROM poll_codes WHERE poll_id = $1")
        .bind(poll_id)
        .fetch_one(c)
        .await?))
}

/// Marks unused codes of a poll as used; returns the hashes that were unused until now. A code in `hashes` twice,
/// or already used, is claimed at most once.
pub async fn claim_codes(
    conn: &mut Conn,
    codes: &[(&str, &str)],
) -> Result<std::collections::HashSet<(String, String)>> {
    if codes.is_empty() {
        return Ok(Default::default());
    }
    let claimed: Vec<(String, String)> = on!(conn, |c| sqlx::query_as(
        "UPDATE poll_codes SET used = 1
         WHERE used = 0 AND (poll_id, code_hash) IN
               (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each($1))
         RETURNING poll_id, code_hash",
    )
    .bind(serde_json::to_string(codes)?)
    .fetch_all(c)
    .await?);
    Ok(claimed.into_iter().collect())
}

/// Which of these codes a poll has at all (used or not).
pub async fn known_codes(
    conn: &mut Conn,
    codes: &[(&str, &str)],
) -> Result<std::collections::HashSet<(String, String)>> {
    if codes.is_empty() {
        return Ok(Default::default());
    }
    let known: Vec<(String, String)> = on!(conn, |c| sqlx::query_as(
        "SELECT poll_id, code_hash FROM poll_codes WHERE (poll_id, code_hash) IN
               (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each($1))",
    )
    .bind(serde_json::to_string(codes)?)
    .fetch_all(c)
    .await?);
    Ok(known.into_iter().collect())
}

/// Whether this code of this poll has been used.
pub async fn code_used(conn: &mut Conn, poll_id: &str, code_hash: &str) -> Result<bool> {
    Ok(on!(conn, |c| sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM poll_codes WHERE poll_id = $1 AND code_hash = $2 AND used = 1)"
    )
    .bind(poll_id)
    .bind(code_hash)
    .fetch_one(c)
    .await?))
}

/// How long after a poll closes its per-vote rows (keyed voter hashes) and voting codes are kept. They exist only
/// to stop a second vote; the counts stay on the options.
pub const VOTE_ROWS_KEPT_DAYS: i64 = 30;

/// Deletes the vote rows and voting codes of polls closed more than [`VOTE_ROWS_KEPT_DAYS`] ago; the server runs
/// this every hour. Returns the number of rows deleted.
pub async fn purge_closed(conn: &mut Conn, now: i64) -> Result<u64> {
    let before = now - VOTE_ROWS_KEPT_DAYS * 24 * 60 * 60;
    let mut deleted = 0;
    for table in ["votes", "poll_codes"] {
        deleted += on!(conn, |c| {
            sqlx::query(&format!(
            "DELETE FROM {table} WHERE poll_id IN (SELECT id FROM polls WHERE closes_at IS NOT NULL AND closes_at < $1)"
        ))
        .bind(before)
        .execute(c).await?
        .rows_affected()
        });
    }
    Ok(deleted)
}
