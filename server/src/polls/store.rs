//! Where polls and votes are kept: every SQL statement about polls is in this file,
//! so another database (PostgreSQL) needs only another version of it.

use inspraak_api::{
    Address, ChoiceMode, NewPoll, OptionImage, OptionResult, OutcomeKind, Poll, PollImage, PollOption, PollOutcome,
    PollResults, PollStatus, ResultsVisibility, poll::IMAGE_PATH_PREFIX,
};
use sqlx::{Connection, SqliteConnection};

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
    outcome_kind: Option<String>,
    outcome_decided_by: Option<String>,
    outcome_published_on: Option<String>,
    outcome_published_where: Option<String>,
    eligibility: Option<String>,
    feedback: Option<String>,
    address: String,
}

#[derive(sqlx::FromRow)]
struct OptionRow {
    id: String,
    votes: i64,
}

#[derive(sqlx::FromRow)]
struct OptionContextRow {
    id: String,
    label: String,
    description: Option<String>,
    link: Option<String>,
    image_hash: Option<String>,
    image_alt: Option<String>,
    width: Option<i64>,
    height: Option<i64>,
}

impl OptionContextRow {
    fn into_option(self) -> PollOption {
        let image = match (self.image_hash, self.image_alt) {
            (Some(hash), Some(alt)) => Some(OptionImage {
                url: image_url(&hash),
                alt,
                width: self.width.and_then(|w| u32::try_from(w).ok()),
                height: self.height.and_then(|h| u32::try_from(h).ok()),
            }),
            _ => None,
        };
        PollOption { id: self.id, label: self.label, description: self.description, link: self.link, image }
    }
}

/// The URL of an image, relative to the API root.
pub fn image_url(hash: &str) -> String {
    format!("{IMAGE_PATH_PREFIX}{hash}")
}

/// The hash in an image URL the contract accepted (`poll-images/<hash>`).
fn image_hash(option: &PollOption) -> Option<&str> {
    option.image.as_ref().and_then(|image| image.url.strip_prefix(IMAGE_PATH_PREFIX))
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

async fn options(conn: &mut SqliteConnection, poll_id: &str) -> Result<Vec<OptionRow>> {
    Ok(sqlx::query_as("SELECT id, votes FROM poll_options WHERE poll_id = ? ORDER BY position")
        .bind(poll_id)
        .fetch_all(conn)
        .await?)
}

/// The poll as the public sees it at `now`, if there is one with this id.
pub async fn find_poll(conn: &mut SqliteConnection, id: &str, now: i64) -> Result<Option<Poll>> {
    let row: Option<PollRow> = sqlx::query_as(
        "SELECT id, question, description, choice, max_choices, opens_at, closes_at, results, requires_code,
                outcome_kind, outcome_decided_by, outcome_published_on, outcome_published_where, eligibility,
                feedback, address
         FROM polls WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let options: Vec<OptionContextRow> = sqlx::query_as(
        "SELECT o.id, o.label, o.description, o.link, o.image_hash, o.image_alt, i.width, i.height
         FROM poll_options o LEFT JOIN poll_images i ON i.hash = o.image_hash
         WHERE o.poll_id = ? ORDER BY o.position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let outcome = match (row.outcome_kind.as_deref().and_then(OutcomeKind::from_name), row.outcome_decided_by) {
        (Some(kind), Some(decided_by)) => Some(PollOutcome {
            kind,
            decided_by,
            published_on: row.outcome_published_on,
            published_where: row.outcome_published_where,
        }),
        _ => None,
    };
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
        options: options.into_iter().map(OptionContextRow::into_option).collect(),
        outcome,
        eligibility: row.eligibility,
        feedback: row.feedback,
        address: Address::from_name(&row.address).unwrap_or_default(),
    }))
}

/// The poll, or not found.
pub async fn get_poll(conn: &mut SqliteConnection, id: &str, now: i64) -> Result<Poll> {
    find_poll(conn, id, now).await?.ok_or_else(|| Error::not_found("poll"))
}

/// The ids of all polls, newest first.
pub async fn poll_ids(conn: &mut SqliteConnection) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT id FROM polls ORDER BY created_at DESC, id").fetch_all(conn).await?)
}

