//! Logging in and out of the back office: `POST /v1/admin/session` checks a name and password and sets a session
//! cookie (HttpOnly, SameSite=Strict, Secure over https, only sent to /v1/admin), `DELETE` ends it. A session ends
//! after a spell without requests (idle) and at a fixed time after login (absolute), whichever comes first; its id is
//! stored as a keyed hash only. Every change in a session needs its CSRF token (`admin_auth`).

use std::time::Instant;

use axum::{
    Extension, Json,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use inspraak_api::{Login, Problem, ProblemKind, SessionInfo};

use super::{audit, password, store};
use crate::{
    AppState,
    admin_auth::{Actor, Via, unauthorized},
    clock,
    problem::{ApiError, ApiResult},
    request::JsonBody,
};

/// The cookie's name; the cookie is scoped to the admin API's path.
pub const COOKIE: &str = "inspraak_session";
const COOKIE_PATH: &str = "/v1/admin";
/// The header a change in a session carries its CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The session id in the request's cookies, if there is one.
pub fn cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

fn id_hash(state: &AppState, id: &str) -> String {
    state.keyed_hash(&[b"admin-session", id.as_bytes()])
}

fn set_cookie(state: &AppState, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.config.own_origin().starts_with("https://") { "; Secure" } else { "" };
    let cookie = format!("{COOKIE}={value}; Path={COOKIE_PATH}; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The account of a live session with this id, keeping it alive; None when it does not exist or has ended.
pub async fn resume(state: &AppState, id: &str) -> ApiResult<Option<Actor>> {
    let hash = id_hash(state, id);
    let now = clock::now();
    let settings = &state.config.backoffice;
    let found = {
        let mut conn = state.db.reader().await?;
        store::find_session(&mut conn, &hash).await?
    };
    let Some(session) = found else { return Ok(None) };
    let idle = now - session.last_seen > settings.session_idle_seconds as i64;
    let over = now - session.created_at > settings.session_max_seconds as i64;
    let mut conn = state.db.writer().await?;
    if idle || over {
        store::delete_session(&mut conn, &hash).await?;
        return Ok(None);
    }
    if now > session.last_seen {
        store::touch_session(&mut conn, &hash, now).await?;
    }
    let Some(role) = inspraak_api::AccountRole::from_name(&session.role) else { return Ok(None) };
    Ok(Some(Actor {
        name: session.account,
        role,
        via: Via::Session { id_hash: hash, csrf_token: session.csrf_token, created_at: session.created_at },
    }))
}

fn info(state: &AppState, actor: &Actor) -> ApiResult<SessionInfo> {
    let settings = &state.config.backoffice;
    let (csrf_token, idle_seconds, expires_at) = match &actor.via {
        Via::Session { csrf_token, created_at, .. } => (
            Some(csrf_token.clone()),
            Some(settings.session_idle_seconds),
            Some(clock::rfc3339(created_at + settings.session_max_seconds as i64)?),
        ),
        Via::ServerToken | Via::AccountToken => (None, None, None),
    };
    Ok(SessionInfo { name: actor.name.clone(), role: actor.role, csrf_token, idle_seconds, expires_at })
}

/// The actor of a failed login with a name no account has.
pub const UNKNOWN_NAME: &str = "(onbekende naam)";

fn too_many(wait: std::time::Duration) -> Response {
    let seconds = wait.as_secs().max(1);
    let mut problem = Problem::new(ProblemKind::TooManyRequests, 429, "Too many failed logins")
        .with_detail(format!("Too many failed logins for this name; try again in {seconds} s."));
    problem.retry_after = Some(seconds);
    let mut response = ApiError::Client(Box::new(problem)).into_response();
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    response
}

/// Logs in with a name and password and starts a session (cookie). A wrong pair is a 401 that does not say which half
/// was wrong; after five failures in a row a name has to wait (429 with Retry-After).
#[utoipa::path(post, path = "/v1/admin/session", tag = "admin",
    request_body = Login,
    responses((status = 201, description = "Logged in; the session cookie is set", body = SessionInfo,
               headers(("Set-Cookie" = String, description = "inspraak_session=…; Path=/v1/admin; HttpOnly; SameSite=Strict"))),
              (status = 401, description = "Wrong name or password", body = Problem, content_type = "application/problem+json")))]
pub async fn login(State(state): State<AppState>, body: JsonBody<Login>) -> ApiResult<Response> {
    let name = body.value.name.trim().to_lowercase();
    let now = Instant::now();
    if let Some(wait) = state.logins.wait(&name, now) {
        return Ok(too_many(wait));
    }
    let record = {
        let mut conn = state.db.reader().await?;
        store::login_record(&mut conn, &name).await?
    };
    let (stored, role) = record.map_or((None, None), |(hash, role)| (Some(hash), Some(role)));
    let matches = password::verify_blocking(body.value.password.clone(), stored).await;
    let target = "/v1/admin/session";
    let (Some(role), true) = (role, matches) else {
        let wait = state.logins.failed(&name, now);
        let mut conn = state.db.writer().await?;
        // Only a name that is an account's goes in the trail: what was typed may be a password in the wrong field.
        let known = store::find_account(&mut conn, &name).await?.is_some();
        let tried = if known { name.as_str() } else { UNKNOWN_NAME };
        audit::write(&mut conn, tried, "session.login_failed", target, None, None).await?;
        if let Some(wait) = wait {
            return Ok(too_many(wait));
        }
        return Ok(unauthorized("Wrong name or password."));
    };
    state.logins.succeeded(&name);
    let id = password::new_secret("");
    let csrf_token = password::new_secret("");
    let started = clock::now();
    let mut tx = state.db.begin().await?;
    store::insert_session(&mut tx, &id_hash(&state, &id), &name, &csrf_token, started).await?;
    audit::write(&mut tx, &name, "session.login", target, None, None).await?;
    tx.commit().await?;
    let actor = Actor { name, role, via: Via::Session { id_hash: String::new(), csrf_token, created_at: started } };
    let mut response = (StatusCode::CREATED, Json(info(&state, &actor)?)).into_response();
    let max_age = state.config.backoffice.session_max_seconds as i64;
    response.headers_mut().insert(header::SET_COOKIE, set_cookie(&state, &id, max_age));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Who is logged in (or whose token this is), with the session's CSRF token and when it ends.
#[utoipa::path(get, path = "/v1/admin/session", operation_id = "admin_get_session", tag = "admin", security(("admin_token" = []), ("session" = [])),
    responses((status = 200, description = "The session", body = SessionInfo)))]
pub async fn current(State(state): State<AppState>, Extension(actor): Extension<Actor>) -> ApiResult<Response> {
    let mut response = Json(info(&state, &actor)?).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Logs out: ends the session and clears its cookie (with a token: nothing to end, 204 all the same).
#[utoipa::path(delete, path = "/v1/admin/session", tag = "admin", security(("admin_token" = []), ("session" = [])),
    responses((status = 204, description = "Logged out")))]
pub async fn logout(State(state): State<AppState>, Extension(actor): Extension<Actor>) -> ApiResult<Response> {
    if let Via::Session { id_hash, .. } = &actor.via {
        let mut conn = state.db.writer().await?;
        store::delete_session(&mut conn, id_hash).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(header::SET_COOKIE, set_cookie(&state, "", 0));
    Ok(response)
}
