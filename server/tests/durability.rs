//! Nothing lost, nothing twice: the server is killed (SIGKILL) while clients vote in parallel; after a restart every
//! vote that was answered 201 is there, none is doubled, the counts match the votes, and a vote whose answer was
//! lost in the crash, sent again with its Idempotency-Key, is stored at most once. A backup taken while votes come
//! in restores to a working server.

mod common;

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use common::process::{binary, create_poll, send_keyed, start};
use serde_json::{Value, json};
use sqlx::{Connection, SqliteConnection};

/// What one vote's first attempt came to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Fate {
    Created,
    /// No answer: the server died with the request in flight.
    Unknown,
}

/// The vote voter `voter` (worker and counter in hex) casts.
fn vote(voter: &str) -> Value {
    let n = u32::from_str_radix(&voter[8..], 16).unwrap();
    json!({"choices": [if n.is_multiple_of(2) { "ja" } else { "nee" }], "voter": voter})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn votes_answered_201_survive_a_sigkill_and_retries_store_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    create_poll(
        &database,
        &json!({"id": "stroom", "question": "Overleeft dit een stroomstoring?",
                "options": [{"id": "ja", "label": "Ja"}, {"id": "nee", "label": "Nee"}]}),
    );

    let server = start(&database, &[]);
    let url = format!("{}/v1/polls/stroom/votes", server.base);
    let fates: Arc<Mutex<Vec<(String, Fate)>>> = Arc::default();
    let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    let mut voters = Vec::new();
    for worker in 0..8u32 {
        let (client, url, fates) = (client.clone(), url.clone(), fates.clone());
        voters.push(tokio::spawn(async move {
            for n in 0u32.. {
                let voter = format!("{worker:08x}{n:024x}");
                let fate = match send_keyed(&client, &url, &format!("key-{voter}"), &vote(&voter)).await {
                    Some(_) => Fate::Created,
                    None => Fate::Unknown,
                };
                fates.lock().unwrap().push((voter, fate));
                if fate == Fate::Unknown {
                    return;
                }
            }
        }));
    }
    // Let votes flow, then pull the plug mid-stream.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill();
    for voter in voters {
        voter.await.unwrap();
    }
    let fates = fates.lock().unwrap().clone();
    let created: Vec<&String> = fates.iter().filter(|(_, f)| *f == Fate::Created).map(|(v, _)| v).collect();
    let unknown: Vec<&String> = fates.iter().filter(|(_, f)| *f == Fate::Unknown).map(|(v, _)| v).collect();
    assert!(created.len() > 100, "too few votes before the kill to prove anything: {}", created.len());

    eprintln!("{} votes answered 201 before the kill, {} in flight", created.len(), unknown.len());
    // Restart on the same file; send the votes whose answer was lost again, with the same key and body.
    let server = start(&database, &[]);
    let url = format!("{}/v1/polls/stroom/votes", server.base);
    for voter in &unknown {
        let retry = send_keyed(&client, &url, &format!("key-{voter}"), &vote(voter)).await;
        assert!(retry.is_some(), "a retried vote must be answered as stored");
    }
    server.kill();

    let mut db = SqliteConnection::connect(&format!("sqlite://{}", database.display())).await.unwrap();
    let stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM votes WHERE poll_id = 'stroom'").fetch_one(&mut db).await.unwrap();
    let counted: i64 =
        sqlx::query_scalar("SELECT voters FROM polls WHERE id = 'stroom'").fetch_one(&mut db).await.unwrap();
    let per_option: i64 = sqlx::query_scalar("SELECT SUM(votes) FROM poll_options WHERE poll_id = 'stroom'")
        .fetch_one(&mut db)
        .await
        .unwrap();
    let answered: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM idempotency_keys").fetch_one(&mut db).await.unwrap();
    // Every acknowledged vote and every retried one is stored exactly once; nothing else is.
    assert_eq!(stored, (created.len() + unknown.len()) as i64, "{} created, {} retried", created.len(), unknown.len());
    assert_eq!(counted, stored, "the running count matches the votes");
    assert_eq!(per_option, stored, "single choice: the option counts add up to the votes");
    assert_eq!(answered, stored, "one kept answer per vote");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_votes_come_in_restores_to_a_working_server() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    create_poll(
        &database,
        &json!({"id": "kopie", "question": "Gaat er iets verloren?",
                "options": [{"id": "nee", "label": "Nee"}, {"id": "ja", "label": "Ja"}]}),
    );
    let server = start(&database, &[]);
    let client = reqwest::Client::new();
    let url = format!("{}/v1/polls/kopie/votes", server.base);
    let voting = {
        let (client, url) = (client.clone(), url.clone());
        tokio::spawn(async move {
            for n in 0..300u32 {
                let reply =
                    client.post(&url).json(&json!({"choices": ["nee"], "voter": format!("{n:032x}")})).send().await;
                assert_eq!(reply.unwrap().status(), 201);
            }
        })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    let backup = dir.path().join("backup.sqlite");
    let output = binary().arg("backup").arg(&backup).arg("--database").arg(&database).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    voting.await.unwrap();
    let refused = binary().arg("backup").arg(&backup).arg("--database").arg(&database).output().unwrap();
    assert!(!refused.status.success(), "an existing backup file must not be overwritten");
    server.kill();

    // Restore: the copy in place of the database; it is consistent (counts match votes) and the server runs on it.
    let restored = dir.path().join("restored.sqlite");
    std::fs::copy(&backup, &restored).unwrap();
    let mut db = SqliteConnection::connect(&format!("sqlite://{}", restored.display())).await.unwrap();
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM votes").fetch_one(&mut db).await.unwrap();
    let counted: i64 =
        sqlx::query_scalar("SELECT voters FROM polls WHERE id = 'kopie'").fetch_one(&mut db).await.unwrap();
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut db).await.unwrap();
    db.close().await.unwrap();
    assert_eq!(integrity, "ok");
    assert_eq!(counted, stored);
    assert!(stored <= 300);
    // The key of the stored hashes is not in the backup: the restored database is started with the one key file.
    let key_file = database.with_extension("key");
    let server = start(&restored, &["--key-file".as_ref(), key_file.as_os_str()]);
    let vote = client
        .post(format!("{}/v1/polls/kopie/votes", server.base))
        .json(&json!({"choices": ["ja"], "voter": "ffffffffffffffffffffffffffffffff"}))
        .send()
        .await
        .unwrap();
    assert_eq!(vote.status(), 201);
}
