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

#[tokio::test]
async fn a_body_that_is_not_json_is_a_400_and_json_that_does_not_fit_a_422() {
    let app = TestApp::new().await;
    let headers = [("content-type", "application/json")];
    let reply = app.send(Method::POST, "/v1/polls/speeltuin/votes", &headers, Some("{\"choices\": [")).await;
    let body = reply.problem(400);
    assert_eq!(body["invalidParams"][0]["name"], "choices", "where the JSON broke off: {}", reply.text);
    let reply = app.send(Method::POST, "/v1/polls/speeltuin/votes", &headers, Some("{\"choices\": 1}")).await;
    assert_eq!(reply.invalid_fields(), [("choices".to_owned(), "format".to_owned())]);
    let empty = app.send(Method::POST, "/v1/polls/speeltuin/votes", &headers, Some("")).await;
    assert_eq!(empty.invalid_fields(), [("body".to_owned(), "required".to_owned())], "empty stays a 422");
    // An array is JSON but no body of API v1 (serde would read a struct from its fields in order).
    let array = app.send(Method::POST, "/v1/polls/speeltuin/votes", &headers, Some("[[\"a\"], null]")).await;
    assert_eq!(array.invalid_fields(), [("body".to_owned(), "format".to_owned())]);
}

#[tokio::test]
async fn a_whole_number_written_as_a_float_is_an_integer_as_json_schema_says() {
    let app = TestApp::new().await;
    app.create_poll("codes", serde_json::json!({})).await;
    let auth = format!("Bearer {TOKEN}");
    let headers = [("content-type", "application/json"), ("authorization", auth.as_str())];
    let reply = app.send(Method::POST, "/v1/admin/polls/codes/codes", &headers, Some("{\"count\": 2.0}")).await;
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.text);
    assert_eq!(reply.json()["codes"].as_array().map(Vec::len), Some(2));
    let reply = app.send(Method::POST, "/v1/admin/polls/codes/codes", &headers, Some("{\"count\": 2.5}")).await;
    assert_eq!(reply.invalid_fields(), [("count".to_owned(), "format".to_owned())]);
}

#[tokio::test]
async fn every_problem_has_a_detail() {
    let app = TestApp::new().await;
    let reply = app.send(Method::PATCH, "/v1/polls/speeltuin", &[], None).await;
    let body = reply.problem(405);
    assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()), "{}", reply.text);
}
