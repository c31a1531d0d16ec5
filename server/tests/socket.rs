//! The real binary over a real socket on loopback with a real SQLite file: the CLI creates a poll,
//! `serve` seeds one, a client votes, and the database holds the vote; neither it nor the log holds the client's
//! address, user agent or voter id.

mod common;

use common::process::{binary, log_file, start};
use serde_json::{Value, json};

#[tokio::test]
async fn a_resident_votes_over_http_and_the_vote_is_in_the_database_file() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    let seed = dir.path().join("seed.json");
    std::fs::write(
        &seed,
        json!({"id": "kademuur", "question": "Hoe herstellen we de kademuur?",
               "options": [{"id": "steen", "label": "In baksteen"}, {"id": "hout", "label": "Met hout"}]})
        .to_string(),
    )
    .unwrap();

    let other = dir.path().join("other.json");
    std::fs::write(
        &other,
        json!({"id": "bomen", "question": "Welke boom?", "options": [{"id": "eik", "label": "Eik"}, {"id": "linde", "label": "Linde"}]})
            .to_string(),
    )
    .unwrap();
    let created = binary().args(["poll", "create"]).arg(&other).arg("--database").arg(&database).output().unwrap();
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let again = binary().args(["poll", "create"]).arg(&other).arg("--database").arg(&database).output().unwrap();
    assert!(!again.status.success(), "creating the same poll twice must fail");

    let server = start(&database, &["--seed".as_ref(), seed.as_os_str()]);
    // The client comes from its own loopback address and names itself, so both can be looked for afterwards.
    let client = reqwest::Client::builder()
        .local_address("127.0.0.2".parse::<std::net::IpAddr>().unwrap())
        .user_agent("InspraakTestBrowser/1.0")
        .build()
        .unwrap();
    let poll: Value =
        client.get(format!("{}/v1/polls/kademuur", server.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(poll["question"], "Hoe herstellen we de kademuur?");
    let bomen = client.get(format!("{}/v1/polls/bomen", server.base)).send().await.unwrap();
    assert_eq!(bomen.status(), 200);

    let voter = "0123456789abcdef0123456789abcdef";
    let vote = client
        .post(format!("{}/v1/polls/kademuur/votes", server.base))
        .header("idempotency-key", "socket-1")
        .json(&json!({"choices": ["hout"], "voter": voter}))
        .send()
        .await
        .unwrap();
    assert_eq!(vote.status(), 201);
    assert_eq!(vote.headers()["api-version"], "1.0.0");
    let again = client
        .post(format!("{}/v1/polls/kademuur/votes", server.base))
        .json(&json!({"choices": ["steen"], "voter": voter}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409);
    assert_eq!(again.headers()["content-type"], "application/problem+json");

    // Restart on the same file: the vote was acknowledged, so it must still be there, counted once.
    drop(server);
    let server = start(&database, &["--seed".as_ref(), seed.as_os_str()]);
    let results: Value = common::process::json(
        client.get(format!("{}/v1/polls/kademuur/results", server.base)).header("inspraak-voter", voter),
    )
    .await;
    assert_eq!(results["voters"], 1);
    assert_eq!(results["options"][1], json!({"id": "hout", "votes": 1}));
    drop(server);

    // No client address and no raw voter id anywhere in the database files.
    let mut stored = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap().to_string_lossy().starts_with("inspraak.sqlite") {
            stored.extend(std::fs::read(path).unwrap());
        }
    }
    let haystack = String::from_utf8_lossy(&stored);
    assert!(haystack.contains("kademuur"), "the scan must see the database's contents");
    for secret in ["127.0.0.2", "InspraakTestBrowser", voter] {
        assert!(!haystack.contains(secret), "{secret} is in the database");
    }
    let log = std::fs::read_to_string(log_file(&database)).unwrap();
    assert!(log.contains("created sample poll"), "the scan must see the server's log: {log}");
    for secret in ["127.0.0.2", "InspraakTestBrowser", voter] {
        assert!(!log.contains(secret), "{secret} is in the log");
    }
}

#[tokio::test]
async fn one_address_gets_a_429_with_retry_after_past_its_votes_per_minute_and_others_still_vote() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    common::process::create_poll(
        &database,
        &json!({"id": "druk", "question": "Te veel?", "options": [{"id": "ja", "label": "Ja"}, {"id": "nee", "label": "Nee"}]}),
    );
    let server = start(&database, &["--votes-per-minute".as_ref(), "3".as_ref()]);
    let from = |address: &str| {
        reqwest::Client::builder().local_address(address.parse::<std::net::IpAddr>().unwrap()).build().unwrap()
    };
    let (busy, other) = (from("127.0.0.4"), from("127.0.0.5"));
    let url = format!("{}/v1/polls/druk/votes", server.base);
    for n in 0..3 {
        let vote =
            busy.post(&url).json(&json!({"choices": ["ja"], "voter": format!("{n:032x}")})).send().await.unwrap();
        assert_eq!(vote.status(), 201);
    }
    let refused =
        busy.post(&url).json(&json!({"choices": ["ja"], "voter": format!("{:032x}", 9)})).send().await.unwrap();
    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["content-type"], "application/problem+json");
    let wait: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=20).contains(&wait), "retry after {wait} s");
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["type"], "urn:inspraak:problem:too-many-requests");
    assert_eq!(problem["retryAfter"], wait);
    let elsewhere =
        other.post(&url).json(&json!({"choices": ["nee"], "voter": format!("{:032x}", 10)})).send().await.unwrap();
    assert_eq!(elsewhere.status(), 201, "the limit is per address");
    // Reading is not limited.
    assert_eq!(busy.get(format!("{}/v1/polls/druk", server.base)).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn the_limited_routes_of_a_resource_share_one_bucket_per_address_and_other_resources_have_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&dir.path().join("inspraak.sqlite"), &["--votes-per-minute".as_ref(), "1".as_ref()]);
    let client = reqwest::Client::new();
    let status = |method: reqwest::Method, path: &str| {
        let request = client.request(method, format!("{}{path}", server.base)).json(&json!({}));
        async move { request.send().await.unwrap().status().as_u16() }
    };
    use reqwest::Method as M;
    // Nothing here exists and the bodies are empty: the limit counts a request before its handler looks.
    assert_eq!(status(M::POST, "/v1/quickscans/geen/responses").await, 404);
    assert_eq!(status(M::GET, "/v1/quickscans/geen/draft").await, 429);
    assert_eq!(status(M::POST, "/v1/quickscans/geen/drafts").await, 429);
    assert_eq!(status(M::GET, "/v1/quickscans/geen").await, 404, "reading a scan is not limited");
    // Uploads count against a bucket of their own (--uploads-per-hour), applications against the writes'.
    assert_eq!(status(M::POST, "/v1/challenge-forms/geen/attachments").await, 404);
    assert_eq!(status(M::POST, "/v1/challenge-forms/geen/submissions").await, 404);
    assert_eq!(status(M::POST, "/v1/challenge-forms/geen/submissions").await, 429);
    assert_eq!(status(M::POST, "/v1/polls/geen/votes").await, 422, "its own bucket: the body is read, and refused");
    assert_eq!(status(M::POST, "/v1/polls/geen/votes").await, 429);
}
