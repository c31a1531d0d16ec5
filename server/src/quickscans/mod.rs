//! Quick scans lokale democratie: the public routes a widget uses to show a scan, keep a draft for a resume code,
//! submit a response and read the aggregate, and the admin routes to run scans in rounds.

pub mod admin;
pub mod public;
pub mod store;

use axum::{
    Router,
    routing::{delete, get, post},
};

use crate::AppState;

/// `/v1/quickscans/…`. Writes and draft look-ups share the per-address limit of votes, so resume codes cannot be
/// guessed at speed.
pub fn router(config: &crate::Config) -> Router<AppState> {
    let limited = Router::new()
        .route("/quickscans/{id}/responses", post(public::submit_response))
        .route("/quickscans/{id}/drafts", post(public::save_draft))
        .route("/quickscans/{id}/drafts/{code}", get(public::get_draft));
    Router::new()
        .route("/quickscans/{id}", get(public::get_scan))
        .route("/quickscans/{id}/results", get(public::get_results))
        .merge(crate::rate_limit::limit_votes(limited, config))
}

/// `/v1/admin/quickscans/…` (behind the admin token).
pub fn admin_router() -> Router<AppState> {
    Router::new()
        .route("/quickscans", get(admin::list_scans).post(admin::create_scan))
        .route("/quickscans/{id}/rounds", get(admin::list_rounds).post(admin::open_round))
        .route("/quickscans/{id}/rounds/{round}/close", post(admin::close_round))
        .route("/quickscans/{id}/report", get(admin::report))
        .route("/quickscans/{id}/responses.csv", get(admin::responses_csv))
        .route("/quickscans/{id}/responses/{response}", delete(admin::delete_response))
}
