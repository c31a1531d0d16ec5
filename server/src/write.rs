//! The one way a POST stores something: its idempotency scope is the route it matched with the path filled in,
//! a retry with the same `Idempotency-Key` and body gets the first answer, and the answer is kept, committed and only
//! then sent, so nothing is acknowledged before it is on disk. An answer that holds a code or personal data is not
//! kept: a note of how to make it again is (`Reply::redo`), and a retry gets the answer made anew from it (a fresh
//! code for the same draft, the application as it is now).

use crate::db::Held;
use axum::{
    extract::{FromRequestParts, MatchedPath, RawPathParams},
    http::{HeaderValue, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
};
use serde::Serialize;

use crate::{
    AppState,
    idempotency::{Attempt, Kept},
    problem::{ApiError, ApiResult},
    request::IdempotencyKey,
};

/// A write as it arrived: `POST /v1/polls/speeltuin/votes` (the matched route with its parameters, decoded) and its
/// `Idempotency-Key`, if it has one.
pub struct Write {
    scope: String,
    key: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for Write {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let IdempotencyKey(key) = IdempotencyKey::from_request_parts(parts, state).await?;
        let route = parts
            .extensions
            .get::<MatchedPath>()
            .ok_or_else(|| ApiError::Internal("a write outside a matched route".into()))?
            .as_str()
            .to_owned();
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|rejection| ApiError::Internal(format!("path of a write: {}", rejection.body_text())))?;
        // Segment by segment, so a value that reads like a parameter is never filled in again.
        let path: Vec<&str> = route
            .split('/')
            .map(|segment| {
                let name = segment.strip_prefix('{').and_then(|rest| rest.strip_suffix('}'));
                name.and_then(|name| params.iter().find(|(param, _)| *param == name))
                    .map_or(segment, |(_, value)| value)
            })
            .collect();
        Ok(Write { scope: format!("{} {}", parts.method, path.join("/")), key })
    }
}

impl Write {
    /// The write's identity for idempotency, with `fingerprint` standing for its body (the raw JSON, or what
    /// identifies an uploaded file), for writers that keep answers themselves (votes, in batches).
    pub fn attempt(self, state: &AppState, fingerprint: &[u8]) -> Attempt {
        Attempt::new(state, self.scope, self.key, fingerprint)
    }

    /// Whether an answer is kept for this write's key already (looked up on a reading connection, before a write
    /// that does work outside the transaction, such as storing an upload's bytes).
    pub async fn is_retry(&self, state: &AppState) -> ApiResult<bool> {
        let Some(key) = &self.key else { return Ok(false) };
        let mut conn = state.db.reader().await?;
        let found = crate::idempotency::lookup_many(&mut conn, &[(self.scope.as_str(), key.as_str())]).await?;
        Ok(!found.is_empty())
    }

    /// Runs `store` in a transaction on the write connection, unless this is a retry: then the first answer is
    /// given again (or a 422 when the key came with another body). The reply `store` makes is kept for retries in
    /// the same transaction, committed, and only then sent.
    pub async fn run(
        self,
        state: &AppState,
        fingerprint: &[u8],
        store: impl AsyncFnOnce(&mut Held) -> ApiResult<Reply>,
    ) -> ApiResult<Response> {
        self.run_or_redo(state, fingerprint, store, async |_, _| {
            Err(ApiError::Internal("a note to redo an answer for a write that keeps its answers".into()))
        })
        .await
    }

    /// As [`Write::run`], for a write whose answer is kept as a note ([`Reply::redo`]): a retry gets the answer
    /// `redo` makes from that note, in a transaction of its own, whose new note replaces the old one.
    pub async fn run_or_redo(
        self,
        state: &AppState,
        fingerprint: &[u8],
        store: impl AsyncFnOnce(&mut Held) -> ApiResult<Reply>,
        redo: impl AsyncFnOnce(&mut Held, serde_json::Value) -> ApiResult<Reply>,
    ) -> ApiResult<Response> {
        let attempt = self.attempt(state, fingerprint);
        let mut tx = state.db.begin().await?;
        match attempt.stored(&mut tx).await? {
            Some(stored) if stored.redo => {
                let reply = redo(&mut tx, serde_json::from_str(&stored.body)?).await?;
                attempt.renote(&mut tx, &reply.kept()).await?;
                tx.commit().await?;
                let mut response = reply.into_response();
                response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
                return Ok(response);
            }
            Some(stored) => return attempt.answer(stored),
            None => {}
        }
        let reply = store(&mut tx).await?;
        attempt.remember(&mut tx, reply.status, &reply.kept()).await?;
        tx.commit().await?;
        Ok(reply.into_response())
    }
}

/// What a write answers: a status, the JSON body (kept for retries unless a note is), and where the new resource is.
pub struct Reply {
    status: StatusCode,
    body: String,
    location: Option<String>,
    /// Kept instead of the body: how to make the answer again.
    note: Option<serde_json::Value>,
    /// What the answer is about (`idempotency::resource`), so erasing it removes the kept answer.
    resource: Option<String>,
}

impl Reply {
    /// 201 with `value`.
    pub fn created(value: &impl Serialize) -> ApiResult<Reply> {
        Reply::new(StatusCode::CREATED, value)
    }

    /// 200 with `value`, for a write that changes what exists.
    pub fn ok(value: &impl Serialize) -> ApiResult<Reply> {
        Reply::new(StatusCode::OK, value)
    }

    fn new(status: StatusCode, value: &impl Serialize) -> ApiResult<Reply> {
        Ok(Reply { status, body: serde_json::to_string(value)?, location: None, note: None, resource: None })
    }

    /// With a `Location` header (not kept: a retry gets the status and body).
    pub fn at(self, location: String) -> Reply {
        Reply { location: Some(location), ..self }
    }

    /// Keeps `note` instead of the body, for an answer with a code or personal data in it: a retry gets the answer
    /// that the write's `redo` makes from the note.
    pub fn redo(self, note: serde_json::Value) -> Reply {
        Reply { note: Some(note), ..self }
    }

    /// The answer is about `resource` (`idempotency::resource`): erasing that removes the kept answer.
    pub fn about(self, resource: String) -> Reply {
        Reply { resource: Some(resource), ..self }
    }

    fn kept(&self) -> Kept {
        match &self.note {
            Some(note) => Kept { body: note.to_string(), redo: true, resource: self.resource.clone() },
            None => Kept { body: self.body.clone(), redo: false, resource: self.resource.clone() },
        }
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response = (self.status, self.body).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        if let Some(location) = self.location.and_then(|l| HeaderValue::try_from(l).ok()) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        response
    }
}
