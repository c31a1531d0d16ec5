//! Nothing lost, nothing twice, for the forms too: the server is killed (SIGKILL) while clients vote, send quick scan
//! responses and Right to Challenge applications in parallel. After a restart every write that was answered 201 is
//! there exactly once, and every write whose answer was lost, sent again with its Idempotency-Key, is stored once.
//! The same run checks that no client address or user agent reached the database files or the log.

mod common;

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use common::process::{create_poll, log_file, send_keyed, start};
use serde_json::{Value, json};
use sqlx::{Connection, SqliteConnection};

const SCAN: &str = "stroomscan";
const FORM: &str = "uitdaagrecht-voorbeeld";

fn scan_file(dir: &std::path::Path) -> std::path::PathBuf {
    let file = dir.join("scan.json");
    let scan = json!({"id": SCAN, "title": {"nl": "Stroomstoring"}, "round": {"id": "r1", "name": "Ronde 1"},
        "custom_questions": [{"id": "merk", "kind": "text", "text": {"nl": "Een woord"}}], "min_group": 2});
    std::fs::write(&file, scan.to_string()).unwrap();
    file
}

/// What a write's first attempt came to: 201 (with the reference for an application), or no answer.
#[derive(Clone, Debug)]
enum Fate {
    Created(Option<String>),
    Unknown,
}