/// Stores a new, validated poll; false when the id is taken.
pub async fn insert(conn: &mut SqliteConnection, new: &NewPoll) -> Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO polls (id, question, description, choice, max_choices, opens_at, closes_at, results, requires_code,
                            outcome_kind, outcome_decided_by, outcome_published_on, outcome_published_where,
                            eligibility, address, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, unixepoch()) ON CONFLICT (id) DO NOTHING",
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
    .bind(new.outcome.as_ref().map(|o| o.kind.as_str()))
    .bind(new.outcome.as_ref().map(|o| &o.decided_by))
    .bind(new.outcome.as_ref().and_then(|o| o.published_on.as_ref()))
    .bind(new.outcome.as_ref().and_then(|o| o.published_where.as_ref()))
    .bind(&new.eligibility)
    .bind(new.address.as_str())
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if inserted {
        upsert_options(conn, new).await?;
    }
    Ok(inserted)
}

/// The number of people who voted in a poll.
pub async fn voters(conn: &mut SqliteConnection, id: &str) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT voters FROM polls WHERE id = ?").bind(id).fetch_one(conn).await?)
}

/// Replaces a poll's texts, window and settings. Options are replaced too; the caller makes sure
/// no option with votes disappears.
pub async fn update(conn: &mut SqliteConnection, new: &NewPoll) -> Result<()> {
    sqlx::query(
        "UPDATE polls SET question = ?, description = ?, choice = ?, max_choices = ?, opens_at = ?,
         closes_at = ?, results = ?, requires_code = ?, outcome_kind = ?, outcome_decided_by = ?,
         outcome_published_on = ?, outcome_published_where = ?, eligibility = ?, address = ? WHERE id = ?",
    )
    .bind(&new.question)
    .bind(&new.description)
    .bind(new.choice.as_str())
    .bind(i64::from(new.effective_max_choices()))
    .bind(unix(new.opens_at.as_deref())?)
    .bind(unix(new.closes_at.as_deref())?)
    .bind(new.results.as_str())
    .bind(new.requires_code)
    .bind(new.outcome.as_ref().map(|o| o.kind.as_str()))
    .bind(new.outcome.as_ref().map(|o| &o.decided_by))
    .bind(new.outcome.as_ref().and_then(|o| o.published_on.as_ref()))
    .bind(new.outcome.as_ref().and_then(|o| o.published_where.as_ref()))
    .bind(&new.eligibility)
    .bind(new.address.as_str())
    .bind(&new.id)
    .execute(&mut *conn)
    .await?;
    let ids: Vec<&str> = new.options.iter().map(|o| o.id.as_str()).collect();
    for existing in options(conn, &new.id).await? {
        if !ids.contains(&existing.id.as_str()) {
            sqlx::query("DELETE FROM poll_options WHERE poll_id = ? AND id = ?")
                .bind(&new.id)
                .bind(&existing.id)
                .execute(&mut *conn)
                .await?;
        }
    }
    upsert_options(conn, new).await
}

