//! Errors as RFC 9457 problem details, with the invalid fields listed as the Dutch API Design Rules do
//! (`invalidParams` with `name`, `code` and `reason`), so a client can tie each message to its field.

use serde::{Deserialize, Serialize};

use crate::rules::names;

/// What went wrong, as a stable machine-readable kind; its URI is the problem's `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The request body or a parameter is invalid; `invalidParams` says which field and why.
    InvalidInput,
    /// This voter has already voted in this poll.
    AlreadyVoted,
    /// The poll is not open for votes (not yet open, or closed).
    PollNotOpen,
    /// The results of this poll are not (yet) public.
    ResultsHidden,
    /// The `Idempotency-Key` was used before with another request body.
    IdempotencyKeyReused,
    /// A resource with this id exists already.
    AlreadyExists,
    /// The change would alter options that votes were already cast for.
    PollHasVotes,
    /// The request body is not JSON.
    UnsupportedMediaType,
    /// Too many requests from this client; `Retry-After` says when to try again.
    TooManyRequests,
    /// No resource at this address.
    NotFound,
    /// The admin token is missing or wrong.
    Unauthorized,
    /// The server failed; details are in its log, not in the response.
    Internal,
    /// The quick scan has no open round: responses are not taken now.
    ScanClosed,
    /// The change does not fit where the resource is now (a decided application back to "in behandeling", say).
    InvalidTransition,
    /// The request body is larger than this resource accepts.
    PayloadTooLarge,
    /// The account may not do this (its role), or a session's request lacks its CSRF token.
    Forbidden,
    /// The resource changed since it was read (`If-Match` no longer matches its `ETag`).
    PreconditionFailed,
    /// The server takes no more of these requests from anyone now; `Retry-After` says when to try again.
    Busy,
}

impl ProblemKind {
    const ALL: [ProblemKind; 18] = [
        ProblemKind::InvalidInput,
        ProblemKind::AlreadyVoted,
        ProblemKind::PollNotOpen,
        ProblemKind::ResultsHidden,
        ProblemKind::IdempotencyKeyReused,
        ProblemKind::AlreadyExists,
        ProblemKind::PollHasVotes,
        ProblemKind::UnsupportedMediaType,
        ProblemKind::TooManyRequests,
        ProblemKind::NotFound,
        ProblemKind::Unauthorized,
        ProblemKind::Internal,
        ProblemKind::ScanClosed,
        ProblemKind::InvalidTransition,
        ProblemKind::PayloadTooLarge,
        ProblemKind::Forbidden,
        ProblemKind::PreconditionFailed,
        ProblemKind::Busy,
    ];

    /// The `type` URI of this problem.
    pub fn type_uri(self) -> &'static str {
        match self {
            ProblemKind::InvalidInput => "urn:inspraak:problem:invalid-input",
            ProblemKind::AlreadyVoted => "urn:inspraak:problem:already-voted",
            ProblemKind::PollNotOpen => "urn:inspraak:problem:poll-not-open",
            ProblemKind::ResultsHidden => "urn:inspraak:problem:results-hidden",
            ProblemKind::IdempotencyKeyReused => "urn:inspraak:problem:idempotency-key-reused",
            ProblemKind::AlreadyExists => "urn:inspraak:problem:already-exists",
            ProblemKind::PollHasVotes => "urn:inspraak:problem:poll-has-votes",
            ProblemKind::UnsupportedMediaType => "urn:inspraak:problem:unsupported-media-type",
            ProblemKind::TooManyRequests => "urn:inspraak:problem:too-many-requests",
            ProblemKind::NotFound => "urn:inspraak:problem:not-found",
            ProblemKind::Unauthorized => "urn:inspraak:problem:unauthorized",
            ProblemKind::Internal => "urn:inspraak:problem:internal",
            ProblemKind::ScanClosed => "urn:inspraak:problem:scan-closed",
            ProblemKind::InvalidTransition => "urn:inspraak:problem:invalid-transition",
            ProblemKind::PayloadTooLarge => "urn:inspraak:problem:payload-too-large",
            ProblemKind::Forbidden => "urn:inspraak:problem:forbidden",
            ProblemKind::PreconditionFailed => "urn:inspraak:problem:precondition-failed",
            ProblemKind::Busy => "urn:inspraak:problem:busy",
        }
    }

    /// The kind a `type` URI names, if it is one of ours.
    pub fn from_type_uri(uri: &str) -> Option<ProblemKind> {
        Self::ALL.into_iter().find(|kind| kind.type_uri() == uri)
    }
}

/// Why a field is invalid, as a code a client can translate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldErrorCode {
    /// The field is missing or empty.
    Required,
    /// The value has the wrong type or shape.
    Format,
    /// The value is longer than allowed.
    TooLong,
    /// The value is shorter than allowed.
    TooShort,
    /// More values than allowed.
    TooMany,
    /// Fewer values than needed.
    TooFew,
    /// The value names something that does not exist here (an option id, say).
    Unknown,
    /// The same value is given twice.
    Duplicate,
    /// The value is outside its allowed range or order (a close time before the open time, say).
    OutOfRange,
    /// A date that has passed (a start date before today, say).
    InPast,
    /// A file or amount larger than allowed.
    TooLarge,
    /// A file whose content is not one of the accepted types, or not the type its name or Content-Type claims.
    FileType,
    /// Sent sooner after opening the form than a person can fill it in.
    TooFast,
    /// A number that reads two ways ("12,500"): write it in Dutch notation.
    Ambiguous,
    /// A field that must stay empty (the hidden field only bots fill in).
    NotEmpty,
    /// The value does not go with another field (an invitation code of another role than the one chosen, say).
    Mismatch,
    /// A single-use value that has been used already (an invitation code, say).
    Used,
    /// A date before the earliest one allowed (the minimum lead time of the form).
    TooSoon,
}

