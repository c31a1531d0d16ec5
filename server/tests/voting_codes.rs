//! Voting codes: a poll that requires one takes exactly one vote per code, even when the same code is used by many
//! clients at once; the database keeps keyed hashes of the codes and cannot tell which code made which vote.

mod common;

use axum::http::{Method, StatusCode};
use common::{
    TestApp,
    process::{binary, create_poll, start},
    voter,
};
use serde_json::{Value, json};

async fn codes(app: &TestApp, poll: &str, count: u32) -> Vec<String> {
    let reply = app.admin(Method::POST, &format!("/v1/admin/polls/{poll}/codes"), Some(&json!({"count": count}))).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.json()["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect()
}

async fn vote_with(app: &TestApp, poll: &str, code: Option<&str>, who: u32) -> common::Reply {
    let mut body = json!({"choices": ["park"], "voter": voter(who)});
    if let Some(code) = code {
        body["code"] = json!(code);
    }
    app.post_json(&format!("/v1/polls/{poll}/votes"), &body, &[]).await
}

#[tokio::test]
async fn a_code_votes_once_and_the_database_cannot_tell_which_code_made_which_vote() {
    let app = TestApp::new().await;
    let poll = app.create_poll("met-codes", json!({"requires_code": true})).await;
    assert_eq!(poll["requires_code"], true);
    let made = codes(&app, "met-codes", 3).await;
    assert_eq!(made.len(), 3);
    for code in &made {
        assert!(inspraak_api::codes::normalise(code, 3).as_deref() == Some(code.as_str()), "{code}");
    }

    assert_eq!(
        vote_with(&app, "met-codes", None, 1).await.invalid_fields(),
        [("code".to_owned(), "required".to_owned())]
    );
    assert_eq!(vote_with(&app, "met-codes", Some("ABCD"), 1).await.invalid_fields()[0].1, "format");
    assert_eq!(vote_with(&app, "met-codes", Some("ABCD-EFGH-JKMN"), 1).await.invalid_fields()[0].1, "unknown");

    // Typed in lower case without dashes, as someone might from the letter.
    let typed = made[0].replace('-', "").to_lowercase();
    let first = vote_with(&app, "met-codes", Some(&typed), 1).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert_eq!(first.json()["results"]["voters"], 1);
    // The same code from another browser is refused; another code from the same browser counts (a household
    // sharing one computer).
    let again = vote_with(&app, "met-codes", Some(&made[0]), 2).await;
    assert_eq!(again.problem(409)["type"], "urn:inspraak:problem:already-voted");
    assert_eq!(vote_with(&app, "met-codes", Some(&made[1]), 1).await.status, StatusCode::CREATED);

    let counts = app.admin(Method::GET, "/v1/admin/polls/met-codes/codes", None).await.json();
    assert_eq!(counts, json!({"poll": "met-codes", "issued": 3, "used": 2}));
    assert_eq!(app.count("SELECT voters FROM polls WHERE id = 'met-codes'").await, 2);
    // No code in plain text, and no vote stored under a code's hash.
    for code in &made {
        let plain = format!("SELECT COUNT(*) FROM poll_codes WHERE code_hash LIKE '%{code}%'");
        assert_eq!(app.count(&plain).await, 0);
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM votes v JOIN poll_codes c ON c.code_hash = v.voter_hash").await,
        0,
        "votes must not be joinable to codes"
    );

    // Results after voting: the code is the proof of having voted.
    let results = app.send(Method::GET, "/v1/polls/met-codes/results", &[("inspraak-code", &made[0])], None).await;
    assert_eq!(results.status, StatusCode::OK, "{}", results.text);
    let hidden = app.send(Method::GET, "/v1/polls/met-codes/results", &[("inspraak-code", &made[2])], None).await;
    hidden.problem(403);

    // A poll without codes takes none; bad counts are refused.
    app.create_poll("zonder-codes", json!({})).await;
    assert_eq!(
        vote_with(&app, "zonder-codes", Some(&made[2]), 3).await.invalid_fields()[0],
        ("code".into(), "unknown".into())
    );
    let too_many = app.admin(Method::POST, "/v1/admin/polls/met-codes/codes", Some(&json!({"count": 10_001}))).await;
    assert_eq!(too_many.invalid_fields()[0].0, "count");
    // A code of one poll is no code in another.
    app.create_poll("ander", json!({"requires_code": true})).await;
    assert_eq!(vote_with(&app, "ander", Some(&made[2]), 4).await.invalid_fields()[0].1, "unknown");
}

#[tokio::test]
async fn a_retried_request_for_codes_voids_the_first_codes_and_returns_as_many_new_ones() {
    let app = TestApp::new().await;
    app.create_poll("p", json!({"requires_code": true})).await;
    let auth = format!("Bearer {}", common::TOKEN);
    let headers =
        [("authorization", auth.as_str()), ("content-type", "application/json"), ("idempotency-key", "codes-1")];
    let first = app.send(Method::POST, "/v1/admin/polls/p/codes", &headers, Some(r#"{"count": 5}"#)).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let first_codes: Vec<String> = serde_json::from_value(first.json()["codes"].clone()).unwrap();
    // One of them is used before the answer is asked for again: it stays used and is not replaced.
    let used = app
        .post_json(
            "/v1/polls/p/votes",
            &json!({"choices": ["park"], "voter": common::voter(1), "code": first_codes[0]}),
            &[],
        )
        .await;
    assert_eq!(used.status, StatusCode::CREATED, "{}", used.text);
    let second = app.send(Method::POST, "/v1/admin/polls/p/codes", &headers, Some(r#"{"count": 5}"#)).await;
    assert_eq!(second.status, StatusCode::CREATED);
    assert_eq!(second.header("idempotent-replayed"), Some("true"));
    let second_codes: Vec<String> = serde_json::from_value(second.json()["codes"].clone()).unwrap();
    assert_eq!(second_codes.len(), 4, "the four unused codes are replaced");
    assert!(second_codes.iter().all(|code| !first_codes.contains(code)));
    assert_eq!(app.count("SELECT COUNT(*) FROM poll_codes").await, 5, "one effect: five codes");
    let void = app
        .post_json(
            "/v1/polls/p/votes",
            &json!({"choices": ["park"], "voter": common::voter(2), "code": first_codes[1]}),
            &[],
        )
        .await;
    assert_eq!(
        void.invalid_fields()[0],
        ("code".to_owned(), "unknown".to_owned()),
        "the first answer's codes are void"
    );
    let fresh = app
        .post_json(
            "/v1/polls/p/votes",
            &json!({"choices": ["park"], "voter": common::voter(3), "code": second_codes[0]}),
            &[],
        )
        .await;
    assert_eq!(fresh.status, StatusCode::CREATED);
    // No code is in the stored answers.
    let stored: String = sqlx::query_scalar("SELECT group_concat(body, ' ') FROM idempotency_keys")
        .fetch_one(&app.db.read)
        .await
        .unwrap();
    for code in first_codes.iter().chain(&second_codes) {
        assert!(!stored.contains(code.as_str()), "{code} is stored");
    }
}

/// 50 clients send the same code at the same moment, over real HTTP to the real binary: one vote counts.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_uses_of_one_code_make_exactly_one_vote() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    create_poll(
        &database,
        &json!({"id": "wijkbudget", "question": "Waaraan besteden we het wijkbudget?", "requires_code": true,
                "options": [{"id": "park", "label": "Park"}, {"id": "plein", "label": "Plein"}]}),
    );
    // The back office prints codes with the CLI.
    let output =
        binary().args(["poll", "codes", "wijkbudget", "--count", "2", "--database"]).arg(&database).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let csv = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "poll,code");
    assert_eq!(lines.len(), 3, "{csv}");
    let code = lines[1].split(',').nth(1).unwrap().to_owned();

    let server = start(&database, &[]);
    let client = reqwest::Client::new();
    let url = format!("{}/v1/polls/wijkbudget/votes", server.base);
    let attempts = (0..50u32).map(|n| {
        let (client, url, code) = (client.clone(), url.clone(), code.clone());
        tokio::spawn(async move {
            let body =
                json!({"choices": [if n % 2 == 0 { "park" } else { "plein" }], "voter": voter(1000 + n), "code": code});
            client.post(&url).json(&body).send().await.unwrap().status().as_u16()
        })
    });
    let mut statuses = Vec::new();
    for attempt in attempts {
        statuses.push(attempt.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|&&s| s == 201).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|&&s| s == 409).count(), 49, "{statuses:?}");
    let results: Value = common::process::json(
        client.get(format!("{}/v1/polls/wijkbudget/results", server.base)).header("inspraak-code", &code),
    )
    .await;
    assert_eq!(results["voters"], 1);
    let votes: u64 = results["options"].as_array().unwrap().iter().map(|o| o["votes"].as_u64().unwrap()).sum();
    assert_eq!(votes, 1);
    server.kill();
    let stored =
        std::process::Command::new("sqlite3").arg(&database).arg("SELECT COUNT(*) FROM votes").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&stored.stdout).trim(), "1");
}

