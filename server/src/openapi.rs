//! The OpenAPI 3 document of API v1, generated from the handlers and types, served at /v1/openapi.json.

use axum::{Json, http::Method};
use utoipa::{
    Modify, OpenApi,
    openapi::{
        ObjectBuilder, Ref, RefOr, Type,
        content::ContentBuilder,
        header::Header,
        path::{Operation, ParameterIn},
        response::ResponseBuilder,
        security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityScheme},
    },
};

use crate::{
    accounts, challenges,
    polls::{admin, public},
    progress, quickscans,
    routes::{Body, Declared, MAX_BODY_BYTES, Routes},
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
        progress::public::get_progress, progress::admin::list_municipalities, progress::admin::record, progress::admin::history,
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
        accounts::session::login, accounts::session::current, accounts::session::logout,
        accounts::list_accounts, accounts::create_account, accounts::change_account, accounts::delete_account,
        accounts::new_password, accounts::new_token, accounts::revoke_token,
        accounts::audit::list, accounts::audit::export_csv,
    ),
    modifiers(&AdminToken, &SharedResponses),
    tags((name = "polls", description = "Polls, votes and results"),
         (name = "progress", description = "A municipality's progress on the seven subgoals of Democratie in actie"),
         (name = "quickscans", description = "The quick scan lokale democratie: questionnaire, drafts, responses and anonymous aggregates"),
         (name = "challenges", description = "Right to Challenge (Uitdaagrecht): the intake form, attachments and applications"),
         (name = "admin", description = "The back office: an account's session (cookie and X-CSRF-Token) or bearer token, or the server's admin token")),
)]
pub struct ApiDoc;

struct AdminToken;

impl Modify for AdminToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("admin_token", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
        // The back office's session: the cookie from POST /v1/admin/session, with X-CSRF-Token on every change.
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                accounts::session::COOKIE,
                "The session cookie of POST /v1/admin/session; a POST, PUT or DELETE also sends the session's csrf_token as X-CSRF-Token",
            ))),
        );
    }
}

/// The answers that layers and extractors give, not the handlers: added to every operation they can reach,
/// unless its own annotation already describes that status. The body and per-address answers follow each route's
/// declaration (`routes`); `tests/openapi.rs` fails when a route and its operation disagree.
struct SharedResponses;

impl Modify for SharedResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let declared: Vec<Declared> = crate::api_routes().iter().flat_map(Routes::declared).collect();
        for (path, item) in openapi.paths.paths.iter_mut() {
            let operations = [
                (Method::GET, &mut item.get),
                (Method::PUT, &mut item.put),
                (Method::POST, &mut item.post),
                (Method::DELETE, &mut item.delete),
            ];
            for (method, operation) in operations {
                let Some(operation) = operation.as_mut() else { continue };
                let guard = declared.iter().find(|d| d.method == method && d.path == *path).map(|d| d.guard);
                let parameters = operation.parameters.as_deref().unwrap_or_default();
                let in_path = parameters.iter().any(|p| p.parameter_in == ParameterIn::Path);
                // Idempotency-Key and Inspraak-Voter are checked (visible ASCII) and refused with a 422.
                let checked_header = parameters.iter().any(|p| {
                    p.parameter_in == ParameterIn::Header
                        && (p.name.eq_ignore_ascii_case("idempotency-key")
                            || p.name.eq_ignore_ascii_case("inspraak-voter"))
                });
                if operation.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    add(operation, 401, "No or wrong admin token, or no live session");
                    add(
                        operation,
                        403,
                        "The account's role may not do this, or a session's change lacks its X-CSRF-Token",
                    );
                }
                if in_path {
                    add(
                        operation,
                        400,
                        "A path segment is not valid: not UTF-8, or not a number where one is expected",
                    );
                }
                match guard.map(|guard| guard.body) {
                    Some(Body::Json) => {
                        add(operation, 413, &format!("The body is larger than {} KiB", MAX_BODY_BYTES / 1024));
                        add(operation, 415, "The body is not JSON");
                        add(
                            operation,
                            422,
                            "The body is empty, not valid JSON or invalid; invalidParams names each field",
                        );
                    }
                    Some(Body::File(_)) => {
                        add(operation, 413, "The file is larger than this resource accepts");
                        add(operation, 415, "The file is not of a type this resource accepts");
                    }
                    Some(Body::None) | None => {}
                }
                if checked_header {
                    add(operation, 422, "A header is not valid; invalidParams names it");
                }
                if guard.is_some_and(|guard| guard.per_address) {
                    add(operation, 429, "Too many requests from this address; wait Retry-After seconds");
                }
                // Every answer carries API-Version (the Dutch API Design Rules, /core/version-header).
                for response in operation.responses.responses.values_mut() {
                    if let RefOr::T(response) = response {
                        response.headers.entry("API-Version".to_owned()).or_insert_with(api_version_header);
                    }
                }
            }
        }
    }
}

/// Adds a problem+json answer with `status` to `operation`, unless it lists that status already.
fn add(operation: &mut Operation, status: u16, description: &str) {
    operation.responses.responses.entry(status.to_string()).or_insert_with(|| {
        let problem = ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build();
        RefOr::T(ResponseBuilder::new().description(description).content(crate::problem::PROBLEM_JSON, problem).build())
    });
}

fn api_version_header() -> Header {
    let mut header = Header::new(ObjectBuilder::new().schema_type(Type::String).examples([inspraak_api::API_VERSION]));
    header.description = Some("The full version of the API that answered".to_owned());
    header
}

pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
