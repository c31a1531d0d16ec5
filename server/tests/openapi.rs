//! The OpenAPI document and the routes' declarations (`inspraak_server::routes`) agree: every declared route is an
//! operation and every operation a declared route, with the body types it reads, the 413/415/422 of its body, the
//! 429 of the per-address limit and the admin token exactly where the declaration puts them.

mod common;

use std::collections::BTreeSet;

use common::TestApp;
use inspraak_server::routes::{Body, Declared};

fn declared() -> Vec<Declared> {
    inspraak_server::api_routes().iter().flat_map(|routes| routes.declared().collect::<Vec<_>>()).collect()
}

#[tokio::test]
async fn every_declared_route_is_documented_and_every_operation_declared() {
    let doc = TestApp::new().await.get("/v1/openapi.json").await.json();
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| item.as_object().unwrap().keys().map(|method| (method.to_uppercase(), path.clone())))
        .collect();
    let declared: BTreeSet<(String, String)> =
        declared().into_iter().map(|route| (route.method.to_string(), route.path)).collect();
    assert_eq!(documented.difference(&declared).collect::<Vec<_>>(), Vec::<&(String, String)>::new(), "undeclared");
    assert_eq!(declared.difference(&documented).collect::<Vec<_>>(), Vec::<&(String, String)>::new(), "undocumented");
}

#[tokio::test]
async fn each_operation_lists_the_answers_its_declaration_gives() {
    let doc = TestApp::new().await.get("/v1/openapi.json").await.json();
    let routes = declared();
    assert!(routes.iter().any(|route| route.guard.per_address.is_some()), "some routes are limited per address");
    for route in routes {
        let name = format!("{} {}", route.method, route.path);
        let operation = &doc["paths"][&route.path][route.method.as_str().to_lowercase()];
        let has = |status: &str| operation["responses"].get(status).is_some();
        let content: BTreeSet<&str> =
            operation["requestBody"]["content"].as_object().into_iter().flatten().map(|(t, _)| t.as_str()).collect();
        assert_eq!(content, route.guard.content_types().iter().copied().collect(), "{name}: request body types");
        let reads_body = route.guard.body != Body::None;
        assert_eq!(has("413"), reads_body, "{name}: 413");
        assert_eq!(has("415"), reads_body, "{name}: 415");
        if route.guard.body == Body::Json {
            assert!(has("422"), "{name}: 422");
        }
        assert_eq!(has("429"), route.guard.per_address.is_some() || route.admin, "{name}: 429");
        assert_eq!(has("408"), reads_body, "{name}: 408");
        assert!(has("503"), "{name}: 503");
        let secured = operation["security"].as_array().is_some_and(|s| !s.is_empty());
        assert_eq!(secured, route.admin, "{name}: admin token");
        // Logging in is public, and answers a wrong pair with its own 401.
        assert!(has("401") == route.admin || route.path == "/v1/admin/session", "{name}: 401");
        assert!(has("403") || !route.admin, "{name}: 403 (role or CSRF token)");
    }
}

#[tokio::test]
async fn the_limited_writes_of_every_resource_document_their_429() {
    let doc = TestApp::new().await.get("/v1/openapi.json").await.json();
    let limited = |method: &str, path: &str| doc["paths"][path][method]["responses"].get("429").is_some();
    for (method, path) in [
        ("post", "/v1/polls/{id}/votes"),
        ("post", "/v1/quickscans/{id}/responses"),
        ("post", "/v1/quickscans/{id}/drafts"),
        ("get", "/v1/quickscans/{id}/draft"),
        ("post", "/v1/challenge-forms/{id}/attachments"),
        ("post", "/v1/challenge-forms/{id}/submissions"),
    ] {
        assert!(limited(method, path), "{method} {path}");
    }
    assert!(!limited("get", "/v1/polls/{id}"), "reading is not limited");
}

