//! The OpenAPI 3 document of API v1, generated from the handlers and types, served at /v1/openapi.json.

use axum::Json;
use utoipa::{
    Modify, OpenApi,
    openapi::security::{Http, HttpAuthScheme, SecurityScheme},
};

use crate::{
    challenges,
    polls::{admin, public},
    progress, quickscans,
};

#[derive(OpenApi)]
#[openapi(
    info(title = "Inspraak API", version = "1.0.0",
         description = "Participation widgets for Dutch municipalities: polls, the quick scan lokale democratie, the Right to Challenge intake and progress on the seven subgoals. Errors are RFC 9457 problem+json with invalidParams; every POST accepts Idempotency-Key."),
    servers((url = "/", description = "This server")),
    paths(
        public::get_poll, public::cast_vote, public::get_results,
        admin::list_polls, admin::get_poll, admin::create_poll, admin::replace_poll, admin::close_poll,
        admin::get_results, admin::export_results_csv, admin::create_codes, admin::code_counts,
        progress::public::get_progress, progress::admin::record, progress::admin::history,
        progress::admin::history_csv,
        quickscans::public::get_scan, quickscans::public::submit_response, quickscans::public::get_results,
        quickscans::public::save_draft, quickscans::public::get_draft,
        quickscans::admin::list_scans, quickscans::admin::create_scan, quickscans::admin::list_rounds,
        quickscans::admin::open_round, quickscans::admin::close_round, quickscans::admin::report,
        quickscans::admin::responses_csv, quickscans::admin::delete_response,
        challenges::public::get_form, challenges::public::upload_attachment, challenges::public::submit,
        challenges::admin::list_forms, challenges::admin::get_form, challenges::admin::put_form,
        challenges::admin::list_submissions, challenges::admin::get_submission, challenges::admin::set_status,
        challenges::admin::delete_submission, challenges::admin::download_attachment, challenges::admin::export_csv,
        challenges::admin::person_data,
    ),
    modifiers(&AdminToken),
    tags((name = "polls", description = "Polls, votes and results"),
         (name = "progress", description = "A municipality's progress on the seven subgoals of Democratie in actie"),
         (name = "quickscans", description = "The quick scan lokale democratie: questionnaire, drafts, responses and anonymous aggregates"),
         (name = "challenges", description = "Right to Challenge (Uitdaagrecht): the intake form, attachments and applications"),
         (name = "admin", description = "Running polls; needs the admin token")),
)]
pub struct ApiDoc;

struct AdminToken;

impl Modify for AdminToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("admin_token", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
