//! The admin routes' guard. Who asks is one of three: the server's own bearer token (`INSPRAAK_ADMIN_TOKEN`, a
//! beheerder, so scripts from before accounts keep working), an account's bearer token, or an account's session
//! cookie (the back office's web page), which must also send its CSRF token with every change. The account's role
//! must be one the route set allows; what it changes (and every view of personal data) goes to the audit trail.
//! Without the server's token and without any account the admin routes do not exist. An address that sent
//! [`FAILURES_PER_MINUTE`] wrong bearer tokens is answered 429 for a while, before its next token is even looked at.

use std::{
    net::{IpAddr, SocketAddr},
    time::Duration,
};

use axum::{
    extract::{ConnectInfo, MatchedPath, Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use inspraak_api::{AccountRole, ProblemKind};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::{
    AppState,
    accounts::{self, audit, session},
    config::Config,
    problem::{ApiError, ApiResult},
    rate_limit::{self, ClientAddress, FailureLimit},
};

/// Wrong tokens one address may send per minute by default (as a burst, then refilled evenly):
/// `--admin-failures-per-minute`.
pub const FAILURES_PER_MINUTE: u32 = 10;

/// The addresses that sent wrong tokens, and those that must wait before they may try again.
#[derive(Clone)]
pub struct Failures {
    limit: FailureLimit<IpAddr>,
    clients: ClientAddress,
}

impl Failures {
    pub fn new(config: &Config) -> Failures {
        Failures {
            limit: FailureLimit::new(config.admin_failures_per_minute, Duration::from_secs(60)),
            clients: ClientAddress::new(config),
        }
    }

    /// The address (its bucket: an IPv6 /64) that sent `request`, as the trusted proxies tell it.
    fn client(&self, request: &Request) -> Option<IpAddr> {
        let peer = request.extensions().get::<ConnectInfo<SocketAddr>>()?.0.ip();
        Some(rate_limit::bucket_key(self.clients.of(peer, request.headers())))
    }
}

/// The name the audit trail gives the server's own token.
pub const SERVER_TOKEN_ACTOR: &str = "admin-token";

/// How the asker proved who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    ServerToken,
    AccountToken,
    /// A session cookie: the session's keyed id hash, CSRF token and start.
    Session {
        id_hash: String,
        csrf_token: String,
        created_at: i64,
    },
}

/// Who is asking; handlers behind the guard can take it from the request's extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub role: AccountRole,
    pub via: Via,
}

/// Whether `given` is the server's own admin token (compared in constant time, lengths too).
pub fn is_server_token(state: &AppState, given: &str) -> bool {
    let Some(expected) = state.config.admin_token.as_ref().map(|t| t.0.as_str()).filter(|t| !t.is_empty()) else {
        return false;
    };
    // Hashing first makes the comparison constant-time in the length too.
    Sha256::digest(given.as_bytes()).ct_eq(&Sha256::digest(expected.as_bytes())).into()
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
}

