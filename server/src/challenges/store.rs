//! Where challenge forms, applications, their files and webhook deliveries are kept: every SQL statement about
//! the Right to Challenge is in this file.

use crate::{db::Conn, dialect, on};
use inspraak_api::{
    ChallengeAttachment, ChallengeForm, ChallengeOutcome, ChallengeStatus, ChallengeSubmission, NewChallengeForm,
    StatusChange,
};
use serde::Serialize;

use crate::{
    Db,
    clock::rfc3339,
    error::{Error, Result},
    idempotency,
};

/// Unlinked uploads are kept this long: time enough to finish the form, then they go.
pub const UNLINKED_ATTACHMENT_SECONDS: i64 = 24 * 60 * 60;

/// A form with what only the server sees.
pub struct StoredForm {
    pub public: ChallengeForm,
    pub webhook_url: Option<String>,
    pub webhook_token: Option<String>,
}

/// A form as the back office reads it: the public form and its webhook (never its token).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AdminForm {
    #[serde(flatten)]
    pub form: ChallengeForm,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
    /// Whether a webhook token is set.
    pub webhook_token_set: bool,
}

impl From<StoredForm> for AdminForm {
    fn from(stored: StoredForm) -> Self {
        AdminForm {
            form: stored.public,
            webhook_url: stored.webhook_url,
            webhook_token_set: stored.webhook_token.is_some(),
        }
    }
}

/// Where a submission's webhook delivery stands.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DeliveryState {
    pub attempts: i64,
    /// RFC 3339, once the receiver answered 2xx.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}

/// An application as the back office (and the webhook) sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SubmissionRecord {
    pub reference: String,
    pub form: String,
    pub status: ChallengeStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<ChallengeOutcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// RFC 3339 (UTC).
    pub submitted_at: String,
    /// YYYY-MM-DD in the Netherlands.
    pub submitted_on: String,
    /// YYYY-MM-DD: the decision date, moved on by the days the decision term was suspended; while the applicant is
    /// asked to complete the application, the date as it would be if the answer came today.
    pub decision_by: String,
    /// While the applicant is asked to complete the application: the day the decision term was suspended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suspended_since: Option<String>,
    /// The last day to complete the application, while that is asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplement_due: Option<String>,
    /// What is missing, while the applicant is asked to complete the application.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplement_missing: Option<String>,
    /// Days the decision term was suspended by requests that ended (counted in `decision_by`).
    pub suspended_days: i64,
    /// RFC 3339: when this application and its files are deleted.
    pub delete_after: String,
    pub estimate_cents: i64,
    pub budget_cents: i64,
    /// The application as sent, normalised.
    pub application: ChallengeSubmission,
    pub attachments: Vec<ChallengeAttachment>,
    /// Only for a form with a webhook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook: Option<DeliveryState>,
    /// The mails to the applicant, oldest first; none when the server sends no mail or the form none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mails: Vec<MailState>,
}

#[derive(sqlx::FromRow)]
struct FormRow {
    config: String,
    webhook_url: Option<String>,
    webhook_token: Option<String>,
}

/// The form, if there is one with this id.
pub async fn find_form(conn: &mut Conn, id: &str) -> Result<Option<StoredForm>> {
    let row: Option<FormRow> =
        on!(conn, |c| sqlx::query_as("SELECT config, webhook_url, webhook_token FROM challenge_forms WHERE id = $1")
            .bind(id)
            .fetch_optional(c)
            .await?);
    row.map(|row| {
        let mut public: ChallengeForm = serde_json::from_str(&row.config)?;
        // Only a web link is shown, whatever an older version or a hand-edited database stored.
        if !inspraak_api::rules::is_web_url(&public.privacy_url) {
            public.privacy_url = String::new();
        }
        Ok(StoredForm { public, webhook_url: row.webhook_url, webhook_token: row.webhook_token })
    })
    .transpose()
}

/// The form, or not found.
pub async fn get_form(conn: &mut Conn, id: &str) -> Result<StoredForm> {
    find_form(conn, id).await?.ok_or_else(|| Error::not_found("challenge form"))
}

pub async fn form_ids(conn: &mut Conn) -> Result<Vec<String>> {
    Ok(on!(conn, |c| sqlx::query_scalar("SELECT id FROM challenge_forms ORDER BY id").fetch_all(c).await?))
}

