//! The one error type of the API: every failure becomes an RFC 9457 problem+json response.
//! Internal errors are logged with their cause and shown to the client only as "internal error".

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use inspraak_api::{FieldError, Problem, ProblemKind};

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

    pub fn not_found(what: &str) -> Self {
        Self::problem(ProblemKind::NotFound, StatusCode::NOT_FOUND, "Not found", format!("No {what} with this id."))
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        ApiError::Internal(format!("database: {error}"))
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(error: serde_json::Error) -> Self {
        ApiError::Internal(format!("json: {error}"))
    }
}

/// A problem+json response; also used by the layers that answer before a handler runs.
pub fn problem_response(problem: &Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(problem).unwrap_or_default();
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
