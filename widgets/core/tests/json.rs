//! The widgets' JSON (the browser's parser, read by our small serde deserializer or by the hand-written readers)
//! against serde_json, which the server writes and reads with: the same values come out, and what does not fit says
//! where.

use std::collections::BTreeMap;

use inspraak_api::{
    Address, Agreement, ChoiceMode, CustomAnswer, FieldError, FieldErrorCode, MunicipalityProgress, OptionImage,
    OptionResult, OutcomeKind, Poll, PollOption, PollOutcome, PollResults, PollStatus, PreviousMeasurement, Problem,
    ProblemKind, QuickscanAnswers, ResultsVisibility, Role, SubgoalProgress, SubgoalStatus, VoteReceipt, VoteRequest,
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
            PollOption { id: "a".into(), label: "Park ✓".into(), ..Default::default() },
            PollOption {
                id: "b".into(),
                label: "Plein \\ hof".into(),
                description: Some("Met bankjes".into()),
                link: Some("https://gemeente.example/plein".into()),
                image: Some(OptionImage {
                    url: format!("poll-images/{}", "ab".repeat(32)),
                    alt: "Een plein met \"bomen\"".into(),
                    width: Some(640),
                    height: Some(480),
                }),
            },
        ],
        choice: ChoiceMode::Multiple,
        max_choices: 2,
        opens_at: Some("2026-12-01T09:00:00Z".into()),
        closes_at: None,
        results: ResultsVisibility::AfterVote,
        status: PollStatus::Open,
        requires_code: true,
        outcome: None,
        eligibility: None,
        feedback: None,
        address: Address::Je,
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

/// What the server writes, read by a hand-written reader (`json::read`), is the value the server had.
fn reads_as_serde<T: Serialize + json::FromJson + PartialEq + std::fmt::Debug>(value: &T) {
    let from_server = serde_json::to_string(value).unwrap();
    assert_eq!(&json::read::<T>(&from_server).unwrap(), value, "{from_server}");
}

/// What a hand-written writer (`json::write`) sends means to the server what it meant to the widget.
fn writes_as_serde<T: Serialize + DeserializeOwned + json::ToJson + PartialEq + std::fmt::Debug>(value: &T) {
    let from_widget = json::write(value).unwrap();
    assert_eq!(&serde_json::from_str::<T>(&from_widget).unwrap(), value, "{from_widget}");
    let as_widget: serde_json::Value = serde_json::from_str(&from_widget).unwrap();
    assert_eq!(as_widget, serde_json::to_value(value).unwrap());
}

fn progress() -> MunicipalityProgress {
    let subgoal = |number: u8, status: SubgoalStatus| SubgoalProgress {
        subgoal: number,
        status,
        note: None,
        evidence_url: None,
        measured_on: None,
        previous: None,
    };
    MunicipalityProgress {
        municipality: "voorbeeld".into(),
        name: "Gemeente \"Voorbeeld\"".into(),
        subgoals: vec![
            SubgoalProgress {
                note: Some("Eigen budget ✓".into()),
                evidence_url: Some("https://www.example.nl/raad".into()),
                measured_on: Some("2026-03-02".into()),
                previous: Some(PreviousMeasurement {
                    status: SubgoalStatus::Explored,
                    measured_on: "2025-09-15".into(),
                }),
                ..subgoal(1, SubgoalStatus::InProgress)
            },
            subgoal(2, SubgoalStatus::NotStarted),
            subgoal(3, SubgoalStatus::Embedded),
            subgoal(4, SubgoalStatus::Explored),
        ],
    }
}

#[wasm_bindgen_test]
fn the_hand_written_readers_read_what_serde_writes() {
    let mut poll = poll();
    reads_as_serde(&poll);
    poll.description = Some("Over de speeltuin".into());
    poll.closes_at = Some("2026-12-31T17:00:00+01:00".into());
    poll.requires_code = false;
    poll.eligibility = Some("Inwoners van 12 jaar en ouder".into());
    poll.feedback = Some("We leggen het plein aan.".into());
    poll.address = Address::U;
    for kind in OutcomeKind::ALL {
        poll.outcome = Some(PollOutcome {
            kind,
            decided_by: "de gemeenteraad".into(),
            published_on: Some("2027-03-15".into()),
            published_where: None,
        });
        reads_as_serde(&poll);
    }
    for choice in [ChoiceMode::Single, ChoiceMode::Multiple] {
        for results in ResultsVisibility::ALL {
            for status in PollStatus::ALL {
                reads_as_serde(&Poll { choice, results, status, ..poll.clone() });
            }
        }
    }
    let results = PollResults {
        poll: "speeltuin".into(),
        voters: 9_007_199_254_740_991,
        options: vec![OptionResult { id: "a".into(), votes: 0 }, OptionResult { id: "b".into(), votes: 12 }],
    };
    reads_as_serde(&results);
    reads_as_serde(&VoteReceipt { poll: "speeltuin".into(), results: None });
    reads_as_serde(&VoteReceipt { poll: "speeltuin".into(), results: Some(results) });
    reads_as_serde(&vec![String::from("a"), String::new()]);

    let mut problem = Problem::new(ProblemKind::TooManyRequests, 429, "Too many requests").with_detail("Wacht even.");
    reads_as_serde(&problem);
    problem.instance = Some("/v1/polls/x/votes".into());
    problem.retry_after = Some(30);
    problem.invalid_params =
        FieldErrorCode::ALL.iter().map(|&code| FieldError::new("choices[0]", code, "not an option")).collect();
    reads_as_serde(&problem);

    let mut progress = progress();
    reads_as_serde(&progress);
    progress.municipality.clear();
    reads_as_serde(&progress);
}

