//! Stored answers to POSTs that carried an `Idempotency-Key`: a retry with the same key and body
//! gets the first answer again, inside the same transaction as the write it answers for.

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use inspraak_api::ProblemKind;

use crate::{
    AppState,
    db::Conn,
    dialect,
    error::Result,
    on,
    problem::{ApiError, ApiResult},
};

/// An answer kept for a key: the fingerprint of the request it answered, its status and body, or with `redo` a
/// note of how to make the answer again (for answers that hold a code or personal data, which are never stored).
#[derive(Clone, sqlx::FromRow)]
pub struct StoredAnswer {
    pub request_hash: String,
    pub status: i64,
    pub body: String,
    pub redo: bool,
}

/// What an answer is about, so erasing it removes the answer too: an application, an upload, a response.
pub fn resource(kind: &str, id: &str) -> String {
    format!("{kind}:{id}")
}

/// One request's identity for idempotency: where it went, its key and its body's fingerprint.
pub struct Attempt {
    scope: String,
    key: Option<String>,
    fingerprint: String,
}

impl Attempt {
    /// The fingerprint is keyed with the server's secret and bound to the scope: a body holds a voter id, and an
    /// unkeyed hash of it would let anyone who knows that id find (and link) the same vote in other polls.
    pub fn new(state: &AppState, scope: String, key: Option<String>, body: &[u8]) -> Attempt {
        let fingerprint = state.keyed_hash(&[b"idempotency", scope.as_bytes(), body]);
        Attempt { scope, key, fingerprint }
    }

    /// The scope and key that identify this request, when it carries a key.
    pub fn identity(&self) -> Option<(&str, &str)> {
        self.key.as_deref().map(|key| (self.scope.as_str(), key))
    }

    /// Whether `other` is the same request as this one (same scope, key and body).
    pub fn same_body(&self, other: &Attempt) -> bool {
        self.fingerprint == other.fingerprint
    }

    /// What was stored when this request was made before: the answer, or a note to make it again; an error when
    /// the key was used for another body.
    pub async fn stored(&self, tx: &mut Conn) -> ApiResult<Option<StoredAnswer>> {
        let Some(identity) = self.identity() else { return Ok(None) };
        lock(tx, &[identity]).await?;
        let stored = lookup_many(tx, &[identity]).await?.into_values().next();
        match stored {
            Some(stored) if stored.request_hash != self.fingerprint => Err(key_reused()),
            stored => Ok(stored),
        }
    }

    /// The answer to this request from what was stored for its key: the first answer again, or a refusal when
    /// the key came with another body.
    pub fn answer(&self, stored: StoredAnswer) -> ApiResult<Response> {
        let StoredAnswer { request_hash, status, body, redo } = stored;
        if request_hash != self.fingerprint {
            return Err(key_reused());
        }
        if redo {
            return Err(ApiError::Internal("a note to redo an answer where only answers are kept".into()));
        }
        let status = u16::try_from(status)
            .ok()
            .and_then(|s| StatusCode::from_u16(s).ok())
            .ok_or_else(|| ApiError::Internal(format!("stored status {status} is not HTTP")))?;
        let mut response = (status, body).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
        Ok(response)
    }

    /// What `remember` stores for this request with `body` as its answer, for writing many at once.
    pub fn record(&self, status: StatusCode, body: &str) -> Option<serde_json::Value> {
        self.record_kept(status, &Kept { body: body.to_owned(), redo: false, resource: None })
    }

    fn record_kept(&self, status: StatusCode, kept: &Kept) -> Option<serde_json::Value> {
        let key = self.key.as_ref()?;
        Some(serde_json::json!([
            self.scope,
            key,
            self.fingerprint,
            status.as_u16(),
            kept.body,
            kept.resource,
            kept.redo
        ]))
    }

    /// Keeps the answer (or the note to make it again) for later retries; call inside the transaction that made
    /// the write. Rows live for [`KEEP_SECONDS`]; `purge` removes older ones.
    pub async fn remember(&self, tx: &mut Conn, status: StatusCode, kept: &Kept) -> ApiResult<()> {
        Ok(remember_many(tx, &self.record_kept(status, kept).into_iter().collect::<Vec<_>>()).await?)
    }

    /// Replaces the note kept for this request (after it was redone: a new code, say).
    pub async fn renote(&self, tx: &mut Conn, kept: &Kept) -> ApiResult<()> {
        let Some((scope, key)) = self.identity() else { return Ok(()) };
        on!(tx, |c| {
            sqlx::query(
                "UPDATE idempotency_keys SET body = $1, redo = $2, resource = $3 WHERE scope = $4 AND key = $5",
            )
            .bind(&kept.body)
            .bind(kept.redo)
            .bind(&kept.resource)
            .bind(scope)
            .bind(key)
            .execute(c)
            .await?;
        });
        Ok(())
    }
}

