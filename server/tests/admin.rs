//! The back office's admin API: token, creating, changing, closing and exporting polls.

mod common;

use axum::http::{Method, StatusCode};
use common::{TOKEN, TestApp, voter};
use serde_json::json;

#[tokio::test]
async fn without_a_configured_token_the_admin_api_is_off() {
    let app = TestApp::with_token(None).await;
    let body = app.admin(Method::GET, "/v1/admin/polls", None).await.problem(404);
    assert_eq!(body["title"], "Admin API off");
}

#[tokio::test]
async fn a_missing_or_wrong_token_is_refused() {
    let app = TestApp::new().await;
    let none = app.get("/v1/admin/polls").await;
    none.problem(401);
    assert_eq!(none.header("www-authenticate"), Some("Bearer"));
    let wrong = app.send(Method::GET, "/v1/admin/polls", &[("authorization", "Bearer raden")], None).await;
    wrong.problem(401);
    let prefix = format!("Bearer {}", &TOKEN[..TOKEN.len() - 1]);
    app.send(Method::GET, "/v1/admin/polls", &[("authorization", &prefix)], None).await.problem(401);
}

#[tokio::test]
async fn a_created_poll_has_a_location_and_its_id_cannot_be_taken_twice() {
    let app = TestApp::new().await;
    let body = json!({"id": "bankjes", "question": "Waar moeten bankjes komen?",
        "options": [{"id": "markt", "label": "Markt"}, {"id": "haven", "label": "Haven"}]});
    let created = app.admin(Method::POST, "/v1/admin/polls", Some(&body)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.header("location"), Some("/v1/polls/bankjes"));
    assert_eq!(created.json()["results"], "after_vote");
    let again = app.admin(Method::POST, "/v1/admin/polls", Some(&body)).await.problem(409);
    assert_eq!(again["type"], "urn:inspraak:problem:already-exists");
    assert_eq!(app.admin(Method::GET, "/v1/admin/polls", None).await.json().as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_invalid_poll_lists_every_field() {
    let app = TestApp::new().await;
    let body = json!({"id": "Met Spaties", "question": "", "options": [{"id": "a", "label": "A"}],
        "opens_at": "morgen"});
    let fields = app.admin(Method::POST, "/v1/admin/polls", Some(&body)).await.invalid_fields();
    let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["id", "question", "options", "opens_at"]);
}

#[tokio::test]
async fn a_poll_can_be_reworded_but_options_with_votes_stay() {
    let app = TestApp::new().await;
    app.create_poll("speeltuin", json!({})).await;
    app.vote("speeltuin", &["park"], &voter(1)).await;
    let mut changed = app.get("/v1/polls/speeltuin").await.json();
    changed["question"] = json!("Welke speelplek eerst?");
    changed["options"] = json!([{"id": "park", "label": "Het park"}, {"id": "school", "label": "De school"}]);
    let reply = app.admin(Method::PUT, "/v1/admin/polls/speeltuin", Some(&changed)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json()["options"][0]["label"], "Het park");
    assert_eq!(app.get("/v1/polls/speeltuin/results").await.status, StatusCode::FORBIDDEN);

    changed["options"] = json!([{"id": "plein", "label": "Plein"}, {"id": "school", "label": "School"}]);
    let refused = app.admin(Method::PUT, "/v1/admin/polls/speeltuin", Some(&changed)).await.problem(409);
    assert_eq!(refused["type"], "urn:inspraak:problem:poll-has-votes");
    assert_eq!(app.count("SELECT votes FROM poll_options WHERE id = 'park'").await, 1);

    changed["id"] = json!("ander-id");
    let mismatch = app.admin(Method::PUT, "/v1/admin/polls/speeltuin", Some(&changed)).await;
    assert_eq!(mismatch.invalid_fields()[0].0, "id");
}

#[tokio::test]
async fn closing_a_poll_stops_the_voting() {
    let app = TestApp::new().await;
    app.create_poll("speeltuin", json!({})).await;
    let closed = app.admin(Method::POST, "/v1/admin/polls/speeltuin/close", None).await;
    assert_eq!(closed.json()["status"], "closed");
    app.vote("speeltuin", &["park"], &voter(1)).await.problem(409);
    app.admin(Method::POST, "/v1/admin/polls/bestaat-niet/close", None).await.problem(404);
}

#[tokio::test]
async fn closing_a_poll_that_has_not_opened_yet_closes_it_and_publishes_after_close_results() {
    let app = TestApp::new().await;
    app.create_poll("straks", json!({"opens_at": "2099-01-01T00:00:00Z", "results": "after_close"})).await;
    let closed = app.admin(Method::POST, "/v1/admin/polls/straks/close", None).await.json();
    assert_eq!(closed["status"], "closed");
    assert!(closed["opens_at"].as_str().unwrap() <= closed["closes_at"].as_str().unwrap(), "{closed}");
    assert_eq!(app.get("/v1/polls/straks/results").await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive() {
    let app = TestApp::new().await;
    let auth = format!("bearer {TOKEN}");
    assert_eq!(
        app.send(Method::GET, "/v1/admin/polls", &[("authorization", &auth)], None).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn results_export_as_csv_with_formulas_neutralised() {
    let app = TestApp::new().await;
    app.create_poll(
        "csv",
        json!({"results": "never", "options": [{"id": "a", "label": "=HYPERLINK(\"http://x\")"}, {"id": "b", "label": "Gewoon, met komma"}]}),
    )
    .await;
    app.vote("csv", &["a"], &voter(1)).await;
    app.vote("csv", &["a"], &voter(2)).await;
    app.vote("csv", &["b"], &voter(3)).await;
    let reply = app.admin(Method::GET, "/v1/admin/polls/csv/results.csv", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("text/csv; charset=utf-8"));
    assert_eq!(
        reply.text,
        "option_id,label,votes,percent_of_voters,voters\n\
         a,\"'=HYPERLINK(\"\"http://x\"\")\",2,67,3\n\
         b,\"Gewoon, met komma\",1,33,3\n"
    );
    let json = app.admin(Method::GET, "/v1/admin/polls/csv/results", None).await.json();
    assert_eq!(json["voters"], 3);
}

#[tokio::test]
async fn a_retried_create_with_the_same_key_is_not_a_conflict() {
    let app = TestApp::new().await;
    let body = json!({"id": "eenmaal", "question": "Vraag?", "options": [{"id": "ja", "label": "Ja"}, {"id": "nee", "label": "Nee"}]});
    let auth = format!("Bearer {TOKEN}");
    let headers = [("authorization", auth.as_str()), ("idempotency-key", "create-1")];
    let first = app.post_json("/v1/admin/polls", &body, &headers).await;
    let retry = app.post_json("/v1/admin/polls", &body, &headers).await;
    assert_eq!((first.status, retry.status), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!(retry.text, first.text);
    assert_eq!(app.count("SELECT COUNT(*) FROM polls").await, 1);
}
