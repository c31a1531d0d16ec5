//! Where polls and votes are kept: every SQL statement about polls is in this file,
//! so another database (PostgreSQL) needs only another version of it.

use crate::{db::Conn, dialect, on};
use inspraak_api::{
    Address, ChoiceMode, NewPoll, OptionImage, OptionResult, OutcomeKind, Poll, PollImage, PollOption, PollOutcome,
    PollResults, PollStatus, ResultsVisibility, poll::IMAGE_PATH_PREFIX,
};

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

async fn options(conn: &mut Conn, poll_id: &str) -> Result<Vec<OptionRow>> {
    Ok(on!(conn, |c| sqlx::query_as("SELECT id FROM poll_options WHERE poll_id = $1 ORDER BY position")
        .bind(poll_id)
        .fetch_all(c)
        .await?))
}

/// The poll as the public sees it at `now`, if there is one with this id.
pub async fn find_poll(conn: &mut Conn, id: &str, now: i64) -> Result<Option<Poll>> {
    let row: Option<PollRow> = on!(conn, |c| sqlx::query_as(
        "SELECT id, question, description, choice, max_choices, opens_at, closes_at, results, requires_code,
                outcome_kind, outcome_decided_by, outcome_published_on, outcome_published_where, eligibility,
                feedback, address
         FROM polls WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(c)
    .await?);
    let Some(row) = row else { return Ok(None) };
    let options: Vec<OptionContextRow> = on!(conn, |c| sqlx::query_as(
        "SELECT o.id, o.label, o.description, o.link, o.image_hash, o.image_alt, i.width, i.height
         FROM poll_options o LEFT JOIN poll_images i ON i.hash = o.image_hash
         WHERE o.poll_id = $1 ORDER BY o.position",
    )
    .bind(id)
    .fetch_all(c)
    .await?);
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
pub async fn get_poll(conn: &mut Conn, id: &str, now: i64) -> Result<Poll> {
    find_poll(conn, id, now).await?.ok_or_else(|| Error::not_found("poll"))
}

/// The ids of all polls, newest first.
pub async fn poll_ids(conn: &mut Conn) -> Result<Vec<String>> {
    Ok(on!(conn, |c| sqlx::query_scalar("SELECT id FROM polls ORDER BY created_at DESC, id").fetch_all(c).await?))
}

/// Binds a poll's columns after its id, as `$2` to `$15` in the order `insert` and `update` name them (a macro, as
/// the query is SQLite's or PostgreSQL's in each arm of `on!`).
macro_rules! bind_columns {
    ($query:expr, $new:expr) => {
        $query
            .bind(&$new.question)
            .bind(&$new.description)
            .bind($new.choice.as_str())
            .bind(i64::from($new.effective_max_choices()))
            .bind(unix($new.opens_at.as_deref())?)
            .bind(unix($new.closes_at.as_deref())?)
            .bind($new.results.as_str())
            .bind($new.requires_code)
            .bind($new.outcome.as_ref().map(|o| o.kind.as_str()))
            .bind($new.outcome.as_ref().map(|o| &o.decided_by))
            .bind($new.outcome.as_ref().and_then(|o| o.published_on.as_ref()))
            .bind($new.outcome.as_ref().and_then(|o| o.published_where.as_ref()))
            .bind(&$new.eligibility)
            .bind($new.address.as_str())
    };
}

/// Stores a new, validated poll; false when the id is taken.
pub async fn insert(conn: &mut Conn, new: &NewPoll) -> Result<bool> {
    let inserted = on!(conn, |c| {
        let query = sqlx::query(
            "INSERT INTO polls (id, question, description, choice, max_choices, opens_at, closes_at, results,
                                requires_code, outcome_kind, outcome_decided_by, outcome_published_on,
                                outcome_published_where, eligibility, address, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, unixepoch())
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(&new.id);
        bind_columns!(query, new).execute(c).await?.rows_affected()
    }) == 1;
    if inserted {
        upsert_options(conn, new).await?;
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
        let query = sqlx::query(
            "UPDATE polls SET question = $2, description = $3, choice = $4, max_choices = $5, opens_at = $6,
         closes_at = $7, results = $8, requires_code = $9, outcome_kind = $10, outcome_decided_by = $11,
         outcome_published_on = $12, outcome_published_where = $13, eligibility = $14, address = $15 WHERE id = $1",
        )
        .bind(&new.id);
        bind_columns!(query, new).execute(c).await?;
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
    upsert_options(conn, new).await
}

/// Stores each option of `new` in its place, keeping the votes of those that existed.
async fn upsert_options(conn: &mut Conn, new: &NewPoll) -> Result<()> {
    for (position, option) in new.options.iter().enumerate() {
        on!(conn, |c| {
            sqlx::query(
                "INSERT INTO poll_options (poll_id, id, position, label, description, link, image_hash, image_alt)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
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
            .execute(c)
            .await?;
        });
    }
    Ok(())
}

/// The indexes of the options of `new` whose image was never uploaded. The images `new` names, and those poll `id`
/// showed before it (when it is a replacement), are marked as in use now, in the transaction that saves the poll:
/// the clean-up's week starts anew for each, so an image a new version drops is kept a week from then, and on
/// PostgreSQL the row locks keep a clean-up running at the same time from deleting an image under the poll. The
/// rows are locked in the order of their hashes, one statement each, as the clean-up deletes them, so two saves
/// and a clean-up never wait for each other in a circle.
pub async fn mark_images(conn: &mut Conn, new: &NewPoll, before: Option<&str>) -> Result<Vec<usize>> {
    let mut hashes: std::collections::BTreeSet<String> =
        new.options.iter().filter_map(image_hash).map(str::to_owned).collect();
    if let Some(id) = before {
        let shown: Vec<String> = on!(conn, |c| sqlx::query_scalar(
            "SELECT image_hash FROM poll_options WHERE poll_id = $1 AND image_hash IS NOT NULL"
        )
        .bind(id)
        .fetch_all(c)
        .await?);
        hashes.extend(shown);
    }
    let mut known = std::collections::BTreeSet::new();
    for hash in hashes {
        let marked = on!(conn, |c| sqlx::query("UPDATE poll_images SET created_at = unixepoch() WHERE hash = $1")
            .bind(&hash)
            .execute(c)
            .await?
            .rows_affected());
        if marked > 0 {
            known.insert(hash);
        }
    }
    Ok(new
        .options
        .iter()
        .enumerate()
        .filter(|(_, option)| image_hash(option).is_some_and(|hash| !known.contains(hash)))
        .map(|(index, _)| index)
        .collect())
}

/// Sets (or with None removes) what the municipality did with the result.
pub async fn set_feedback(conn: &mut Conn, id: &str, feedback: Option<&str>) -> Result<()> {
    on!(conn, |c| {
        sqlx::query("UPDATE polls SET feedback = $1 WHERE id = $2").bind(feedback).bind(id).execute(c).await?;
    });
    Ok(())
}

/// Stores an image unless the same bytes are stored already.
pub async fn save_image(conn: &mut Conn, hash: &str, image: &PollImage, content: &[u8]) -> Result<()> {
    on!(conn, |c| {
        sqlx::query(
            "INSERT INTO poll_images (hash, content_type, width, height, content, created_at)
         VALUES ($1, $2, $3, $4, $5, unixepoch()) ON CONFLICT (hash) DO UPDATE SET created_at = excluded.created_at",
        )
        .bind(hash)
        .bind(&image.content_type)
        .bind(i64::from(image.width))
        .bind(i64::from(image.height))
        .bind(content)
        .execute(c)
        .await?;
    });
    Ok(())
}

/// How long an uploaded image no poll uses is kept: time to finish the poll it was uploaded for, or to put back an
/// image an option no longer shows.
pub const UNUSED_IMAGES_KEPT_DAYS: i64 = 7;

/// Deletes the images no option uses that were last uploaded or saved in a poll more than
/// [`UNUSED_IMAGES_KEPT_DAYS`] before `now` (`created_at` holds that moment): left behind by an option that changed
/// its image or a poll never saved. The server runs this every hour. Returns the number deleted.
pub async fn purge_unused_images(conn: &mut Conn, now: i64) -> Result<u64> {
    let before = now - UNUSED_IMAGES_KEPT_DAYS * 24 * 60 * 60;
    let unused = "created_at < $1 AND NOT EXISTS (SELECT 1 FROM poll_options o WHERE o.image_hash = poll_images.hash)";
    let candidates: Vec<String> =
        on!(conn, |c| sqlx::query_scalar(&format!("SELECT hash FROM poll_images WHERE {unused} ORDER BY hash"))
            .bind(before)
            .fetch_all(c)
            .await?);
    // One row a statement, in hash order (see `mark_images`), each checked again as it is deleted.
    let mut deleted = 0;
    for hash in candidates {
        deleted += on!(conn, |c| sqlx::query(&format!("DELETE FROM poll_images WHERE {unused} AND hash = $2"))
            .bind(before)
            .bind(&hash)
            .execute(c)
            .await?
            .rows_affected());
    }
    Ok(deleted)
}

/// An image's content type and bytes.
pub async fn image(conn: &mut Conn, hash: &str) -> Result<Option<(String, Vec<u8>)>> {
    Ok(on!(conn, |c| sqlx::query_as("SELECT content_type, content FROM poll_images WHERE hash = $1")
        .bind(hash)
        .fetch_optional(c)
        .await?))
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