/// Creates or replaces a validated form; true when it is new.
pub async fn save_form(conn: &mut Conn, new: &NewChallengeForm) -> Result<bool> {
    let existed: bool =
        on!(conn, |c| sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM challenge_forms WHERE id = $1)")
            .bind(&new.id)
            .fetch_one(c)
            .await?);
    on!(conn, |c| {
        sqlx::query(
            "INSERT INTO challenge_forms (id, config, webhook_url, webhook_token, created_at, updated_at)
         VALUES ($1, $2, $3, $4, unixepoch(), unixepoch())
         ON CONFLICT (id) DO UPDATE SET config = excluded.config, webhook_url = excluded.webhook_url,
             webhook_token = excluded.webhook_token, updated_at = excluded.updated_at",
        )
        .bind(&new.id)
        .bind(serde_json::to_string(&new.public())?)
        .bind(&new.webhook_url)
        .bind(&new.webhook_token)
        .execute(c)
        .await?;
    });
    Ok(!existed)
}

/// The next reference number of `form` in `year`. Call inside the transaction that stores the submission: the
/// single writer serialises these, and a rollback gives the number back, so there are no gaps and no doubles.
pub async fn next_number(conn: &mut Conn, form: &str, year: i32) -> Result<i64> {
    Ok(on!(conn, |c| sqlx::query_scalar(
        "INSERT INTO challenge_counters (form_id, year, last) VALUES ($1, $2, 1)
         ON CONFLICT (form_id, year) DO UPDATE SET last = challenge_counters.last + 1 RETURNING last",
    )
    .bind(form)
    .bind(year)
    .fetch_one(c)
    .await?))
}

/// A validated application, ready to store.
pub struct NewSubmission<'a> {
    pub form: &'a str,
    pub reference: &'a str,
    pub year: i32,
    pub number: i64,
    pub application: &'a ChallengeSubmission,
    pub estimate_cents: i64,
    pub budget_cents: i64,
    pub submitted_at: i64,
    pub submitted_on: &'a str,
    pub decision_by: &'a str,
    pub purge_after: i64,
}

pub async fn insert_submission(conn: &mut Conn, new: &NewSubmission<'_>) -> Result<()> {
    on!(conn, |c| {
        sqlx::query(
            "INSERT INTO challenge_submissions (form_id, reference, year, number, body, email, estimate_cents,
             budget_cents, submitted_at, submitted_on, decision_by, purge_after, status_changed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(new.form)
        .bind(new.reference)
        .bind(new.year)
        .bind(new.number)
        .bind(serde_json::to_string(new.application)?)
        .bind(new.application.contact.email.trim().to_lowercase())
        .bind(new.estimate_cents)
        .bind(new.budget_cents)
        .bind(new.submitted_at)
        .bind(new.submitted_on)
        .bind(new.decision_by)
        .bind(new.purge_after)
        .bind(new.submitted_at)
        .execute(c)
        .await?;
    });
    Ok(())
}

/// Which of `ids` are uploads to `form` that no application has taken yet.
pub async fn unlinked_attachments(conn: &mut Conn, form: &str, ids: &[String]) -> Result<Vec<String>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(on!(conn, |c| sqlx::query_scalar(
        "SELECT id FROM challenge_attachments
         WHERE form_id = $1 AND reference IS NULL AND id IN (SELECT value FROM json_each($2))",
    )
    .bind(form)
    .bind(serde_json::to_string(ids)?)
    .fetch_all(c)
    .await?))
}

pub async fn link_attachments(conn: &mut Conn, form: &str, reference: &str, ids: &[String]) -> Result<()> {
    on!(conn, |c| {
        sqlx::query(
            "UPDATE challenge_attachments SET reference = $1
         WHERE form_id = $2 AND reference IS NULL AND id IN (SELECT value FROM json_each($3))",
        )
        .bind(reference)
        .bind(form)
        .bind(serde_json::to_string(ids)?)
        .execute(c)
        .await?;
    });
    Ok(())
}

/// Stores an upload's description; its bytes go to the attachments' file first ([`save_file`]).
pub async fn insert_attachment(conn: &mut Conn, form: &str, attachment: &ChallengeAttachment) -> Result<()> {
    on!(conn, |c| {
        sqlx::query(
            "INSERT INTO challenge_attachments (id, form_id, file_name, content_type, bytes, content, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, unixepoch())",
        )
        .bind(&attachment.id)
        .bind(form)
        .bind(&attachment.file_name)
        .bind(&attachment.content_type)
        .bind(i64::try_from(attachment.bytes).unwrap_or(i64::MAX))
        // The bytes are in the attachments' file, not here.
        .bind(Vec::<u8>::new())
        .execute(c)
        .await?;
    });
    Ok(())
}

