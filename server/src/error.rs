//! What can go wrong in the stores and the rules they apply, said without HTTP: the API answers it as problem+json
//! (`problem::ApiError`, the one place that maps it), the command line prints it as one line (`Display`).

use inspraak_api::{FieldError, ProblemKind, VoteRefusal};

#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// Nothing with this id or code; the sentence says what was looked for.
    NotFound(String),
    /// The request does not fit the state it meets: an id that is taken, a closed poll, a status that cannot follow.
    Conflict(Conflict),
    /// The input breaks the rules; each field is named.
    Invalid(Vec<FieldError>),
    /// A failure of ours (the database, a stored value that no longer reads); the cause is for the log.
    Internal(String),
}

/// A conflict: its kind of problem, a title and a sentence for the person who caused it.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub kind: ProblemKind,
    pub title: &'static str,
    pub detail: String,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Nothing of `what` ("poll", "challenge form") has the id asked for.
    pub fn not_found(what: &str) -> Error {
        Error::NotFound(format!("No {what} with this id."))
    }

    pub fn conflict(kind: ProblemKind, title: &'static str, detail: impl Into<String>) -> Error {
        Error::Conflict(Conflict { kind, title, detail: detail.into() })
    }

    /// Something with this id exists already.
    pub fn exists(title: &'static str, detail: impl Into<String>) -> Error {
        Error::conflict(ProblemKind::AlreadyExists, title, detail)
    }

    pub fn is_exists(&self) -> bool {
        matches!(self, Error::Conflict(conflict) if conflict.kind == ProblemKind::AlreadyExists)
    }

    /// The fields of an invalid input, as the rules of `inspraak_api` return them.
    pub fn invalid(fields: Vec<FieldError>) -> Error {
        Error::Invalid(fields)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::NotFound(detail) | Error::Internal(detail) => f.write_str(detail),
            Error::Conflict(conflict) => f.write_str(&conflict.detail),
            Error::Invalid(fields) => {
                let fields: Vec<String> =
                    fields.iter().map(|field| format!("{}: {}", field.name, field.reason)).collect();
                f.write_str(&fields.join("; "))
            }
        }
    }
}

impl std::error::Error for Error {}

impl From<sqlx::Error> for Error {
    fn from(error: sqlx::Error) -> Self {
        // The SQLSTATE travels along: it names the kind of failure whatever language the database server speaks
        // (PostgreSQL's messages follow its lc_messages), so callers can tell, say, a deadlock from anything else.
        match error.as_database_error().and_then(|e| e.code()) {
            Some(code) => Error::Internal(format!("database: {error} [SQLSTATE {code}]")),
            None => Error::Internal(format!("database: {error}")),
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(error: serde_json::Error) -> Self {
        Error::Internal(format!("json: {error}"))
    }
}

/// A vote the rules of `inspraak_api::poll` refused: a conflict with the poll, or invalid fields.
impl From<VoteRefusal> for Error {
    fn from(refusal: VoteRefusal) -> Self {
        match refusal.words() {
            Some((title, detail)) => Error::conflict(refusal.kind(), title, detail),
            None => Error::Invalid(refusal.into_fields()),
        }
    }
}

#[cfg(test)]
mod tests {
    use inspraak_api::FieldErrorCode;

    use super::*;

    #[test]
    fn the_command_line_reads_the_fields_or_the_sentence() {
        let invalid = Error::Invalid(vec![
            FieldError::new("privacy_url", FieldErrorCode::Format, "privacy_url must be an https URL"),
            FieldError::new("outcome", FieldErrorCode::Required, "a decision needs an outcome"),
        ]);
        assert_eq!(
            invalid.to_string(),
            "privacy_url: privacy_url must be an https URL; outcome: a decision needs an outcome"
        );
        assert_eq!(Error::not_found("challenge form").to_string(), "No challenge form with this id.");
        let taken = Error::exists("Poll exists", "A poll with id 'p' exists already.");
        assert!(taken.is_exists() && taken.to_string() == "A poll with id 'p' exists already.");
        assert!(!Error::from(VoteRefusal::Closed).is_exists());
    }
}
