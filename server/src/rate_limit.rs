//! How many votes one client address may cast: a token bucket per address, held in memory only (the address is
//! never stored or logged), answered with 429 problem+json and `Retry-After` when empty.

use std::{sync::Arc, time::Duration};

use axum::{
    Router,
    http::{HeaderValue, header},
    response::IntoResponse,
};
use inspraak_api::{Problem, ProblemKind};
use tower_governor::{
    GovernorError, GovernorLayer,
    governor::GovernorConfigBuilder,
    key_extractor::{KeyExtractor, PeerIpKeyExtractor, SmartIpKeyExtractor},
};

use crate::{AppState, config::Config, problem::ApiError};

/// `router` with the vote limit of `config` on every route, or as it is when the limit is off.
pub fn limit_votes(router: Router<AppState>, config: &Config) -> Router<AppState> {
    match (config.votes_per_minute, config.trust_proxy) {
        (0, _) => router,
        (per_minute, false) => with_limit(router, per_minute, PeerIpKeyExtractor),
        (per_minute, true) => with_limit(router, per_minute, SmartIpKeyExtractor),
    }
}

fn with_limit<K>(router: Router<AppState>, per_minute: u32, key: K) -> Router<AppState>
where
    K: KeyExtractor + Send + Sync + 'static,
    K::Key: Send + Sync + 'static,
{
    let config = Arc::new(
        GovernorConfigBuilder::default()
            .period(Duration::from_millis(60_000 / u64::from(per_minute)))
            .burst_size(per_minute)
            .key_extractor(key)
            .finish()
            .expect("a vote limit above 0 makes a valid rate limit"),
    );
    // Forget addresses whose bucket has refilled, so memory stays bounded by the clients of the last minutes.
    let limiter = config.limiter().clone();
    tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(Duration::from_secs(60));
        loop {
            every_minute.tick().await;
            limiter.retain_recent();
        }
    });
    router.route_layer(GovernorLayer::new(config).error_handler(too_many))
}

fn too_many(error: GovernorError) -> axum::response::Response {
    match error {
        GovernorError::TooManyRequests { wait_time, .. } => {
            let mut problem = Problem::new(ProblemKind::TooManyRequests, 429, "Too many votes")
                .with_detail(format!("Too many votes from this address; try again in {wait_time} s."));
            problem.retry_after = Some(wait_time);
            let mut response = ApiError::Client(Box::new(problem)).into_response();
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait_time));
            response
        }
        GovernorError::UnableToExtractKey => {
            ApiError::Internal("no client address to rate-limit by; serve with connect info".into()).into_response()
        }
        GovernorError::Other { msg, .. } => ApiError::Internal(format!("rate limit: {msg:?}")).into_response(),
    }
}
