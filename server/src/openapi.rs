//! The OpenAPI 3 document of API v1, generated from the handlers and types, served at /v1/openapi.json: the
//! answers every route's declaration gives (`routes`), the constraints of every value (`inspraak_api::schema` for
//! the contract's types, `constrain` below for the server's own and for parameters) and this server's address.

use axum::{Json, extract::State, http::Method};
use inspraak_api::{
    codes,
    quickscan::{OLD_RESUME_CODE_GROUPS, RESUME_CODE_GROUPS},
    schema::{self, Schemas},
};
use serde_json::{Value, json};
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
    AppState, accounts, challenges,
    polls::{admin, public},
    progress, quickscans,
    request::{IDEMPOTENCY_KEY_MAX_LEN, IDEMPOTENCY_KEY_PATTERN},
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
        admin::set_feedback, crate::polls::images::upload_image, crate::polls::images::get_image,
        progress::public::get_progress, progress::admin::list_municipalities, progress::admin::record, progress::admin::history,
        progress::admin::history_csv,
        quickscans::public::get_scan, quickscans::public::submit_response, quickscans::public::get_results,
        quickscans::public::save_draft, quickscans::public::get_draft,
        quickscans::admin::list_scans, quickscans::admin::create_scan, quickscans::admin::list_rounds,
        quickscans::admin::open_round, quickscans::admin::close_round, quickscans::admin::report,
        quickscans::admin::report_html, quickscans::admin::report_csv,
        quickscans::admin::responses_csv, quickscans::admin::delete_response,
        quickscans::admin::create_invitations, quickscans::admin::get_turnout, quickscans::admin::round_as_progress,
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
                let in_query = parameters.iter().any(|p| p.parameter_in == ParameterIn::Query);
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
                    add(operation, 429, "Too many wrong admin tokens from this address; wait Retry-After seconds");
                }
                // A request that cannot be read is a 400 (the Dutch API Design Rules, /core/error-handling/invalid-input),
                // for every part of it that the route reads.
                let body = guard.map(|guard| guard.body);
                let unreadable: Vec<&str> = [
                    (in_path, "a path segment is not UTF-8, or not a number where one is expected"),
                    (in_query, "the query string cannot be decoded"),
                    (body == Some(Body::Json), "the body is not JSON at all (a syntax error, or it stops half-way)"),
                    (matches!(body, Some(Body::File(_))), "the file could not be read to its end"),
                ]
                .into_iter()
                .filter_map(|(applies, reason)| applies.then_some(reason))
                .collect();
                if !unreadable.is_empty() {
                    let description = format!("The request cannot be read: {}", unreadable.join("; "));
                    add(operation, 400, &description);
                }
                match body {
                    Some(Body::Json) => {
                        add(operation, 413, &format!("The body is larger than {} KiB", MAX_BODY_BYTES / 1024));
                        add(operation, 415, "The body is not JSON");
                        add(
                            operation,
                            422,
                            "The body is empty, or JSON that does not fit (a field missing, of the wrong type or \
                             invalid); invalidParams names each field",
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
                if guard.is_some_and(|guard| guard.body != Body::None) {
                    add(operation, 408, "The body did not arrive within the server's body timeout; send it again");
                }
                if guard.is_some_and(|guard| guard.per_address.is_some()) {
                    add(operation, 429, "Too many requests from this address; wait Retry-After seconds");
                }
                // The concurrency limit, and on limited routes the backstop for all addresses together.
                add(operation, 503, "The server takes no more of these requests now; wait Retry-After seconds");
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

/// The document as this server serves it: with its own address when it knows it (`--public-origin`), and every
/// constraint of the values it takes and gives.
pub fn document(config: &crate::Config) -> Value {
    let mut openapi = ApiDoc::openapi();
    if let Some(origin) = &config.public_origin {
        let origin = origin.trim_end_matches('/');
        openapi.servers =
            Some(vec![utoipa::openapi::ServerBuilder::new().url(origin).description(Some("This server")).build()]);
    }
    let mut doc = serde_json::to_value(openapi).expect("the OpenAPI document is JSON");
    constrain(&mut doc);
    doc
}

pub async fn serve(State(state): State<AppState>) -> Json<Value> {
    Json(document(&state.config))
}

/// The constraints of the document: those of the contract's types, of the types the server defines itself, and
/// of the parameters.
fn constrain(doc: &mut Value) {
    let schemas = doc["components"]["schemas"].as_object_mut().expect("the document has schemas");
    schema::constrain(schemas);
    let mut schemas = Schemas(schemas);
    server_types(&mut schemas);
    for item in doc["paths"].as_object_mut().expect("the document has paths").values_mut() {
        for operation in item.as_object_mut().into_iter().flat_map(|item| item.values_mut()) {
            // An upload is a file of at least one byte.
            let files = operation.pointer_mut("/requestBody/content").and_then(Value::as_object_mut);
            for (media_type, content) in files.into_iter().flatten() {
                if media_type != "application/json" {
                    content["schema"] = json!({ "type": "string", "format": "binary", "minLength": 1 });
                }
            }
            let parameters = operation.get_mut("parameters").and_then(Value::as_array_mut);
            for parameter in parameters.into_iter().flatten() {
                // An optional header is one left out, never a header with the value null (utoipa types an
                // `Option<String>` as string or null).
                if parameter["in"] == "header" && parameter["schema"]["type"] == json!(["string", "null"]) {
                    parameter["schema"]["type"] = json!("string");
                }
                if let Some(rules) = parameter_rules(&parameter["in"], &parameter["name"]) {
                    for (key, value) in rules.as_object().into_iter().flatten() {
                        parameter["schema"][key] = value.clone();
                    }
                }
            }
        }
    }
}

/// What a parameter may be, by where it is and its name.
fn parameter_rules(place: &Value, name: &Value) -> Option<Value> {
    let (place, name) = (place.as_str()?, name.as_str()?);
    match (place, name) {
        ("path", "id" | "municipality" | "round") | ("query", "round") => Some(schema::id()),
        ("path", "reference") => Some(json!({ "pattern": REFERENCE_PATTERN })),
        ("path", "attachment") => Some(json!({ "pattern": ATTACHMENT_ID_PATTERN })),
        ("path", "response") => Some(json!({ "minimum": 1 })),
        ("header", "Idempotency-Key") => Some(json!({
            "minLength": 1, "maxLength": IDEMPOTENCY_KEY_MAX_LEN, "pattern": IDEMPOTENCY_KEY_PATTERN
        })),
        // Read as text: ASCII, spaces and tabs included.
        ("header", "Inspraak-Voter" | "Content-Disposition") => Some(json!({ "pattern": "^[\\t -~]*$" })),
        // Codes of three groups, or of two as made before.
        ("header", "Inspraak-Resume-Code") => Some(json!({
            "pattern": format!("{}|{}", codes::pattern(RESUME_CODE_GROUPS), codes::pattern(OLD_RESUME_CODE_GROUPS))
        })),
        // `*`, or a list of entity tags (RFC 9110, 13.1.1), weak or strong.
        ("header", "If-Match") => Some(json!({
            "pattern": "^[ \\t]*(\\*|(W/)?\"[!#-~]*\"([ \\t]*,[ \\t]*(W/)?\"[!#-~]*\")*)[ \\t]*$"
        })),
        ("header", "Inspraak-Code") => Some(json!({ "pattern": inspraak_api::poll::voting_code_pattern() })),
        // Empty is no code (for a role that answers without one).
        ("header", "Inspraak-Invitation") => Some(json!({ "pattern": inspraak_api::quickscan::invitation_pattern() })),
        _ => None,
    }
}

/// An application's reference: UR, the year, a number per form and year.
const REFERENCE_PATTERN: &str = "^UR-[0-9]{4}-[0-9]{4,}$";
const ATTACHMENT_ID_PATTERN: &str = "^[0-9a-f]{32}$";

/// The types the server defines itself (the back office's views), constrained like the contract's.
fn server_types(schemas: &mut Schemas) {
    use inspraak_api::nl::EMAIL_MAX_LEN;
    use schema::{date, date_time, email, id, range, web_url, webhook_url};

    schemas.object("AdminForm").field("webhook_url", webhook_url());
    schemas.object("DeliveryState").field("attempts", json!({ "minimum": 0 })).field("delivered_at", date_time());
    schemas
        .object("MailState")
        .field("attempts", json!({ "minimum": 0 }))
        .field("sent_at", date_time())
        .field("given_up_at", date_time());
    schemas
        .object("SubmissionRecord")
        .field("reference", json!({ "pattern": REFERENCE_PATTERN }))
        .field("form", id())
        .field("note", schema::text(inspraak_api::challenge::STATUS_NOTE_MAX_LEN))
        .field("submitted_at", date_time())
        .field("submitted_on", date())
        .field("decision_by", date())
        .field("delete_after", date_time())
        .field("estimate_cents", range(1, inspraak_api::nl::AMOUNT_CENTS_MAX))
        .field("budget_cents", range(0, inspraak_api::nl::AMOUNT_CENTS_MAX));
    let statuses: Vec<&str> = inspraak_api::SubgoalStatus::ALL.iter().map(|s| s.as_str()).collect();
    schemas
        .object("HistoryRow")
        .field("subgoal", range(1, inspraak_api::progress::SUBGOALS.into()))
        .field("status", json!({ "enum": statuses }))
        .field("evidence_url", web_url())
        .field("measured_on", date())
        .field("recorded_at", date_time());
    schemas.object("PersonQuery").field("email", email(EMAIL_MAX_LEN));
    schemas.object("PersonData").field("email", email(EMAIL_MAX_LEN));
}
