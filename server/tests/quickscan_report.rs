//! The quick scan's report against figures worked out by hand on a small fixture: roles side by side, the largest
//! differences marked, open answers, priorities, round against round on the shared statements of two versions of the
//! questionnaire, and the same in the printable HTML and the CSV. The privacy rules of the public results hold in it.
//!
//! The fixture (min_group 3): theme `bestuur` (a1, a2, and a3 for raadsleden only, with an open question), `buurt`
//! (b1, b2) and `online` (c1, everyone 3). Round 1: three inwoners, three raadsleden, three ambtenaren. Round 2 asks a2
//! in other words (a new id, a2b) and has three inwoners and three raadsleden.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use serde_json::{Value, json};

fn agreement(score: u8) -> &'static str {
    ["dont_know", "strongly_disagree", "disagree", "neutral", "agree", "strongly_agree"][score as usize]
}

/// A response: (statement, score 1–5 or 0 for "weet niet") pairs, priorities, and an open answer on `bestuur`.
fn response(role: &str, answers: &[(&str, u8)], priorities: &[&str], open: Option<&str>) -> Value {
    let mut statements: serde_json::Map<String, Value> =
        answers.iter().map(|(id, score)| ((*id).to_owned(), json!(agreement(*score)))).collect();
    statements.insert("c1".to_owned(), json!("neutral"));
    let mut body = json!({ "role": role, "statements": statements, "priorities": priorities, "fill_seconds": 60 });
    if let Some(text) = open {
        body["open_answers"] = json!({ "bestuur": text });
    }
    body
}

fn themes(a2: &str, a2_text: &str) -> Value {
    json!([
        {"id": "bestuur", "title": {"nl": "Bestuur"}, "subtitle": {"nl": "Hoe het bestuur werkt."},
         "explanation": {"nl": "Uitleg"}, "open_question": {"nl": "Wat kan beter?"},
         "statements": [
            {"id": "a1", "text": {"nl": "Het bestuur luistert."}},
            {"id": a2, "text": {"nl": a2_text}},
            {"id": "a3", "text": {"nl": "De griffie helpt de raad."}, "roles": ["raadslid"]}
         ]},
        {"id": "buurt", "title": {"nl": "Buurt"}, "explanation": {"nl": "Uitleg"},
         "statements": [{"id": "b1", "text": {"nl": "Er is ruimte."}}, {"id": "b2", "text": {"nl": "Er zijn plekken."}}]},
        {"id": "online", "title": {"nl": "Online"}, "explanation": {"nl": "Uitleg"},
         "statements": [{"id": "c1", "text": {"nl": "Online werkt."}}]}
    ])
}

async fn submit(app: &TestApp, scan: &str, body: &Value) {
    let reply = app.post_json(&format!("/v1/quickscans/{scan}/responses"), body, &[]).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
}