/// A write each kind of client sends, made unique by `token` so it can be found afterwards.
fn body(kind: &str, token: &str, n: u32) -> (String, Value) {
    match kind {
        "vote" => (
            "/v1/polls/stroom/votes".into(),
            json!({"choices": [if n.is_multiple_of(2) { "ja" } else { "nee" }], "voter": token}),
        ),
        "scan" => (
            format!("/v1/quickscans/{SCAN}/responses"),
            json!({"role": "inwoner", "statements": {"raad-koers": "agree"}, "custom": {"merk": {"text": token}},
                   "fill_seconds": 60}),
        ),
        _ => {
            let start = (time::OffsetDateTime::now_utc().date() + time::Duration::days(60)).to_string();
            (
                format!("/v1/challenge-forms/{FORM}/submissions"),
                json!({
                    "initiative": {"title": token, "task": "groenonderhoud", "area": "Noord"},
                    "plan": {"what": "Onderhoud", "why_better": "Dichtbij", "social_value": "Samen"},
                    "organisation": {"name": "Buurtgroep", "type": "bewonersgroep", "experience": "Jaren", "address": "Lindenlaan 1", "postcode": "1234 AB", "place": "Voorbeeld"},
                    "support": {"supporters": 12, "how_shown": "Handtekeningen"},
                    "costs": {"estimate": "1.000", "budget": "500", "start_date": start, "term_months": 12},
                    "cooperation": {"support_needed": "Gereedschap", "quality": "Schouw", "continuity": "Vaste groep"},
                    "contact": {"name": "Jan", "email": "jan@example.nl", "address": "Lindenlaan 12", "postcode": "1234 AB", "place": "Voorbeeld", "authorised": true, "consent": true},
                    "fill_seconds": 120
                }),
            )
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn votes_responses_and_applications_answered_201_survive_a_sigkill_and_retries_store_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    create_poll(
        &database,
        &json!({"id": "stroom", "question": "Overleeft dit een stroomstoring?",
                "options": [{"id": "ja", "label": "Ja"}, {"id": "nee", "label": "Nee"}]}),
    );
    let form = concat!(env!("CARGO_MANIFEST_DIR"), "/../demo/sample-challenge-form.json");
    let scan = scan_file(dir.path());
    let seeds: Vec<&std::ffi::OsStr> =
        vec!["--seed-quickscan".as_ref(), scan.as_os_str(), "--seed-challenge".as_ref(), form.as_ref()];
    let server = start(&database, &seeds);
    // The clients come from their own loopback address and name themselves, so both can be looked for afterwards.
    let client = reqwest::Client::builder()
        .local_address("127.0.0.3".parse::<std::net::IpAddr>().unwrap())
        .user_agent("InspraakCrashTest/2.0")
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let fates: Arc<Mutex<Vec<(String, String, Fate)>>> = Arc::default();
    let mut workers = Vec::new();
    for (worker, kind) in
        ["vote", "vote", "scan", "scan", "scan", "challenge", "challenge", "challenge"].iter().enumerate()
    {
        let (client, base, fates) = (client.clone(), server.base.clone(), fates.clone());
        workers.push(tokio::spawn(async move {
            for n in 0u32.. {
                let token = format!("{worker:08x}{n:024x}");
                let (path, body) = body(kind, &token, n);
                let fate = match send_keyed(&client, &format!("{base}{path}"), &format!("key-{token}"), &body).await {
                    Some(answer) => Fate::Created(answer["reference"].as_str().map(str::to_owned)),
                    None => Fate::Unknown,
                };
                let unknown = matches!(fate, Fate::Unknown);
                fates.lock().unwrap().push((kind.to_string(), token, fate));
                if unknown {
                    return;
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(2000)).await;
    server.kill();
    for worker in workers {
        worker.await.unwrap();
    }
    let fates = fates.lock().unwrap().clone();
    let count = |kind: &str, created: bool| {
        fates.iter().filter(|(k, _, f)| k == kind && matches!(f, Fate::Created(_)) == created).count()
    };
    for kind in ["vote", "scan", "challenge"] {
        eprintln!("{kind}: {} answered 201 before the kill, {} in flight", count(kind, true), count(kind, false));
        assert!(count(kind, true) > 10, "too few {kind} writes before the kill to prove anything");
    }

    // Restart on the same file; send every write whose answer was lost again, with the same key and body.
    let server = start(&database, &seeds);
    let mut references: HashMap<String, String> = fates
        .iter()
        .filter_map(|(_, token, fate)| match fate {
            Fate::Created(Some(reference)) => Some((token.clone(), reference.clone())),
            _ => None,
        })
        .collect();
    for (kind, token, fate) in &fates {
        if matches!(fate, Fate::Unknown) {
            let n = u32::from_str_radix(&token[8..], 16).unwrap();
            let (path, body) = body(kind, token, n);
            let retry = send_keyed(&client, &format!("{}{path}", server.base), &format!("key-{token}"), &body).await;
            let retry = retry.unwrap_or_else(|| panic!("a retried {kind} must be answered as stored"));
            if let Some(reference) = retry["reference"].as_str() {
                references.insert(token.clone(), reference.to_owned());
            }
        }
    }
    drop(server);

    let mut db = SqliteConnection::connect(&format!("sqlite://{}", database.display())).await.unwrap();
    // Every write, acknowledged before the kill or retried after it, is there exactly once.
    // (Votes are checked by count below: they are stored under keyed hashes, not findable by token.)
    for (kind, token, _) in fates.iter().filter(|(kind, _, _)| kind != "vote") {
        let sql = match kind.as_str() {
            "scan" => format!("SELECT COUNT(*) FROM quickscan_responses WHERE answers LIKE '%{token}%'"),
            _ => format!("SELECT COUNT(*) FROM challenge_submissions WHERE body LIKE '%{token}%'"),
        };
        let stored: i64 = sqlx::query_scalar(&sql).fetch_one(&mut db).await.unwrap();
        assert_eq!(stored, 1, "{kind} {token} stored {stored} times");
    }
    let total = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql);
    let votes = total("SELECT COUNT(*) FROM votes").fetch_one(&mut db).await.unwrap();
    let responses = total("SELECT COUNT(*) FROM quickscan_responses").fetch_one(&mut db).await.unwrap();
    let applications = total("SELECT COUNT(*) FROM challenge_submissions").fetch_one(&mut db).await.unwrap();
    assert_eq!(votes as usize, count("vote", true) + count("vote", false));
    assert_eq!(responses as usize, count("scan", true) + count("scan", false));
    assert_eq!(applications as usize, count("challenge", true) + count("challenge", false));
    // The running totals of the quick scan agree with the responses, and references have no gaps or doubles.
    let counted = total("SELECT SUM(respondents) FROM quickscan_role_counts").fetch_one(&mut db).await.unwrap();
    assert_eq!(counted, responses);
    let mut numbers: Vec<String> = references.values().cloned().collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), applications as usize, "each application has its own reference");
    let highest = total("SELECT MAX(number) FROM challenge_submissions").fetch_one(&mut db).await.unwrap();
    assert_eq!(highest, applications, "references are consecutive: UR-…-0001 to UR-…-{applications:04}");
    db.close().await.unwrap();

    // No client address and no user agent anywhere in the database files or the log.
    let mut stored = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap().to_string_lossy().starts_with("inspraak.sqlite") {
            // The -wal and -shm files may go as the last connection closes.
            stored.extend(std::fs::read(path).unwrap_or_default());
        }
    }
    let haystack = String::from_utf8_lossy(&stored);
    assert!(haystack.contains(FORM), "the scan must see the database's contents");
    let log = std::fs::read_to_string(log_file(&database)).unwrap();
    for secret in ["127.0.0.3", "InspraakCrashTest"] {
        assert!(!haystack.contains(secret), "{secret} is in the database");
        assert!(!log.contains(secret), "{secret} is in the log");
    }
}
