//! Progress on the seven subgoals: the back office records rounds, the history is kept, the badge reads the latest.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use serde_json::{Value, json};

async fn record(app: &TestApp, municipality: &str, round: Value) -> common::Reply {
    app.admin(Method::POST, &format!("/v1/admin/progress/{municipality}/measurements"), Some(&round)).await
}

#[tokio::test]
async fn an_unknown_municipality_is_a_404() {
    let app = TestApp::new().await;
    app.get("/v1/progress/nergenshuizen").await.problem(404);
    app.admin(Method::GET, "/v1/admin/progress/nergenshuizen/history", None).await.problem(404);
}

#[tokio::test]
async fn the_latest_measurement_shows_with_the_one_before_and_unmeasured_subgoals_are_not_started() {
    let app = TestApp::new().await;
    let first = record(
        &app,
        "voorbeeld",
        json!({"name": "Gemeente Voorbeeld", "measurements": [
            {"subgoal": 1, "status": "explored", "measured_on": "2025-09-15"},
            {"subgoal": 3, "status": "in_progress", "measured_on": "2025-09-15"}
        ]}),
    )
    .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    record(
        &app,
        "voorbeeld",
        json!({"measurements": [
            {"subgoal": 1, "status": "in_progress", "measured_on": "2026-03-02",
             "note": "Eigen onderzoeksbudget", "evidence_url": "https://www.example.nl/raad"}
        ]}),
    )
    .await;
    // Recorded later but measured earlier: history, not the current status.
    record(
        &app,
        "voorbeeld",
        json!({"measurements": [{"subgoal": 1, "status": "not_started", "measured_on": "2024-01-01"}]}),
    )
    .await;

    let progress = app.get("/v1/progress/voorbeeld").await.json();
    assert_eq!(progress["name"], "Gemeente Voorbeeld");
    let subgoals = progress["subgoals"].as_array().unwrap();
    assert_eq!(subgoals.len(), 7);
    assert_eq!(
        subgoals[0],
        json!({"subgoal": 1, "status": "in_progress", "note": "Eigen onderzoeksbudget",
               "evidence_url": "https://www.example.nl/raad", "measured_on": "2026-03-02",
               "previous": {"status": "explored", "measured_on": "2025-09-15"}})
    );
    assert_eq!(subgoals[1], json!({"subgoal": 2, "status": "not_started"}));
    assert_eq!(subgoals[2]["status"], "in_progress");
    assert!(subgoals[2].get("previous").is_none());

    let history = app.admin(Method::GET, "/v1/admin/progress/voorbeeld/history", None).await.json();
    let dates: Vec<&str> = history.as_array().unwrap().iter().map(|row| row["measured_on"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2024-01-01", "2025-09-15", "2025-09-15", "2026-03-02"]);
}

#[tokio::test]
async fn the_history_exports_as_csv_with_formulas_neutralised() {
    let app = TestApp::new().await;
    record(
        &app,
        "voorbeeld",
        json!({"name": "Voorbeeld", "measurements": [
            {"subgoal": 7, "status": "embedded", "measured_on": "2026-01-05", "note": "=1+1 dreigingen gemeld"}
        ]}),
    )
    .await;
    let csv = app.admin(Method::GET, "/v1/admin/progress/voorbeeld/history.csv", None).await;
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    let lines: Vec<&str> = csv.text.lines().collect();
    assert_eq!(lines[0], "subgoal,status,measured_on,note,evidence_url,recorded_at");
    assert!(lines[1].starts_with("7,embedded,2026-01-05,'=1+1 dreigingen gemeld,,20"), "{}", lines[1]);
    assert_eq!(lines.len(), 2);
}

#[tokio::test]
async fn an_invalid_round_names_each_field_and_stores_nothing() {
    let app = TestApp::new().await;
    let reply = record(
        &app,
        "Voorbeeld_Stad",
        json!({"measurements": [
            {"subgoal": 0, "status": "explored", "measured_on": "2026-01-01"},
            {"subgoal": 2, "status": "explored", "measured_on": "2999-01-01", "evidence_url": "javascript:alert(1)"}
        ]}),
    )
    .await;
    let names: Vec<String> = reply.invalid_fields().into_iter().map(|(name, _)| name).collect();
    assert_eq!(
        names,
        [
            "municipality",
            "measurements[0].subgoal",
            "measurements[1].evidence_url",
            "measurements[1].measured_on",
            "name"
        ]
    );
    let unknown = record(
        &app,
        "voorbeeld",
        json!({"name": "V", "measurements": [{"subgoal": 1, "status": "bezig", "measured_on": "2026-01-01"}]}),
    )
    .await;
    assert_eq!(unknown.invalid_fields()[0].0, "measurements[0].status");
    assert_eq!(app.count("SELECT COUNT(*) FROM progress_measurements").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM municipalities").await, 0);
}

#[tokio::test]
async fn recording_needs_the_admin_token() {
    let app = TestApp::new().await;
    let body =
        json!({"name": "V", "measurements": [{"subgoal": 1, "status": "explored", "measured_on": "2026-01-01"}]});
    app.post_json("/v1/admin/progress/voorbeeld/measurements", &body, &[]).await.problem(401);
    assert_eq!(app.count("SELECT COUNT(*) FROM progress_measurements").await, 0);
}
