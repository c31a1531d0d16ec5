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
    assert!(routes.iter().any(|route| route.guard.per_address), "some routes are limited per address");
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
        assert_eq!(has("429"), route.guard.per_address, "{name}: 429");
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
        ("get", "/v1/quickscans/{id}/drafts/{code}"),
        ("post", "/v1/challenge-forms/{id}/attachments"),
        ("post", "/v1/challenge-forms/{id}/submissions"),
    ] {
        assert!(limited(method, path), "{method} {path}");
    }
    assert!(!limited("get", "/v1/polls/{id}"), "reading is not limited");
}