names!(FieldErrorCode {
    Required => "required",
    Format => "format",
    TooLong => "too_long",
    TooShort => "too_short",
    TooMany => "too_many",
    TooFew => "too_few",
    Unknown => "unknown",
    Duplicate => "duplicate",
    OutOfRange => "out_of_range",
    InPast => "in_past",
    TooLarge => "too_large",
    FileType => "file_type",
    TooFast => "too_fast",
    Ambiguous => "ambiguous",
    NotEmpty => "not_empty",
    Mismatch => "mismatch",
    Used => "used",
    TooSoon => "too_soon",
});

/// One invalid field: its name as a path into the body (`choices[1]`), a code and an English reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub name: String,
    pub code: FieldErrorCode,
    pub reason: String,
}

impl FieldError {
    /// An error on the field `name`. `reason` is the English sentence for API clients: the server sends it; in
    /// WebAssembly (the widgets and the back office, which word every error from its `code` in the reader's language)
    /// it is left out, and with it the texts and, through `reason!`, the formatting they need.
    pub fn new(name: impl Into<String>, code: FieldErrorCode, reason: impl Into<String>) -> Self {
        #[cfg(target_arch = "wasm32")]
        let reason = {
            drop(reason);
            ""
        };
        FieldError { name: name.into(), code, reason: reason.into() }
    }

    /// An error whose reason is kept in WebAssembly too, for the one place a widget shows reasons: the progress
    /// badge's console message about its inline JSON. Such a reason is a literal or built with [`crate::text`], never
    /// with `format!`, so keeping it costs no formatting code. (A cargo feature would not do: in the module with
    /// every widget it would turn the reasons on for all of them.)
    pub fn kept(name: impl Into<String>, code: FieldErrorCode, reason: impl Into<String>) -> Self {
        FieldError { name: name.into(), code, reason: reason.into() }
    }
}

/// A [`FieldError`]'s reason: `format!`'s arguments, or an expression that builds the string. Evaluated on the
/// server; in WebAssembly an empty string, without compiling what builds it (the closure is never called, so only its
/// captures count as used).
macro_rules! reason {
    ($format:literal $(, $($arg:tt)*)?) => {
        $crate::problem::reason!(@ format!($format $(, $($arg)*)?))
    };
    (@ $reason:expr) => {{
        #[cfg(not(target_arch = "wasm32"))]
        let reason: String = $reason;
        #[cfg(target_arch = "wasm32")]
        let reason = {
            let _ = || -> String { $reason };
            String::new()
        };
        reason
    }};
    ($reason:expr) => {
        $crate::problem::reason!(@ $reason)
    };
}
pub(crate) use reason;

/// An RFC 9457 problem details object, sent as `application/problem+json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    #[serde(rename = "type", default = "about_blank")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    #[serde(rename = "invalidParams", default, skip_serializing_if = "Vec::is_empty")]
    pub invalid_params: Vec<FieldError>,
    /// With a 429: seconds until the client may try again (as in `Retry-After`, readable without CORS exposure).
    #[serde(rename = "retryAfter", default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

fn about_blank() -> String {
    "about:blank".to_owned()
}

impl Problem {
    pub fn new(kind: ProblemKind, status: u16, title: impl Into<String>) -> Self {
        Problem {
            type_uri: kind.type_uri().to_owned(),
            title: title.into(),
            status,
            detail: None,
            instance: None,
            invalid_params: Vec::new(),
            retry_after: None,
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// The kind of problem, when the server is one that uses our `type` URIs.
    pub fn kind(&self) -> Option<ProblemKind> {
        ProblemKind::from_type_uri(&self.type_uri)
    }
}

/// What the OpenAPI document says of problems beyond their types.
#[cfg(feature = "openapi")]
pub(crate) fn schemas(schemas: &mut crate::schema::Schemas) {
    use serde_json::json;

    schemas
        .object("Problem")
        .required(&["detail"])
        .not_null("detail")
        .field("type", json!({ "format": "uri" }))
        .describes("type", "A URI for the kind of problem (urn:inspraak:problem:…), or about:blank.")
        .field("status", json!({ "minimum": 400, "maximum": 599 }))
        .describes("detail", "What went wrong with this request, in a sentence.")
        .field("retryAfter", json!({ "minimum": 0 }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_uri() {
        for kind in ProblemKind::ALL {
            assert_eq!(ProblemKind::from_type_uri(kind.type_uri()), Some(kind));
        }
        assert_eq!(ProblemKind::from_type_uri("about:blank"), None);
    }

    #[test]
    fn a_problem_without_type_is_about_blank_and_lists_fields_as_invalid_params() {
        let problem: Problem = serde_json::from_str(r#"{"title":"Bad","status":400}"#).unwrap();
        assert_eq!(problem.type_uri, "about:blank");
        let mut problem = Problem::new(ProblemKind::InvalidInput, 422, "Invalid input");
        problem.invalid_params.push(FieldError::new("voter", FieldErrorCode::Required, "missing"));
        let json = serde_json::to_value(&problem).unwrap();
        assert_eq!(json["invalidParams"][0]["name"], "voter");
        assert_eq!(json["invalidParams"][0]["code"], "required");
    }
}