/// Writes an upload's bytes to the attachments' file (its own writer and sync, apart from the votes').
pub async fn save_file(db: &Db, id: &str, content: &[u8]) -> Result<()> {
    let mut conn = db.files_writer().await?;
    on!(conn, |c| {
        sqlx::query("INSERT INTO attachment_files (id, content, created_at) VALUES ($1, $2, unixepoch())")
            .bind(id)
            .bind(content)
            .execute(c)
            .await?;
    });
    Ok(())
}

/// Deletes the bytes of these uploads (after their descriptions were deleted).
pub async fn delete_files(db: &Db, ids: &[String]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let ids = serde_json::to_string(ids)?;
    let mut conn = db.files_writer().await?;
    on!(conn, |c| {
        sqlx::query("DELETE FROM attachment_files WHERE id IN (SELECT value FROM json_each($1))")
            .bind(&ids)
            .execute(c)
            .await?;
    });
    Ok(())
}

/// Deletes bytes that no upload describes any more (an upload whose description was never stored), once they are a
/// day old; returns how many.
pub async fn sweep_files(db: &Db) -> Result<u64> {
    let described: Vec<String> = {
        let mut conn = db.reader().await?;
        on!(conn, |c| sqlx::query_scalar("SELECT id FROM challenge_attachments").fetch_all(c).await?)
    };
    let described = serde_json::to_string(&described)?;
    let mut conn = db.files_writer().await?;
    Ok(on!(conn, |c| {
        sqlx::query(
        "DELETE FROM attachment_files WHERE created_at < unixepoch() - $1 AND id NOT IN (SELECT value FROM json_each($2))",
    )
    .bind(UNLINKED_ATTACHMENT_SECONDS)
    .bind(&described)
    .execute(c)
    .await?
    .rows_affected()
    }))
}

/// Moves the bytes an older version kept in `challenge_attachments.content` to the attachments' file, one upload at
/// a time: copied, then emptied in the database (secure_delete overwrites them there).
pub async fn move_files_out(db: &Db) -> Result<()> {
    if db.is_postgres() {
        // On PostgreSQL the bytes were always in attachment_files.
        return Ok(());
    }
    loop {
        let next: Option<(String, Vec<u8>, i64)> = sqlx::query_as(
            "SELECT id, content, created_at FROM challenge_attachments WHERE length(content) > 0 LIMIT 1",
        )
        .fetch_optional(&db.write)
        .await?;
        let Some((id, content, created_at)) = next else { return Ok(()) };
        sqlx::query("INSERT OR IGNORE INTO attachment_files (id, content, created_at) VALUES (?, ?, ?)")
            .bind(&id)
            .bind(&content)
            .bind(created_at)
            .execute(&db.files)
            .await?;
        sqlx::query("UPDATE challenge_attachments SET content = x'' WHERE id = ?").bind(&id).execute(&db.write).await?;
        tracing::info!(attachment = %id, "moved an attachment's bytes to the attachments' file");
    }
}

/// The bytes of all uploads no application has taken yet, and when the oldest of them came (unix seconds).
pub async fn unlinked_bytes(conn: &mut Conn) -> Result<(u64, Option<i64>)> {
    let (bytes, oldest): (i64, Option<i64>) = on!(conn, |c| {
        sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(bytes), 0) AS BIGINT), MIN(created_at) FROM challenge_attachments WHERE reference IS NULL",
    )
    .fetch_one(c)
    .await?
    });
    Ok((bytes.try_into().unwrap_or(0), oldest))
}

/// An upload to `form`, linked or not, without its content.
pub async fn find_attachment(conn: &mut Conn, form: &str, id: &str) -> Result<Option<ChallengeAttachment>> {
    let row: Option<(String, String, i64)> = on!(conn, |c| sqlx::query_as(
        "SELECT file_name, content_type, bytes FROM challenge_attachments WHERE form_id = $1 AND id = $2"
    )
    .bind(form)
    .bind(id)
    .fetch_optional(c)
    .await?);
    Ok(row.map(|(file_name, content_type, bytes)| ChallengeAttachment {
        id: id.to_owned(),
        file_name,
        content_type,
        bytes: bytes.try_into().unwrap_or(0),
    }))
}

/// An upload's bytes.
pub async fn file_content(db: &Db, id: &str) -> Result<Option<Vec<u8>>> {
    let mut conn = db.files_reader().await?;
    Ok(on!(conn, |c| sqlx::query_scalar("SELECT content FROM attachment_files WHERE id = $1")
        .bind(id)
        .fetch_optional(c)
        .await?))
}

