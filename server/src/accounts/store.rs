//! Where accounts, sessions and the audit trail are kept: every SQL statement about the back office's people is in
//! this file.

use inspraak_api::{Account, AccountRole, AuditEntry};
use sqlx::SqliteConnection;

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
pub async fn accounts(conn: &mut SqliteConnection) -> Result<Vec<Account>> {
    let rows: Vec<AccountRow> =
        sqlx::query_as(&format!("SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY name")).fetch_all(conn).await?;
    rows.into_iter().map(AccountRow::into_account).collect()
}

pub async fn find_account(conn: &mut SqliteConnection, name: &str) -> Result<Option<Account>> {
    let row: Option<AccountRow> = sqlx::query_as(&format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE name = ?"))
        .bind(name)
        .fetch_optional(conn)
        .await?;
    row.map(AccountRow::into_account).transpose()
}

pub async fn get_account(conn: &mut SqliteConnection, name: &str) -> Result<Account> {
    find_account(conn, name).await?.ok_or_else(|| Error::not_found("account"))
}

/// The name of the account with the id `id`.
pub async fn name_of(conn: &mut SqliteConnection, id: &str) -> Result<String> {
    let name: Option<String> =
        sqlx::query_scalar("SELECT name FROM accounts WHERE id = ?").bind(id).fetch_optional(conn).await?;
    name.ok_or_else(|| Error::not_found("account"))
}

/// Whether any account exists (without one, and without the server's token, the admin API is off).
pub async fn any_account(conn: &mut SqliteConnection) -> Result<bool> {
    Ok(sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM accounts)").fetch_one(conn).await?)
}

/// How many enabled accounts have the role beheerder.
pub async fn active_admins(conn: &mut SqliteConnection) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM accounts WHERE role = 'beheerder' AND NOT disabled")
        .fetch_one(conn)
        .await?)
}

/// Stores a new account; false when the name is taken.
pub async fn insert_account(
    conn: &mut SqliteConnection,
    name: &str,
    role: AccountRole,
    password_hash: &str,
    now: i64,
) -> Result<bool> {
    Ok(sqlx::query(
        "INSERT INTO accounts (id, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(format!("{:016x}", rand::random::<u64>()))
    .bind(name)
    .bind(role.as_str())
    .bind(password_hash)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

/// The password hash and role of an enabled account, for logging in.
pub async fn login_record(conn: &mut SqliteConnection, name: &str) -> Result<Option<(String, AccountRole)>> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT password_hash, role FROM accounts WHERE name = ? AND NOT disabled")
            .bind(name)
            .fetch_optional(conn)
            .await?;
    Ok(row.and_then(|(hash, role)| AccountRole::from_name(&role).map(|role| (hash, role))))
}

pub async fn set_password(conn: &mut SqliteConnection, name: &str, password_hash: &str) -> Result<bool> {
    Ok(sqlx::query("UPDATE accounts SET password_hash = ? WHERE name = ?")
        .bind(password_hash)
        .bind(name)
        .execute(conn)
        .await?
        .rows_affected()
        == 1)
}

pub async fn set_role(conn: &mut SqliteConnection, name: &str, role: AccountRole) -> Result<()> {
    sqlx::query("UPDATE accounts SET role = ? WHERE name = ?").bind(role.as_str()).bind(name).execute(conn).await?;
    Ok(())
}

pub async fn set_disabled(conn: &mut SqliteConnection, name: &str, disabled: bool) -> Result<()> {
    sqlx::query("UPDATE accounts SET disabled = ? WHERE name = ?").bind(disabled).bind(name).execute(conn).await?;
    Ok(())
}

/// Sets (or with None removes) an account's bearer token, as its keyed hash.
pub async fn set_token(conn: &mut SqliteConnection, name: &str, token_hash: Option<&str>) -> Result<bool> {
    Ok(sqlx::query("UPDATE accounts SET token_hash = ? WHERE name = ?")
        .bind(token_hash)
        .bind(name)
        .execute(conn)
        .await?
        .rows_affected()
        == 1)
}

pub async fn delete_account(conn: &mut SqliteConnection, name: &str) -> Result<bool> {
    Ok(sqlx::query("DELETE FROM accounts WHERE name = ?").bind(name).execute(conn).await?.rows_affected() == 1)
}

/// The enabled account whose token has this keyed hash.
pub async fn account_by_token(conn: &mut SqliteConnection, token_hash: &str) -> Result<Option<(String, AccountRole)>> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT name, role FROM accounts WHERE token_hash = ? AND NOT disabled")
            .bind(token_hash)
            .fetch_optional(conn)
            .await?;
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

pub async fn insert_session(
    conn: &mut SqliteConnection,
    id_hash: &str,
    account: &str,
    csrf_token: &str,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO admin_sessions (id_hash, account, csrf_token, created_at, last_seen) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(id_hash)
    .bind(account)
    .bind(csrf_token)
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The session with this keyed id hash, if its account is enabled.
pub async fn find_session(conn: &mut SqliteConnection, id_hash: &str) -> Result<Option<SessionRow>> {
    Ok(sqlx::query_as(
        "SELECT s.account, a.role, s.csrf_token, s.created_at, s.last_seen
         FROM admin_sessions s JOIN accounts a ON a.name = s.account WHERE s.id_hash = ? AND NOT a.disabled",
    )
    .bind(id_hash)
    .fetch_optional(conn)
    .await?)
}

pub async fn touch_session(conn: &mut SqliteConnection, id_hash: &str, now: i64) -> Result<()> {
    sqlx::query("UPDATE admin_sessions SET last_seen = ? WHERE id_hash = ?")
        .bind(now)
        .bind(id_hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_session(conn: &mut SqliteConnection, id_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM admin_sessions WHERE id_hash = ?").bind(id_hash).execute(conn).await?;
    Ok(())
}

/// Ends every session of an account (its password changed, it was disabled).
pub async fn delete_sessions_of(conn: &mut SqliteConnection, account: &str) -> Result<()> {
    sqlx::query("DELETE FROM admin_sessions WHERE account = ?").bind(account).execute(conn).await?;
    Ok(())
}

/// Forgets sessions idle longer than `idle` seconds or older than `max` seconds.
pub async fn purge_sessions(conn: &mut SqliteConnection, now: i64, idle: i64, max: i64) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM admin_sessions WHERE last_seen < ? OR created_at < ?")
        .bind(now - idle)
        .bind(now - max)
        .execute(conn)
        .await?
        .rows_affected())
}

/// One line for the audit trail.
pub struct NewAuditEntry<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub target: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

pub async fn insert_audit(conn: &mut SqliteConnection, entry: &NewAuditEntry<'_>, now: i64) -> Result<()> {
    sqlx::query("INSERT INTO audit_log (at, actor, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(now)
        .bind(entry.actor)
        .bind(entry.action)
        .bind(entry.target)
        .bind(entry.before)
        .bind(entry.after)
        .execute(conn)
        .await?;
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

pub async fn audit(conn: &mut SqliteConnection, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT id, at, actor, action, target, before, after FROM audit_log
         WHERE (?1 IS NULL OR id < ?1) AND (?2 IS NULL OR actor = ?2) AND (?3 IS NULL OR substr(target, 1, length(?3)) = ?3)
         ORDER BY id DESC LIMIT ?4",
    )
    .bind(filter.before_id)
    .bind(&filter.actor)
    .bind(&filter.target_prefix)
    .bind(filter.limit)
    .fetch_all(conn)
    .await?;
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
