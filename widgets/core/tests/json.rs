//! The widgets' JSON (the browser's parser, read by our small serde deserializer or by the hand-written readers)
//! against serde_json, which the server writes and reads with: the same values come out, and what does not fit says
//! where.

use inspraak_api::SortedMap;

use inspraak_api::{
    Address, Agreement, ChallengeAttachment, ChallengeForm, ChallengeReceipt, ChallengeSubmission, ChallengeTask,
    ChoiceMode, CustomAnswer, CustomKind, CustomQuestion, DraftCode, FieldError, FieldErrorCode, GroupScore,
    MunicipalityProgress, OptionImage, OptionResult, OrganisationType, OutcomeKind, Poll, PollOption, PollOutcome,
    PollResults, PollStatus, PreviousMeasurement, Problem, ProblemKind, Quickscan, QuickscanAnswers, QuickscanResults,
    ResponseReceipt, ResultsVisibility, Role, Round, RoundStatus, SaveDraft, SavedDraft, Statement, SubgoalProgress,
    SubgoalStatus, Text, Theme, ThemeResult, ThemeScore, VoteReceipt, VoteRequest,
    challenge::{
        ApplicantType, ChallengeQuestion, Contact, Cooperation, Costs, Execution, Initiative, Organisation, Plan,
        Support,
    },
};
use inspraak_widget_core::{
    form::{Draft, Sending},
    json,
};
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
    answers.grades = SortedMap::from([("t1".into(), 7)]);
    answers.custom = SortedMap::from([
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

fn text(nl: &str, en: Option<&str>) -> Text {
    Text { nl: nl.into(), en: en.map(Into::into) }
}

/// A scan with every optional part filled in, and one with none.
fn quickscans() -> [Quickscan; 2] {
    let statement = Statement {
        id: "raad-1".into(),
        text: text("De raad \"luistert\".", Some("The council listens.")),
        by_role: SortedMap::from([(Role::Raadslid, text("Wij luisteren.", None))]),
        roles: vec![Role::Inwoner, Role::Raadslid],
    };
    let full = Quickscan {
        id: "scan".into(),
        title: text("Quick scan", Some("Quick scan")),
        description: Some(text("Over de democratie", None)),
        round: Round {
            id: "nulmeting".into(),
            name: "Nulmeting 2026".into(),
            status: RoundStatus::Closed,
            opened_at: "2026-01-01T09:00:00Z".into(),
            closed_at: Some("2026-02-01T09:00:00Z".into()),
        },
        themes: vec![Theme {
            id: "raad".into(),
            subgoal: Some(7),
            title: text("De raad", None),
            subtitle: Some(text("Wie beslist", None)),
            intro: Some(text("Vooraf", Some("First"))),
            explanation: text("Een hoge score…", None),
            statements: vec![statement.clone(), Statement { by_role: SortedMap::new(), roles: vec![], ..statement }],
            open_question: Some(text("Wat mist u?", None)),
        }],
        custom_questions: vec![
            CustomQuestion { id: "eigen-1".into(), text: text("Schaal", None), kind: CustomKind::Scale },
            CustomQuestion { id: "eigen-2".into(), text: text("Open", None), kind: CustomKind::Text },
        ],
        grades: true,
        priorities: true,
        min_group: 5,
        invitation_roles: vec![Role::Raadslid, Role::Collegelid],
        role_min_group: SortedMap::from([(Role::Raadslid, 3), (Role::Ambtenaar, 8)]),
        address: Address::U,
    };
    let mut bare = full.clone();
    bare.description = None;
    bare.round.status = RoundStatus::Open;
    bare.round.closed_at = None;
    bare.custom_questions.clear();
    bare.priorities = false;
    bare.invitation_roles.clear();
    bare.role_min_group.clear();
    bare.address = Address::Je;
    let theme = &mut bare.themes[0];
    (theme.subgoal, theme.subtitle, theme.intro, theme.open_question) = (None, None, None, None);
    [full, bare]
}

fn answers() -> QuickscanAnswers {
    QuickscanAnswers {
        role: Some(Role::Collegelid),
        statements: Agreement::ALL.iter().enumerate().map(|(i, &a)| (format!("s-{i}"), a)).collect(),
        grades: SortedMap::from([("raad".into(), 10), ("inwoners".into(), 1)]),
        custom: SortedMap::from([
            ("eigen-1".into(), CustomAnswer::Scale(Agreement::DontKnow)),
            ("eigen-2".into(), CustomAnswer::Text("Meer \"uitleg\" ✓".into())),
        ]),
        open_answers: SortedMap::from([("raad".into(), "Vaker spreekuur.\nGraag.".into())]),
        priorities: vec!["raad".into(), "inwoners".into()],
        website: "bot".into(),
        fill_seconds: 95,
    }
}

fn receipt() -> ResponseReceipt {
    let group = |respondents: u32| GroupScore { respondents, score: Some(3.67), grade: Some(7.5) };
    ResponseReceipt {
        scan: "scan".into(),
        round: "nulmeting".into(),
        scores: vec![
            ThemeScore { theme: "raad".into(), score: Some(4.33), answered: 3, grade: Some(8) },
            ThemeScore { theme: "inwoners".into(), score: None, answered: 0, grade: None },
        ],
        results: QuickscanResults {
            scan: "scan".into(),
            round: "nulmeting".into(),
            round_name: "Nulmeting 2026".into(),
            min_group: 5,
            respondents: 12,
            roles: vec![Role::Inwoner],
            hidden_roles: vec![Role::Raadslid],
            themes: vec![
                ThemeResult {
                    theme: "raad".into(),
                    all: Some(group(12)),
                    by_role: SortedMap::from([(Role::Inwoner, group(7))]),
                },
                ThemeResult {
                    theme: "inwoners".into(),
                    all: Some(GroupScore { respondents: 12, score: None, grade: None }),
                    by_role: SortedMap::new(),
                },
                ThemeResult { theme: "leeg".into(), all: None, by_role: SortedMap::new() },
            ],
        },
    }
}

fn application() -> ChallengeSubmission {
    ChallengeSubmission {
        initiative: Initiative {
            title: "Buurthuis \"De Linde\"".into(),
            task: "groen".into(),
            task_other: "Ook de speeltuin".into(),
            area: "Oost".into(),
            tie: "Wij wonen er.".into(),
        },
        plan: Plan {
            what: "Beheer".into(),
            why_better: "Dichtbij".into(),
            social_value: "Ontmoeting".into(),
            target_group: "Ouderen".into(),
            execution: Some(Execution::LatenDoen),
        },
        organisation: Organisation {
            name: "Stichting".into(),
            kind: Some(OrganisationType::ALL[1]),
            type_other: "Coöperatie".into(),
            kvk: "12345678".into(),
            experience: "Tien jaar".into(),
            address: "Lindeplein 1".into(),
            postcode: "1234 AB".into(),
            place: "Voorbeeld".into(),
        },
        support: Support {
            supporters: Some(40),
            how_shown: "Handtekeningen".into(),
            attachments: vec!["a".repeat(32)],
        },
        costs: Costs {
            estimate: "€ 12.500,50".into(),
            budget: "€ 10.000".into(),
            start_date: "2027-01-01".into(),
            term_months: Some(24),
            funding: "Fonds".into(),
        },
        cooperation: Cooperation {
            support_needed: "Advies".into(),
            quality: "Jaarverslag".into(),
            continuity: "Vrijwilligers".into(),
        },
        contact: Contact {
            name: "An de Vries".into(),
            email: "an@example.nl".into(),
            phone: "06 12345678".into(),
            address: "Lindeplein 2".into(),
            postcode: "1234 AB".into(),
            place: "Voorbeeld".into(),
            authorised: true,
            consent: true,
        },
        website: "https://bot.example".into(),
        fill_seconds: 600,
    }
}

fn challenge_form() -> ChallengeForm {
    ChallengeForm {
        id: "uitdaagrecht".into(),
        municipality: "Voorbeeld".into(),
        tasks: vec![
            ChallengeTask { id: "groen".into(), label: "Groenbeheer".into(), cost: "€ 40.000 per jaar".into() },
            ChallengeTask { id: "huis".into(), label: "Buurthuis".into(), cost: "".into() },
        ],
        free_text_task: true,
        decision_weeks: 8,
        privacy_url: "https://www.example.nl/privacy".into(),
        retention_days: 730,
        contact_email: "uitdaagrecht@example.nl".into(),
        max_attachment_bytes: 5 * 1024 * 1024,
        max_attachments: 5,
        applicant_types: vec![ApplicantType::Bewonersgroep, ApplicantType::MaatschappelijkeOrganisatie],
        neighbourhood_tie: true,
        lead_weeks: 12,
        questions: ChallengeQuestion::ALL.to_vec(),
        status_mail: true,
        address: Address::U,
    }
}

#[wasm_bindgen_test]
fn the_quick_scan_and_challenge_readers_and_writers_agree_with_serde() {
    for scan in quickscans() {
        reads_as_serde(&scan);
    }
    let answers = answers();
    reads_as_serde(&answers);
    writes_as_serde(&answers);
    reads_as_serde(&QuickscanAnswers::default());
    writes_as_serde(&QuickscanAnswers::default());
    let receipt = receipt();
    reads_as_serde(&receipt);
    writes_as_serde(&receipt);
    reads_as_serde(&receipt.results);
    writes_as_serde(&SaveDraft { answers: answers.clone(), step: 3 });
    reads_as_serde(&DraftCode { code: "ABCD-EFGH-JKMN".into(), expires_at: "2026-12-31T00:00:00Z".into() });
    reads_as_serde(&SavedDraft { answers, step: 2, expires_at: "2026-12-31T00:00:00Z".into() });

    let mut form = challenge_form();
    reads_as_serde(&form);
    form.address = Address::Je;
    reads_as_serde(&form);
    let application = application();
    reads_as_serde(&application);
    writes_as_serde(&application);
    reads_as_serde(&ChallengeSubmission::default());
    writes_as_serde(&ChallengeSubmission::default());
    let receipt = ChallengeReceipt {
        reference: "UR-2026-0042".into(),
        form: "uitdaagrecht".into(),
        submitted_on: "2026-12-01".into(),
        decision_weeks: 8,
        decision_by: "2027-01-26".into(),
    };
    reads_as_serde(&receipt);
    writes_as_serde(&receipt);
    let attachment = ChallengeAttachment {
        id: "a".repeat(32),
        file_name: "plan \"def\".pdf".into(),
        content_type: "application/pdf".into(),
        bytes: 5 * 1024 * 1024,
    };
    reads_as_serde(&attachment);
    writes_as_serde(&attachment);
}

#[wasm_bindgen_test]
fn the_quick_scan_and_challenge_readers_take_serde_defaults() {
    // A form from an older server: no applicant types, questions, tie, lead time or status mail.
    let old = r#"{"id":"f","municipality":"M","tasks":[],"free_text_task":false,"decision_weeks":8,
        "privacy_url":"https://x.nl/p","retention_days":730,"contact_email":"a@x.nl","max_attachment_bytes":1,
        "max_attachments":1}"#;
    let form: ChallengeForm = json::read(old).unwrap();
    assert_eq!(form, serde_json::from_str::<ChallengeForm>(old).unwrap());
    assert_eq!(form.applicant_types, ApplicantType::ALL);
    assert_eq!(form.questions, [ChallengeQuestion::Duration]);
    // A half-filled application: every missing field empty.
    let half = r#"{"initiative":{"title":"T"},"support":{"supporters":null},"contact":{}}"#;
    let application: ChallengeSubmission = json::read(half).unwrap();
    assert_eq!(application, serde_json::from_str::<ChallengeSubmission>(half).unwrap());
    assert_eq!(application.initiative.title, "T");
    let answers: QuickscanAnswers = json::read("{}").unwrap();
    assert_eq!(answers, QuickscanAnswers::default());
    // Results of an older server: no hidden roles, a theme without its roles; an organisation and a cooperation
    // with only one field each.
    let results = r#"{"scan":"s","round":"r","round_name":"R","min_group":5,"respondents":3,"roles":[],
        "themes":[{"theme":"t"}]}"#;
    assert_eq!(json::read::<QuickscanResults>(results).unwrap(), serde_json::from_str(results).unwrap());
    let parts = r#"{"organisation":{"kvk":"12345678"},"cooperation":{"quality":"Q"},"plan":{"execution":"zelf"}}"#;
    assert_eq!(json::read::<ChallengeSubmission>(parts).unwrap(), serde_json::from_str(parts).unwrap());
    // What serde requires, the readers require too.
    let scan = serde_json::to_string(&quickscans()[0]).unwrap();
    let without_grades = scan.replace(r#""grades":true,"#, "");
    assert!(serde_json::from_str::<Quickscan>(&without_grades).is_err());
    assert_eq!(json::read::<Quickscan>(&without_grades).unwrap_err().to_string(), "grades is missing");
    let form = serde_json::to_string(&challenge_form()).unwrap().replace(r#""decision_weeks":8,"#, "");
    assert_eq!(json::read::<ChallengeForm>(&form).unwrap_err().to_string(), "decision_weeks is missing");
    let receipt = serde_json::to_string(&receipt()).unwrap().replace(r#","answered":0"#, "");
    assert_eq!(json::read::<ResponseReceipt>(&receipt).unwrap_err().to_string(), "scores.1.answered is missing");
}

#[wasm_bindgen_test]
fn a_form_draft_missing_fields_takes_their_defaults() {
    // Drafts written before a field existed: every field of a draft and of its sending may be missing.
    let empty: Draft<QuickscanAnswers> = json::read("{}").unwrap();
    assert_eq!((empty.answers, empty.step, empty.remember), (QuickscanAnswers::default(), 0, false));
    assert!(!empty.sending.key.is_empty() && empty.sending.started_ms > 0.0 && empty.sending.sent_seconds.is_none());
    let partial: Draft<QuickscanAnswers> =
        json::read(r#"{"step":3,"sending":{"sent_seconds":42},"answers":{"role":"raadslid"}}"#).unwrap();
    assert_eq!((partial.step, partial.answers.role, partial.sending.sent_seconds), (3, Some(Role::Raadslid), Some(42)));
    // A sending without key or opening time gets both when restored, and keeps its fill-in time.
    let restored = partial.sending.restored();
    assert!(!restored.key.is_empty() && restored.started_ms > 0.0 && restored.sent_seconds == Some(42));
    let sending = Sending { key: "k".into(), started_ms: 1.5, sent_seconds: Some(7) };
    let written: serde_json::Value = serde_json::from_str(&json::write(&sending).unwrap()).unwrap();
    assert_eq!(written, serde_json::json!({"key": "k", "started_ms": 1.5, "sent_seconds": 7}));
    assert_eq!(json::read::<Sending>(&written.to_string()).unwrap(), sending);
}

#[wasm_bindgen_test]
fn what_the_quick_scan_readers_cannot_read_says_where() {
    let scan = serde_json::to_string(&quickscans()[0]).unwrap();
    let role = json::read::<Quickscan>(&scan.replace(r#""raadslid":3"#, r#""wethouder":3"#)).unwrap_err();
    assert_eq!(role.path, "role_min_group.wethouder");
    let text = json::read::<Quickscan>(&scan.replace(r#""nl":"De raad""#, r#""nl":1"#)).unwrap_err();
    assert_eq!(text.to_string(), "unexpected value 1 at themes.0.title.nl");
    let custom = json::read::<QuickscanAnswers>(r#"{"custom":{"q":{"scale":"agree","text":"x"}}}"#).unwrap_err();
    assert_eq!(custom.path, "custom.q");
    let agreement = json::read::<QuickscanAnswers>(r#"{"statements":{"s":"eens"}}"#).unwrap_err();
    assert_eq!(agreement.to_string(), r#"unexpected value "eens" at statements.s"#);
}