/// A file of an application: its description (the bytes are in the attachments' file, [`file_content`]).
pub async fn attachment_file(
    conn: &mut Conn,
    form: &str,
    reference: &str,
    id: &str,
) -> Result<Option<ChallengeAttachment>> {
    let row: Option<(String, String, i64)> = on!(conn, |c| sqlx::query_as(
        "SELECT file_name, content_type, bytes FROM challenge_attachments
         WHERE form_id = $1 AND reference = $2 AND id = $3",
    )
    .bind(form)
    .bind(reference)
    .bind(id)
    .fetch_optional(c)
    .await?);
    Ok(row.map(|(file_name, content_type, bytes)| ChallengeAttachment {
        id: id.to_owned(),
        file_name,
        content_type,
        bytes: bytes.try_into().unwrap_or(0),
    }))
}

#[derive(sqlx::FromRow)]
struct SubmissionRow {
    form_id: String,
    reference: String,
    body: String,
    estimate_cents: i64,
    budget_cents: i64,
    status: String,
    outcome: Option<String>,
    note: Option<String>,
    submitted_at: i64,
    submitted_on: String,
    decision_by: String,
    purge_after: i64,
    suspended_since: Option<String>,
    supplement_due: Option<String>,
    supplement_missing: Option<String>,
    suspended_days: i64,
    attempts: Option<i64>,
    delivered_at: Option<i64>,
    last_error: Option<String>,
}

const SUBMISSION_COLUMNS: &str = "s.form_id, s.reference, s.body, s.estimate_cents, s.budget_cents, s.status,
    s.outcome, s.note, s.submitted_at, s.submitted_on, s.decision_by, s.purge_after,
    s.suspended_since, s.supplement_due, s.supplement_missing, s.suspended_days, d.attempts, d.delivered_at, d.last_error
    FROM challenge_submissions s
    LEFT JOIN challenge_deliveries d ON d.form_id = s.form_id AND d.reference = s.reference";

async fn to_record(conn: &mut Conn, row: SubmissionRow) -> Result<SubmissionRecord> {
    let attachments: Vec<(String, String, String, i64)> = on!(conn, |c| sqlx::query_as(
        "SELECT id, file_name, content_type, bytes FROM challenge_attachments
         WHERE form_id = $1 AND reference = $2 ORDER BY created_at, id",
    )
    .bind(&row.form_id)
    .bind(&row.reference)
    .fetch_all(c)
    .await?);
    let mails = mails_of(conn, &row.form_id, &row.reference).await?;
    let status = ChallengeStatus::from_name(&row.status)
        .ok_or_else(|| Error::Internal(format!("stored status {} is unknown", row.status)))?;
    let today = crate::clock::netherlands_date(crate::clock::now()).to_string();
    let decision_by = match &row.suspended_since {
        Some(since) => inspraak_api::challenge::days_between(since, &today)
            .and_then(|days| inspraak_api::challenge::add_days(&row.decision_by, days.max(0)))
            .unwrap_or(row.decision_by),
        None => row.decision_by,
    };
    Ok(SubmissionRecord {
        decision_by,
        suspended_since: row.suspended_since,
        supplement_due: row.supplement_due,
        supplement_missing: row.supplement_missing,
        suspended_days: row.suspended_days,
        status,
        outcome: row.outcome.as_deref().and_then(ChallengeOutcome::from_name),
        note: row.note,
        submitted_at: rfc3339(row.submitted_at)?,
        submitted_on: row.submitted_on,
        delete_after: rfc3339(row.purge_after)?,
        estimate_cents: row.estimate_cents,
        budget_cents: row.budget_cents,
        application: serde_json::from_str(&row.body)?,
        attachments: attachments
            .into_iter()
            .map(|(id, file_name, content_type, bytes)| ChallengeAttachment {
                id,
                file_name,
                content_type,
                bytes: bytes.try_into().unwrap_or(0),
            })
            .collect(),
        webhook: match row.attempts {
            Some(attempts) => Some(DeliveryState {
                attempts,
                delivered_at: row.delivered_at.map(rfc3339).transpose()?,
                last_error: row.last_error,
            }),
            None => None,
        },
        mails,
        reference: row.reference,
        form: row.form_id,
    })
}

