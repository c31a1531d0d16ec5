//! The Right to Challenge (Uitdaagrecht): the public routes a widget uses to read a form, upload attachments and
//! submit an application, and the back office's routes to run forms and handle applications.

pub mod admin;
pub mod mail;
pub mod public;
pub mod store;
pub mod webhook;

use axum::{
    Router,
    http::{HeaderValue, header},
};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::{
    AppState,
    routes::{Guard, Routes},
};

/// `/v1/challenge-forms/…`: the form, uploads and submissions. Uploads have a small limit per address of their own
/// (`--uploads-per-hour`), submissions share the limit of votes, so no one client can fill the database with files
/// or applications.
pub fn routes() -> Routes {
    Routes::public()
        .get("/challenge-forms/{id}", public::get_form, Guard::NONE)
        .post(
            "/challenge-forms/{id}/attachments",
            public::upload_attachment,
            Guard::file(&public::CONTENT_TYPES).uploads(),
        )
        .post("/challenge-forms/{id}/submissions", public::submit, Guard::JSON.per_address())
}

/// `/v1/admin/challenge-forms/…` and `/v1/admin/challenge-submissions/…`.
pub fn admin_routes() -> Routes {
    Routes::admin_for(inspraak_api::AccountRole::HANDLERS)
        .get("/challenge-forms", admin::list_forms, Guard::NONE)
        .get("/challenge-forms/{id}", admin::get_form, Guard::NONE)
        .put("/challenge-forms/{id}", admin::put_form, Guard::JSON)
        .get("/challenge-forms/{id}/submissions", admin::list_submissions, Guard::NONE)
        .get("/challenge-forms/{id}/submissions.csv", admin::export_csv, Guard::NONE)
        .get("/challenge-forms/{id}/submissions/{reference}", admin::get_submission, Guard::NONE)
        .delete("/challenge-forms/{id}/submissions/{reference}", admin::delete_submission, Guard::NONE)
        .post("/challenge-forms/{id}/submissions/{reference}/status", admin::set_status, Guard::JSON)
        .get(
            "/challenge-forms/{id}/submissions/{reference}/attachments/{attachment}",
            admin::download_attachment,
            Guard::NONE,
        )
        .post("/challenge-submissions/by-email", admin::person_data, Guard::JSON)
        .around(no_store)
}

/// Applications hold personal data: no browser or proxy keeps a copy.
fn no_store(router: Router<AppState>) -> Router<AppState> {
    router.layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
}

/// Deletes applications past their retention period and uploads no application took; the server runs this at
/// start and every hour.
pub async fn purge(db: &crate::Db) -> crate::error::Result<(u64, u64)> {
    let (purged, files) = {
        let mut conn = db.writer().await?;
        store::purge_returning_files(&mut conn, crate::clock::now()).await?
    };
    store::delete_files(db, &files).await?;
    let orphans = store::sweep_files(db).await?;
    if purged != (0, 0) || orphans > 0 {
        db.forget_old_pages().await;
    }
    Ok(purged)
}
