//! The back office's people: named accounts with a role (beheerder, redacteur, behandelaar), argon2id passwords, a
//! bearer token per account for automation, login sessions and the audit trail. Only a beheerder manages accounts
//! and reads the trail; the first account is made on the command line (`inspraak-server account create`).

pub mod audit;
pub mod password;
pub mod session;
pub mod store;
pub mod throttle;

use crate::db::Conn;
use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use inspraak_api::{
    Account, AccountChange, AccountRole, IssuedSecret, NewAccount, NewPassword, Problem, ProblemKind,
    admin::check_password,
};

use crate::{
    AppState, clock,
    error::{Error, Result},
    problem::ApiResult,
    request::JsonBody,
    routes::{Guard, Routes},
};

/// `POST /v1/admin/session`: logging in needs no credential, so it is a public route (limited per address).
pub fn login_routes() -> Routes {
    Routes::public().post("/admin/session", session::login, Guard::JSON.per_address())
}

/// The session of whoever is logged in, for every role.
pub fn session_routes() -> Routes {
    Routes::admin_for(AccountRole::ANYONE).get("/session", session::current, Guard::NONE).delete(
        "/session",
        session::logout,
        Guard::NONE,
    )
}

/// `/v1/admin/accounts/…` and `/v1/admin/audit`: for a beheerder only.
pub fn admin_routes() -> Routes {
    Routes::admin_for(AccountRole::ADMINS)
        .get("/accounts", list_accounts, Guard::NONE)
        .post("/accounts", create_account, Guard::JSON)
        .put("/accounts/{id}", change_account, Guard::JSON)
        .delete("/accounts/{id}", delete_account, Guard::NONE)
        .post("/accounts/{id}/password", new_password, Guard::JSON)
        .post("/accounts/{id}/token", new_token, Guard::NONE)
        .delete("/accounts/{id}/token", revoke_token, Guard::NONE)
        .get("/audit", audit::list, Guard::NONE)
        .get("/audit.csv", audit::export_csv, Guard::NONE)
}

/// The keyed hash a token is stored as.
pub fn token_hash(key: &crate::HashKey, token: &str) -> String {
    key.hash(&[b"account-token", token.as_bytes()])
}

/// Creates an account with `password`, or a made one that is returned; the caller commits.
pub async fn create(conn: &mut Conn, new: &NewAccount) -> Result<IssuedSecret> {
    new.validate().map_err(Error::Invalid)?;
    let made = new.password.is_none().then(password::new_password);
    let plain = new.password.clone().or_else(|| made.clone()).unwrap_or_default();
    let hash = password::hash_blocking(plain).await?;
    if !store::insert_account(conn, &new.name, new.role, &hash, clock::now()).await? {
        return Err(Error::exists("Account exists", format!("An account named '{}' exists already.", new.name)));
    }
    Ok(IssuedSecret { account: store::get_account(conn, &new.name).await?, password: made, token: None })
}

/// Gives an account a new password (the one given, or a made one that is returned) and ends its sessions.
pub async fn reset_password(conn: &mut Conn, name: &str, given: Option<String>) -> Result<IssuedSecret> {
    if let Some(given) = &given {
        let errors = check_password("password", given);
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
    }
    let account = store::get_account(conn, name).await?;
    let made = given.is_none().then(password::new_password);
    let hash = password::hash_blocking(given.or_else(|| made.clone()).unwrap_or_default()).await?;
    store::set_password(conn, name, &hash).await?;
    store::delete_sessions_of(conn, name).await?;
    Ok(IssuedSecret { account, password: made, token: None })
}

/// Gives an account a new bearer token (the old one stops working) and returns it.
pub async fn issue_token(conn: &mut Conn, key: &crate::HashKey, name: &str) -> Result<IssuedSecret> {
    store::get_account(conn, name).await?;
    let token = password::new_secret("insp_");
    store::set_token(conn, name, Some(&token_hash(key, &token))).await?;
    Ok(IssuedSecret { account: store::get_account(conn, name).await?, password: None, token: Some(token) })
}

/// Refuses a change that would leave no enabled beheerder: nobody could manage accounts any more.
async fn keep_a_beheerder(conn: &mut Conn, account: &Account, leaves: bool) -> Result<()> {
    let is_active_admin = account.role == AccountRole::Beheerder && !account.disabled;
    if leaves && is_active_admin && store::active_admins(conn).await? <= 1 {
        return Err(Error::conflict(
            ProblemKind::InvalidTransition,
            "Last beheerder",
            "This is the last enabled beheerder: make another one first.",
        ));
    }
    Ok(())
}

fn no_store(value: impl serde::Serialize, status: StatusCode) -> Response {
    let mut response = (status, Json(value)).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Every account.
#[utoipa::path(get, path = "/v1/admin/accounts", tag = "admin", security(("admin_token" = []), ("session" = [])),
    responses((status = 200, description = "All accounts, by name", body = Vec<Account>),
              (status = 403, description = "Only a beheerder manages accounts", body = Problem, content_type = "application/problem+json")))]
pub async fn list_accounts(State(state): State<AppState>) -> ApiResult<Json<Vec<Account>>> {
    let mut conn = state.db.reader().await?;
    Ok(Json(store::accounts(&mut conn).await?))
}

