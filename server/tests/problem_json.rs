//! Every error answer of the API is RFC 9457 problem+json, also those that axum gives before a handler runs
//! (found by Schemathesis: a response number that is not a number was a 400 in text/plain, an unknown method a
//! 405 with no body).

mod common;

use axum::http::Method;
use common::{TOKEN, TestApp};

#[tokio::test]
async fn a_path_segment_that_is_not_a_number_is_a_400_problem() {
    let app = TestApp::new().await;
    let auth = format!("Bearer {TOKEN}");
    for number in ["abc", "99999999999999999999"] {
        let uri = format!("/v1/admin/quickscans/scan/responses/{number}");
        let reply = app.send(Method::DELETE, &uri, &[("authorization", &auth)], None).await;
        let body = reply.problem(400);
        assert_eq!(body["type"], "urn:inspraak:problem:invalid-input");
        assert!(body["detail"].as_str().is_some_and(|d| d.contains(number)), "{}", reply.text);
        assert_eq!(reply.header("api-version"), Some("1.0.0"));
    }
}

#[tokio::test]
async fn a_method_a_route_does_not_have_is_a_405_problem_that_keeps_allow() {
    let app = TestApp::new().await;
    let reply = app.send(Method::PATCH, "/v1/polls/speeltuin", &[], None).await;
    let body = reply.problem(405);
    assert_eq!(body["type"], "about:blank");
    assert_eq!(body["title"], "Method Not Allowed");
    assert!(reply.header("allow").is_some_and(|allow| allow.contains("GET")), "{:?}", reply.headers);
}

#[tokio::test]
async fn problems_from_handlers_are_left_as_they_are() {
    let app = TestApp::new().await;
    let reply = app.get("/v1/polls/missing").await;
    let body = reply.problem(404);
    assert_eq!(body["detail"], "No poll with this id.");
}

#[tokio::test]
async fn the_openapi_document_lists_the_errors_that_layers_and_extractors_give() {
    let app = TestApp::new().await;
    let doc = app.get("/v1/openapi.json").await.json();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            let has = |status: &str| responses.contains_key(status);
            if path.starts_with("/v1/admin/") {
                assert!(has("401"), "{method} {path} lacks 401");
            }
            if path.contains('{') {
                assert!(has("400"), "{method} {path} lacks 400");
            }
            if operation["requestBody"]["content"].get("application/json").is_some() {
                for status in ["413", "415", "422"] {
                    assert!(has(status), "{method} {path} lacks {status}");
                }
            }
        }
    }
    assert!(doc["paths"]["/v1/polls/{id}/votes"]["post"]["responses"].get("429").is_some());
}

#[tokio::test]
async fn every_operation_id_is_unique_and_every_response_declares_api_version() {
    let app = TestApp::new().await;
    let doc = app.get("/v1/openapi.json").await.json();
    let mut ids = std::collections::BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().unwrap();
            assert!(ids.insert(id.to_owned()), "{method} {path}: operationId {id} is used twice");
            for (status, response) in operation["responses"].as_object().unwrap() {
                assert!(response["headers"].get("API-Version").is_some(), "{method} {path} {status}");
            }
        }
    }
}