/// A 401 for a missing or wrong credential.
pub fn unauthorized(detail: &str) -> Response {
    let mut response =
        ApiError::problem(ProblemKind::Unauthorized, StatusCode::UNAUTHORIZED, "Unauthorized", detail).into_response();
    response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

fn forbidden(detail: &str) -> Response {
    ApiError::problem(ProblemKind::Forbidden, StatusCode::FORBIDDEN, "Forbidden", detail).into_response()
}

/// Who sent a request with `headers` from `client`, or the answer that refuses it.
pub async fn authenticate(state: &AppState, headers: &HeaderMap, client: Option<IpAddr>) -> Result<Actor, Response> {
    if !admin_api_on(state).await.map_err(IntoResponse::into_response)? {
        return Err(ApiError::problem(
            ProblemKind::NotFound,
            StatusCode::NOT_FOUND,
            "Admin API off",
            "The admin API is off: create an account (inspraak-server account create) or set INSPRAAK_ADMIN_TOKEN.",
        )
        .into_response());
    }
    if let Some(token) = bearer(headers) {
        if let Some(wait) = client.and_then(|client| state.admin_failures.limit.waiting(&client)) {
            return Err(rate_limit::too_many("wrong admin tokens", wait));
        }
        if is_server_token(state, token) {
            return Ok(Actor {
                name: SERVER_TOKEN_ACTOR.to_owned(),
                role: AccountRole::Beheerder,
                via: Via::ServerToken,
            });
        }
        let found = async {
            let mut conn = state.db.reader().await?;
            accounts::store::account_by_token(&mut conn, &accounts::token_hash(&state.key, token)).await
        };
        return match found.await {
            Ok(Some((name, role))) => Ok(Actor { name, role, via: Via::AccountToken }),
            Ok(None) => {
                if let Some(client) = client {
                    state.admin_failures.limit.failed(client);
                }
                Err(unauthorized(
                    "Send an account's token or the server's admin token as 'Authorization: Bearer <token>'.",
                ))
            }
            Err(error) => Err(ApiError::from(error).into_response()),
        };
    }
    if let Some(id) = session::cookie(headers) {
        return match session::resume(state, &id).await {
            Ok(Some(actor)) => Ok(actor),
            Ok(None) => Err(unauthorized("The session has ended; log in again.")),
            Err(error) => Err(error.into_response()),
        };
    }
    Err(unauthorized("Log in, or send a token as 'Authorization: Bearer <token>'."))
}

/// The admin API is on once the server has a token or any account exists.
async fn admin_api_on(state: &AppState) -> ApiResult<bool> {
    if state.config.admin_token.as_ref().map(|t| t.0.as_str()).is_some_and(|t| !t.is_empty()) {
        return Ok(true);
    }
    let mut conn = state.db.reader().await?;
    Ok(accounts::store::any_account(&mut conn).await?)
}

/// A change sent with a session cookie must carry that session's CSRF token in `X-CSRF-Token`, and come from this
/// server's own origin when the browser names one: another site cannot make the browser send it. Returns the 403
/// that refuses a change without them.
fn csrf_refusal(state: &AppState, actor: &Actor, method: &Method, headers: &HeaderMap) -> Option<Response> {
    let Via::Session { csrf_token, .. } = &actor.via else { return None };
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return None;
    }
    let given = headers.get(session::CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
    let matches: bool = Sha256::digest(given.as_bytes()).ct_eq(&Sha256::digest(csrf_token.as_bytes())).into();
    if !matches {
        return Some(forbidden("A change in a session needs the session's CSRF token in X-CSRF-Token."));
    }
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    if origin.is_some_and(|origin| !same_origin(state, headers, origin)) {
        return Some(forbidden("A change in a session must come from the back office's own origin."));
    }
    None
}

/// Whether a browser's `Origin` is this server: the configured public origin, or the host the request was sent to
/// (a browser sets `Host` itself, so another site cannot claim it; behind a proxy that rewrites it, set
/// --public-origin).
fn same_origin(state: &AppState, headers: &HeaderMap, origin: &str) -> bool {
    if origin.eq_ignore_ascii_case(state.config.own_origin().trim_end_matches('/')) {
        return true;
    }
    let authority = origin.split_once("://").map_or("", |(_, rest)| rest);
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    !authority.is_empty() && authority.eq_ignore_ascii_case(host)
}

/// The guard of a set of admin routes that `roles` may use.
pub async fn guard(
    State((state, roles)): State<(AppState, &'static [AccountRole])>,
    mut request: Request,
    next: Next,
) -> Response {
    let client = state.admin_failures.client(&request);
    let actor = match authenticate(&state, request.headers(), client).await {
        Ok(actor) => actor,
        Err(refusal) => return refusal,
    };
    if !roles.contains(&actor.role) {
        return forbidden(&format!("The role {} may not do this.", actor.role.as_str()));
    }
    if let Some(refusal) = csrf_refusal(&state, &actor, request.method(), request.headers()) {
        return refusal;
    }
    let method = request.method().clone();
    let route = request.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned()).unwrap_or_default();
    // The path as sent (/v1/admin/…), not as the nested router sees it.
    let path = request
        .extensions()
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| request.uri().path().to_owned(), |uri| uri.path().to_owned());
    request.extensions_mut().insert(actor.clone());
    let response = next.run(request).await;
    let change = response.extensions().get::<audit::AuditChange>().cloned().unwrap_or_default();
    let recorded = audit::record_request(&state, &actor, &method, &route, &path, response.status(), change);
    if let Err(error) = recorded.await {
        // The change is made; the log line that failed is in the server's log at least.
        tracing::error!(%error, actor = %actor.name, %path, "audit trail write failed");
    }
    response
}
