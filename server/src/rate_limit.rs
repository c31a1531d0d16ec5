//! The per-address limit on the writes and look-ups by code that one client could use to flood the database or
//! guess codes (votes, quick scan responses and drafts, challenge uploads and applications): a token bucket per
//! client address, held in memory only (the address is never stored or logged), answered with 429 problem+json
//! and `Retry-After` when empty.

use std::{sync::Arc, time::Duration};

use axum::{
    http::{HeaderValue, header},
    response::IntoResponse,
    routing::MethodRouter,
};
use inspraak_api::{Problem, ProblemKind};
use tower_governor::{
    GovernorError, GovernorLayer,
    governor::GovernorConfigBuilder,
    key_extractor::{KeyExtractor, PeerIpKeyExtractor, SmartIpKeyExtractor},
};

use crate::{AppState, config::Config, problem::ApiError};

type Guard = dyn Fn(MethodRouter<AppState>) -> MethodRouter<AppState> + Send + Sync;

/// One bucket per client address, shared by the routes it guards; off when the configured rate is 0.
#[derive(Clone)]
pub struct PerAddress(Option<Arc<Guard>>);

impl PerAddress {
    pub fn new(config: &Config) -> PerAddress {
        match (config.votes_per_minute, config.trust_proxy) {
            (0, _) => PerAddress(None),
            (per_minute, false) => PerAddress::with(per_minute, PeerIpKeyExtractor),
            (per_minute, true) => PerAddress::with(per_minute, SmartIpKeyExtractor),
        }
    }

    fn with<K>(per_minute: u32, key: K) -> PerAddress
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
                .expect("a rate above 0 makes a valid rate limit"),
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
        let layer = GovernorLayer::new(config).error_handler(too_many);
        PerAddress(Some(Arc::new(move |endpoint| endpoint.layer(layer.clone()))))
    }

    /// `endpoint` counted against this bucket.
    pub fn guard(&self, endpoint: MethodRouter<AppState>) -> MethodRouter<AppState> {
        match &self.0 {
            Some(guard) => guard(endpoint),
            None => endpoint,
        }
    }
}

fn too_many(error: GovernorError) -> axum::response::Response {
    match error {
        GovernorError::TooManyRequests { wait_time, .. } => {
            let mut problem = Problem::new(ProblemKind::TooManyRequests, 429, "Too many requests")
                .with_detail(format!("Too many requests from this address; try again in {wait_time} s."));
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