async fn fixture(app: &TestApp) {
    let scan = json!({
        "id": "rapport", "title": {"nl": "Scan <Voorbeeld>"}, "round": {"id": "r1", "name": "Nulmeting"},
        "min_group": 3, "grades": false, "themes": themes("a2", "Het bestuur legt uit.")
    });
    let reply = app.admin(Method::POST, "/v1/admin/quickscans", Some(&scan)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let round1 = [
        response(
            "inwoner",
            &[("a1", 2), ("a2", 2), ("b1", 4), ("b2", 4)],
            &["bestuur", "buurt"],
            Some("Meer uitleg over besluiten"),
        ),
        response("inwoner", &[("a1", 1), ("a2", 2), ("b1", 5), ("b2", 0)], &["bestuur"], None),
        response("inwoner", &[("a1", 3), ("a2", 0), ("b1", 4), ("b2", 3)], &[], None),
        response("raadslid", &[("a1", 4), ("a2", 5), ("a3", 5), ("b1", 3), ("b2", 3)], &["buurt"], None),
        response(
            "raadslid",
            &[("a1", 4), ("a2", 4), ("a3", 4), ("b1", 2), ("b2", 4)],
            &["buurt", "online"],
            Some("Vaker de wijk in"),
        ),
        response("raadslid", &[("a1", 5), ("a2", 5), ("a3", 4), ("b1", 3), ("b2", 2)], &[], None),
        response("ambtenaar", &[("a1", 3), ("a2", 3), ("b1", 3), ("b2", 3)], &["bestuur"], None),
        response("ambtenaar", &[("a1", 4), ("a2", 3), ("b1", 4), ("b2", 4)], &[], Some("   ")),
        response(
            "ambtenaar",
            &[("a1", 3), ("a2", 4), ("b1", 5), ("b2", 4)],
            &["bestuur", "buurt", "online"],
            Some("Agenda <b>eerder</b> online"),
        ),
    ];
    for body in &round1 {
        submit(app, "rapport", body).await;
    }
    // A new version: a2 asked in other words, so under a new id.
    let round = json!({"id": "r2", "name": "Voortgangsmeting", "themes": themes("a2b", "Het bestuur legt zijn besluiten uit.")});
    let reply = app.admin(Method::POST, "/v1/admin/quickscans/rapport/rounds", Some(&round)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let round2 = [
        response("inwoner", &[("a1", 3), ("a2b", 5), ("b1", 4), ("b2", 4)], &[], None),
        response("inwoner", &[("a1", 2), ("a2b", 5), ("b1", 4), ("b2", 5)], &[], None),
        response("inwoner", &[("a1", 4), ("a2b", 1), ("b1", 0), ("b2", 3)], &[], None),
        response("raadslid", &[("a1", 4), ("a2b", 2), ("a3", 4), ("b1", 3), ("b2", 4)], &[], None),
        response("raadslid", &[("a1", 5), ("a3", 5), ("b1", 2), ("b2", 2)], &[], None),
        response("raadslid", &[("a1", 3), ("a3", 0), ("b1", 4), ("b2", 3)], &[], None),
    ];
    for body in &round2 {
        submit(app, "rapport", body).await;
    }
}

fn find<'a>(list: &'a Value, key: &str, id: &str) -> &'a Value {
    list.as_array().unwrap().iter().find(|item| item[key] == id).unwrap_or_else(|| panic!("no {id} in {list}"))
}