/// The application, if `form` has one with this reference.
pub async fn find_submission(conn: &mut Conn, form: &str, reference: &str) -> Result<Option<SubmissionRecord>> {
    let row: Option<SubmissionRow> = on!(conn, |c| sqlx::query_as(&format!(
        "SELECT {SUBMISSION_COLUMNS} WHERE s.form_id = $1 AND s.reference = $2"
    ))
    .bind(form)
    .bind(reference)
    .fetch_optional(c)
    .await?);
    match row {
        Some(row) => Ok(Some(to_record(conn, row).await?)),
        None => Ok(None),
    }
}

/// The application, or not found.
pub async fn get_submission(conn: &mut Conn, form: &str, reference: &str) -> Result<SubmissionRecord> {
    find_submission(conn, form, reference).await?.ok_or_else(|| Error::not_found("application"))
}

/// Every application to `form`, oldest first.
pub async fn submissions(conn: &mut Conn, form: &str) -> Result<Vec<SubmissionRecord>> {
    let rows: Vec<SubmissionRow> = on!(conn, |c| sqlx::query_as(&format!(
        "SELECT {SUBMISSION_COLUMNS} WHERE s.form_id = $1 ORDER BY s.year, s.number"
    ))
    .bind(form)
    .fetch_all(c)
    .await?);
    to_records(conn, rows).await
}

/// Every application, to any form, with this contact e-mail address (case-insensitive): one person's data.
pub async fn submissions_by_email(conn: &mut Conn, email: &str) -> Result<Vec<SubmissionRecord>> {
    // In the order they came: SQLite's rowid, PostgreSQL's identity column (it has no rowid).
    let order = dialect!(conn, sqlite: "s.rowid", postgres: "s.seq");
    let rows: Vec<SubmissionRow> = on!(conn, |c| sqlx::query_as(&format!(
        "SELECT {SUBMISSION_COLUMNS} WHERE s.email = $1 ORDER BY s.submitted_at, {order}"
    ))
    .bind(email.trim().to_lowercase())
    .fetch_all(c)
    .await?);
    to_records(conn, rows).await
}

async fn to_records(conn: &mut Conn, rows: Vec<SubmissionRow>) -> Result<Vec<SubmissionRecord>> {
    let mut records = Vec::with_capacity(rows.len());
    for row in rows {
        records.push(to_record(conn, row).await?);
    }
    Ok(records)
}

/// The forms that have an application with this reference (references are per form).
pub async fn forms_with_reference(conn: &mut Conn, reference: &str) -> Result<Vec<String>> {
    Ok(on!(conn, |c| sqlx::query_scalar(
        "SELECT form_id FROM challenge_submissions WHERE reference = $1 ORDER BY form_id"
    )
    .bind(reference)
    .fetch_all(c)
    .await?))
}

/// Where the decision term stands after a status change: the decision date (without a running suspension), the
/// open request to complete the application if any, and the days suspended by requests that ended.
pub struct Term<'a> {
    pub decision_by: &'a str,
    pub suspended_since: Option<&'a str>,
    pub supplement_due: Option<&'a str>,
    pub supplement_missing: Option<&'a str>,
    pub suspended_days: i64,
}

/// Moves an application to the next status; the caller has checked that the move is allowed.
pub async fn set_status(
    conn: &mut Conn,
    form: &str,
    reference: &str,
    change: &StatusChange,
    term: &Term<'_>,
    now: i64,
) -> Result<()> {
    on!(conn, |c| {
        sqlx::query(
        "UPDATE challenge_submissions SET status = $1, outcome = $2, note = COALESCE($3, note), status_changed_at = $4,
             decision_by = $5, suspended_since = $6, supplement_due = $7, supplement_missing = $8, suspended_days = $9
         WHERE form_id = $10 AND reference = $11",
    )
    .bind(change.status.as_str())
    .bind(change.outcome.map(ChallengeOutcome::as_str))
    .bind(change.note.as_deref().map(str::trim))
    .bind(now)
    .bind(term.decision_by)
    .bind(term.suspended_since)
    .bind(term.supplement_due)
    .bind(term.supplement_missing)
    .bind(term.suspended_days)
    .bind(form)
    .bind(reference)
    .execute(c).await?;
    });
    Ok(())
}