/// What is kept of an answer: its body, or a note to make it again, and what it is about.
#[derive(Debug, Clone)]
pub struct Kept {
    pub body: String,
    pub redo: bool,
    pub resource: Option<String>,
}

/// Forgets every answer about these resources (an application and its uploads, when they are erased).
pub async fn forget(conn: &mut Conn, resources: &[String]) -> Result<u64> {
    if resources.is_empty() {
        return Ok(0);
    }
    let resources = serde_json::to_string(resources)?;
    Ok(on!(conn, |c| {
        sqlx::query("DELETE FROM idempotency_keys WHERE resource IN (SELECT value FROM json_each($1))")
            .bind(&resources)
            .execute(c)
            .await?
            .rows_affected()
    }))
}

/// The answer to a key used before with another body.
pub fn key_reused() -> ApiError {
    ApiError::problem(
        ProblemKind::IdempotencyKeyReused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Idempotency-Key reused",
        "This Idempotency-Key was used before with a different request body.",
    )
}

/// How long a stored answer is kept: long enough for any client's retries, short enough to hold little.
pub const KEEP_SECONDS: i64 = 24 * 60 * 60;

/// Forgets answers older than [`KEEP_SECONDS`]; the server runs this at start and every hour.
pub async fn purge(conn: &mut Conn) -> Result<u64> {
    Ok(on!(conn, |c| {
        sqlx::query("DELETE FROM idempotency_keys WHERE created_at < unixepoch() - $1")
            .bind(KEEP_SECONDS)
            .execute(c)
            .await?
            .rows_affected()
    }))
}

/// On PostgreSQL, where several servers share one database: holds a lock on each key until the transaction ends,
/// so a retry that reaches another server while the first request is being written waits for it and then finds
/// its answer, instead of writing a second time (or failing on the primary key). Taken in one order, so two
/// batches never wait for each other. SQLite has one writer, which is the lock.
pub async fn lock(conn: &mut Conn, identities: &[(&str, &str)]) -> Result<()> {
    if identities.is_empty() || !conn.is_postgres() {
        return Ok(());
    }
    let mut names: Vec<String> = identities.iter().map(|(scope, key)| format!("{scope} {key}")).collect();
    names.sort();
    names.dedup();
    on!(conn, |c| {
        sqlx::query(
            "SELECT pg_advisory_xact_lock(hashtextextended(value, 1817)) FROM jsonb_array_elements_text($1::jsonb) AS e (value)",
        )
        .bind(serde_json::to_string(&names)?)
        .execute(c)
        .await?;
    });
    Ok(())
}

/// The stored answers for many (scope, key) pairs at once, in one query.
pub async fn lookup_many(
    conn: &mut Conn,
    identities: &[(&str, &str)],
) -> Result<std::collections::HashMap<(String, String), StoredAnswer>> {
    if identities.is_empty() {
        return Ok(Default::default());
    }
    #[derive(sqlx::FromRow)]
    struct Row {
        scope: String,
        key: String,
        #[sqlx(flatten)]
        answer: StoredAnswer,
    }
    let sql = dialect!(conn,
        sqlite: "SELECT scope, key, request_hash, status, body, redo FROM idempotency_keys
         WHERE (scope, key) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each($1))",
        postgres: "SELECT scope, key, request_hash, status, body, redo FROM idempotency_keys
         WHERE (scope, key) IN (SELECT value->>0, value->>1 FROM jsonb_array_elements($1::jsonb) AS e (value))",
    );
    let identities = serde_json::to_string(identities)?;
    let rows: Vec<Row> = on!(conn, |c| sqlx::query_as(sql).bind(&identities).fetch_all(c).await?);
    Ok(rows.into_iter().map(|row| ((row.scope, row.key), row.answer)).collect())
}

/// Stores many answers at once (each from [`Attempt::record`]).
pub async fn remember_many(conn: &mut Conn, records: &[serde_json::Value]) -> Result<()> {
    if records.is_empty() {
        return Ok(());
    }
    let sql = dialect!(conn,
        sqlite: "INSERT INTO idempotency_keys (scope, key, request_hash, status, body, resource, redo, created_at)
         SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
                json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]'),
                json_extract(value, '$[6]'), unixepoch()
         FROM json_each($1)",
        postgres: "INSERT INTO idempotency_keys (scope, key, request_hash, status, body, resource, redo, created_at)
         SELECT value->>0, value->>1, value->>2, (value->>3)::bigint, value->>4, value->>5, (value->>6)::boolean,
                unixepoch()
         FROM jsonb_array_elements($1::jsonb) AS e (value)",
    );
    let records = serde_json::to_string(records)?;
    on!(conn, |c| {
        sqlx::query(sql).bind(&records).execute(c).await?;
    });
    Ok(())
}