#[tokio::test]
async fn vote_rows_and_codes_go_a_month_after_the_poll_closes_and_the_counts_stay() {
    let app = TestApp::new().await;
    app.create_poll("oud", json!({"requires_code": true})).await;
    let made = codes(&app, "oud", 2).await;
    assert_eq!(vote_with(&app, "oud", Some(&made[0]), 1).await.status, StatusCode::CREATED);
    app.create_poll("lopend", json!({})).await;
    assert_eq!(app.vote("lopend", &["park"], &voter(2)).await.status, StatusCode::CREATED);
    let mut conn = app.db.write.acquire().await.unwrap();
    let store = inspraak_server::polls::store::purge_closed;
    let now = inspraak_server::clock::now();
    assert_eq!(store(&mut conn, now).await.unwrap(), 0, "open polls keep everything");
    sqlx::query("UPDATE polls SET closes_at = ? WHERE id = 'oud'")
        .bind(now - 31 * 86_400)
        .execute(&mut *conn)
        .await
        .unwrap();
    assert_eq!(store(&mut conn, now).await.unwrap(), 3, "one vote row and two codes");
    drop(conn);
    assert_eq!(app.count("SELECT COUNT(*) FROM votes").await, 1, "the open poll's vote row stays");
    let results = app.admin(Method::GET, "/v1/admin/polls/oud/results", None).await.json();
    assert_eq!(results["voters"], 1);
}
