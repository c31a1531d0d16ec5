//! Property tests: random JSON (shaped like our bodies, and not) and random bytes sent to every POST and PUT of the
//! API get an answer in the 2xx or 4xx range, never a 5xx, and the server keeps answering.

mod common;

use axum::http::{Method, StatusCode};
use common::{TOKEN, TestApp};
use proptest::{prelude::*, test_runner::TestRunner};
use serde_json::{Value, json};

/// The field names our bodies use, so random objects often look almost right.
const KEYS: [&str; 37] = [
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
    "initiative",
    "plan",
    "organisation",
    "support",
    "costs",
    "cooperation",
    "contact",
    "title",
    "task",
    "type",
    "kvk",
    "supporters",
    "attachments",
    "estimate",
    "budget",
    "start_date",
    "term_months",
    "postcode",
    "consent",
    "fill_seconds",
    "outcome",
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
            Just("€ 12.500,50".to_owned()),
            Just("1234 AB".to_owned()),
            Just("vereniging".to_owned()),
            Just("besluit_genomen".to_owned()),
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
    let (app, reference) = runtime.block_on(async {
        let app = TestApp::new().await;
        app.create_poll("p", json!({"choice": "multiple"})).await;
        let scan = json!({"id": "q", "title": {"nl": "Q"}, "round": {"id": "r", "name": "R"},
            "custom_questions": [{"id": "c", "kind": "text", "text": {"nl": "C?"}}]});
        assert_eq!(app.admin(Method::POST, "/v1/admin/quickscans", Some(&scan)).await.status, StatusCode::CREATED);
        let form = json!({"id": "u", "municipality": "Gemeente", "tasks": [{"id": "park", "label": "Park"}],
            "privacy_url": "https://voorbeeld.nl/privacy", "contact_email": "a@voorbeeld.nl"});
        let reply = app.admin(Method::PUT, "/v1/admin/challenge-forms/u", Some(&form)).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        let in_a_month = (time::OffsetDateTime::now_utc().date() + time::Duration::days(30)).to_string();
        let application = json!({
            "initiative": {"title": "T", "task": "park", "area": "A"},
            "plan": {"what": "W", "why_better": "B", "social_value": "S"},
            "organisation": {"name": "N", "type": "stichting", "experience": "E", "address": "Lindenlaan 1", "postcode": "1234 AB", "place": "Voorbeeld"},
            "support": {"supporters": 3, "how_shown": "H"},
            "costs": {"estimate": "100", "budget": "50", "start_date": in_a_month, "term_months": 6},
            "cooperation": {"support_needed": "S", "quality": "Q", "continuity": "C"},
            "contact": {"name": "N", "email": "n@voorbeeld.nl", "address": "Lindenlaan 12", "postcode": "1234 AB", "place": "Voorbeeld", "authorised": true, "consent": true},
            "fill_seconds": 60
        });
        let reply = app.post_json("/v1/challenge-forms/u/submissions", &application, &[]).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        let reference = reply.json()["reference"].as_str().unwrap().to_owned();
        (app, reference)
    });
    let auth = format!("Bearer {TOKEN}");
    let status_path = format!("/v1/admin/challenge-forms/u/submissions/{reference}/status");
    let targets = [
        (Method::POST, "/v1/polls/p/votes"),
        (Method::POST, "/v1/admin/polls"),
        (Method::PUT, "/v1/admin/polls/p"),
        (Method::POST, "/v1/admin/progress/m/measurements"),
        (Method::POST, "/v1/quickscans/q/responses"),
        (Method::POST, "/v1/quickscans/q/drafts"),
        (Method::POST, "/v1/admin/quickscans"),
        (Method::POST, "/v1/admin/quickscans/q/rounds"),
        (Method::POST, "/v1/challenge-forms/u/submissions"),
        (Method::POST, "/v1/challenge-forms/u/attachments"),
        (Method::PUT, "/v1/admin/challenge-forms/u"),
        (Method::POST, status_path.as_str()),
        (Method::POST, "/v1/admin/challenge-submissions/by-email"),
    ];
    let mut runner = TestRunner::new(ProptestConfig { cases: 300, ..ProptestConfig::default() });
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
