//! The admin routes' guard: a bearer token from the environment, compared in constant time.
//! Without a configured token the admin routes do not exist.

use axum::{
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use inspraak_api::ProblemKind;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::{AppState, problem::ApiError};

pub async fn require_admin_token(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(expected) = state.config.admin_token.as_deref().filter(|t| !t.is_empty()) else {
        return ApiError::problem(
            ProblemKind::NotFound,
            StatusCode::NOT_FOUND,
            "Admin API off",
            "The admin API is off: start the server with INSPRAAK_ADMIN_TOKEN set.",
        )
        .into_response();
    };
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map_or("", |(_, token)| token.trim());
    // Hashing first makes the comparison constant-time in the length too.
    let matches: bool = Sha256::digest(given.as_bytes()).ct_eq(&Sha256::digest(expected.as_bytes())).into();
    if !matches {
        let mut response = ApiError::problem(
            ProblemKind::Unauthorized,
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "Send the admin token as 'Authorization: Bearer <token>'.",
        )
        .into_response();
        response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return response;
    }
    next.run(request).await
}
