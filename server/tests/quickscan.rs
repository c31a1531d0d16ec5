//! The quick scan: scans in rounds, anonymous responses with scores, k-anonymous aggregates, drafts behind a
//! resume code, the report and the CSV export.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use serde_json::{Value, json};

const SCAN: &str = "/v1/quickscans/scan";

async fn create_scan(app: &TestApp, overrides: Value) -> Value {
    let mut scan = json!({
        "id": "scan",
        "title": {"nl": "Quick scan", "en": "Quick scan"},
        "round": {"id": "nulmeting", "name": "Nulmeting 2026"},
        "custom_questions": [
            {"id": "avonden", "kind": "scale", "text": {"nl": "Wijkavonden werken."}},
            {"id": "een-ding", "kind": "text", "text": {"nl": "Wat moet beter?"}}
        ]
    });
    for (key, value) in overrides.as_object().unwrap() {
        scan[key] = value.clone();
    }
    let reply = app.admin(Method::POST, "/v1/admin/quickscans", Some(&scan)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.json()
}

/// A response of `role` answering every statement of the first theme with `answer`.
fn response(role: &str, answer: &str) -> Value {
    json!({
        "role": role,
        "statements": {"raad-koers": answer, "raad-controle-zichtbaar": answer, "raad-besluit-duidelijk": answer, "raad-bereikbaar-inwoners": answer},
        "grades": {"gemeenteraad": 7},
        "fill_seconds": 90
    })
}

async fn submit(app: &TestApp, body: &Value) -> common::Reply {
    app.post_json(&format!("{SCAN}/responses"), body, &[]).await
}

async fn submit_many(app: &TestApp, role: &str, answer: &str, n: usize) {
    for _ in 0..n {
        let reply = submit(app, &response(role, answer)).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    }
}

fn theme<'a>(results: &'a Value, id: &str) -> &'a Value {
    results["themes"].as_array().unwrap().iter().find(|t| t["theme"] == id).unwrap()
}

#[tokio::test]
async fn a_scan_without_themes_gets_the_shipped_questionnaire_with_its_first_round_open() {
    let app = TestApp::new().await;
    let created = create_scan(&app, json!({})).await;
    assert_eq!(created["round"]["status"], "open");
    let scan = app.get(SCAN).await.json();
    let themes = scan["themes"].as_array().unwrap();
    assert_eq!(themes.len(), 7);
    assert_eq!(themes[6]["title"]["nl"], "Weerbaar bestuur");
    assert_eq!(scan["min_group"], 5);
    assert_eq!(scan["grades"], true);
    assert_eq!(scan["custom_questions"][1]["kind"], "text");
    app.get("/v1/quickscans/nergens").await.problem(404);

    let again = app
        .admin(
            Method::POST,
            "/v1/admin/quickscans",
            Some(&json!({
                "id": "scan", "title": {"nl": "x"}, "round": {"id": "r", "name": "r"}
            })),
        )
        .await;
    assert_eq!(again.problem(409)["type"], "urn:inspraak:problem:already-exists");
}

#[tokio::test]
async fn an_invalid_scan_names_each_field() {
    let app = TestApp::new().await;
    let reply = app
        .admin(
            Method::POST,
            "/v1/admin/quickscans",
            Some(&json!({
                "id": "Scan met spaties", "title": {"nl": ""}, "round": {"id": "r1", "name": ""}, "min_group": 1,
                "themes": [{"id": "t", "title": {"nl": "T"}, "explanation": {"nl": "E"}, "statements": []}]
            })),
        )
        .await;
    let fields = reply.invalid_fields();
    for expected in ["id", "title.nl", "round.name", "min_group", "themes[0].statements"] {
        assert!(fields.iter().any(|(name, _)| name == expected), "{expected} not in {fields:?}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM quickscans").await, 0);
}