/// Creates an account. Without a password the server makes one and returns it in this answer only.
#[utoipa::path(post, path = "/v1/admin/accounts", tag = "admin", security(("admin_token" = []), ("session" = [])),
    request_body = NewAccount,
    responses((status = 201, description = "The account, with the password the server made", body = IssuedSecret),
              (status = 409, description = "The name is taken", body = Problem, content_type = "application/problem+json")))]
pub async fn create_account(State(state): State<AppState>, body: JsonBody<NewAccount>) -> ApiResult<Response> {
    let mut tx = state.db.begin().await?;
    let issued = create(&mut tx, &body.value).await?;
    tx.commit().await?;
    Ok(no_store(issued, StatusCode::CREATED))
}

/// Changes an account's role or disables it (its sessions end). The last enabled beheerder stays one.
#[utoipa::path(put, path = "/v1/admin/accounts/{id}", tag = "admin", security(("admin_token" = []), ("session" = [])),
    params(("id" = String, Path, description = "The account's id (`id` in its listing)")),
    request_body = AccountChange,
    responses((status = 200, description = "The account as it is now", body = Account),
              (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "It is the last enabled beheerder", body = Problem, content_type = "application/problem+json")))]
pub async fn change_account(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: JsonBody<AccountChange>,
) -> ApiResult<Response> {
    let change = &body.value;
    let mut tx = state.db.begin().await?;
    let name = store::name_of(&mut tx, &id).await?;
    let account = store::get_account(&mut tx, &name).await?;
    let demoted = change.role.is_some_and(|role| role != AccountRole::Beheerder);
    keep_a_beheerder(&mut tx, &account, demoted || change.disabled == Some(true)).await?;
    if let Some(role) = change.role {
        store::set_role(&mut tx, &name, role).await?;
    }
    if let Some(disabled) = change.disabled {
        store::set_disabled(&mut tx, &name, disabled).await?;
        if disabled {
            store::delete_sessions_of(&mut tx, &name).await?;
        }
    }
    let after = store::get_account(&mut tx, &name).await?;
    tx.commit().await?;
    let describe = |a: &Account| format!("{}{}", a.role.as_str(), if a.disabled { ", uitgeschakeld" } else { "" });
    Ok(audit::AuditChange::new(describe(&account), describe(&after)).on(Json(after).into_response()))
}

/// Deletes an account, its token and sessions. The audit trail keeps its name.
#[utoipa::path(delete, path = "/v1/admin/accounts/{id}", tag = "admin", security(("admin_token" = []), ("session" = [])),
    params(("id" = String, Path, description = "The account's id (`id` in its listing)")),
    responses((status = 204, description = "Deleted"),
              (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "It is the last enabled beheerder", body = Problem, content_type = "application/problem+json")))]
pub async fn delete_account(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<StatusCode> {
    let mut tx = state.db.begin().await?;
    let name = store::name_of(&mut tx, &id).await?;
    let account = store::get_account(&mut tx, &name).await?;
    keep_a_beheerder(&mut tx, &account, true).await?;
    store::delete_account(&mut tx, &name).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets a new password (or makes one, returned once); the account's sessions end.
#[utoipa::path(post, path = "/v1/admin/accounts/{id}/password", tag = "admin", security(("admin_token" = []), ("session" = [])),
    params(("id" = String, Path, description = "The account's id (`id` in its listing)")),
    request_body = NewPassword,
    responses((status = 200, description = "Changed; the made password, if the server made one", body = IssuedSecret),
              (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json")))]
pub async fn new_password(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: JsonBody<NewPassword>,
) -> ApiResult<Response> {
    let mut tx = state.db.begin().await?;
    let name = store::name_of(&mut tx, &id).await?;
    let issued = reset_password(&mut tx, &name, body.value.password.clone()).await?;
    tx.commit().await?;
    Ok(no_store(issued, StatusCode::OK))
}

/// Makes a new bearer token for the account, shown in this answer only; the old one stops working.
#[utoipa::path(post, path = "/v1/admin/accounts/{id}/token", tag = "admin", security(("admin_token" = []), ("session" = [])),
    params(("id" = String, Path, description = "The account's id (`id` in its listing)")),
    responses((status = 201, description = "The new token", body = IssuedSecret),
              (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json")))]
pub async fn new_token(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Response> {
    let mut tx = state.db.begin().await?;
    let name = store::name_of(&mut tx, &id).await?;
    let issued = issue_token(&mut tx, &state.key, &name).await?;
    tx.commit().await?;
    Ok(no_store(issued, StatusCode::CREATED))
}

/// Removes the account's bearer token.
#[utoipa::path(delete, path = "/v1/admin/accounts/{id}/token", tag = "admin", security(("admin_token" = []), ("session" = [])),
    params(("id" = String, Path, description = "The account's id (`id` in its listing)")),
    responses((status = 204, description = "Removed"),
              (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json")))]
pub async fn revoke_token(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<StatusCode> {
    let mut conn = state.db.writer().await?;
    let name = store::name_of(&mut conn, &id).await?;
    if !store::set_token(&mut conn, &name, None).await? {
        return Err(Error::not_found("account").into());
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Forgets ended sessions every hour (a session that has ended is refused when used in any case).
pub async fn purge_sessions_every_hour(db: crate::Db, idle_seconds: u64, max_seconds: u64) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        let purged = async {
            let mut conn = db.writer().await?;
            store::purge_sessions(&mut conn, clock::now(), idle_seconds as i64, max_seconds as i64).await
        };
        if let Err(error) = purged.await {
            tracing::warn!(%error, "could not purge ended back office sessions");
        }
    }
}
