//! Progress on the seven subgoals: the public status a badge shows, and the back office's measurements.

pub mod admin;
pub mod public;
pub mod store;

use axum::{
    Router,
    routing::{get, post},
};

use crate::AppState;

/// `/v1/progress/…`: where a municipality stands.
pub fn router() -> Router<AppState> {
    Router::new().route("/progress/{municipality}", get(public::get_progress))
}

/// `/v1/admin/progress/…`: recording measurements and exporting their history.
pub fn admin_router() -> Router<AppState> {
    Router::new()
        .route("/progress/{municipality}/measurements", post(admin::record))
        .route("/progress/{municipality}/history", get(admin::history))
        .route("/progress/{municipality}/history.csv", get(admin::history_csv))
}
