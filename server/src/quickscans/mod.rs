//! Quick scans lokale democratie: the public routes a widget uses to show a scan, keep a draft for a resume code,
//! submit a response and read the aggregate, and the admin routes to run scans in rounds.

pub mod admin;
pub mod public;
pub mod report;
pub mod store;

use crate::routes::{Guard, Routes};

/// `/v1/quickscans/…`. Responses, drafts and draft look-ups share one limit per address, so resume codes cannot be
/// guessed at speed.
pub fn routes() -> Routes {
    Routes::public()
        .get("/quickscans/{id}", public::get_scan, Guard::NONE)
        .get("/quickscans/{id}/results", public::get_results, Guard::NONE)
        .post("/quickscans/{id}/responses", public::submit_response, Guard::JSON.per_address())
        .post("/quickscans/{id}/drafts", public::save_draft, Guard::JSON.per_address())
        .get("/quickscans/{id}/draft", public::get_draft, Guard::NONE.per_address())
}

/// `/v1/admin/quickscans/…`: scans, their rounds, invitation codes and turnout, the report, the export and deletions.
pub fn admin_routes() -> Routes {
    Routes::admin_for(inspraak_api::AccountRole::EDITORS)
        .get("/quickscans", admin::list_scans, Guard::NONE)
        .post("/quickscans", admin::create_scan, Guard::JSON)
        .get("/quickscans/{id}/rounds", admin::list_rounds, Guard::NONE)
        .post("/quickscans/{id}/rounds", admin::open_round, Guard::JSON)
        .post("/quickscans/{id}/rounds/{round}/close", admin::close_round, Guard::NONE)
        .post("/quickscans/{id}/rounds/{round}/progress", admin::round_as_progress, Guard::JSON)
        .get("/quickscans/{id}/report", admin::report, Guard::NONE)
        .get("/quickscans/{id}/report.html", admin::report_html, Guard::NONE)
        .get("/quickscans/{id}/report.csv", admin::report_csv, Guard::NONE)
        .get("/quickscans/{id}/responses.csv", admin::responses_csv, Guard::NONE)
        .delete("/quickscans/{id}/responses/{response}", admin::delete_response, Guard::NONE)
        .get("/quickscans/{id}/invitations", admin::get_turnout, Guard::NONE)
        .post("/quickscans/{id}/invitations", admin::create_invitations, Guard::JSON)
}
