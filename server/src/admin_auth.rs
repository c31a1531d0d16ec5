//! The admin routes' guard: a bearer token from the environment or a file, compared in constant time. Without a
//! configured token the admin routes do not exist. An address that sent [`FAILURES_PER_MINUTE`] wrong tokens is
//! answered 429 for a while, before its next token is even looked at.

use std::{
    net::{IpAddr, SocketAddr},
    time::Duration,
};

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use inspraak_api::ProblemKind;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::{
    AppState,
    config::Config,
    problem::ApiError,
    rate_limit::{self, ClientAddress, FailureLimit},
};

/// Wrong tokens one address may send per minute by default (as a burst, then refilled evenly):
/// `--admin-failures-per-minute`.
pub const FAILURES_PER_MINUTE: u32 = 10;

/// The addresses that sent wrong tokens, and those that must wait before they may try again.
#[derive(Clone)]
pub struct Failures {
    limit: FailureLimit<IpAddr>,
    clients: ClientAddress,
}

impl Failures {
    pub fn new(config: &Config) -> Failures {
        Failures {
            limit: FailureLimit::new(config.admin_failures_per_minute, Duration::from_secs(60)),
            clients: ClientAddress::new(config),
        }
    }

    fn client(&self, request: &Request) -> Option<IpAddr> {
        let peer = request.extensions().get::<ConnectInfo<SocketAddr>>()?.0.ip();
        Some(rate_limit::bucket_key(self.clients.of(peer, request.headers())))
    }
}

pub async fn require_admin_token(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(expected) = state.config.admin_token.as_ref().map(|t| t.0.as_str()).filter(|t| !t.is_empty()) else {
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
    let client = state.admin_failures.client(&request);
    if let Some(wait) = client.and_then(|client| state.admin_failures.limit.waiting(&client)) {
        return rate_limit::too_many("wrong admin tokens", wait);
    }
    // Hashing first makes the comparison constant-time in the length too.
    let matches: bool = Sha256::digest(given.as_bytes()).ct_eq(&Sha256::digest(expected.as_bytes())).into();
    if !matches {
        if let Some(client) = client {
            state.admin_failures.limit.failed(client);
        }
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
