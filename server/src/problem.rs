//! The one error type of the API: every failure becomes an RFC 9457 problem+json response, the domain's errors
//! (`error::Error`) by one mapping here. Internal errors are logged with their cause and shown to the client only as
//! "internal error".

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use inspraak_api::{FieldError, Problem, ProblemKind};

use crate::error::Error;

pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Debug, Clone)]
pub enum ApiError {
    /// A problem the client can act on, shown as it is.
    Client(Box<Problem>),
    /// A failure of ours; the cause goes to the log only.
    Internal(String),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn problem(kind: ProblemKind, status: StatusCode, title: &str, detail: impl Into<String>) -> Self {
        ApiError::Client(Box::new(Problem::new(kind, status.as_u16(), title).with_detail(detail)))
    }

    pub fn invalid(fields: Vec<FieldError>) -> Self {
        let mut problem =
            Problem::new(ProblemKind::InvalidInput, StatusCode::UNPROCESSABLE_ENTITY.as_u16(), "Invalid input")
                .with_detail("One or more fields are invalid; see invalidParams.");
        problem.invalid_params = fields;
        ApiError::Client(Box::new(problem))
    }

    /// A request that cannot be read as what it claims to be (a body that is not JSON at all): a 400, where a
    /// readable request with invalid values is a 422.
    pub fn malformed(fields: Vec<FieldError>) -> Self {
        let mut problem = Problem::new(ProblemKind::InvalidInput, StatusCode::BAD_REQUEST.as_u16(), "Bad request")
            .with_detail("The request cannot be read; see invalidParams.");
        problem.invalid_params = fields;
        ApiError::Client(Box::new(problem))
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        match error {
            Error::NotFound(detail) => {
                ApiError::problem(ProblemKind::NotFound, StatusCode::NOT_FOUND, "Not found", detail)
            }
            Error::Conflict(conflict) => {
                ApiError::problem(conflict.kind, StatusCode::CONFLICT, conflict.title, conflict.detail)
            }
            Error::Invalid(fields) => ApiError::invalid(fields),
            Error::Internal(cause) => ApiError::Internal(cause),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        Error::from(error).into()
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(error: serde_json::Error) -> Self {
        Error::from(error).into()
    }
}

/// Every problem says what went wrong in `detail` (the Dutch API Design Rules ask for status, title and detail).
fn detailed(problem: &Problem) -> Problem {
    let mut problem = problem.clone();
    if problem.detail.as_deref().is_none_or(str::is_empty) {
        problem.detail = Some(match problem.status {
            500.. => "The server failed; the cause is in its log.".to_owned(),
            _ => format!("{}.", problem.title),
        });
    }
    problem
}

/// A problem+json response; also used by the layers that answer before a handler runs.
pub fn problem_response(problem: &Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(&detailed(problem)).unwrap_or_default();
    let mut response = (status, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    response
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Client(problem) => problem_response(&problem),
            ApiError::Internal(cause) => {
                tracing::error!(%cause, "request failed");
                problem_response(&Problem::new(ProblemKind::Internal, 500, "Internal server error"))
            }
        }
    }
}

/// Makes every error answer of the API problem+json, also the ones axum gives before a handler runs: a path
/// segment that is not a number (400, text/plain), a method the route does not have (405, no body). Problems
/// from our own code pass unchanged; the other headers (`Allow`, say) are kept.
pub async fn problem_for_every_error(response: Response) -> Response {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 4096).await.map(|bytes| String::from_utf8_lossy(&bytes).trim().to_owned());
    let reason = status.canonical_reason().unwrap_or("Error");
    let mut problem = match status {
        StatusCode::BAD_REQUEST => Problem::new(ProblemKind::InvalidInput, 400, "Invalid request"),
        StatusCode::NOT_FOUND => Problem::new(ProblemKind::NotFound, 404, "Not found"),
        StatusCode::PAYLOAD_TOO_LARGE => Problem::new(ProblemKind::PayloadTooLarge, 413, "Payload too large"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            Problem::new(ProblemKind::UnsupportedMediaType, 415, "Unsupported media type")
        }
        _ if status.is_server_error() => Problem::new(ProblemKind::Internal, status.as_u16(), "Internal server error"),
        // RFC 9457: "about:blank" says the problem is just what the status says.
        _ => Problem {
            type_uri: "about:blank".to_owned(),
            ..Problem::new(ProblemKind::Internal, status.as_u16(), reason)
        },
    };
    // A client error's text says what was wrong with the request; a server error's stays in the server.
    if status.is_client_error() {
        problem.detail = text.ok().filter(|text| !text.is_empty());
    }
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(serde_json::to_vec(&detailed(&problem)).unwrap_or_default()))
}