/// Stores each option of `new` in its place, keeping the votes of those that existed.
async fn upsert_options(conn: &mut SqliteConnection, new: &NewPoll) -> Result<()> {
    for (position, option) in new.options.iter().enumerate() {
        sqlx::query(
            "INSERT INTO poll_options (poll_id, id, position, label, description, link, image_hash, image_alt)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (poll_id, id) DO UPDATE SET position = excluded.position, label = excluded.label,
                 description = excluded.description, link = excluded.link, image_hash = excluded.image_hash,
                 image_alt = excluded.image_alt",
        )
        .bind(&new.id)
        .bind(&option.id)
        .bind(position as i64)
        .bind(&option.label)
        .bind(&option.description)
        .bind(&option.link)
        .bind(image_hash(option))
        .bind(option.image.as_ref().map(|image| &image.alt))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The indexes of the options of `new` whose image was never uploaded.
pub async fn missing_images(conn: &mut SqliteConnection, new: &NewPoll) -> Result<Vec<usize>> {
    let mut missing = Vec::new();
    for (index, option) in new.options.iter().enumerate() {
        if let Some(hash) = image_hash(option) {
            let known: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM poll_images WHERE hash = ?)")
                .bind(hash)
                .fetch_one(&mut *conn)
                .await?;
            if !known {
                missing.push(index);
            }
        }
    }
    Ok(missing)
}

/// Sets (or with None removes) what the municipality did with the result.
pub async fn set_feedback(conn: &mut SqliteConnection, id: &str, feedback: Option<&str>) -> Result<()> {
    sqlx::query("UPDATE polls SET feedback = ? WHERE id = ?").bind(feedback).bind(id).execute(conn).await?;
    Ok(())
}

/// Stores an image unless the same bytes are stored already.
pub async fn save_image(conn: &mut SqliteConnection, hash: &str, image: &PollImage, content: &[u8]) -> Result<()> {
    sqlx::query(
        "INSERT INTO poll_images (hash, content_type, width, height, content, created_at)
         VALUES (?, ?, ?, ?, ?, unixepoch()) ON CONFLICT (hash) DO NOTHING",
    )
    .bind(hash)
    .bind(&image.content_type)
    .bind(i64::from(image.width))
    .bind(i64::from(image.height))
    .bind(content)
    .execute(conn)
    .await?;
    Ok(())
}

/// An image's content type and bytes.
pub async fn image(conn: &mut SqliteConnection, hash: &str) -> Result<Option<(String, Vec<u8>)>> {
    Ok(sqlx::query_as("SELECT content_type, content FROM poll_images WHERE hash = ?")
        .bind(hash)
        .fetch_optional(conn)
        .await?)
}

/// Closes a poll now (or keeps the earlier close time when it has already closed). A poll that had not
/// opened yet gets an open time of now as well, so its window stays in order.
pub async fn close(conn: &mut SqliteConnection, id: &str, now: i64) -> Result<()> {
    sqlx::query(
        "UPDATE polls SET closes_at = ?1, opens_at = MIN(COALESCE(opens_at, ?1), ?1)
         WHERE id = ?2 AND (closes_at IS NULL OR closes_at > ?1)",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records validated votes, given as (poll, voter hash, choices), in one statement; returns the (poll, voter hash)
/// pairs that were new. A voter who voted before, or twice in `votes`, is recorded once. The counts are added
/// separately ([`add_counts`]).
pub async fn record_votes(
    conn: &mut SqliteConnection,
    votes: &[(&str, &str, &[String])],
    now: i64,
) -> Result<std::collections::HashSet<(String, String)>> {
    if votes.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<serde_json::Value> = votes
        .iter()
        .map(|(poll, voter, choices)| Ok(serde_json::json!([poll, voter, serde_json::to_string(choices)?])))
        .collect::<Result<_, serde_json::Error>>()?;
    let inserted: Vec<(String, String)> = sqlx::query_as(
        "INSERT INTO votes (poll_id, voter_hash, choices, cast_at)
         SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), ?
         FROM json_each(?) WHERE true
         ON CONFLICT (poll_id, voter_hash) DO NOTHING
         RETURNING poll_id, voter_hash",
    )
    .bind(now)
    .bind(serde_json::to_string(&rows)?)
    .fetch_all(conn)
    .await?;
    Ok(inserted.into_iter().collect())
}

/// Adds `voters` new voters and the votes per option to a poll's running totals.
pub async fn add_counts(
    conn: &mut SqliteConnection,
    poll_id: &str,
    voters: i64,
    per_option: &std::collections::BTreeMap<String, i64>,
) -> Result<()> {
    sqlx::query("UPDATE polls SET voters = voters + ? WHERE id = ?")
        .bind(voters)
        .bind(poll_id)
        .execute(&mut *conn)
        .await?;
    for (option, votes) in per_option {
        sqlx::query("UPDATE poll_options SET votes = votes + ? WHERE poll_id = ? AND id = ?")
            .bind(votes)
            .bind(poll_id)
            .bind(option)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Whether this voter has voted in this poll.
pub async fn has_voted(conn: &mut SqliteConnection, poll_id: &str, voter_hash: &str) -> Result<bool> {
    Ok(sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM votes WHERE poll_id = ? AND voter_hash = ?)")
        .bind(poll_id)
        .bind(voter_hash)
        .fetch_one(conn)
        .await?)
}

/// The counts per option, read from the running totals: O(options), whatever the number of votes.
/// Both reads come from one snapshot, so the voters and the option counts always belong together.
pub async fn results(conn: &mut SqliteConnection, poll_id: &str) -> Result<PollResults> {
    let mut snapshot = conn.begin().await?;
    let voters = voters(&mut snapshot, poll_id).await?;
    let options = options(&mut snapshot, poll_id).await?;
    snapshot.commit().await?;
    Ok(PollResults {
        poll: poll_id.to_owned(),
        voters: voters.try_into().unwrap_or(0),
        options: options
            .into_iter()
            .map(|o| OptionResult { id: o.id, votes: o.votes.try_into().unwrap_or(0) })
            .collect(),
    })
}

/// Option ids that votes were cast for.
pub async fn voted_option_ids(conn: &mut SqliteConnection, poll_id: &str) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT id FROM poll_options WHERE poll_id = ? AND votes > 0")
        .bind(poll_id)
        .fetch_all(conn)
        .await?)
}

/// Stores the keyed hashes of new voting codes; returns how many were new (a hash seen before is skipped).
pub async fn add_codes(conn: &mut SqliteConnection, poll_id: &str, hashes: &[String]) -> Result<u64> {
    Ok(sqlx::query(
        "INSERT INTO poll_codes (poll_id, code_hash) SELECT ?, value FROM json_each(?) WHERE true ON CONFLICT DO NOTHING",
    )
    .bind(poll_id)
    .bind(serde_json::to_string(hashes)?)
    .execute(conn)
    .await?
    .rows_affected())
}

/// Deletes those of these voting codes that were not used yet; returns how many.
pub async fn void_unused_codes(conn: &mut SqliteConnection, poll_id: &str, hashes: &[String]) -> Result<u64> {
    Ok(sqlx::query(
        "DELETE FROM poll_codes WHERE poll_id = ? AND used = 0 AND code_hash IN (SELECT value FROM json_each(?))",
    )
    .bind(poll_id)
    .bind(serde_json::to_string(hashes)?)
    .execute(conn)
    .await?
    .rows_affected())
}

/// How many voting codes a poll has, and how many were used.
pub async fn code_counts(conn: &mut SqliteConnection, poll_id: &str) -> Result<(i64, i64)> {
    Ok(sqlx::query_as("SELECT COUNT(*), COALESCE(SUM(used), 0) FROM poll_codes WHERE poll_id = ?")
        .bind(poll_id)
        .fetch_one(conn)
        .await?)
}

/// Marks unused codes of a poll as used; returns the hashes that were unused until now. A code in `hashes` twice,
/// or already used, is claimed at most once.
pub async fn claim_codes(
    conn: &mut SqliteConnection,
    codes: &[(&str, &str)],
) -> Result<std::collections::HashSet<(String, String)>> {
    if codes.is_empty() {
        return Ok(Default::default());
    }
    let claimed: Vec<(String, String)> = sqlx::query_as(
        "UPDATE poll_codes SET used = 1
         WHERE used = 0 AND (poll_id, code_hash) IN
               (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))
         RETURNING poll_id, code_hash",
    )
    .bind(serde_json::to_string(codes)?)
    .fetch_all(conn)
    .await?;
    Ok(claimed.into_iter().collect())
}

