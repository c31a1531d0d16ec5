//! Property tests: random JSON (shaped like our bodies, and not) and random bytes sent to every POST and PUT of the
//! API get an answer in the 2xx or 4xx range, never a 5xx, and the server keeps answering.

mod common;

use axum::http::{Method, StatusCode};
use common::{TOKEN, TestApp};
use proptest::{prelude::*, test_runner::TestRunner};
use serde_json::{Value, json};

/// The field names our bodies use, so random objects often look almost right.
const KEYS: [&str; 16] = [
    "choices",
    "voter",
    "id",
    "question",
    "description",
    "options",
    "label",
    "choice",
    "max_choices",
    "opens_at",
    "closes_at",
    "results",
    "name",
    "measurements",
    "subgoal",
    "status",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        prop_oneof![
            Just("park".to_owned()),
            Just("0123456789abcdef0123456789abcdef".to_owned()),
            Just("2026-02-30".to_owned()),
            Just("in_progress".to_owned()),
            ".{0,40}",
            "\\PC{0,300}",
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::from),
            prop::collection::vec((prop::sample::select(KEYS.to_vec()), inner), 0..8)
                .prop_map(|fields| { Value::Object(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()) }),
        ]
    })
}

#[test]
fn random_bodies_get_an_answer_never_a_server_error() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let app = runtime.block_on(async {
        let app = TestApp::new().await;
        app.create_poll("p", json!({"choice": "multiple"})).await;
        let scan = json!({"id": "q", "title": {"nl": "Q"}, "round": {"id": "r", "name": "R"},
            "custom_questions": [{"id": "c", "kind": "text", "text": {"nl": "C?"}}]});
        assert_eq!(app.admin(Method::POST, "/v1/admin/quickscans", Some(&scan)).await.status, StatusCode::CREATED);
        app
    });
    let auth = format!("Bearer {TOKEN}");
    let targets = [
        (Method::POST, "/v1/polls/p/votes"),
        (Method::POST, "/v1/admin/polls"),
        (Method::PUT, "/v1/admin/polls/p"),
        (Method::POST, "/v1/admin/progress/m/measurements"),
        (Method::POST, "/v1/quickscans/q/responses"),
        (Method::POST, "/v1/quickscans/q/drafts"),
        (Method::POST, "/v1/admin/quickscans"),
        (Method::POST, "/v1/admin/quickscans/q/rounds"),
    ];
    let mut runner = TestRunner::new(ProptestConfig { cases: 200, ..ProptestConfig::default() });
    let input = (json_value(), prop::collection::vec(any::<u8>(), 0..64), any::<bool>(), 0..targets.len());
    runner
        .run(&input, |(value, bytes, send_bytes, target)| {
            let (method, path) = &targets[target];
            let body = if send_bytes { String::from_utf8_lossy(&bytes).into_owned() } else { value.to_string() };
            let headers = [("content-type", "application/json"), ("authorization", auth.as_str())];
            let reply = runtime.block_on(app.send(method.clone(), path, &headers, Some(&body)));
            prop_assert!(
                reply.status.is_success() || reply.status.is_client_error(),
                "{method} {path} with {body} answered {}: {}",
                reply.status,
                reply.text
            );
            if reply.status.is_client_error() {
                prop_assert_eq!(reply.header("content-type"), Some("application/problem+json"));
            }
            Ok(())
        })
        .unwrap();
    // Still serving after all of it.
    let poll = runtime.block_on(app.get("/v1/polls/p"));
    assert_eq!(poll.status, StatusCode::OK);
}
