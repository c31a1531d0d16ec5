//! What handlers take from a request: a JSON body whose errors name the field, and the `Idempotency-Key`.

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Request},
    http::{StatusCode, header, request::Parts},
};
use inspraak_api::{FieldError, FieldErrorCode, Problem, ProblemKind};
use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::problem::ApiError;

/// How long a client may take to send a body, put in each request's extensions by the app (`--body-timeout`).
#[derive(Debug, Clone, Copy)]
pub struct BodyTimeout(pub std::time::Duration);

impl BodyTimeout {
    pub const DEFAULT: BodyTimeout = BodyTimeout(std::time::Duration::from_secs(30));

    /// The answer to a body that did not arrive in time: 408, which says to send it again.
    pub fn exceeded(self) -> ApiError {
        let seconds = self.0.as_secs();
        ApiError::Client(Box::new(Problem {
            type_uri: "about:blank".to_owned(),
            ..Problem::new(ProblemKind::Internal, 408, "Request Timeout")
                .with_detail(format!("The request body did not arrive within {seconds} s; send it again."))
        }))
    }
}

/// A JSON body, with the raw bytes kept so a retried request can be recognised.
pub struct JsonBody<T> {
    pub value: T,
    pub raw: Bytes,
}

impl<S, T> FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim();
                mime.eq_ignore_ascii_case("application/json") || mime.ends_with("+json")
            });
        if !is_json {
            return Err(ApiError::problem(
                ProblemKind::UnsupportedMediaType,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type",
                "Send the body as application/json.",
            ));
        }
        let timeout = request.extensions().get::<BodyTimeout>().copied().unwrap_or(BodyTimeout::DEFAULT);
        let raw = tokio::time::timeout(timeout.0, Bytes::from_request(request, state))
            .await
            .map_err(|_| timeout.exceeded())?
            .map_err(|rejection| {
                ApiError::problem(
                    ProblemKind::InvalidInput,
                    rejection.status(),
                    "Unreadable body",
                    rejection.body_text(),
                )
            })?;
        if raw.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::invalid(vec![FieldError::new(
                "body",
                FieldErrorCode::Required,
                "the request body is empty",
            )]));
        }
        if let Some(depth) = too_deep(&raw) {
            return Err(ApiError::invalid(vec![FieldError::new(
                "body",
                FieldErrorCode::TooLong,
                format!("the JSON is nested {depth} levels deep; at most {MAX_JSON_DEPTH} are accepted"),
            )]));
        }
        // Every body of API v1 is an object; serde would also read a struct from an array of its fields in order.
        // (An array that is not JSON at all stays a 400, below.)
        if raw.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[')
            && serde_json::from_slice::<serde::de::IgnoredAny>(&raw).is_ok()
        {
            return Err(ApiError::invalid(vec![FieldError::new(
                "body",
                FieldErrorCode::Format,
                "the body must be a JSON object, not an array",
            )]));
        }
        let deserializer = &mut serde_json::Deserializer::from_slice(&raw);
        match serde_path_to_error::deserialize::<_, T>(deserializer) {
            Ok(value) => Ok(JsonBody { value, raw }),
            // Not JSON at all (a syntax error, or the text stops half-way): the request cannot be read, a 400.
            Err(error) if matches!(error.inner().classify(), Category::Syntax | Category::Eof) => {
                Err(ApiError::malformed(vec![field_error(&error)]))
            }
            // JSON that does not fit the body's type (a missing field, a wrong type or value): a 422, unless it
            // was only a whole number written as a float.
            Err(error) => match with_whole_numbers(&raw) {
                Some(value) => match serde_path_to_error::deserialize::<_, T>(value) {
                    Ok(value) => Ok(JsonBody { value, raw }),
                    Err(error) => Err(ApiError::invalid(vec![field_error(&error)])),
                },
                None => Err(ApiError::invalid(vec![field_error(&error)])),
            },
        }
    }
}

