//! The back office's own part of API v1 (`/v1/admin`): named accounts with a role, the login session, and the audit
//! trail. The server and the back office's web page both use these types, so another backend that serves them
//! serves the page too.

use serde::{Deserialize, Serialize};

use crate::{FieldError, FieldErrorCode, rules::names};

/// What an account may do. A role is given per account; the server checks it on every admin route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountRole {
    /// Everything, accounts and the audit trail too.
    Beheerder,
    /// Polls, quick scans and progress.
    Redacteur,
    /// Right to Challenge applications.
    Behandelaar,
}

names!(AccountRole {
    Beheerder => "beheerder",
    Redacteur => "redacteur",
    Behandelaar => "behandelaar",
});

impl AccountRole {
    /// Polls, quick scans and progress.
    pub const EDITORS: &'static [AccountRole] = &[AccountRole::Beheerder, AccountRole::Redacteur];
    /// Right to Challenge applications.
    pub const HANDLERS: &'static [AccountRole] = &[AccountRole::Beheerder, AccountRole::Behandelaar];
    /// Accounts and the audit trail.
    pub const ADMINS: &'static [AccountRole] = &[AccountRole::Beheerder];
    /// Anyone logged in.
    pub const ANYONE: &'static [AccountRole] = &AccountRole::ALL;
}

/// The shortest password an account may have.
pub const PASSWORD_MIN_LEN: usize = 12;
/// The longest password the server hashes (argon2 takes any length; this keeps a login request cheap).
pub const PASSWORD_MAX_LEN: usize = 256;
/// The longest account name.
pub const ACCOUNT_NAME_MAX_LEN: usize = 64;

/// [`is_valid_account_name`] as a JSON Schema pattern.
pub const ACCOUNT_NAME_PATTERN: &str = "^[a-z0-9][a-z0-9._-]{0,63}$";
/// An account's id: 16 hexadecimal digits, made by the server.
pub const ACCOUNT_ID_PATTERN: &str = "^[0-9a-f]{16}$";

/// Whether `name` can name an account: 1 to 64 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit.
pub fn is_valid_account_name(name: &str) -> bool {
    (1..=ACCOUNT_NAME_MAX_LEN).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
        && name.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
}

/// The fields wrong with a password, named `field`.
pub fn check_password(field: &str, password: &str) -> Vec<FieldError> {
    let length = password.chars().count();
    if length < PASSWORD_MIN_LEN {
        vec![FieldError::new(
            field,
            FieldErrorCode::TooShort,
            crate::problem::reason!("a password has at least {PASSWORD_MIN_LEN} characters"),
        )]
    } else if length > PASSWORD_MAX_LEN {
        vec![FieldError::new(
            field,
            FieldErrorCode::TooLong,
            crate::problem::reason!("at most {PASSWORD_MAX_LEN} characters"),
        )]
    } else {
        Vec::new()
    }
}

/// An account as the back office lists it: never its password or token, only whether it has a token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    /// What the API's paths name the account by (`/v1/admin/accounts/{id}`): its name may be a person's, and a path
    /// ends up in logs.
    pub id: String,
    pub name: String,
    pub role: AccountRole,
    /// A disabled account cannot log in, and its token and sessions stop working.
    pub disabled: bool,
    /// Whether a bearer token for automation is set.
    pub has_token: bool,
    /// RFC 3339.
    pub created_at: String,
}

/// A new account. Without a password the server makes one and shows it once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    pub name: String,
    pub role: AccountRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

impl NewAccount {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if !is_valid_account_name(&self.name) {
            errors.push(FieldError::new(
                "name",
                FieldErrorCode::Format,
                "a name is 1 to 64 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit",
            ));
        }
        if let Some(password) = &self.password {
            errors.extend(check_password("password", password));
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// A change to an account: its role, or whether it is disabled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AccountChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<AccountRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

/// A new password for an account; without one the server makes one and shows it once.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPassword {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// A secret the server made, shown in this answer only: a password or a bearer token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedSecret {
    pub account: Account,
    /// The password the server made (absent when the request gave one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// The bearer token: send it as `Authorization: Bearer <token>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// Logging in: `POST /v1/admin/session`. A wrong pair is a 401 that does not say which half was wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Login {
    pub name: String,
    pub password: String,
}

/// Who is asking, and with what: the answer to logging in and to `GET /v1/admin/session`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub name: String,
    pub role: AccountRole,
    /// For a session in a cookie: send it as `X-CSRF-Token` with every POST, PUT and DELETE. Absent for a bearer
    /// token, which needs none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csrf_token: Option<String>,
    /// Seconds of inactivity after which the session ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idle_seconds: Option<u64>,
    /// RFC 3339: when the session ends whatever happens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// One line of the audit trail: who did what to what, and when; for a status change, what it was and became.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    /// RFC 3339 (UTC).
    pub at: String,
    /// The account name, `admin-token` for the server's own token, or the name tried at a failed login.
    pub actor: String,
    /// What was done: `poll.create`, `challenge.view`, `session.login_failed`, …
    pub action: String,
    /// What it was done to: the API path.
    pub target: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// The constraints of the back office's types in the OpenAPI document (see [`crate::schema`]).
#[cfg(feature = "openapi")]
pub(crate) fn schemas(schemas: &mut crate::schema::Schemas) {
    use serde_json::json;

    use crate::schema::date_time;

    let name = json!({ "pattern": ACCOUNT_NAME_PATTERN, "minLength": 1, "maxLength": ACCOUNT_NAME_MAX_LEN });
    let password = json!({ "minLength": PASSWORD_MIN_LEN, "maxLength": PASSWORD_MAX_LEN });
    schemas
        .object("Account")
        .field("id", json!({ "pattern": ACCOUNT_ID_PATTERN }))
        .field("name", name.clone())
        .field("created_at", date_time());
    schemas.object("NewAccount").field("name", name).field("password", password.clone());
    schemas.object("NewPassword").field("password", password);
    schemas.object("SessionInfo").field("expires_at", date_time()).field("idle_seconds", json!({ "minimum": 1 }));
    schemas.object("AuditEntry").field("at", date_time()).field("id", json!({ "minimum": 1 }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_names_and_passwords() {
        assert!(is_valid_account_name("m.de-vries_2"));
        for bad in ["", "-x", "Anna", "a b", "é", &"a".repeat(65)] {
            assert!(!is_valid_account_name(bad), "{bad:?}");
        }
        assert_eq!(check_password("password", "kort")[0].code, FieldErrorCode::TooShort);
        assert!(check_password("password", "twaalf tekens").is_empty());
        assert_eq!(check_password("p", &"x".repeat(257))[0].code, FieldErrorCode::TooLong);
    }
}