#[tokio::test]
async fn every_operation_that_takes_input_documents_its_400() {
    let doc = TestApp::new().await.get("/v1/openapi.json").await.json();
    for route in declared() {
        let name = format!("{} {}", route.method, route.path);
        let operation = &doc["paths"][&route.path][route.method.as_str().to_lowercase()];
        let parameters = operation["parameters"].as_array().cloned().unwrap_or_default();
        let in_query = parameters.iter().any(|p| p["in"] == "query");
        let takes_input = route.path.contains('{') || route.guard.body != Body::None || in_query;
        assert_eq!(operation["responses"].get("400").is_some(), takes_input, "{name}: 400");
        // The Dutch API Design Rules (/core/error-handling/invalid-input): every POST and PUT can answer 400.
        if matches!(route.method.as_str(), "POST" | "PUT") {
            assert!(takes_input, "{name} takes no input, so it could not be a 400; the ADR lint wants one");
        }
    }
}

#[test]
fn every_change_through_the_admin_api_has_a_name_in_the_audit_trail() {
    for route in declared().into_iter().filter(|r| r.admin && r.method != "GET" && r.method != "HEAD") {
        // A login is written where it happens, with its outcome (accounts::session).
        if route.method == "POST" && route.path == "/v1/admin/session" {
            continue;
        }
        let action = inspraak_server::accounts::audit::action(&route.method, &route.path).unwrap();
        assert!(
            action.contains('.') && !action.contains('/'),
            "{} {} is written as {action:?}",
            route.method,
            route.path
        );
    }
}

#[tokio::test]
async fn every_header_is_text_with_a_pattern_or_a_length_never_null() {
    let doc = TestApp::new().await.get("/v1/openapi.json").await.json();
    let mut headers = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for parameter in operation["parameters"].as_array().into_iter().flatten().filter(|p| p["in"] == "header") {
                let at = format!("{method} {path} {}", parameter["name"]);
                assert_eq!(parameter["schema"]["type"], "string", "{at}: a header is left out, never null");
                let schema = parameter["schema"].as_object().unwrap();
                assert!(schema.contains_key("pattern") || schema.contains_key("maxLength"), "{at} says what it takes");
                headers += 1;
            }
        }
    }
    assert!(headers >= 10, "the document has its headers ({headers})");
}

#[tokio::test]
async fn the_server_entry_is_the_public_origin_when_the_server_knows_it() {
    #[derive(clap::Parser)]
    struct Cli {
        #[command(flatten)]
        config: inspraak_server::Config,
    }
    let config = |args: &[&str]| <Cli as clap::Parser>::parse_from([&["serve"], args].concat()).config;
    let doc = inspraak_server::openapi::document(&config(&["--public-origin", "https://inspraak.voorbeeld.nl/"]));
    assert_eq!(
        doc["servers"],
        serde_json::json!([{ "url": "https://inspraak.voorbeeld.nl", "description": "This server" }])
    );
    let doc = inspraak_server::openapi::document(&config(&[]));
    assert_eq!(doc["servers"][0]["url"], "/", "without a public origin, the server the document came from");
}

#[tokio::test]
async fn every_schema_a_request_or_answer_names_exists_and_dates_have_their_format() {
    let doc = TestApp::new().await.get("/v1/openapi.json").await.json();
    let text = doc.to_string();
    for reference in text.split("\"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap();
        assert!(doc["components"]["schemas"].get(name).is_some(), "no schema {name}");
    }
    // The date fields the ADR lint looks at (…_date) and the others the API has.
    let schemas = &doc["components"]["schemas"];
    for (schema, field, format) in [
        ("Costs", "start_date", "date"),
        ("NewMeasurement", "measured_on", "date"),
        ("ChallengeReceipt", "decision_by", "date"),
        ("NewPoll", "opens_at", "date-time"),
        ("Round", "opened_at", "date-time"),
        ("SubmissionRecord", "delete_after", "date-time"),
    ] {
        assert_eq!(schemas[schema]["properties"][field]["format"], format, "{schema}.{field}");
    }
}
