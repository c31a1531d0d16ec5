//! The files this server hands out beside the API: the widget bundle at /widgets/ (any site may load it)
//! and the demo page at /.

use axum::{
    Router,
    http::{HeaderValue, StatusCode, header},
    response::IntoResponse,
};
use inspraak_api::ProblemKind;
use tower_http::{
    cors::{Any, CorsLayer},
    services::ServeDir,
    set_header::SetResponseHeaderLayer,
};

use crate::{AppState, config::Config, problem::ApiError};

pub fn router(config: &Config) -> Router<AppState> {
    // Module scripts and their .wasm are fetched in CORS mode: every municipal site must be able to load them.
    let widgets = ServeDir::new(&config.widgets_dir).precompressed_br().precompressed_gzip();
    let widgets = Router::new()
        .fallback_service(widgets)
        .layer(CorsLayer::new().allow_origin(Any))
        .layer(axum::middleware::map_response(cache_by_path))
        // Lets a municipal site's own performance tooling see the sizes and timings of these files.
        .layer(SetResponseHeaderLayer::overriding(
            header::HeaderName::from_static("timing-allow-origin"),
            HeaderValue::from_static("*"),
        ));
    // The demo page shows what docs/design.md promises: everything works under a strict policy.
    let demo = Router::new().fallback_service(ServeDir::new(&config.demo_dir)).layer(
        SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(DEMO_POLICY)),
    );
    Router::new().nest("/widgets", widgets).merge(admin(config)).merge(demo)
}

/// The back office's web page at /admin/: its own files (never fetched by the widget loader), every path that is not
/// a file answered with its index.html (the page routes itself), under its own strict policy, never kept by a cache
/// between the town hall and the server, and never framed.
fn admin(config: &Config) -> Router<AppState> {
    let dir = &config.backoffice.admin_dir;
    let index = tower_http::services::ServeFile::new(dir.join("index.html"));
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip().fallback(index);
    Router::new()
        .nest_service("/admin", files)
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(ADMIN_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-cache")))
        .layer(SetResponseHeaderLayer::overriding(
            header::HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ))
}

/// The back office's Content-Security-Policy: its own scripts, styles and API only; the widget stylesheets and texts
/// of the poll preview come from this server's /widgets/ too. No framing, no plugins, no other base.
pub const ADMIN_POLICY: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
     connect-src 'self'; img-src 'self' data:; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; \
     form-action 'self'; object-src 'none'";

/// The demo page's Content-Security-Policy: the strict one of docs/design.md, plus no framing by other sites.
pub const DEMO_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
     connect-src 'self'; img-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'";

/// JSON answers are never documents: a browser that opens one directly runs and loads nothing from it.
pub const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// Unknown paths under /v1 answer as problem+json like every other API error.
pub async fn api_not_found() -> impl IntoResponse {
    ApiError::problem(
        ProblemKind::NotFound,
        StatusCode::NOT_FOUND,
        "Not found",
        "There is no API resource at this path.",
    )
}

/// `/widgets/<version>/…` never changes, so browsers may keep it for a year; `/widgets/latest/…` and `/widgets/…`
/// move with every build, so browsers check them again each time.
async fn cache_by_path(uri: axum::http::Uri, mut response: axum::response::Response) -> axum::response::Response {
    let path = uri.path().trim_start_matches('/');
    let versioned = matches!(path.split_once('/'), Some((version, _)) if version != "latest");
    let policy = if versioned { "public, max-age=31536000, immutable" } else { "no-cache" };
    if response.status().is_success() {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}
