//! A resident's path through the public poll API, in-process on a real SQLite file.

mod common;

use axum::http::{Method, StatusCode};
use common::{TestApp, voter};
use futures::future::join_all;
use serde_json::json;

#[tokio::test]
async fn a_poll_is_shown_with_its_options_and_the_api_version() {
    let app = TestApp::new().await;
    app.create_poll("speeltuin", json!({})).await;
    let reply = app.get("/v1/polls/speeltuin").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("api-version"), Some("1.0.0"));
    let poll = reply.json();
    assert_eq!(poll["status"], "open");
    assert_eq!(poll["choice"], "single");
    assert_eq!(poll["max_choices"], 1);
    assert_eq!(poll["options"][1], json!({"id": "plein", "label": "Trapveldje op het plein"}));
}

#[tokio::test]
async fn an_unknown_poll_is_a_404_problem() {
    let app = TestApp::new().await;
    let body = app.get("/v1/polls/bestaat-niet").await.problem(404);
    assert_eq!(body["type"], "urn:inspraak:problem:not-found");
    app.get("/v1/bestaat-ook-niet").await.problem(404);
}

#[tokio::test]
async fn a_vote_is_counted_once_and_answered_with_the_results() {
    let app = TestApp::new().await;
    app.create_poll("speeltuin", json!({})).await;
    let reply = app.vote("speeltuin", &["plein"], &voter(1)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    assert_eq!(reply.header("api-version"), Some("1.0.0"));
    let results = &reply.json()["results"];
    assert_eq!(results["voters"], 1);
    assert_eq!(results["options"][1], json!({"id": "plein", "votes": 1}));

    app.vote("speeltuin", &["park"], &voter(2)).await;
    let results = app.send(Method::GET, "/v1/polls/speeltuin/results", &[("inspraak-voter", &voter(2))], None).await;
    assert_eq!(results.status, StatusCode::OK, "{}", results.text);
    assert_eq!(results.json()["voters"], 2);
    assert_eq!(app.count("SELECT COUNT(*) FROM votes").await, 2);
}

#[tokio::test]
async fn the_same_voter_cannot_vote_twice() {
    let app = TestApp::new().await;
    app.create_poll("speeltuin", json!({})).await;
    assert_eq!(app.vote("speeltuin", &["plein"], &voter(1)).await.status, StatusCode::CREATED);
    let body = app.vote("speeltuin", &["park"], &voter(1)).await.problem(409);
    assert_eq!(body["type"], "urn:inspraak:problem:already-voted");
    assert_eq!(app.count("SELECT voters FROM polls").await, 1);
    assert_eq!(app.count("SELECT votes FROM poll_options WHERE id = 'park'").await, 0);
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn the_voter_id_is_stored_only_as_a_keyed_hash_that_differs_per_poll() {
    let app = TestApp::new().await;
    app.create_poll("speeltuin", json!({})).await;
    app.create_poll("bankjes", json!({})).await;
    let vote = json!({"choices": ["plein"], "voter": voter(7)});
    for poll in ["speeltuin", "bankjes"] {
        let key = format!("key-{poll}");
        let reply = app.post_json(&format!("/v1/polls/{poll}/votes"), &vote, &[("idempotency-key", &key)]).await;
        assert_eq!(reply.status, StatusCode::CREATED);
    }
    let hashes: Vec<String> =
        sqlx::query_scalar("SELECT voter_hash FROM votes ORDER BY poll_id").fetch_all(&app.db.read).await.unwrap();
    assert_eq!(hashes.len(), 2);
    assert_ne!(hashes[0], hashes[1], "the same voter must not be linkable across polls");
    for hash in &hashes {
        assert_eq!(hash.len(), 64);
        assert_ne!(hash, &sha256_hex(voter(7).as_bytes()), "an unkeyed hash can be recomputed from the id");
    }
    // The stored request fingerprints hold the voter id too: keyed, and different per poll.
    let fingerprints: Vec<String> =
        sqlx::query_scalar("SELECT request_hash FROM idempotency_keys").fetch_all(&app.db.read).await.unwrap();
    assert_eq!(fingerprints.len(), 2);
    assert_ne!(fingerprints[0], fingerprints[1]);
    assert!(!fingerprints.contains(&sha256_hex(vote.to_string().as_bytes())));
}

#[tokio::test]
async fn a_retry_with_the_same_idempotency_key_is_stored_once_and_gets_the_first_answer() {
    let app = TestApp::new().await;
    app.create_poll("speeltuin", json!({})).await;
    let vote = json!({"choices": ["school"], "voter": voter(3)});
    let key = [("idempotency-key", "9f1c7a52-retry")];
    let first = app.post_json("/v1/polls/speeltuin/votes", &vote, &key).await;
    let retry = app.post_json("/v1/polls/speeltuin/votes", &vote, &key).await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(retry.status, StatusCode::CREATED, "{}", retry.text);
    assert_eq!(retry.text, first.text);
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    assert_eq!(app.count("SELECT votes FROM poll_options WHERE id = 'school'").await, 1);

    let other = json!({"choices": ["park"], "voter": voter(4)});
    let reused = app.post_json("/v1/polls/speeltuin/votes", &other, &key).await.problem(422);
    assert_eq!(reused["type"], "urn:inspraak:problem:idempotency-key-reused");
    assert_eq!(app.count("SELECT COUNT(*) FROM votes").await, 1);

    let bad_key = app.post_json("/v1/polls/speeltuin/votes", &other, &[("idempotency-key", "met spatie")]).await;
    assert_eq!(bad_key.invalid_fields(), [("Idempotency-Key".to_owned(), "format".to_owned())]);
}

#[tokio::test]
async fn a_closed_or_not_yet_open_poll_takes_no_votes() {
    let app = TestApp::new().await;
    app.create_poll("gesloten", json!({"closes_at": "2020-01-01T00:00:00Z"})).await;
    app.create_poll("straks", json!({"opens_at": "2099-01-01T00:00:00+01:00"})).await;
    let closed = app.vote("gesloten", &["park"], &voter(1)).await.problem(409);
    assert_eq!(closed["type"], "urn:inspraak:problem:poll-not-open");
    assert_eq!(closed["title"], "Poll closed");
    let upcoming = app.vote("straks", &["park"], &voter(1)).await.problem(409);
    assert_eq!(upcoming["title"], "Poll not open yet");
    assert_eq!(app.get("/v1/polls/straks").await.json()["status"], "upcoming");
    assert_eq!(app.count("SELECT COUNT(*) FROM votes").await, 0);
}

#[tokio::test]
async fn invalid_votes_name_the_offending_field() {
    let app = TestApp::new().await;
    app.create_poll("speeltuin", json!({})).await;
    app.create_poll("meer", json!({"choice": "multiple", "max_choices": 2})).await;
    let fields = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs.iter().map(|(n, c)| (n.to_string(), c.to_string())).collect()
    };

    assert_eq!(
        app.vote("speeltuin", &["strand"], &voter(1)).await.invalid_fields(),
        fields(&[("choices[0]", "unknown")])
    );
    assert_eq!(
        app.vote("speeltuin", &["park", "plein"], &voter(1)).await.invalid_fields(),
        fields(&[("choices", "too_many")])
    );
    assert_eq!(
        app.vote("meer", &["park", "plein", "school"], &voter(1)).await.invalid_fields(),
        fields(&[("choices", "too_many")])
    );
    assert_eq!(
        app.vote("meer", &["park", "park"], &voter(1)).await.invalid_fields(),
        fields(&[("choices[1]", "duplicate")])
    );
    assert_eq!(app.vote("speeltuin", &[], &voter(1)).await.invalid_fields(), fields(&[("choices", "required")]));
    assert_eq!(app.vote("speeltuin", &["park"], "kort").await.invalid_fields(), fields(&[("voter", "format")]));

    let uri = "/v1/polls/speeltuin/votes";
    let json = [("content-type", "application/json")];
    let empty = app.send(Method::POST, uri, &json, Some("")).await;
    assert_eq!(empty.invalid_fields(), fields(&[("body", "required")]));
    let wrong_type = app.send(Method::POST, uri, &json, Some(r#"{"choices": [1], "voter": "x"}"#)).await;
    assert_eq!(wrong_type.invalid_fields(), fields(&[("choices[0]", "format")]));
    let not_a_list = app.send(Method::POST, uri, &json, Some(r#"{"choices": "park", "voter": "x"}"#)).await;
    assert_eq!(not_a_list.invalid_fields(), fields(&[("choices", "format")]));
    let missing = app.send(Method::POST, uri, &json, Some(r#"{"choices": ["park"]}"#)).await;
    assert_eq!(missing.invalid_fields(), fields(&[("voter", "required")]));
    // Not JSON at all: the request cannot be read, a 400 (still naming where it broke off).
    let broken = app.send(Method::POST, uri, &json, Some(r#"{"choices": ["#)).await;
    assert_eq!(broken.problem(400)["invalidParams"][0]["code"], "format");
    let form = app.send(Method::POST, uri, &[("content-type", "application/x-www-form-urlencoded")], Some("a=b")).await;
    form.problem(415);

    assert_eq!(app.count("SELECT COUNT(*) FROM votes").await, 0);
}

#[tokio::test]
async fn results_are_shown_as_each_poll_says() {
    let app = TestApp::new().await;
    app.create_poll("na-stemmen", json!({"results": "after_vote"})).await;
    app.create_poll("na-sluiten", json!({"results": "after_close"})).await;
    app.create_poll("nooit", json!({"results": "never"})).await;

    let hidden = app.get("/v1/polls/na-stemmen/results").await.problem(403);
    assert_eq!(hidden["type"], "urn:inspraak:problem:results-hidden");
    let receipt = app.vote("na-stemmen", &["park"], &voter(1)).await.json();
    assert_eq!(receipt["results"]["voters"], 1);
    let own = app.send(Method::GET, "/v1/polls/na-stemmen/results", &[("inspraak-voter", &voter(1))], None).await;
    assert_eq!(own.status, StatusCode::OK);
    let stranger = app.send(Method::GET, "/v1/polls/na-stemmen/results", &[("inspraak-voter", &voter(2))], None).await;
    stranger.problem(403);

    let receipt = app.vote("na-sluiten", &["park"], &voter(1)).await.json();
    assert!(receipt.get("results").is_none(), "{receipt}");
    app.get("/v1/polls/na-sluiten/results").await.problem(403);
    app.admin(Method::POST, "/v1/admin/polls/na-sluiten/close", None).await;
    let after_close = app.get("/v1/polls/na-sluiten/results").await;
    assert_eq!(after_close.status, StatusCode::OK);
    assert_eq!(after_close.json()["options"][0]["votes"], 1);

    app.vote("nooit", &["park"], &voter(1)).await;
    app.admin(Method::POST, "/v1/admin/polls/nooit/close", None).await;
    app.send(Method::GET, "/v1/polls/nooit/results", &[("inspraak-voter", &voter(1))], None).await.problem(403);
}

#[tokio::test]
async fn multiple_choice_counts_each_option_and_percentages_are_of_voters() {
    let app = TestApp::new().await;
    app.create_poll("meer", json!({"choice": "multiple"})).await;
    assert_eq!(app.get("/v1/polls/meer").await.json()["max_choices"], 3);
    app.vote("meer", &["park", "plein"], &voter(1)).await;
    let results = app.vote("meer", &["park"], &voter(2)).await.json()["results"].clone();
    assert_eq!(results["voters"], 2);
    assert_eq!(
        results["options"],
        json!([{"id": "park", "votes": 2}, {"id": "plein", "votes": 1}, {"id": "school", "votes": 0}])
    );
}

#[tokio::test]
async fn votes_arriving_together_are_each_counted_once_and_a_voter_only_once() {
    let app = TestApp::new().await;
    app.create_poll("druk", json!({})).await;
    // 200 different voters and 20 attempts by one voter, all at once: they share group commits.
    let voters: Vec<String> = (0..200).map(|n| voter(1000 + n)).collect();
    let same_voter = voter(1);
    let others = join_all(voters.iter().map(|v| app.vote("druk", &["park"], v)));
    let same = join_all((0..20).map(|_| app.vote("druk", &["plein"], &same_voter)));
    let (others, same) = tokio::join!(others, same);
    assert!(others.iter().all(|reply| reply.status == StatusCode::CREATED));
    let created = same.iter().filter(|reply| reply.status == StatusCode::CREATED).count();
    let refused = same.iter().filter(|reply| reply.status == StatusCode::CONFLICT).count();
    assert_eq!((created, refused), (1, 19));
    assert_eq!(app.count("SELECT voters FROM polls WHERE id = 'druk'").await, 201);
    assert_eq!(app.count("SELECT votes FROM poll_options WHERE poll_id = 'druk' AND id = 'park'").await, 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM votes WHERE poll_id = 'druk'").await, 201);
}

#[tokio::test]
async fn the_same_retried_vote_arriving_together_is_stored_once_and_answered_alike() {
    let app = TestApp::new().await;
    app.create_poll("tegelijk", json!({})).await;
    let vote = json!({"choices": ["school"], "voter": voter(5)});
    let other = json!({"choices": ["park"], "voter": voter(6)});
    let key = [("idempotency-key", "same-moment")];
    let (a, b, c) = tokio::join!(
        app.post_json("/v1/polls/tegelijk/votes", &vote, &key),
        app.post_json("/v1/polls/tegelijk/votes", &vote, &key),
        app.post_json("/v1/polls/tegelijk/votes", &other, &key),
    );
    assert_eq!((a.status, b.status), (StatusCode::CREATED, StatusCode::CREATED), "{} / {}", a.text, b.text);
    assert_eq!(a.text, b.text);
    assert_eq!(c.problem(422)["type"], "urn:inspraak:problem:idempotency-key-reused");
    assert_eq!(app.count("SELECT COUNT(*) FROM votes WHERE poll_id = 'tegelijk'").await, 1);
    assert_eq!(app.count("SELECT votes FROM poll_options WHERE poll_id = 'tegelijk' AND id = 'school'").await, 1);
}

#[tokio::test]
async fn a_key_belongs_to_the_route_it_was_sent_to_with_its_path_filled_in() {
    let app = TestApp::new().await;
    app.create_poll("speeltuin", json!({})).await;
    app.create_poll("bankjes", json!({})).await;
    let key = [("idempotency-key", "one-key-two-polls")];
    let vote = json!({"choices": ["plein"], "voter": voter(8)});
    for poll in ["speeltuin", "bankjes"] {
        let reply = app.post_json(&format!("/v1/polls/{poll}/votes"), &vote, &key).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{poll}: {}", reply.text);
        assert_eq!(reply.header("idempotent-replayed"), None, "{poll} is not a retry of the other poll's vote");
    }
    let auth = format!("Bearer {}", common::TOKEN);
    let poll = json!({"id": "fietsen", "question": "Waar?", "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]});
    let headers = [("authorization", auth.as_str()), ("idempotency-key", "one-key-two-polls")];
    assert_eq!(app.post_json("/v1/admin/polls", &poll, &headers).await.status, StatusCode::CREATED);
    // Answers kept before an upgrade must still be found after it: the scope is the method and the path as sent.
    let scopes: Vec<String> =
        sqlx::query_scalar("SELECT scope FROM idempotency_keys ORDER BY scope").fetch_all(&app.db.read).await.unwrap();
    assert_eq!(scopes, ["POST /v1/admin/polls", "POST /v1/polls/bankjes/votes", "POST /v1/polls/speeltuin/votes"]);
}