/// Which of these codes a poll has at all (used or not).
pub async fn known_codes(
    conn: &mut SqliteConnection,
    codes: &[(&str, &str)],
) -> Result<std::collections::HashSet<(String, String)>> {
    if codes.is_empty() {
        return Ok(Default::default());
    }
    let known: Vec<(String, String)> = sqlx::query_as(
        "SELECT poll_id, code_hash FROM poll_codes WHERE (poll_id, code_hash) IN
               (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))",
    )
    .bind(serde_json::to_string(codes)?)
    .fetch_all(conn)
    .await?;
    Ok(known.into_iter().collect())
}

/// Whether this code of this poll has been used.
pub async fn code_used(conn: &mut SqliteConnection, poll_id: &str, code_hash: &str) -> Result<bool> {
    Ok(sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM poll_codes WHERE poll_id = ? AND code_hash = ? AND used = 1)")
        .bind(poll_id)
        .bind(code_hash)
        .fetch_one(conn)
        .await?)
}

/// How long after a poll closes its per-vote rows (keyed voter hashes) and voting codes are kept. They exist only
/// to stop a second vote; the counts stay on the options.
pub const VOTE_ROWS_KEPT_DAYS: i64 = 30;

/// Deletes the vote rows and voting codes of polls closed more than [`VOTE_ROWS_KEPT_DAYS`] ago; the server runs
/// this every hour. Returns the number of rows deleted.
pub async fn purge_closed(conn: &mut SqliteConnection, now: i64) -> Result<u64> {
    let before = now - VOTE_ROWS_KEPT_DAYS * 24 * 60 * 60;
    let mut deleted = 0;
    for table in ["votes", "poll_codes"] {
        deleted += sqlx::query(&format!(
            "DELETE FROM {table} WHERE poll_id IN (SELECT id FROM polls WHERE closes_at IS NOT NULL AND closes_at < ?)"
        ))
        .bind(before)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    }
    Ok(deleted)
}
