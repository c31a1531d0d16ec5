//! The Inspraak reference backend: API v1 for the widgets, the admin API, the widget bundle and the demo page,
//! all from one origin. `app` builds the router, so tests drive it in-process as well as over a socket.

pub mod accounts;
pub mod admin_auth;
pub mod challenges;
pub mod cli;
pub mod clock;
pub mod codes;
pub mod config;
pub mod csv_export;
pub mod db;
pub mod error;
pub mod idempotency;
pub mod keys;
pub mod openapi;
pub mod polls;
pub mod problem;
pub mod progress;
pub mod purge;
pub mod quickscans;
pub mod rate_limit;
pub mod request;
pub mod routes;
pub mod seed;
pub mod upload;
pub mod web;
pub mod write;

use std::{sync::Arc, time::Duration};

use axum::{
    Router,
    http::{HeaderName, HeaderValue, Method, StatusCode, header},
    middleware,
};
use routes::{Guard, Routes};
use tower_http::{
    cors::{AllowOrigin, CorsLayer},
    set_header::SetResponseHeaderLayer,
    timeout::TimeoutLayer,
    trace::TraceLayer,
};

pub use config::Config;
pub use db::Db;
pub use keys::HashKey;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    /// Where votes go: one writer that commits them in groups.
    pub votes: polls::writer::VoteWriter,
    /// Delivers new challenge applications to their form's webhook.
    pub deliveries: challenges::webhook::Deliveries,
    /// Sends mails to applicants (off without --smtp-url).
    pub mailer: challenges::mail::Mailer,
    /// The secret that keys every stored hash.
    pub key: HashKey,
    /// Failed back office logins per account name.
    pub logins: accounts::throttle::LoginThrottle,
    /// Who sent wrong admin tokens lately.
    pub admin_failures: admin_auth::Failures,
    /// Which quick scans got wrong resume codes lately.
    pub draft_lookups: rate_limit::FailureLimit<String>,
}

impl AppState {
    /// The state of a server on `db`, with the hash key of `config.key` (made the first time).
    pub async fn new(db: Db, config: Config) -> Result<AppState, String> {
        let key = HashKey::load(&db, &config.key).await?;
        let votes = polls::writer::VoteWriter::start(db.clone());
        let deliveries =
            challenges::webhook::Deliveries::start(db.clone(), config.webhook_first_retry_ms, config.dev_webhooks);
        let mail_settings = match &config.smtp_url {
            Some(url) => Some(challenges::mail::MailSettings::parse(
                url,
                config.mail_from.as_deref(),
                std::env::var("INSPRAAK_SMTP_PASSWORD").ok(),
            )?),
            None => None,
        };
        let mailer = challenges::mail::Mailer::start(db.clone(), mail_settings, config.mail_first_retry_ms);
        let admin_failures = admin_auth::Failures::new(&config);
        let draft_lookups =
            rate_limit::FailureLimit::new(quickscans::public::FAILED_LOOKUPS_PER_MINUTE, Duration::from_secs(60));
        Ok(AppState {
            db,
            config: Arc::new(config),
            votes,
            deliveries,
            mailer,
            key,
            admin_failures,
            draft_lookups,
            logins: Default::default(),
        })
    }

    /// The only form in which a voter id is stored: keyed with the server's secret and the poll, so it
    /// cannot be linked across polls nor recomputed from the database alone.
    pub fn voter_hash(&self, poll_id: &str, voter: &str) -> String {
        self.keyed_hash(&[b"voter", poll_id.as_bytes(), voter.as_bytes()])
    }

    /// See [`HashKey::hash`].
    pub fn keyed_hash(&self, parts: &[&[u8]]) -> String {
        self.key.hash(parts)
    }
}

/// Every route of API v1, resource by resource; the router and the OpenAPI document are both made from these.
pub fn api_routes() -> Vec<Routes> {
    vec![
        polls::routes(),
        polls::admin_routes(),
        progress::routes(),
        progress::admin_routes(),
        quickscans::routes(),
        quickscans::admin_routes(),
        challenges::routes(),
        challenges::admin_routes(),
        accounts::login_routes(),
        accounts::session_routes(),
        accounts::admin_routes(),
    ]
}