/// Deletes an application with its files' descriptions, its delivery and the answers kept for retries about them;
/// returns the files' ids, whose bytes the caller deletes after the commit ([`delete_files`]), or None when there
/// was no such application.
pub async fn delete_submission(conn: &mut Conn, form: &str, reference: &str) -> Result<Option<Vec<String>>> {
    let mut about = vec![idempotency::resource("application", &format!("{form}/{reference}"))];
    let files: Vec<String> =
        on!(conn, |c| sqlx::query_scalar("SELECT id FROM challenge_attachments WHERE form_id = $1 AND reference = $2")
            .bind(form)
            .bind(reference)
            .fetch_all(c)
            .await?);
    about.extend(files.iter().map(|file| idempotency::resource("attachment", file)));
    let deleted = on!(conn, |c| sqlx::query("DELETE FROM challenge_submissions WHERE form_id = $1 AND reference = $2")
        .bind(form)
        .bind(reference)
        .execute(c)
        .await?
        .rows_affected())
        == 1;
    if !deleted {
        return Ok(None);
    }
    idempotency::forget(conn, &about).await?;
    crate::accounts::audit::forget_application(conn, form, reference).await?;
    Ok(Some(files))
}

/// Deletes applications past their retention period (with their files and deliveries) and uploads no application
/// took within a day. Returns (applications, uploads) deleted.
pub async fn purge(conn: &mut Conn, now: i64) -> Result<(u64, u64)> {
    purge_returning_files(conn, now).await.map(|(counts, _)| counts)
}

/// [`purge`], with the ids of the files whose descriptions went (their bytes are the caller's to delete).
pub async fn purge_returning_files(conn: &mut Conn, now: i64) -> Result<((u64, u64), Vec<String>)> {
    let mut about: Vec<String> = Vec::new();
    let files: Vec<String> = on!(conn, |c| sqlx::query_scalar(
        "SELECT a.id FROM challenge_attachments a JOIN challenge_submissions s
             ON s.form_id = a.form_id AND s.reference = a.reference WHERE s.purge_after <= $1",
    )
    .bind(now)
    .fetch_all(c)
    .await?);
    about.extend(files.iter().map(|file| idempotency::resource("attachment", file)));
    let submissions: Vec<(String, String)> = on!(conn, |c| sqlx::query_as(
        "DELETE FROM challenge_submissions WHERE purge_after <= $1 RETURNING form_id, reference"
    )
    .bind(now)
    .fetch_all(c)
    .await?);
    about.extend(
        submissions
            .iter()
            .map(|(form, reference)| idempotency::resource("application", &format!("{form}/{reference}"))),
    );
    let uploads: Vec<String> = on!(conn, |c| sqlx::query_scalar(
        "DELETE FROM challenge_attachments WHERE reference IS NULL AND created_at < $1 RETURNING id"
    )
    .bind(now - UNLINKED_ATTACHMENT_SECONDS)
    .fetch_all(c)
    .await?);
    about.extend(uploads.iter().map(|file| idempotency::resource("attachment", file)));
    idempotency::forget(conn, &about).await?;
    for (form, reference) in &submissions {
        crate::accounts::audit::forget_application(conn, form, reference).await?;
    }
    let counts = (submissions.len() as u64, uploads.len() as u64);
    Ok((counts, files.into_iter().chain(uploads).collect()))
}

/// Queues an application for its form's webhook, due at once.
pub async fn add_delivery(conn: &mut Conn, form: &str, reference: &str, now_ms: i64) -> Result<()> {
    on!(conn, |c| {
        sqlx::query("INSERT INTO challenge_deliveries (form_id, reference, next_attempt_ms) VALUES ($1, $2, $3)")
            .bind(form)
            .bind(reference)
            .bind(now_ms)
            .execute(c)
            .await?;
    });
    Ok(())
}

/// A delivery whose time has come.
#[derive(sqlx::FromRow)]
pub struct DueDelivery {
    pub form_id: String,
    pub reference: String,
    pub attempts: i64,
    pub webhook_url: Option<String>,
    pub webhook_token: Option<String>,
}

