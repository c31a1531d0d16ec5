//! Invitation codes per role for the quick scan, and the anonymity they make possible: a response in an
//! invitation-only role counts only with an unused code of that role, the codes cannot be joined to the answers,
//! and the public results of such a role, or of a small group, appear only after the round closes, so that made-up
//! responses can no longer give one person's answers away.

mod common;

use axum::http::{Method, StatusCode};
use common::{
    TestApp,
    process::{SOCKET_TOKEN, binary, start},
};
use serde_json::{Value, json};

const SCAN: &str = "/v1/quickscans/scan";

/// A scan where the council and the college answer with codes, the college shown from 3.
async fn create_scan(app: &TestApp) -> Value {
    let scan = json!({
        "id": "scan",
        "title": {"nl": "Quick scan"},
        "round": {"id": "nulmeting", "name": "Nulmeting 2026"},
        "invitation_roles": ["raadslid", "collegelid"],
        "role_min_group": {"collegelid": 3}
    });
    let reply = app.admin(Method::POST, "/v1/admin/quickscans", Some(&scan)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.json()
}

fn response(role: &str, answer: &str) -> Value {
    json!({
        "role": role,
        "statements": {"raad-koers": answer, "raad-controle-zichtbaar": answer},
        "fill_seconds": 90
    })
}

async fn invite(app: &TestApp, role: &str, count: u32, key: Option<&str>) -> common::Reply {
    let body = json!({"role": role, "count": count});
    let headers: Vec<(&str, &str)> = key.map(|k| ("idempotency-key", k)).into_iter().collect();
    let mut all = vec![("authorization", format!("Bearer {}", common::TOKEN))];
    all.extend(headers.iter().map(|(n, v)| (*n, (*v).to_owned())));
    let all: Vec<(&str, &str)> = all.iter().map(|(n, v)| (*n, v.as_str())).collect();
    app.post_json("/v1/admin/quickscans/scan/invitations", &body, &all).await
}

fn codes(reply: &common::Reply) -> Vec<String> {
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.json()["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect()
}

async fn answer(app: &TestApp, role: &str, code: Option<&str>) -> common::Reply {
    let headers: Vec<(&str, &str)> = code.map(|c| ("inspraak-invitation", c)).into_iter().collect();
    app.post_json(&format!("{SCAN}/responses"), &response(role, "agree"), &headers).await
}

fn invitation_error(reply: &common::Reply) -> String {
    let fields = reply.invalid_fields();
    assert_eq!(fields.len(), 1, "{fields:?}");
    assert_eq!(fields[0].0, "Inspraak-Invitation");
    fields[0].1.clone()
}

#[tokio::test]
async fn an_invitation_code_makes_one_response_of_its_own_role_and_every_other_use_is_refused() {
    let app = TestApp::new().await;
    let created = create_scan(&app).await;
    assert_eq!(created["invitation_roles"], json!(["raadslid", "collegelid"]));
    assert_eq!(created["role_min_group"], json!({"collegelid": 3}));

    let made = invite(&app, "collegelid", 3, None).await;
    assert_eq!(made.json()["round"], "nulmeting");
    assert_eq!(made.json()["role"], "collegelid");
    let college = codes(&made);
    assert_eq!(college.len(), 3);
    for code in &college {
        assert_eq!(inspraak_api::quickscan::normalise_invitation(code).as_deref(), Some(code.as_str()));
    }
    let council = codes(&invite(&app, "raadslid", 1, None).await);
    // Residents answer without a code here: no codes for them, and no silly counts.
    assert_eq!(invite(&app, "inwoner", 1, None).await.invalid_fields(), [("role".into(), "unknown".into())]);
    assert_eq!(invite(&app, "collegelid", 0, None).await.invalid_fields(), [("count".into(), "out_of_range".into())]);
    assert_eq!(invite(&app, "collegelid", 5_001, None).await.invalid_fields()[0].0, "count");

    // No code, a malformed one, an unknown one, one of another role: refused, naming the header.
    assert_eq!(invitation_error(&answer(&app, "collegelid", None).await), "required");
    assert_eq!(invitation_error(&answer(&app, "collegelid", Some("ABCD")).await), "format");
    assert_eq!(invitation_error(&answer(&app, "collegelid", Some("ABCD-EFGH-JKMN")).await), "unknown");
    assert_eq!(invitation_error(&answer(&app, "raadslid", Some(&college[0])).await), "mismatch");
    assert_eq!(invitation_error(&answer(&app, "inwoner", Some(&college[0])).await), "mismatch");

    // Valid, typed in lower case without dashes as someone might from a letter: counts once.
    let typed = college[0].replace('-', "").to_lowercase();
    let first = answer(&app, "collegelid", Some(&typed)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert_eq!(invitation_error(&answer(&app, "collegelid", Some(&college[0])).await), "used");
    assert_eq!(answer(&app, "raadslid", Some(&council[0])).await.status, StatusCode::CREATED);
    assert_eq!(answer(&app, "inwoner", None).await.status, StatusCode::CREATED);
    assert_eq!(app.count("SELECT COUNT(*) FROM quickscan_responses").await, 3);

    // The owner follows the round per role.
    let turnout = app.admin(Method::GET, "/v1/admin/quickscans/scan/invitations", None).await.json();
    let role = |name: &str| turnout["roles"].as_array().unwrap().iter().find(|r| r["role"] == name).unwrap().clone();
    assert_eq!(
        role("collegelid"),
        json!({"role": "collegelid", "invitation_only": true, "min_group": 3, "responses": 1, "issued": 3, "used": 1})
    );
    assert_eq!(role("raadslid")["min_group"], 5);
    assert_eq!(
        role("inwoner"),
        json!({"role": "inwoner", "invitation_only": false, "min_group": 5, "responses": 1, "issued": 0, "used": 0})
    );
    app.admin(Method::GET, "/v1/admin/quickscans/nergens/invitations", None).await.problem(404);

    // Nothing stored holds a code, and nothing joins a code to a response: the codes table has no time, no order
    // of use and no response number, and the answers and the kept replies have no code.
    for code in college.iter().chain(&council) {
        for sql in [
            format!("SELECT COUNT(*) FROM quickscan_invitations WHERE code_hash LIKE '%{code}%'"),
            format!("SELECT COUNT(*) FROM quickscan_responses WHERE answers LIKE '%{code}%'"),
            format!("SELECT COUNT(*) FROM idempotency_keys WHERE body LIKE '%{code}%'"),
        ] {
            assert_eq!(app.count(&sql).await, 0, "{sql}");
        }
    }
    let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info('quickscan_invitations')")
        .fetch_all(&app.db.read)
        .await
        .unwrap();
    assert_eq!(columns, ["scan_id", "round_id", "code_hash", "role", "used"]);

    // A new round needs new codes: the old ones are of an earlier round.
    let opened = app
        .admin(Method::POST, "/v1/admin/quickscans/scan/rounds", Some(&json!({"id": "meting-2027", "name": "2027"})))
        .await;
    assert_eq!(opened.status, StatusCode::CREATED);
    assert_eq!(invitation_error(&answer(&app, "collegelid", Some(&college[1])).await), "unknown");
    let closed = app.admin(Method::POST, "/v1/admin/quickscans/scan/rounds/meting-2027/close", None).await;
    assert_eq!(closed.status, StatusCode::OK);
    assert_eq!(invite(&app, "collegelid", 1, None).await.problem(409)["type"], "urn:inspraak:problem:scan-closed");
}

#[tokio::test]
async fn a_retried_request_for_invitations_voids_its_unused_codes_and_returns_as_many_new_ones() {
    let app = TestApp::new().await;
    create_scan(&app).await;
    let first = codes(&invite(&app, "collegelid", 2, Some("invite-1")).await);
    assert_eq!(answer(&app, "collegelid", Some(&first[0])).await.status, StatusCode::CREATED);
    let retry = invite(&app, "collegelid", 2, Some("invite-1")).await;
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    let again = codes(&retry);
    assert_eq!(again.len(), 1, "one of the first two was used: one new code");
    assert_ne!(again[0], first[1]);
    assert_eq!(invitation_error(&answer(&app, "collegelid", Some(&first[1])).await), "unknown");
    assert_eq!(answer(&app, "collegelid", Some(&again[0])).await.status, StatusCode::CREATED);
    assert_eq!(app.count("SELECT COUNT(*) FROM quickscan_invitations").await, 2);
    assert_eq!(app.count("SELECT COUNT(*) FROM quickscan_invitations WHERE used = 1").await, 2);
}

#[tokio::test]
async fn an_invitation_only_group_appears_only_after_closing_from_its_own_minimum_and_never_by_subtraction() {
    let app = TestApp::new().await;
    create_scan(&app).await;
    let college = codes(&invite(&app, "collegelid", 3, None).await);
    for _ in 0..6 {
        let reply = app.post_json(&format!("{SCAN}/responses"), &response("inwoner", "agree"), &[]).await;
        assert_eq!(reply.status, StatusCode::CREATED);
    }
    let disagree = |code: &str| {
        let code = code.to_owned();
        let app = &app;
        async move {
            app.post_json(
                &format!("{SCAN}/responses"),
                &response("collegelid", "strongly_disagree"),
                &[("inspraak-invitation", &code)],
            )
            .await
        }
    };
    for code in &college {
        assert_eq!(disagree(code).await.status, StatusCode::CREATED);
    }
    let raad = |results: &Value| {
        results["themes"].as_array().unwrap().iter().find(|t| t["theme"] == "gemeenteraad").unwrap().clone()
    };
    // While the round runs, three college members are hidden, and the figure of everyone is the residents' alone:
    // everyone minus residents is nothing.
    let running = app.get(&format!("{SCAN}/results")).await.json();
    assert_eq!(running["respondents"], 9);
    assert_eq!(running["roles"], json!(["inwoner"]));
    assert_eq!(running["hidden_roles"], json!(["collegelid"]));
    assert_eq!(raad(&running)["all"], json!({"respondents": 6, "score": 4.0}));
    assert!(raad(&running)["by_role"].get("collegelid").is_none());

    app.admin(Method::POST, "/v1/admin/quickscans/scan/rounds/nulmeting/close", None).await;
    let closed = app.get(&format!("{SCAN}/results")).await.json();
    assert_eq!(closed["roles"], json!(["inwoner", "collegelid"]));
    assert_eq!(raad(&closed)["by_role"]["collegelid"], json!({"respondents": 3, "score": 1.0}));
    // (6 × 4 + 3 × 1) / 9 = 3.0, with one decimal.
    assert_eq!(raad(&closed)["all"], json!({"respondents": 9, "score": 3.0}));
}

/// What anyone can read of a scan: its public results, while the round runs and after it closes.
async fn public_view(client: &reqwest::Client, base: &str, scan: &str) -> Value {
    client.get(format!("{base}/v1/quickscans/{scan}/results")).send().await.unwrap().json().await.unwrap()
}

async fn post(client: &reqwest::Client, url: &str, body: &Value, headers: &[(&str, &str)]) -> (u16, Value) {
    let mut request = client.post(url).json(body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let reply = request.send().await.unwrap();
    (reply.status().as_u16(), reply.json().await.unwrap_or_default())
}

/// The attack of issue 15, over real HTTP to the real binary: one college member answers (with `victim` on every
/// statement), and an attacker sends `min_group - 1` made-up college responses with known answers, and made-up
/// "anders" responses to pad whatever remainder the results might subtract. Returns what the public can read
/// while the round runs and after it closes.
async fn attack(client: &reqwest::Client, base: &str, scan: &str, invited: bool, victim: &str) -> (Value, Value) {
    let admin = format!("Bearer {SOCKET_TOKEN}");
    let mut new = json!({"id": scan, "title": {"nl": "Quick scan"}, "round": {"id": "r1", "name": "Nulmeting"}});
    if invited {
        new["invitation_roles"] = json!(["collegelid"]);
        new["role_min_group"] = json!({"collegelid": 3});
    }
    let (status, _) = post(client, &format!("{base}/v1/admin/quickscans"), &new, &[("authorization", &admin)]).await;
    assert_eq!(status, 201);
    let responses = format!("{base}/v1/quickscans/{scan}/responses");
    for _ in 0..10 {
        assert_eq!(post(client, &responses, &response("inwoner", "agree"), &[]).await.0, 201);
    }
    let code = if invited {
        let url = format!("{base}/v1/admin/quickscans/{scan}/invitations");
        let (status, made) =
            post(client, &url, &json!({"role": "collegelid", "count": 1}), &[("authorization", &admin)]).await;
        assert_eq!(status, 201, "{made}");
        made["codes"][0].as_str().unwrap().to_owned()
    } else {
        String::new()
    };
    let with_code: Vec<(&str, &str)> = if invited { vec![("inspraak-invitation", &code)] } else { vec![] };
    assert_eq!(post(client, &responses, &response("collegelid", victim), &with_code).await.0, 201);
    // The attacker: made-up college members, without a code and with guessed ones, and made-up "anders".
    let mut fakes_counted = 0;
    for n in 0..4 {
        let guess = format!("ABCD-EFGH-JK{}", ["MN", "MP", "MQ", "MR"][n]);
        for headers in [vec![], vec![("inspraak-invitation", guess.as_str())]] {
            let (status, _) = post(client, &responses, &response("collegelid", "neutral"), &headers).await;
            if status == 201 {
                fakes_counted += 1;
            } else {
                assert_eq!(status, 422);
            }
        }
        assert_eq!(post(client, &responses, &response("anders", "neutral"), &[]).await.0, 201);
    }
    assert_eq!(fakes_counted > 0, !invited, "made-up college responses count only where the college is open");
    let running = public_view(client, base, scan).await;
    let close = format!("{base}/v1/admin/quickscans/{scan}/rounds/r1/close");
    let closed = client.post(close).header("authorization", &admin).send().await.unwrap();
    assert_eq!(closed.status().as_u16(), 200);
    (running, public_view(client, base, scan).await)
}

#[tokio::test]
async fn made_up_responses_no_longer_reveal_one_college_member_and_the_control_shows_they_did() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    let server = start(&database, &[]);
    let client = reqwest::Client::new();
    let base = server.base.clone();

    // Without invitations the attack works: what the public reads depends on the one college member's answers
    // (the figure of everyone, minus the residents and the fakes the attacker knows, is the victim's score).
    let (open_low, closed_low) = attack(&client, &base, "open-1", false, "strongly_disagree").await;
    let (open_high, closed_high) = attack(&client, &base, "open-5", false, "strongly_agree").await;
    let all = |results: &Value| results["themes"][0]["all"]["score"].as_f64().unwrap();
    // (10 × 4 + 8 × 3 + 1) / 19 = 3.42 and (10 × 4 + 8 × 3 + 5) / 19 = 3.63.
    assert_eq!((all(&open_low), all(&open_high)), (3.4, 3.6));
    assert_ne!(closed_low["themes"], closed_high["themes"]);
    let college = |results: &Value| results["themes"][0]["by_role"]["collegelid"]["score"].as_f64();

    // With the college invitation-only, the public reads exactly the same whatever the college member answered:
    // while the round runs and after it closes, directly and by any subtraction.
    let (open_low, closed_low) = attack(&client, &base, "invited-1", true, "strongly_disagree").await;
    let (open_high, closed_high) = attack(&client, &base, "invited-5", true, "strongly_agree").await;
    let without_id = |mut results: Value| {
        results["scan"] = Value::Null;
        results
    };
    assert_eq!(without_id(open_low.clone()), without_id(open_high));
    assert_eq!(without_id(closed_low.clone()), without_id(closed_high));
    assert_eq!(closed_low["respondents"], 15);
    assert_eq!(closed_low["hidden_roles"], json!(["inwoner", "collegelid", "anders"]));
    assert!(college(&closed_low).is_none());
    // Everyone is the 10 residents and the 4 "anders": the college member is in no figure.
    assert_eq!(closed_low["themes"][0]["all"]["respondents"], 14);
    server.kill();
}

#[tokio::test]
async fn the_cli_prints_invitation_codes_that_work_over_http_and_the_report_in_three_forms() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    let file = dir.path().join("scan.json");
    let scan = json!({"id": "gemeente", "title": {"nl": "Quick scan"}, "round": {"id": "r1", "name": "Nulmeting"},
                      "invitation_roles": ["raadslid"]});
    std::fs::write(&file, scan.to_string()).unwrap();
    let run = |args: &[&str]| {
        let output = binary().args(args).arg("--database").arg(&database).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    run(&["quickscan", "create", file.to_str().unwrap()]);
    let csv = run(&["quickscan", "invitations", "gemeente", "--role", "raadslid", "--count", "2"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "scan,round,role,code");
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[1].starts_with("gemeente,r1,raadslid,"), "{csv}");
    let code = lines[1].rsplit(',').next().unwrap().to_owned();
    let refused = binary()
        .args(["quickscan", "invitations", "gemeente", "--role", "inwoner", "--count", "2", "--database"])
        .arg(&database)
        .output()
        .unwrap();
    assert!(!refused.status.success());

    let server = start(&database, &[]);
    let client = reqwest::Client::new();
    let url = format!("{}/v1/quickscans/gemeente/responses", server.base);
    let headers = [("inspraak-invitation", code.as_str())];
    assert_eq!(post(&client, &url, &response("raadslid", "agree"), &headers).await.0, 201);
    let (status, problem) = post(&client, &url, &response("raadslid", "agree"), &headers).await;
    assert_eq!(status, 422);
    assert_eq!(problem["invalidParams"][0]["code"], "used");
    server.kill();
    let turnout = run(&["quickscan", "turnout", "gemeente"]);
    assert!(turnout.contains("raadslid\ttrue\t5\t1\t2\t1"), "{turnout}");

    // The report from the shell, in the three forms the admin API serves.
    let json: serde_json::Value = serde_json::from_str(&run(&["quickscan", "report", "gemeente"])).unwrap();
    assert_eq!(json["scan"], "gemeente", "{json}");
    let html = run(&["quickscan", "report", "gemeente", "--format", "html"]);
    assert!(html.starts_with("<!doctype html><html lang=\"nl\">") && html.contains("niet representatief"), "{html}");
    assert!(!html.contains("<script"), "a page without script");
    let csv = run(&["quickscan", "report", "gemeente", "--format", "csv"]);
    assert!(csv.starts_with("round,theme,group,respondents,score,"), "{csv}");
}

#[tokio::test]
async fn a_closed_round_is_recorded_as_a_progress_measurement_with_the_scan_as_evidence() {
    let app = TestApp::new().await;
    create_scan(&app).await;
    for _ in 0..4 {
        app.post_json(&format!("{SCAN}/responses"), &response("inwoner", "agree"), &[]).await;
    }
    let url = "/v1/admin/quickscans/scan/rounds/nulmeting/progress";
    let body = json!({
        "municipality": "voorbeeld", "name": "Gemeente Voorbeeld",
        "statuses": [{"subgoal": 1, "status": "in_progress"},
                     {"subgoal": 3, "status": "explored", "note": "Inwoners willen vaker meepraten."}]
    });
    // Not while the round runs: its figures are not final.
    let open = app.admin(Method::POST, url, Some(&body)).await;
    assert_eq!(open.problem(409)["type"], "urn:inspraak:problem:invalid-transition");
    app.admin(Method::POST, "/v1/admin/quickscans/scan/rounds/nulmeting/close", None).await;

    let wrong = json!({"municipality": "voorbeeld", "name": "Gemeente Voorbeeld",
                       "statuses": [{"subgoal": 1, "status": "embedded"}, {"subgoal": 1, "status": "explored"}]});
    assert_eq!(
        app.admin(Method::POST, url, Some(&wrong)).await.invalid_fields(),
        [("statuses[1].subgoal".to_owned(), "duplicate".to_owned())]
    );
    let nameless = json!({"municipality": "elders", "statuses": [{"subgoal": 2, "status": "explored"}]});
    assert_eq!(app.admin(Method::POST, url, Some(&nameless)).await.invalid_fields()[0].0, "name");
    app.admin(Method::POST, "/v1/admin/quickscans/scan/rounds/bestaat-niet/progress", Some(&body)).await.problem(404);
    assert_eq!(app.count("SELECT COUNT(*) FROM progress_measurements").await, 0);

    let recorded = app.admin(Method::POST, url, Some(&body)).await;
    assert_eq!(recorded.status, StatusCode::CREATED, "{}", recorded.text);
    let badge = app.get("/v1/progress/voorbeeld").await.json();
    let subgoal = |n: u64| badge["subgoals"].as_array().unwrap().iter().find(|s| s["subgoal"] == n).unwrap().clone();
    let today = inspraak_server::clock::utc_today();
    assert_eq!(subgoal(1)["status"], "in_progress");
    assert_eq!(subgoal(1)["measured_on"], today.as_str());
    assert_eq!(subgoal(1)["note"], "Quick scan lokale democratie, Nulmeting 2026: 4 deelnemers.");
    assert!(
        subgoal(1)["evidence_url"].as_str().unwrap().ends_with("/v1/quickscans/scan/results?round=nulmeting"),
        "{}",
        subgoal(1)
    );
    assert_eq!(subgoal(3)["note"], "Inwoners willen vaker meepraten.");
    assert_eq!(subgoal(2)["status"], "not_started");
}
