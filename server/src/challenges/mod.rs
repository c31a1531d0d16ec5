//! The Right to Challenge (Uitdaagrecht): the public routes a widget uses to read a form, upload attachments and
//! submit an application, and the back office's routes to run forms and handle applications.

pub mod admin;
pub mod public;
pub mod store;
pub mod webhook;

use axum::{
    Router,
    http::{HeaderValue, header},
    routing::{get, post},
};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;

/// `/v1/challenge-forms/…`: the form, uploads and submissions. Uploads and submissions share the per-address limit
/// of votes, so no one client can fill the database with files or applications.
pub fn router(config: &crate::Config) -> Router<AppState> {
    let writes = Router::new()
        .route("/challenge-forms/{id}/attachments", post(public::upload_attachment))
        .route("/challenge-forms/{id}/submissions", post(public::submit));
    Router::new()
        .route("/challenge-forms/{id}", get(public::get_form))
        .merge(crate::rate_limit::limit_votes(writes, config))
}

/// `/v1/admin/challenge-forms/…` and `/v1/admin/challenge-submissions/…` (behind the admin token).
pub fn admin_router() -> Router<AppState> {
    Router::new()
        .route("/challenge-forms", get(admin::list_forms))
        .route("/challenge-forms/{id}", get(admin::get_form).put(admin::put_form))
        .route("/challenge-forms/{id}/submissions", get(admin::list_submissions))
        .route("/challenge-forms/{id}/submissions.csv", get(admin::export_csv))
        .route(
            "/challenge-forms/{id}/submissions/{reference}",
            get(admin::get_submission).delete(admin::delete_submission),
        )
        .route("/challenge-forms/{id}/submissions/{reference}/status", post(admin::set_status))
        .route(
            "/challenge-forms/{id}/submissions/{reference}/attachments/{attachment}",
            get(admin::download_attachment),
        )
        .route("/challenge-submissions/by-email", post(admin::person_data))
        // Applications hold personal data: no browser or proxy keeps a copy.
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
}

/// Deletes applications past their retention period and uploads no application took; the server runs this at
/// start and every hour.
pub async fn purge(db: &crate::Db) -> crate::error::Result<(u64, u64)> {
    let mut conn = db.write.acquire().await?;
    store::purge(&mut conn, crate::clock::now()).await
}