/// The deliveries due at `now_ms`, at most `limit`. On PostgreSQL, which several servers share, they are also taken:
/// rows another server is taking are skipped (`FOR UPDATE SKIP LOCKED`) and the ones returned are not due again for
/// `lease_ms`, so no two servers post the same application at once. The caller's lease must be longer than all
/// `limit` attempts may take one after the other; after it another server may take a delivery (when the first died
/// during the attempt). Each attempt then records its outcome ([`delivered`], [`delivery_failed`]).
pub async fn due_deliveries(conn: &mut Conn, now_ms: i64, limit: i64, lease_ms: i64) -> Result<Vec<DueDelivery>> {
    let sql = dialect!(conn,
        sqlite: "SELECT d.form_id, d.reference, d.attempts, f.webhook_url, f.webhook_token
         FROM challenge_deliveries d JOIN challenge_forms f ON f.id = d.form_id
         WHERE d.delivered_at IS NULL AND d.next_attempt_ms <= $1 ORDER BY d.next_attempt_ms LIMIT $2",
        postgres: "WITH due AS (
             SELECT form_id, reference FROM challenge_deliveries
             WHERE delivered_at IS NULL AND next_attempt_ms <= $1 ORDER BY next_attempt_ms LIMIT $2
             FOR UPDATE SKIP LOCKED)
         UPDATE challenge_deliveries d SET next_attempt_ms = $1 + $3
         FROM due, challenge_forms f
         WHERE d.form_id = due.form_id AND d.reference = due.reference AND f.id = d.form_id
         RETURNING d.form_id, d.reference, d.attempts, f.webhook_url, f.webhook_token",
    );
    Ok(on!(conn, |c| sqlx::query_as(sql).bind(now_ms).bind(limit).bind(lease_ms).fetch_all(c).await?))
}

/// When the next undelivered application is due (unix ms), if any.
pub async fn next_due_ms(conn: &mut Conn) -> Result<Option<i64>> {
    Ok(on!(conn, |c| sqlx::query_scalar(
        "SELECT MIN(next_attempt_ms) FROM challenge_deliveries WHERE delivered_at IS NULL"
    )
    .fetch_one(c)
    .await?))
}

pub async fn delivered(conn: &mut Conn, form: &str, reference: &str, now: i64) -> Result<()> {
    on!(conn, |c| {
        sqlx::query(
            "UPDATE challenge_deliveries SET attempts = attempts + 1, delivered_at = $1, last_error = NULL
         WHERE form_id = $2 AND reference = $3",
        )
        .bind(now)
        .bind(form)
        .bind(reference)
        .execute(c)
        .await?;
    });
    Ok(())
}

pub async fn delivery_failed(
    conn: &mut Conn,
    form: &str,
    reference: &str,
    error: &str,
    next_attempt_ms: i64,
) -> Result<()> {
    on!(conn, |c| {
        sqlx::query(
            "UPDATE challenge_deliveries SET attempts = attempts + 1, last_error = $1, next_attempt_ms = $2
         WHERE form_id = $3 AND reference = $4",
        )
        .bind(error)
        .bind(next_attempt_ms)
        .bind(form)
        .bind(reference)
        .execute(c)
        .await?;
    });
    Ok(())
}

/// The decision date as stored (without a running suspension) and the days suspended so far.
pub async fn stored_term(conn: &mut Conn, form: &str, reference: &str) -> Result<(String, i64)> {
    Ok(on!(conn, |c| sqlx::query_as(
        "SELECT decision_by, suspended_days FROM challenge_submissions WHERE form_id = $1 AND reference = $2",
    )
    .bind(form)
    .bind(reference)
    .fetch_one(c)
    .await?))
}

/// An e-mail to an applicant, ready to queue.
pub struct NewMail<'a> {
    pub form: &'a str,
    pub reference: &'a str,
    /// ontvangst, or the status the mail announces.
    pub kind: &'a str,
    pub message_id: &'a str,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

/// Queues a mail, due at once; in the transaction that stores what it tells.
pub async fn queue_mail(conn: &mut Conn, mail: &NewMail<'_>, now_ms: i64) -> Result<()> {
    on!(conn, |c| {
        sqlx::query(
        "INSERT INTO challenge_mails (form_id, reference, kind, message_id, recipient, subject, body, next_attempt_ms,
             created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(mail.form)
    .bind(mail.reference)
    .bind(mail.kind)
    .bind(mail.message_id)
    .bind(mail.recipient)
    .bind(mail.subject)
    .bind(mail.body)
    .bind(now_ms)
    .bind(now_ms / 1000)
    .execute(c).await?;
    });
    Ok(())
}

/// A mail whose time has come.
#[derive(sqlx::FromRow)]
pub struct DueMail {
    pub id: i64,
    pub reference: String,
    pub kind: String,
    pub message_id: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
    /// Unix seconds: when the mail was queued.
    pub created_at: i64,
}

///
/// On PostgreSQL the mails returned are also taken, as deliveries are ([`due_deliveries`]): rows another server is
/// taking are skipped (`FOR UPDATE SKIP LOCKED`) and the ones returned are not due again for `lease_ms`, which must be
/// longer than all `limit` attempts may take one after the other.
pub async fn due_mails(conn: &mut Conn, now_ms: i64, limit: i64, lease_ms: i64) -> Result<Vec<DueMail>> {
    let sql = dialect!(conn,
        sqlite: "SELECT id, reference, kind, message_id, recipient, subject, body, attempts, created_at
         FROM challenge_mails WHERE sent_at IS NULL AND given_up_at IS NULL AND next_attempt_ms <= $1
         ORDER BY next_attempt_ms, id LIMIT $2",
        postgres: "WITH due AS (
             SELECT id FROM challenge_mails WHERE sent_at IS NULL AND given_up_at IS NULL AND next_attempt_ms <= $1
             ORDER BY next_attempt_ms, id LIMIT $2 FOR UPDATE SKIP LOCKED)
         UPDATE challenge_mails m SET next_attempt_ms = $1 + $3 FROM due WHERE m.id = due.id
         RETURNING m.id, m.reference, m.kind, m.message_id, m.recipient, m.subject, m.body, m.attempts, m.created_at",
    );
    Ok(on!(conn, |c| sqlx::query_as(sql).bind(now_ms).bind(limit).bind(lease_ms).fetch_all(c).await?))
}