#[tokio::test]
async fn the_report_puts_roles_side_by_side_marks_the_largest_differences_and_lists_answers_and_priorities() {
    let app = TestApp::new().await;
    fixture(&app).await;
    let report = app.admin(Method::GET, "/v1/admin/quickscans/rapport/report", None).await.json();
    assert!(report["notice"]["nl"].as_str().unwrap().contains("niet representatief"));
    assert_eq!(report["title"]["nl"], "Scan <Voorbeeld>");
    let round1 = &report["details"][0];
    assert_eq!(round1["round"], "r1");
    let bestuur = find(&round1["themes"], "theme", "bestuur");
    // Inwoners (2 + 1.5 + 3) / 3 = 2.17; raadsleden (4.67 + 4 + 4.67) / 3 = 4.45; ambtenaren (3 + 3.5 + 3.5) / 3 = 3.33;
    // everyone 29.84 / 9 = 3.32.
    assert_eq!(bestuur["all"], json!({"respondents": 9, "score": 3.3}));
    assert_eq!(bestuur["by_role"]["inwoner"]["score"], 2.2);
    assert_eq!(bestuur["by_role"]["raadslid"]["score"], 4.4);
    assert_eq!(bestuur["by_role"]["ambtenaar"]["score"], 3.3);
    assert_eq!(bestuur["spread"], json!({"highest": "raadslid", "lowest": "inwoner", "difference": 2.2}));
    assert_eq!(bestuur["subtitle"]["nl"], "Hoe het bestuur werkt.");
    let buurt = find(&round1["themes"], "theme", "buurt");
    // Inwoners (4 + 5 + 3.5) / 3 = 4.17; raadsleden (3 + 3 + 2.5) / 3 = 2.83; ambtenaren (3 + 4 + 4.5) / 3 = 3.83.
    assert_eq!(buurt["all"]["score"], 3.6);
    assert_eq!(buurt["spread"], json!({"highest": "inwoner", "lowest": "raadslid", "difference": 1.4}));
    let online = find(&round1["themes"], "theme", "online");
    assert_eq!(online["spread"]["difference"], 0.0);
    let marked: Vec<bool> =
        round1["themes"].as_array().unwrap().iter().map(|t| t["marked"].as_bool().unwrap()).collect();
    assert_eq!(marked, [true, true, false], "a spread of 0.0 is no difference to mark");
    // Open answers in alphabetical order, each with its role (every role here is shown); an empty one is left out.
    assert_eq!(
        bestuur["open_answers"],
        json!([
            {"role": "ambtenaar", "text": "Agenda <b>eerder</b> online"},
            {"role": "inwoner", "text": "Meer uitleg over besluiten"},
            {"role": "raadslid", "text": "Vaker de wijk in"}
        ])
    );
    assert_eq!(buurt["open_answers"], json!([]));
    // Priorities: bestuur by i1, i2, m1, m3; buurt by i1, r1, r2, m3; online by r2, m3. Six picked at least one.
    assert_eq!(
        round1["priorities"],
        json!([
            {"theme": "bestuur", "all": 4, "by_role": {"inwoner": 2, "raadslid": 0, "ambtenaar": 2}},
            {"theme": "buurt", "all": 4, "by_role": {"inwoner": 1, "raadslid": 2, "ambtenaar": 1}},
            {"theme": "online", "all": 2, "by_role": {"inwoner": 0, "raadslid": 1, "ambtenaar": 1}}
        ])
    );
    assert_eq!(round1["priority_respondents"], 6);

    // Round 2 on its own questionnaire: inwoners (4 + 3.5 + 2.5) / 3 = 3.33, raadsleden (3.33 + 5 + 3) / 3 = 3.78.
    let round2 = &report["details"][1];
    let bestuur2 = find(&round2["themes"], "theme", "bestuur");
    assert_eq!(bestuur2["by_role"]["inwoner"]["score"], 3.3);
    assert_eq!(bestuur2["by_role"]["raadslid"]["score"], 3.8);
    assert_eq!(bestuur2["spread"]["difference"], 0.5);
    assert_eq!(bestuur2["marked"], true, "half a point is a difference to mark");
    assert_eq!(round2["priority_respondents"], 0);

    // Round against round on the statements both asked: a2 and a2b are left out.
    let comparison = &report["comparisons"][0];
    assert_eq!((comparison["from"].as_str(), comparison["to"].as_str()), (Some("r1"), Some("r2")));
    assert_eq!(comparison["shared"], json!(["a1", "a3", "b1", "b2", "c1"]));
    assert_eq!(comparison["left_out"], json!(["a2", "a2b"]));
    let bestuur = find(&comparison["themes"], "theme", "bestuur");
    assert_eq!(bestuur["statements"], 2);
    // On a1 and a3: inwoners 2.0 → 3.0; raadsleden (4.5 + 4 + 4.5) / 3 = 4.33 → (4 + 5 + 3) / 3 = 4.0; everyone
    // 29 / 9 = 3.22 → 21 / 6 = 3.5. Ambtenaren answered in round 1 only: not compared.
    assert_eq!(bestuur["by_role"]["inwoner"], json!({"from": 2.0, "to": 3.0, "change": 1.0}));
    assert_eq!(bestuur["by_role"]["raadslid"], json!({"from": 4.3, "to": 4.0, "change": -0.3}));
    assert_eq!(bestuur["all"], json!({"from": 3.2, "to": 3.5, "change": 0.3}));
    assert!(bestuur["by_role"].get("ambtenaar").is_none());
    // Buurt asked the same in both: its "from" is round 1's own figure.
    let buurt = find(&comparison["themes"], "theme", "buurt");
    assert_eq!(buurt["by_role"]["inwoner"], json!({"from": 4.2, "to": 3.8, "change": -0.4}));
    assert_eq!(buurt["by_role"]["raadslid"], json!({"from": 2.8, "to": 3.0, "change": 0.2}));
    assert_eq!(buurt["all"], json!({"from": 3.6, "to": 3.4, "change": -0.2}));

    // The public results of round 1 use round 1's questionnaire.
    let public = app.get("/v1/quickscans/rapport/results?round=r1").await.json();
    assert_eq!(find(&public["themes"], "theme", "bestuur")["by_role"]["raadslid"]["score"], 4.4);
}