#[tokio::test]
async fn a_response_returns_own_scores_and_is_stored_once_per_idempotency_key() {
    let app = TestApp::new().await;
    create_scan(&app, json!({})).await;
    let body = json!({
        "role": "raadslid",
        "statements": {"raad-koers": "strongly_agree", "raad-controle-zichtbaar": "disagree", "raad-besluit-duidelijk": "dont_know",
                       "wb-zonder-bedreiging": "neutral"},
        "grades": {"gemeenteraad": 8},
        "custom": {"avonden": {"scale": "agree"}, "een-ding": {"text": "Meer avonden in de wijk"}},
        "fill_seconds": 300
    });
    let key = [("idempotency-key", "scan-response-1")];
    let first = app.post_json(&format!("{SCAN}/responses"), &body, &key).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let receipt = first.json();
    assert_eq!(receipt["round"], "nulmeting");
    let scores = receipt["scores"].as_array().unwrap();
    assert_eq!(scores.len(), 7);
    assert_eq!(scores[0], json!({"theme": "gemeenteraad", "score": 3.5, "answered": 2, "grade": 8}));
    assert_eq!(scores[6], json!({"theme": "weerbaar", "score": 3.0, "answered": 1}));
    assert_eq!(scores[1], json!({"theme": "ambtsdragers", "answered": 0}));
    assert_eq!(receipt["results"]["respondents"], 1);

    let retry = app.post_json(&format!("{SCAN}/responses"), &body, &key).await;
    assert_eq!(retry.status, StatusCode::CREATED);
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    assert_eq!(retry.json(), receipt);
    let mut other = body.clone();
    other["role"] = json!("inwoner");
    let reused = app.post_json(&format!("{SCAN}/responses"), &other, &key).await;
    assert_eq!(reused.problem(422)["type"], "urn:inspraak:problem:idempotency-key-reused");
    assert_eq!(app.count("SELECT COUNT(*) FROM quickscan_responses").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM quickscan_scores").await, 7);
}

#[tokio::test]
async fn invalid_answers_are_refused_field_by_field_and_nothing_is_stored() {
    let app = TestApp::new().await;
    create_scan(&app, json!({})).await;
    let reply = submit(
        &app,
        &json!({
            "statements": {"raad-koers": "agree", "bestaat-niet": "agree"},
            "grades": {"gemeenteraad": 11},
            "custom": {"avonden": {"text": "ja"}, "een-ding": {"text": "x".repeat(1001)}},
            "fill_seconds": 90
        }),
    )
    .await;
    assert_eq!(
        reply.invalid_fields(),
        [
            ("role".to_owned(), "required".to_owned()),
            ("statements.bestaat-niet".to_owned(), "unknown".to_owned()),
            ("grades.gemeenteraad".to_owned(), "out_of_range".to_owned()),
            ("custom.avonden".to_owned(), "format".to_owned()),
            ("custom.een-ding".to_owned(), "too_long".to_owned()),
        ]
    );
    let bad_scale =
        submit(&app, &json!({"role": "inwoner", "statements": {"raad-koers": "heel_erg_eens"}, "fill_seconds": 90}))
            .await;
    assert_eq!(bad_scale.invalid_fields()[0].0, "statements.raad-koers");
    let bad_role =
        submit(&app, &json!({"role": "koning", "statements": {"raad-koers": "agree"}, "fill_seconds": 90})).await;
    assert_eq!(bad_role.invalid_fields()[0].0, "role");
    let bot = submit(
        &app,
        &json!({"role": "inwoner", "statements": {"raad-koers": "agree"}, "website": "x", "fill_seconds": 2}),
    )
    .await;
    assert_eq!(
        bot.invalid_fields(),
        [("website".to_owned(), "not_empty".to_owned()), ("fill_seconds".to_owned(), "too_fast".to_owned())]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM quickscan_responses").await, 0);
}

#[tokio::test]
async fn the_aggregate_shows_no_group_smaller_than_the_minimum_not_even_by_subtraction() {
    let app = TestApp::new().await;
    create_scan(&app, json!({})).await;
    submit_many(&app, "inwoner", "agree", 4).await;
    let results = app.get(&format!("{SCAN}/results")).await.json();
    assert_eq!(results["respondents"], 4);
    assert!(theme(&results, "gemeenteraad").get("all").is_none(), "{results}");
    assert_eq!(results["hidden_roles"], json!(["inwoner"]));

    submit_many(&app, "inwoner", "agree", 8).await;
    submit_many(&app, "raadslid", "strongly_disagree", 3).await;
    let results = app.get(&format!("{SCAN}/results")).await.json();
    let raad = theme(&results, "gemeenteraad");
    // 12 inwoners at 4 and 3 raadsleden at 1: the average of all 15 is 3.4.
    assert_eq!(raad["all"], json!({"respondents": 15, "score": 3.4, "grade": 7.0}));
    // Inwoners shown beside "all" would give away the 3 raadsleden: neither is shown.
    assert_eq!(results["roles"], json!([]));
    assert_eq!(results["hidden_roles"], json!(["inwoner", "raadslid"]));
    assert_eq!(raad["by_role"], json!({}));

    submit_many(&app, "raadslid", "strongly_disagree", 2).await;
    let results = app.get(&format!("{SCAN}/results")).await.json();
    assert_eq!(results["roles"], json!(["inwoner", "raadslid"]));
    let raad = theme(&results, "gemeenteraad");
    assert_eq!(raad["by_role"]["inwoner"], json!({"respondents": 12, "score": 4.0, "grade": 7.0}));
    assert_eq!(raad["by_role"]["raadslid"], json!({"respondents": 5, "score": 1.0, "grade": 7.0}));
    assert!(theme(&results, "digitaal")["all"].get("score").is_none(), "nobody answered this theme");
}

#[tokio::test]
async fn rounds_keep_their_own_results_and_a_closed_round_takes_no_responses() {
    let app = TestApp::new().await;
    create_scan(&app, json!({"min_group": 2})).await;
    submit_many(&app, "inwoner", "disagree", 2).await;
    let opened = app
        .admin(
            Method::POST,
            "/v1/admin/quickscans/scan/rounds",
            Some(&json!({"id": "meting-2027", "name": "Voortgangsmeting 2027"})),
        )
        .await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.text);
    let duplicate = app
        .admin(Method::POST, "/v1/admin/quickscans/scan/rounds", Some(&json!({"id": "nulmeting", "name": "x"})))
        .await;
    duplicate.problem(409);
    assert_eq!(app.get(SCAN).await.json()["round"]["id"], "meting-2027");
    submit_many(&app, "inwoner", "strongly_agree", 3).await;

    let report = app.admin(Method::GET, "/v1/admin/quickscans/scan/report", None).await.json();
    let rounds: Vec<_> =
        report["rounds"].as_array().unwrap().iter().map(|r| (r["id"].clone(), r["status"].clone())).collect();
    assert_eq!(rounds, [(json!("nulmeting"), json!("closed")), (json!("meting-2027"), json!("open"))]);
    assert_eq!(theme(&report["results"][0], "gemeenteraad")["by_role"]["inwoner"]["score"], 2.0);
    assert_eq!(theme(&report["results"][1], "gemeenteraad")["by_role"]["inwoner"]["score"], 5.0);
    let first_round = app.get(&format!("{SCAN}/results?round=nulmeting")).await.json();
    assert_eq!(first_round["respondents"], 2);
    app.get(&format!("{SCAN}/results?round=bestaat-niet")).await.problem(404);

    let closed = app.admin(Method::POST, "/v1/admin/quickscans/scan/rounds/meting-2027/close", None).await;
    assert_eq!(closed.json()["status"], "closed");
    let refused = submit(&app, &response("inwoner", "agree")).await;
    assert_eq!(refused.problem(409)["type"], "urn:inspraak:problem:scan-closed");
    assert_eq!(app.count("SELECT COUNT(*) FROM quickscan_responses").await, 5);
}

#[tokio::test]
async fn the_export_has_a_row_per_response_without_identifying_data_and_a_response_can_be_deleted() {
    let app = TestApp::new().await;
    create_scan(&app, json!({})).await;
    submit(&app, &response("ambtenaar", "agree")).await;
    let mut formula = response("inwoner", "dont_know");
    formula["custom"] = json!({"een-ding": {"text": "=HYPERLINK(\"https://evil.example\")"}});
    submit(&app, &formula).await;

    let csv = app.admin(Method::GET, "/v1/admin/quickscans/scan/responses.csv", None).await;
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    let mut reader = csv::Reader::from_reader(csv.text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(
        &header.iter().take(5).collect::<Vec<_>>(),
        &["response", "round", "role", "submitted_on", "raad-koers"]
    );
    assert!(header.iter().any(|h| h == "score:gemeenteraad") && header.iter().any(|h| h == "grade:weerbaar"));
    assert_eq!(
        header.len(),
        4 + 41 + 7 + 7 + 2 + 7 + 1,
        "statements, scores, grades, own questions, open answers, priorities"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[0][column("role")], "ambtenaar");
    assert_eq!(&rows[0][column("raad-koers")], "4");
    assert_eq!(&rows[0][column("score:gemeenteraad")], "4");
    assert_eq!(&rows[1][column("raad-koers")], "weet_niet");
    assert_eq!(&rows[1][column("custom:een-ding")], "'=HYPERLINK(\"https://evil.example\")");
    assert_eq!(rows[1][column("submitted_on")].len(), 10, "a date, no time of day");

    let number = &rows[0][column("response")];
    let deleted = app.admin(Method::DELETE, &format!("/v1/admin/quickscans/scan/responses/{number}"), None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    app.admin(Method::DELETE, &format!("/v1/admin/quickscans/scan/responses/{number}"), None).await.problem(404);
    assert_eq!(app.count("SELECT COUNT(*) FROM quickscan_responses").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM quickscan_scores").await, 7);
    assert_eq!(app.get(&format!("{SCAN}/results")).await.json()["respondents"], 1);
}

#[tokio::test]
async fn a_draft_comes_back_for_its_code_however_typed_until_it_expires() {
    let app = TestApp::new().await;
    create_scan(&app, json!({})).await;
    let draft = json!({"answers": {"role": "inwoner", "statements": {"raad-koers": "agree"}}, "step": 2});
    let saved = app.post_json(&format!("{SCAN}/drafts"), &draft, &[]).await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.text);
    let code = saved.json()["code"].as_str().unwrap().to_owned();
    assert!(inspraak_api::quickscan::normalise_resume_code(&code).as_deref() == Some(code.as_str()), "{code}");

    assert_eq!(code.len(), 14, "12 characters in three groups: {code}");
    assert_eq!(saved.header("cache-control"), Some("no-store"));
    let app = &app;
    let resume = |typed: &str| {
        let typed = typed.to_owned();
        async move { app.send(Method::GET, &format!("{SCAN}/draft"), &[("inspraak-resume-code", &typed)], None).await }
    };
    let typed = code.replace('-', " ").to_lowercase();
    let loaded = resume(&typed).await;
    assert_eq!(loaded.header("cache-control"), Some("no-store"));
    assert_eq!(loaded.status, StatusCode::OK, "{}", loaded.text);
    assert_eq!(loaded.json()["answers"], draft["answers"]);
    assert_eq!(loaded.json()["step"], 2);
    // The code itself is not in the database, only a keyed hash of it.
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM quickscan_drafts WHERE code_hash LIKE '%{code}%' OR body LIKE '%{code}%'"
        ))
        .await,
        0
    );

    resume("ABCD-EFGH-JKMN").await.problem(404);
    resume("ABCD-EFGH").await.problem(404);
    assert_eq!(resume("abc").await.invalid_fields()[0].0, "Inspraak-Resume-Code");
    assert_eq!(app.get(&format!("{SCAN}/draft")).await.invalid_fields()[0].0, "Inspraak-Resume-Code");
    // The old address, with the code in the path, is gone.
    app.get(&format!("{SCAN}/drafts/{code}")).await.problem(404);
    let bad =
        app.post_json(&format!("{SCAN}/drafts"), &json!({"answers": {"statements": {"nope": "agree"}}}), &[]).await;
    assert_eq!(bad.invalid_fields()[0].0, "answers.statements.nope");

    sqlx::query("UPDATE quickscan_drafts SET expires_at = unixepoch() - 1").execute(&app.db.write).await.unwrap();
    resume(&code).await.problem(404);
    let mut conn = app.db.write.acquire().await.unwrap();
    assert_eq!(inspraak_server::quickscans::store::purge_drafts(&mut conn).await.unwrap(), 1);
}

