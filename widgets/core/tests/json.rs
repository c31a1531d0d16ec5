//! The widgets' JSON (the browser's parser, read by our small serde deserializer) against serde_json, which the server
//! writes and reads with: the same values come out, and what does not fit says where.

use std::collections::BTreeMap;

use inspraak_api::{
    Agreement, ChoiceMode, CustomAnswer, MunicipalityProgress, Poll, PollOption, PollStatus, Problem, QuickscanAnswers,
    ResultsVisibility, Role, VoteRequest,
};
use inspraak_widget_core::json;
use serde::{Serialize, de::DeserializeOwned};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// What the server writes, read by the widget, is the value the server had; what the widget writes means to the
/// server what it meant to the widget.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) {
    let from_server = serde_json::to_string(value).unwrap();
    assert_eq!(&json::parse::<T>(&from_server).unwrap(), value, "{from_server}");
    let from_widget = json::stringify(value).unwrap();
    assert_eq!(&serde_json::from_str::<T>(&from_widget).unwrap(), value, "{from_widget}");
    let as_server: serde_json::Value = serde_json::from_str(&from_server).unwrap();
    let as_widget: serde_json::Value = serde_json::from_str(&from_widget).unwrap();
    assert_eq!(as_widget, as_server);
}

fn poll() -> Poll {
    Poll {
        id: "speeltuin".into(),
        question: "Welke \"speeltuin\"?\nKies één.".into(),
        description: None,
        options: vec![
            PollOption { id: "a".into(), label: "Park ✓".into() },
            PollOption { id: "b".into(), label: "Plein \\ hof".into() },
        ],
        choice: ChoiceMode::Multiple,
        max_choices: 2,
        opens_at: Some("2026-12-01T09:00:00Z".into()),
        closes_at: None,
        results: ResultsVisibility::AfterVote,
        status: PollStatus::Open,
        requires_code: true,
    }
}

#[wasm_bindgen_test]
fn api_types_read_and_write_as_the_server_does() {
    round_trip(&poll());
    round_trip(&VoteRequest { choices: vec!["a".into(), "b".into()], voter: "x".repeat(32), code: None });
    let mut answers = QuickscanAnswers { role: Some(Role::Raadslid), ..QuickscanAnswers::default() };
    answers.statements.insert("s1".into(), Agreement::Agree);
    answers.grades = BTreeMap::from([("t1".into(), 7)]);
    answers.custom = BTreeMap::from([
        ("q1".into(), CustomAnswer::Scale(Agreement::Disagree)),
        ("q2".into(), CustomAnswer::Text("Meer \"inspraak\"".into())),
    ]);
    round_trip(&answers);
    round_trip(&vec![String::from("a"), String::new()]);
}

#[wasm_bindgen_test]
fn absent_optional_fields_take_their_defaults() {
    let poll: Poll = json::parse(
        r#"{"id":"p","question":"Q","options":[],"choice":"single","max_choices":1,"results":"never","status":"closed"}"#,
    )
    .unwrap();
    assert_eq!((poll.description, poll.requires_code), (None, false));
    let problem: Problem = json::parse(r#"{"title":"Niet gevonden","status":404}"#).unwrap();
    assert!(problem.invalid_params.is_empty() && problem.retry_after.is_none());
}

#[wasm_bindgen_test]
fn what_does_not_fit_says_where_and_what() {
    let syntax = json::parse::<Poll>(r#"{"id": "p""#).unwrap_err();
    assert!(syntax.syntax.is_some(), "{syntax:?}");
    let wrong = json::parse::<Poll>(&serde_json::to_string(&poll()).unwrap().replace(r#""multiple""#, r#""many""#))
        .unwrap_err();
    assert_eq!(wrong.to_string(), r#"unexpected value "many" at choice"#);
    let number = json::parse::<Poll>(
        &serde_json::to_string(&poll()).unwrap().replace(r#""max_choices":2"#, r#""max_choices":2.5"#),
    )
    .unwrap_err();
    assert_eq!(number.to_string(), "unexpected value 2.5 at max_choices");
    let label = json::parse::<Poll>(
        &serde_json::to_string(&poll()).unwrap().replace(r#""label":"Plein \\ hof""#, r#""label":7"#),
    )
    .unwrap_err();
    assert_eq!(label.to_string(), "unexpected value 7 at options.1.label");
    let missing =
        json::parse::<MunicipalityProgress>(r#"{"municipality":"x","name":"X","subgoals":[{"status":"explored"}]}"#)
            .unwrap_err();
    assert_eq!(missing.to_string(), "subgoals.0.subgoal is missing");
    assert!(json::parse::<Vec<String>>(r#"{"a": 1}"#).is_err());
    assert!(json::parse::<u32>("-1").is_err() && json::parse::<u32>("4294967296").is_err());
}
