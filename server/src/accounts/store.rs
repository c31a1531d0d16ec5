//! Where accounts, sessions and the audit trail are kept: every SQL statement about the back office's people is in
//! this file.

use crate::{db::Conn, on};
use inspraak_api::{Account, AccountRole, AuditEntry};

use crate::{
    clock::rfc3339,
    error::{Error, Result},
};

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: String,
    name: String,
    role: String,
    disabled: bool,
    has_token: bool,
    created_at: i64,
}

impl AccountRow {
    fn into_account(self) -> Result<Account> {
        Ok(Account {
            role: AccountRole::from_name(&self.role)
                .ok_or_else(|| Error::Internal(format!("stored role {} is unknown", self.role)))?,
            id: self.id,
            name: self.name,
            disabled: self.disabled,
            has_token: self.has_token,
            created_at: rfc3339(self.created_at)?,
        })
    }
}

const ACCOUNT_COLUMNS: &str = "id, name, role, disabled, token_hash IS NOT NULL AS has_token, created_at";

/// Every account, by name.
pub async fn accounts(conn: &mut Conn) -> Result<Vec<Account>> {
    let rows: Vec<AccountRow> =
        on!(conn, |c| sqlx::query_as(&format!("SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY name"))
            .fetch_all(c)
            .await?);
    rows.into_iter().map(AccountRow::into_account).collect()
}