#[tokio::test]
async fn the_running_totals_follow_deletions_exactly() {
    let app = TestApp::new().await;
    create_scan(&app, json!({"min_group": 2})).await;
    // Scores with two decimals (4.67 = mean of 5, 5, 4): the totals keep hundredths, so nothing drifts.
    let mut thirds = response("inwoner", "strongly_agree");
    thirds["statements"]["raad-bereikbaar-inwoners"] = json!("agree");
    thirds["statements"]["raad-besluit-duidelijk"] = json!("dont_know");
    submit(&app, &thirds).await;
    submit_many(&app, "inwoner", "disagree", 2).await;
    let all = |results: &Value| theme(results, "gemeenteraad")["all"].clone();
    assert_eq!(all(&app.get(&format!("{SCAN}/results")).await.json())["score"], 2.9); // (4.67 + 2 + 2) / 3
    let number = app.count("SELECT MIN(id) FROM quickscan_responses").await;
    app.admin(Method::DELETE, &format!("/v1/admin/quickscans/scan/responses/{number}"), None).await;
    let results = app.get(&format!("{SCAN}/results")).await.json();
    assert_eq!(all(&results), json!({"respondents": 2, "score": 2.0, "grade": 7.0}));
    assert_eq!(app.count("SELECT score_centi FROM quickscan_theme_totals WHERE theme_id = 'gemeenteraad'").await, 400);
}