/// `json` with every number that is whole but written as a float (`3.0`, `1e2`) as an integer, when it has one:
/// JSON Schema counts those as integers, so a client may send them where the document says integer, and serde
/// reads a float into no integer type.
fn with_whole_numbers(json: &[u8]) -> Option<serde_json::Value> {
    fn whole(value: &mut serde_json::Value) -> bool {
        match value {
            serde_json::Value::Number(number) if number.is_f64() => {
                let float = number.as_f64().unwrap_or(f64::NAN);
                let integer = if float.fract() != 0.0 {
                    None
                } else if (0.0..=u64::MAX as f64).contains(&float) {
                    Some(serde_json::Value::from(float as u64))
                } else if (i64::MIN as f64..0.0).contains(&float) {
                    Some(serde_json::Value::from(float as i64))
                } else {
                    None
                };
                integer.map(|integer| *value = integer).is_some()
            }
            serde_json::Value::Array(items) => items.iter_mut().fold(false, |changed, item| whole(item) | changed),
            serde_json::Value::Object(fields) => fields.values_mut().fold(false, |changed, item| whole(item) | changed),
            _ => false,
        }
    }
    let mut value: serde_json::Value = serde_json::from_slice(json).ok()?;
    whole(&mut value).then_some(value)
}

/// The deepest nesting of arrays and objects a request body may have: no body of API v1 needs more than five, and
/// a deeper one is refused before it is parsed (serde_json's own limit of 128 would stop it later, at more cost).
pub const MAX_JSON_DEPTH: usize = 32;

/// The depth a JSON text reaches when it is deeper than [`MAX_JSON_DEPTH`]; brackets inside strings do not count.
fn too_deep(json: &[u8]) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &byte in json {
        match (in_string, byte) {
            (true, _) if escaped => escaped = false,
            (true, b'\\') => escaped = true,
            (true, b'"') => in_string = false,
            (true, _) => {}
            (false, b'"') => in_string = true,
            (false, b'[' | b'{') => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    return Some(depth);
                }
            }
            (false, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Names the field a JSON error is about: a missing field by its own name, else the path to the bad value.
fn field_error(error: &serde_path_to_error::Error<serde_json::Error>) -> FieldError {
    let message = error.inner().to_string();
    let path = error.path().to_string();
    if let Some(missing) = message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()) {
        let name = if path == "." { missing.to_owned() } else { format!("{path}.{missing}") };
        return FieldError::new(name, FieldErrorCode::Required, format!("{missing} is required"));
    }
    let name = if path == "." { "body".to_owned() } else { path };
    // serde_json appends " at line L column C"; the field name says more to a client.
    let reason = message.split(" at line ").next().unwrap_or(&message).to_owned();
    FieldError::new(name, FieldErrorCode::Format, reason)
}

/// The longest `Idempotency-Key` taken.
pub const IDEMPOTENCY_KEY_MAX_LEN: usize = 255;
/// What an `Idempotency-Key` is made of: visible ASCII (`!` to `~`), as the OpenAPI document says it.
pub const IDEMPOTENCY_KEY_PATTERN: &str = "^[!-~]+$";

/// The optional `Idempotency-Key` header: up to [`IDEMPOTENCY_KEY_MAX_LEN`] visible ASCII characters.
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get("idempotency-key") else {
            return Ok(IdempotencyKey(None));
        };
        match value.to_str() {
            Ok(key)
                if !key.is_empty()
                    && key.len() <= IDEMPOTENCY_KEY_MAX_LEN
                    && key.bytes().all(|b| b.is_ascii_graphic()) =>
            {
                Ok(IdempotencyKey(Some(key.to_owned())))
            }
            _ => Err(ApiError::invalid(vec![FieldError::new(
                "Idempotency-Key",
                FieldErrorCode::Format,
                format!("the Idempotency-Key header must be 1 to {IDEMPOTENCY_KEY_MAX_LEN} visible ASCII characters"),
            )])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_written_as_floats_are_integers() {
        let value = with_whole_numbers(br#"{"count": 136.0, "list": [1e2, -2.0, 2.5], "text": "3.0"}"#).unwrap();
        assert_eq!(value, serde_json::json!({"count": 136, "list": [100, -2, 2.5], "text": "3.0"}));
        assert_eq!(with_whole_numbers(br#"{"count": 136, "half": 0.5}"#), None, "nothing to change");
    }

    #[test]
    fn nesting_is_counted_outside_strings_only() {
        let deep = format!("{}{}", "[".repeat(MAX_JSON_DEPTH + 1), "]".repeat(MAX_JSON_DEPTH + 1));
        assert_eq!(too_deep(deep.as_bytes()), Some(MAX_JSON_DEPTH + 1));
        let fine = format!("{}{}", "[".repeat(MAX_JSON_DEPTH), "]".repeat(MAX_JSON_DEPTH));
        assert_eq!(too_deep(fine.as_bytes()), None);
        let quoted = format!(r#"{{"text": "{}\\\" [[["}}"#, "[".repeat(100));
        assert_eq!(too_deep(quoted.as_bytes()), None, "{quoted}");
    }
}