pub async fn find_account(conn: &mut Conn, name: &str) -> Result<Option<Account>> {
    let row: Option<AccountRow> =
        on!(conn, |c| sqlx::query_as(&format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE name = $1"))
            .bind(name)
            .fetch_optional(c)
            .await?);
    row.map(AccountRow::into_account).transpose()
}

pub async fn get_account(conn: &mut Conn, name: &str) -> Result<Account> {
    find_account(conn, name).await?.ok_or_else(|| Error::not_found("account"))
}

/// The name of the account with the id `id`.
pub async fn name_of(conn: &mut Conn, id: &str) -> Result<String> {
    let name: Option<String> =
        on!(conn, |c| sqlx::query_scalar("SELECT name FROM accounts WHERE id = $1").bind(id).fetch_optional(c).await?);
    name.ok_or_else(|| Error::not_found("account"))
}

/// Whether any account exists (without one, and without the server's token, the admin API is off).
pub async fn any_account(conn: &mut Conn) -> Result<bool> {
    Ok(on!(conn, |c| sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM accounts)").fetch_one(c).await?))
}

/// How many enabled accounts have the role beheerder.
pub async fn active_admins(conn: &mut Conn) -> Result<i64> {
    Ok(on!(conn, |c| sqlx::query_scalar("SELECT COUNT(*) FROM accounts WHERE role = 'beheerder' AND NOT disabled")
        .fetch_one(c)
        .await?))
}

/// Stores a new account; false when the name is taken.
pub async fn insert_account(
    conn: &mut Conn,
    name: &str,
    role: AccountRole,
    password_hash: &str,
    now: i64,
) -> Result<bool> {
    Ok(on!(conn, |c| sqlx::query(
        "INSERT INTO accounts (id, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(format!("{:016x}", rand::random::<u64>()))
    .bind(name)
    .bind(role.as_str())
    .bind(password_hash)
    .bind(now)
    .execute(c)
    .await?
    .rows_affected())
        == 1)
}

/// The password hash and role of an enabled account, for logging in.
pub async fn login_record(conn: &mut Conn, name: &str) -> Result<Option<(String, AccountRole)>> {
    let row: Option<(String, String)> =
        on!(conn, |c| sqlx::query_as("SELECT password_hash, role FROM accounts WHERE name = $1 AND NOT disabled")
            .bind(name)
            .fetch_optional(c)
            .await?);
    Ok(row.and_then(|(hash, role)| AccountRole::from_name(&role).map(|role| (hash, role))))
}

pub async fn set_password(conn: &mut Conn, name: &str, password_hash: &str) -> Result<bool> {
    Ok(on!(conn, |c| sqlx::query("UPDATE accounts SET password_hash = $1 WHERE name = $2")
        .bind(password_hash)
        .bind(name)
        .execute(c)
        .await?
        .rows_affected())
        == 1)
}

pub async fn set_role(conn: &mut Conn, name: &str, role: AccountRole) -> Result<()> {
    on!(conn, |c| {
        sqlx::query("UPDATE accounts SET role = $1 WHERE name = $2").bind(role.as_str()).bind(name).execute(c).await?;
    });
    Ok(())
}

pub async fn set_disabled(conn: &mut Conn, name: &str, disabled: bool) -> Result<()> {
    on!(conn, |c| {
        sqlx::query("UPDATE accounts SET disabled = $1 WHERE name = $2").bind(disabled).bind(name).execute(c).await?;
    });
    Ok(())
}

/// Sets (or with None removes) an account's bearer token, as its keyed hash.
pub async fn set_token(conn: &mut Conn, name: &str, token_hash: Option<&str>) -> Result<bool> {
    Ok(on!(conn, |c| sqlx::query("UPDATE accounts SET token_hash = $1 WHERE name = $2")
        .bind(token_hash)
        .bind(name)
        .execute(c)
        .await?
        .rows_affected())
        == 1)
}

pub async fn delete_account(conn: &mut Conn, name: &str) -> Result<bool> {
    Ok(on!(conn, |c| sqlx::query("DELETE FROM accounts WHERE name = $1").bind(name).execute(c).await?.rows_affected())
        == 1)
}

/// The enabled account whose token has this keyed hash.
pub async fn account_by_token(conn: &mut Conn, token_hash: &str) -> Result<Option<(String, AccountRole)>> {
    let row: Option<(String, String)> =
        on!(conn, |c| sqlx::query_as("SELECT name, role FROM accounts WHERE token_hash = $1 AND NOT disabled")
            .bind(token_hash)
            .fetch_optional(c)
            .await?);
    Ok(row.and_then(|(name, role)| AccountRole::from_name(&role).map(|role| (name, role))))
}

/// A stored session with its account.
#[derive(sqlx::FromRow)]
pub struct SessionRow {
    pub account: String,
    pub role: String,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_seen: i64,
}

pub async fn insert_session(conn: &mut Conn, id_hash: &str, account: &str, csrf_token: &str, now: i64) -> Result<()> {
    on!(conn, |c| {
        sqlx::query(
        "INSERT INTO admin_sessions (id_hash, account, csrf_token, created_at, last_seen) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id_hash)
    .bind(account)
    .bind(csrf_token)
    .bind(now)
    .bind(now)
    .execute(c).await?;
    });
    Ok(())
}

/// The session with this keyed id hash, if its account is enabled.
pub async fn find_session(conn: &mut Conn, id_hash: &str) -> Result<Option<SessionRow>> {
    Ok(on!(conn, |c| sqlx::query_as(
        "SELECT s.account, a.role, s.csrf_token, s.created_at, s.last_seen
         FROM admin_sessions s JOIN accounts a ON a.name = s.account WHERE s.id_hash = $1 AND NOT a.disabled",
    )
    .bind(id_hash)
    .fetch_optional(c)
    .await?))
}

pub async fn touch_session(conn: &mut Conn, id_hash: &str, now: i64) -> Result<()> {
    on!(conn, |c| {
        sqlx::query("UPDATE admin_sessions SET last_seen = $1 WHERE id_hash = $2")
            .bind(now)
            .bind(id_hash)
            .execute(c)
            .await?;
    });
    Ok(())
}

pub async fn delete_session(conn: &mut Conn, id_hash: &str) -> Result<()> {
    on!(conn, |c| {
        sqlx::query("DELETE FROM admin_sessions WHERE id_hash = $1").bind(id_hash).execute(c).await?;
    });
    Ok(())
}

/// Ends every session of an account (its password changed, it was disabled).
pub async fn delete_sessions_of(conn: &mut Conn, account: &str) -> Result<()> {
    on!(conn, |c| {
        sqlx::query("DELETE FROM admin_sessions WHERE account = $1").bind(account).execute(c).await?;
    });
    Ok(())
}

/// Forgets sessions idle longer than `idle` seconds or older than `max` seconds.
pub async fn purge_sessions(conn: &mut Conn, now: i64, idle: i64, max: i64) -> Result<u64> {
    Ok(on!(conn, |c| sqlx::query("DELETE FROM admin_sessions WHERE last_seen < $1 OR created_at < $2")
        .bind(now - idle)
        .bind(now - max)
        .execute(c)
        .await?
        .rows_affected()))
}

/// One line for the audit trail.
pub struct NewAuditEntry<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub target: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

pub async fn insert_audit(conn: &mut Conn, entry: &NewAuditEntry<'_>, now: i64) -> Result<()> {
    on!(conn, |c| {
        sqlx::query("INSERT INTO audit_log (at, actor, action, target, before, after) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(now)
            .bind(entry.actor)
            .bind(entry.action)
            .bind(entry.target)
            .bind(entry.before)
            .bind(entry.after)
            .execute(c)
            .await?;
    });
    Ok(())
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    at: i64,
    actor: String,
    action: String,
    target: String,
    before: Option<String>,
    after: Option<String>,
}

/// Which lines of the audit trail to read: newest first, at most `limit`, older than `before_id` when given, of one
/// actor or of targets starting with a path when given.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub limit: i64,
    pub before_id: Option<i64>,
    pub actor: Option<String>,
    pub target_prefix: Option<String>,
}

pub async fn audit(conn: &mut Conn, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
    let rows: Vec<AuditRow> = on!(conn, |c| {
        sqlx::query_as(
        "SELECT id, at, actor, action, target, before, after FROM audit_log
         WHERE ($1 IS NULL OR id < $1) AND ($2 IS NULL OR actor = $2) AND ($3 IS NULL OR substr(target, 1, length($3)) = $3)
         ORDER BY id DESC LIMIT $4",
    )
    .bind(filter.before_id)
    .bind(&filter.actor)
    .bind(&filter.target_prefix)
    .bind(filter.limit)
    .fetch_all(c).await?
    });
    rows.into_iter()
        .map(|row| {
            Ok(AuditEntry {
                id: row.id,
                at: rfc3339(row.at)?,
                actor: row.actor,
                action: row.action,
                target: row.target,
                before: row.before,
                after: row.after,
            })
        })
        .collect()
}