/// The whole service: API v1, admin API, OpenAPI document, widget bundle and demo page.
pub fn app(state: AppState) -> Router {
    let hsts = hsts(&state.config);
    let max_concurrent = state.config.max_concurrent_requests as usize;
    let mut api: Router<AppState> = Router::new();
    for routes in api_routes().into_iter().chain(bench_routes(&state.config)) {
        api = api.merge(routes.into_router(&state));
    }
    let config = &state.config;
    let api = api
        .route("/openapi.json", axum::routing::get(openapi::serve))
        .fallback(web::api_not_found)
        // A whole request, reading its body included, gets --request-timeout; JSON bodies --body-timeout.
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(config.request_timeout)))
        .layer(axum::Extension(request::BodyTimeout(Duration::from_secs(config.body_timeout))))
        .layer(middleware::map_response(problem::problem_for_every_error))
        // The printable quick scan report sets its own (its stylesheet by hash); every other answer gets this one.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(web::API_POLICY),
        ))
        .layer(api_cors(&state.config));

    Router::new()
        .nest("/v1", api)
        .merge(web::router(&state.config))
        .with_state(state)
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("api-version"),
            HeaderValue::from_static(inspraak_api::API_VERSION),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .layer(SetResponseHeaderLayer::if_not_present(header::STRICT_TRANSPORT_SECURITY, hsts))
        .layer(TraceLayer::new_for_http())
        // At most --max-concurrent-requests at once over the whole server (one semaphore for every route); one
        // more is answered 503 with Retry-After at once instead of waiting in a queue that slow clients could fill.
        .layer(
            tower::ServiceBuilder::new()
                .layer(axum::error_handling::HandleErrorLayer::new(|_: tower::BoxError| async { rate_limit::busy(1) }))
                .load_shed()
                .layer(tower::limit::GlobalConcurrencyLimitLayer::new(max_concurrent)),
        )
}

/// CORS for the API: the configured origins, the server's own, and (unless switched off) loopback pages.
fn api_cors(config: &Config) -> CorsLayer {
    let config = config.clone();
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin, _| {
            origin.to_str().is_ok_and(|origin| config.origin_allowed(origin))
        }))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([
            header::CONTENT_TYPE,
            // The file name of an uploaded attachment.
            header::CONTENT_DISPOSITION,
            header::AUTHORIZATION,
            HeaderName::from_static("idempotency-key"),
            HeaderName::from_static(accounts::session::CSRF_HEADER),
            header::IF_MATCH,
            HeaderName::from_static(polls::public::VOTER_HEADER),
            HeaderName::from_static(polls::public::CODE_HEADER),
            HeaderName::from_static(quickscans::public::RESUME_CODE_HEADER),
            HeaderName::from_static(quickscans::public::INVITATION_HEADER),
        ])
        .expose_headers([HeaderName::from_static("api-version"), header::LOCATION, header::ETAG])
        .max_age(std::time::Duration::from_secs(600))
}

/// The load benchmark's yardstick: the same stack (routing, CORS, headers, JSON body) answering a fixed 201
/// without the database, so a report can say how much of a vote's cost is the durable write.
fn bench_routes(config: &Config) -> Option<Routes> {
    config.bench_routes.then(|| {
        Routes::public().post(
            "/bench/baseline",
            |_body: request::JsonBody<inspraak_api::VoteRequest>| async {
                (
                    axum::http::StatusCode::CREATED,
                    [(header::CONTENT_TYPE, "application/json")],
                    r#"{"poll":"baseline"}"#,
                )
            },
            Guard::JSON,
        )
    })
}

/// HSTS when the server is reached over https (behind a TLS proxy, say): browsers then never try plain http.
fn hsts(config: &Config) -> Option<HeaderValue> {
    config.own_origin().starts_with("https://").then(|| HeaderValue::from_static("max-age=31536000"))
}
