//! Polls: the public routes a widget uses to show a poll and vote, and the admin routes to run one.

pub mod admin;
pub mod public;
pub mod store;
pub mod writer;

use axum::{
    Router,
    routing::{get, post},
};

use crate::AppState;

/// `/v1/polls/…`: reading polls, voting and results.
pub fn router(config: &crate::Config) -> Router<AppState> {
    let votes = Router::new().route("/polls/{id}/votes", post(public::cast_vote));
    Router::new()
        .route("/polls/{id}", get(public::get_poll))
        .merge(crate::rate_limit::limit_votes(votes, config))
        .route("/polls/{id}/results", get(public::get_results))
}

/// `/v1/admin/polls/…`: creating, changing, closing and exporting polls (behind the admin token).
pub fn admin_router() -> Router<AppState> {
    Router::new()
        .route("/polls", get(admin::list_polls).post(admin::create_poll))
        .route("/polls/{id}", get(admin::get_poll).put(admin::replace_poll))
        .route("/polls/{id}/close", post(admin::close_poll))
        .route("/polls/{id}/codes", get(admin::code_counts).post(admin::create_codes))
        .route("/polls/{id}/results", get(admin::get_results))
        .route("/polls/{id}/results.csv", get(admin::export_results_csv))
}