#[wasm_bindgen_test]
fn the_hand_written_writers_write_what_serde_reads() {
    writes_as_serde(&VoteRequest { choices: vec!["a".into(), "b".into()], voter: "x".repeat(32), code: None });
    writes_as_serde(&VoteRequest { choices: vec![], voter: "v".into(), code: Some("ABCD-EFGH-JKMN".into()) });
    writes_as_serde(&vec![String::from("a \"b\""), String::new()]);
}

#[wasm_bindgen_test]
fn the_hand_written_readers_take_serde_defaults_and_nulls() {
    let poll: Poll = json::read(
        r#"{"id":"p","question":"Q","description":null,"options":[],"choice":"single","max_choices":1,"results":"never","status":"closed"}"#,
    )
    .unwrap();
    assert_eq!((poll.description, poll.opens_at, poll.requires_code), (None, None, false));
    assert!(json::read::<Poll>(&serde_json::to_string(&self::poll()).unwrap().replace("true", "null")).is_err());
    let problem: Problem = json::read(r#"{"title":"Niet gevonden","status":404}"#).unwrap();
    assert_eq!(problem.type_uri, "about:blank");
    assert!(problem.invalid_params.is_empty() && problem.retry_after.is_none() && problem.detail.is_none());
    let progress: MunicipalityProgress = json::read(r#"{"name":"X","subgoals":[]}"#).unwrap();
    assert_eq!(progress.municipality, "");
}

#[wasm_bindgen_test]
fn what_the_hand_written_readers_cannot_read_says_where_and_what() {
    let server = serde_json::to_string(&poll()).unwrap();
    let syntax = json::read::<Poll>(r#"{"id": "p""#).unwrap_err();
    assert!(syntax.syntax.is_some(), "{syntax:?}");
    let wrong = json::read::<Poll>(&server.replace(r#""multiple""#, r#""many""#)).unwrap_err();
    assert_eq!(wrong.to_string(), r#"unexpected value "many" at choice"#);
    let number = json::read::<Poll>(&server.replace(r#""max_choices":2"#, r#""max_choices":2.5"#)).unwrap_err();
    assert_eq!(number.to_string(), "unexpected value 2.5 at max_choices");
    let label = json::read::<Poll>(&server.replace(r#""label":"Plein \\ hof""#, r#""label":7"#)).unwrap_err();
    assert_eq!(label.to_string(), "unexpected value 7 at options.1.label");
    let options =
        json::read::<Poll>(&server.replace(r#""options":["#, r#""options":{"a":["#).replace("]", "]}")).unwrap_err();
    assert_eq!(options.to_string(), "unexpected value at options");
    let missing =
        json::read::<MunicipalityProgress>(r#"{"municipality":"x","name":"X","subgoals":[{"status":"explored"}]}"#)
            .unwrap_err();
    assert_eq!(missing.to_string(), "subgoals.0.subgoal is missing");
    let status =
        json::read::<MunicipalityProgress>(r#"{"name":"X","subgoals":[{"subgoal":1,"status":"bezig"}]}"#).unwrap_err();
    assert_eq!(status.to_string(), r#"unexpected value "bezig" at subgoals.0.status"#);
    let subgoal =
        json::read::<MunicipalityProgress>(r#"{"name":"X","subgoals":[{"subgoal":256,"status":"explored"}]}"#)
            .unwrap_err();
    assert_eq!(subgoal.to_string(), "unexpected value 256 at subgoals.0.subgoal");
    assert!(json::read::<Vec<String>>(r#"{"a": 1}"#).is_err() && json::read::<Vec<String>>("null").is_err());
    assert!(json::read::<u32>("-1").is_err() && json::read::<u32>("4294967296").is_err());
    assert_eq!(json::read::<u32>("4294967295"), Ok(u32::MAX));
}
