//! What every response shares: CORS for the configured origins, the API-Version header, the OpenAPI document.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;

async fn preflight(app: &TestApp, origin: &str) -> common::Reply {
    app.send(
        Method::OPTIONS,
        "/v1/polls/speeltuin/votes",
        &[
            ("origin", origin),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "content-type,idempotency-key"),
        ],
        None,
    )
    .await
}

#[tokio::test]
async fn a_json_post_preflight_is_allowed_for_configured_and_loopback_origins_only() {
    let app = TestApp::new().await;
    for origin in ["https://www.voorbeeldgemeente.nl", "http://127.0.0.1:8080", "http://localhost:5173"] {
        let reply = preflight(&app, origin).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.header("access-control-allow-origin"), Some(origin));
        let allowed = reply.header("access-control-allow-headers").unwrap();
        assert!(allowed.contains("idempotency-key") && allowed.contains("content-type"), "{allowed}");
    }
    let evil = preflight(&app, "https://phishing.example").await;
    assert_eq!(evil.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn every_response_carries_the_api_version() {
    let app = TestApp::new().await;
    for uri in ["/v1/openapi.json", "/v1/polls/x", "/v1/admin/polls", "/widgets/inspraak.js"] {
        assert_eq!(app.get(uri).await.header("api-version"), Some("1.0.0"), "{uri}");
    }
}

#[tokio::test]
async fn the_openapi_document_describes_every_route_without_authentication() {
    let app = TestApp::new().await;
    let reply = app.get("/v1/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = reply.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/v1/polls/{id}",
        "/v1/polls/{id}/votes",
        "/v1/polls/{id}/results",
        "/v1/admin/polls",
        "/v1/admin/polls/{id}",
        "/v1/admin/polls/{id}/close",
        "/v1/admin/polls/{id}/results.csv",
        "/v1/progress/{municipality}",
        "/v1/admin/progress/{municipality}/measurements",
        "/v1/admin/progress/{municipality}/history",
        "/v1/admin/progress/{municipality}/history.csv",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} missing from the OpenAPI document");
    }
    let vote = &doc["paths"]["/v1/polls/{id}/votes"]["post"];
    for status in ["201", "409", "422"] {
        assert!(vote["responses"].get(status).is_some(), "vote response {status} undocumented");
    }
    assert!(doc["components"]["schemas"].get("Problem").is_some());
}

#[tokio::test]
async fn widget_files_may_be_loaded_by_any_site() {
    let app = TestApp::new().await;
    std::fs::create_dir_all(app.dir.path().join("pkg")).unwrap();
    std::fs::write(app.dir.path().join("pkg/inspraak.js"), "export {};").unwrap();
    std::fs::write(app.dir.path().join("pkg/inspraak_widgets_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let js = app.send(Method::GET, "/widgets/inspraak.js", &[("origin", "https://elders.example")], None).await;
    assert_eq!(js.status, StatusCode::OK);
    assert_eq!(js.header("content-type"), Some("text/javascript"));
    assert_eq!(js.header("access-control-allow-origin"), Some("*"));
    let wasm = app.get("/widgets/inspraak_widgets_bg.wasm").await;
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413_as_problem_json() {
    let app = TestApp::new().await;
    app.create_poll("groot", serde_json::json!({})).await;
    let padding = "x".repeat(inspraak_server::routes::MAX_BODY_BYTES);
    let body = format!(r#"{{"choices": ["park"], "voter": "{padding}"}}"#);
    let reply =
        app.send(Method::POST, "/v1/polls/groot/votes", &[("content-type", "application/json")], Some(&body)).await;
    reply.problem(413);
    assert_eq!(app.count("SELECT COUNT(*) FROM votes").await, 0);
}

#[tokio::test]
async fn api_answers_are_no_documents_and_http_gets_no_hsts() {
    let app = TestApp::new().await;
    let reply = app.get("/v1/openapi.json").await;
    assert_eq!(reply.header("content-security-policy"), Some("default-src 'none'; frame-ancestors 'none'"));
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(reply.header("strict-transport-security"), None, "the test server is plain http");
}

#[tokio::test]
async fn a_body_nested_deeper_than_the_limit_is_refused_before_parsing() {
    let app = TestApp::new().await;
    app.create_poll("diep", serde_json::json!({})).await;
    let depth = inspraak_server::request::MAX_JSON_DEPTH + 1;
    let body = format!(
        r#"{{"choices": {}"park"{}, "voter": "{}"}}"#,
        "[".repeat(depth - 1),
        "]".repeat(depth - 1),
        common::voter(1)
    );
    let reply =
        app.send(Method::POST, "/v1/polls/diep/votes", &[("content-type", "application/json")], Some(&body)).await;
    let fields = reply.invalid_fields();
    assert_eq!(fields, [("body".to_owned(), "too_long".to_owned())]);
    assert!(reply.json()["invalidParams"][0]["reason"].as_str().unwrap().contains("33 levels"));
}