/// When the next unsent mail is due (unix ms), if any.
pub async fn next_mail_due_ms(conn: &mut Conn) -> Result<Option<i64>> {
    Ok(on!(conn, |c| sqlx::query_scalar(
        "SELECT MIN(next_attempt_ms) FROM challenge_mails WHERE sent_at IS NULL AND given_up_at IS NULL"
    )
    .fetch_one(c)
    .await?))
}

/// The mail server took the mail: its recipient and text (personal data) are not kept any longer.
pub async fn mail_sent(conn: &mut Conn, id: i64, now: i64) -> Result<()> {
    on!(conn, |c| {
        sqlx::query(
        "UPDATE challenge_mails SET attempts = attempts + 1, sent_at = $1, last_error = NULL, recipient = '', body = ''
         WHERE id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(c).await?;
    });
    Ok(())
}

pub async fn mail_failed(conn: &mut Conn, id: i64, error: &str, next_attempt_ms: i64) -> Result<()> {
    on!(conn, |c| {
        sqlx::query(
            "UPDATE challenge_mails SET attempts = attempts + 1, last_error = $1, next_attempt_ms = $2 WHERE id = $3",
        )
        .bind(error)
        .bind(next_attempt_ms)
        .bind(id)
        .execute(c)
        .await?;
    });
    Ok(())
}

/// The mail cannot be delivered (refused for good, or not delivered in time): it is not tried again, and its
/// recipient and text are not kept.
pub async fn mail_given_up(conn: &mut Conn, id: i64, error: &str, now: i64) -> Result<()> {
    on!(conn, |c| {
        sqlx::query(
            "UPDATE challenge_mails SET attempts = attempts + 1, given_up_at = $1, last_error = $2, recipient = '',
             body = '' WHERE id = $3",
        )
        .bind(now)
        .bind(error)
        .bind(id)
        .execute(c)
        .await?;
    });
    Ok(())
}

/// Where an application's mails stand, oldest first.
pub async fn mails_of(conn: &mut Conn, form: &str, reference: &str) -> Result<Vec<MailState>> {
    #[derive(sqlx::FromRow)]
    struct MailRow {
        kind: String,
        attempts: i64,
        sent_at: Option<i64>,
        given_up_at: Option<i64>,
        last_error: Option<String>,
    }
    let rows: Vec<MailRow> = on!(conn, |c| {
        sqlx::query_as(
            "SELECT kind, attempts, sent_at, given_up_at, last_error FROM challenge_mails
             WHERE form_id = $1 AND reference = $2 ORDER BY id",
        )
        .bind(form)
        .bind(reference)
        .fetch_all(c)
        .await?
    });
    rows.into_iter()
        .map(|row| {
            Ok(MailState {
                kind: row.kind,
                attempts: row.attempts,
                sent_at: row.sent_at.map(rfc3339).transpose()?,
                given_up_at: row.given_up_at.map(rfc3339).transpose()?,
                last_error: row.last_error,
            })
        })
        .collect()
}

/// One mail to an applicant as the back office sees it (without recipient or text).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MailState {
    /// ontvangst (the acknowledgement of receipt), or the status it announced.
    pub kind: String,
    pub attempts: i64,
    /// RFC 3339, once the mail server accepted it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<String>,
    /// RFC 3339, when it was given up: refused for good, or not delivered within three days. The applicant has to be
    /// told another way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_up_at: Option<String>,
    /// The last failure, as the mail server's reply code at most.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}
