//! What the routes that take a file as the raw request body share: reading it up to a limit, and a problem that
//! names the field `file`.

use axum::{body::Body, http::StatusCode};
use http_body_util::BodyExt;
use inspraak_api::{FieldError, FieldErrorCode, Problem, ProblemKind};

use crate::problem::{ApiError, ApiResult};

/// A refused file: a problem of `kind` whose one invalid parameter is `file`, with `reason` as its detail too.
pub fn file_problem(
    status: StatusCode,
    kind: ProblemKind,
    title: &str,
    code: FieldErrorCode,
    reason: String,
) -> ApiError {
    let mut problem = Problem::new(kind, status.as_u16(), title).with_detail(reason.clone());
    problem.invalid_params.push(FieldError::new("file", code, reason));
    ApiError::Client(Box::new(problem))
}

/// The body's bytes, at most `limit` of them: reading stops, with `too_large()`, at the first frame beyond it.
pub async fn read_limited(mut body: Body, limit: u64, too_large: impl Fn() -> ApiError) -> ApiResult<Vec<u8>> {
    let mut content = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            ApiError::problem(ProblemKind::InvalidInput, StatusCode::BAD_REQUEST, "Unreadable body", e.to_string())
        })?;
        if let Ok(data) = frame.into_data() {
            if content.len() as u64 + data.len() as u64 > limit {
                return Err(too_large());
            }
            content.extend_from_slice(&data);
        }
    }
    Ok(content)
}