#[tokio::test]
async fn the_printable_report_is_html_without_script_under_a_strict_policy_and_the_csv_has_the_same_figures() {
    let app = TestApp::new().await;
    fixture(&app).await;
    let page = app.admin(Method::GET, "/v1/admin/quickscans/rapport/report.html", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    let policy = page.header("content-security-policy").unwrap();
    assert!(policy.starts_with("default-src 'none'; style-src 'sha256-"), "{policy}");
    assert!(!policy.contains("unsafe"), "{policy}");
    let html = &page.text;
    assert!(html.contains("niet representatief"));
    assert!(!html.contains("<script"), "no script");
    assert!(html.contains("Scan &lt;Voorbeeld&gt;") && html.contains("Agenda &lt;b&gt;eerder&lt;/b&gt; online"));
    assert!(html.contains("<span class=\"mark\">Groot verschil:</span> 2,2 (Raadsleden hoogst, Inwoners laagst)"));
    assert!(html.contains("Raadsleden: Nulmeting → Voortgangsmeting"));
    assert!(html.contains("4,3 → 4,0 (-0,3)"));
    assert!(html.contains("Vaker de wijk in <span class=\"meta\">(raadslid)</span>"));
    assert!(html.contains("@media print"));
    // The newest round comes first.
    assert!(html.find("Ronde: Voortgangsmeting").unwrap() < html.find("Ronde: Nulmeting").unwrap());
    // Other API answers keep their own policy.
    let json = app.admin(Method::GET, "/v1/admin/quickscans/rapport/report", None).await;
    assert_eq!(json.header("content-security-policy"), Some("default-src 'none'; frame-ancestors 'none'"));

    let csv = app.admin(Method::GET, "/v1/admin/quickscans/rapport/report.csv", None).await;
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    let mut reader = csv::Reader::from_reader(csv.text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        header,
        ["round", "theme", "group", "respondents", "score", "grade", "picked_as_priority", "large_difference"]
    );
    let rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    let row = |round: &str, theme: &str, group: &str| {
        rows.iter().find(|r| r[0] == round && r[1] == theme && r[2] == group).cloned().unwrap()
    };
    assert_eq!(row("r1", "bestuur", "iedereen"), ["r1", "bestuur", "iedereen", "9", "3.3", "", "4", "ja"]);
    assert_eq!(row("r1", "bestuur", "inwoner"), ["r1", "bestuur", "inwoner", "3", "2.2", "", "2", "ja"]);
    assert_eq!(row("r1", "online", "raadslid"), ["r1", "online", "raadslid", "3", "3", "", "1", ""]);
    assert_eq!(row("r2", "buurt", "raadslid"), ["r2", "buurt", "raadslid", "3", "3", "", "0", "ja"]);
    assert_eq!(rows.len(), 3 * 4 + 3 * 3, "round 1: everyone and three roles; round 2: everyone and two roles");

    // The responses CSV has every version's statements, the open answers and the priorities.
    let responses = app.admin(Method::GET, "/v1/admin/quickscans/rapport/responses.csv", None).await.text;
    let first = responses.lines().next().unwrap();
    assert_eq!(
        first,
        "response,round,role,submitted_on,a1,a2,a3,b1,b2,c1,a2b,score:bestuur,score:buurt,score:online,\
         open:bestuur,open:buurt,open:online,priorities"
    );
    assert!(responses.contains(",Meer uitleg over besluiten,,,bestuur buurt"));
}

#[tokio::test]
async fn a_lone_member_of_a_role_is_not_named_with_their_open_answer() {
    let app = TestApp::new().await;
    let scan = json!({
        "id": "klein", "title": {"nl": "Klein"}, "round": {"id": "r1", "name": "Nulmeting"},
        "min_group": 3, "grades": false, "themes": themes("a2", "Het bestuur legt uit.")
    });
    assert_eq!(app.admin(Method::POST, "/v1/admin/quickscans", Some(&scan)).await.status, StatusCode::CREATED);
    for n in 0..3 {
        submit(&app, "klein", &response("inwoner", &[("a1", 4)], &["buurt"], Some(&format!("Inwoner {n}")))).await;
    }
    submit(&app, "klein", &response("ambtenaar", &[("a1", 1)], &["bestuur"], Some("Als enige ambtenaar hier"))).await;
    let report = app.admin(Method::GET, "/v1/admin/quickscans/klein/report", None).await.json();
    let round = &report["details"][0];
    let bestuur = find(&round["themes"], "theme", "bestuur");
    // One ambtenaar: hidden; the inwoners then too, else everyone minus inwoners would be that one person.
    assert_eq!(report["results"][0]["roles"], json!([]));
    assert_eq!(bestuur["all"]["respondents"], 4);
    assert_eq!(bestuur["by_role"], json!({}));
    assert!(bestuur.get("spread").is_none());
    let answers = bestuur["open_answers"].as_array().unwrap();
    assert_eq!(answers.len(), 4);
    assert!(answers.iter().all(|a| a.get("role").is_none()), "no role on any answer: {answers:?}");
    assert_eq!(round["priorities"][0], json!({"theme": "buurt", "all": 3, "by_role": {}}));
    let html = app.admin(Method::GET, "/v1/admin/quickscans/klein/report.html", None).await.text;
    assert!(html.contains("Als enige ambtenaar hier</li>") && !html.contains("(ambtenaar)"));
    assert!(html.contains("Niet apart getoond"));
}

#[tokio::test]
async fn a_changed_statement_under_an_old_id_is_refused_and_a_role_answers_only_its_statements() {
    let app = TestApp::new().await;
    fixture(&app).await;
    let round = json!({"id": "r3", "name": "Derde", "themes": themes("a2", "Het bestuur legt het anders uit.")});
    let reply = app.admin(Method::POST, "/v1/admin/quickscans/rapport/rounds", Some(&round)).await;
    let fields = reply.invalid_fields();
    assert!(fields.iter().any(|(name, _)| name == "themes[0].statements[1].id"), "{fields:?}");
    // Without themes, the new round asks what the round before asked (a2b).
    let reply = app
        .admin(Method::POST, "/v1/admin/quickscans/rapport/rounds", Some(&json!({"id": "r3", "name": "Derde"})))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let scan = app.get("/v1/quickscans/rapport").await.json();
    assert_eq!(scan["round"]["id"], "r3");
    assert_eq!(scan["themes"][0]["statements"][1]["id"], "a2b");
    // a3 is for raadsleden: an inwoner's answer to it is refused, naming it.
    let body = response("inwoner", &[("a1", 4), ("a3", 2)], &[], None);
    let reply = app.post_json("/v1/quickscans/rapport/responses", &body, &[]).await;
    assert_eq!(reply.invalid_fields(), [("statements.a3".to_owned(), "mismatch".to_owned())]);
}
