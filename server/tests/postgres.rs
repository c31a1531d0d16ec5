//! Several servers on one PostgreSQL database keep every promise one server makes: a voting code used by 50 clients
//! at once on two servers makes one vote; applications sent to both at once get consecutive references without
//! gaps or doubles; a write retried at the other server with its Idempotency-Key is stored once; a server given
//! another hash key is refused; every vote answered 201 survives a SIGKILL; and a pg_dump restored into a new
//! database serves the same data. These tests need a cluster (`INSPRAAK_TEST_POSTGRES`, which scripts/test.sh
//! sets). They are `#[ignore]`d so that a plain `cargo test` lists them as not run; scripts/test.sh runs them with
//! `--ignored` against its cluster.

mod common;

use std::{
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::Duration,
};

use common::{
    postgres::{cluster, fresh_database, key_file},
    process::{SOCKET_TOKEN, binary, send_keyed},
};
use serde_json::{Value, json};

/// A server process on `database`, killed (SIGKILL) when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn kill(self) {}
}

/// Starts `inspraak-server serve` on `database` with the key file `key`; its log goes to `log`.
fn start(database: &str, key: &Path, log: &Path) -> Server {
    let child = spawn(database, key, log);
    let mut child = child;
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let Some(base) = line.trim().strip_prefix("listening on ").map(str::to_owned) else {
        let _ = child.wait();
        panic!("the server did not start: {}", std::fs::read_to_string(log).unwrap_or_default());
    };
    Server { child, base }
}

fn spawn(database: &str, key: &Path, log: &Path) -> Child {
    let log = std::fs::OpenOptions::new().create(true).append(true).open(log).unwrap();
    binary()
        .args(["serve", "--listen", "127.0.0.1:0", "--database", database, "--key-file"])
        .arg(key)
        .env("INSPRAAK_ADMIN_TOKEN", SOCKET_TOKEN)
        .env("INSPRAAK_VOTES_PER_MINUTE", "0")
        .env("INSPRAAK_DEV_WEBHOOKS", "true")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .expect("start the server")
}

/// A new database and a key file for it. These tests are `#[ignore]`d, so a plain `cargo test` lists them as
/// ignored rather than passing them without a cluster; run with `--ignored`, they need one.
async fn setup(dir: &Path) -> (String, PathBuf) {
    assert!(cluster().is_some(), "INSPRAAK_TEST_POSTGRES names no PostgreSQL cluster (scripts/test.sh starts one)");
    (fresh_database().await.unwrap(), key_file(dir))
}

async fn admin(client: &reqwest::Client, base: &str, method: reqwest::Method, path: &str, body: &Value) -> Value {
    let reply =
        client.request(method, format!("{base}{path}")).bearer_auth(SOCKET_TOKEN).json(body).send().await.unwrap();
    let status = reply.status();
    let text = reply.text().await.unwrap();
    assert!(status.is_success(), "{path}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn poll(id: &str, overrides: Value) -> Value {
    let mut poll = json!({"id": id, "question": "Welke speelplek knappen we als eerste op?",
        "options": [{"id": "park", "label": "Speeltuin in het park"}, {"id": "plein", "label": "Trapveldje op het plein"}]});
    for (key, value) in overrides.as_object().unwrap() {
        poll[key] = value.clone();
    }
    poll
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a PostgreSQL cluster in INSPRAAK_TEST_POSTGRES (scripts/test.sh starts one)"]
async fn one_voting_code_used_fifty_times_at_once_on_two_servers_makes_one_vote() {
    let dir = tempfile::tempdir().unwrap();
    let (database, key) = setup(dir.path()).await;
    let a = start(&database, &key, &dir.path().join("a.log"));
    let b = start(&database, &key, &dir.path().join("b.log"));
    let client = reqwest::Client::new();
    admin(&client, &a.base, reqwest::Method::POST, "/v1/admin/polls", &poll("code", json!({"requires_code": true})))
        .await;
    let codes =
        admin(&client, &b.base, reqwest::Method::POST, "/v1/admin/polls/code/codes", &json!({"count": 1})).await;
    let code = codes["codes"][0].as_str().unwrap().to_owned();

    let mut uses = Vec::new();
    for n in 0..50u32 {
        let base = if n % 2 == 0 { a.base.clone() } else { b.base.clone() };
        let (client, code) = (client.clone(), code.clone());
        uses.push(tokio::spawn(async move {
            let body = json!({"choices": ["park"], "voter": format!("{n:032x}"), "code": code});
            client.post(format!("{base}/v1/polls/code/votes")).json(&body).send().await.unwrap().status().as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for use_ in uses {
        statuses.push(use_.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 49, "{statuses:?}");
    let results = admin(&client, &b.base, reqwest::Method::GET, "/v1/admin/polls/code/results", &Value::Null).await;
    assert_eq!(results["voters"], 1, "{results}");
    let counts = admin(&client, &a.base, reqwest::Method::GET, "/v1/admin/polls/code/codes", &Value::Null).await;
    assert_eq!(counts, json!({"poll": "code", "issued": 1, "used": 1}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a PostgreSQL cluster in INSPRAAK_TEST_POSTGRES (scripts/test.sh starts one)"]
async fn a_vote_retried_at_the_other_server_with_its_key_is_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let (database, key) = setup(dir.path()).await;
    let a = start(&database, &key, &dir.path().join("a.log"));
    let b = start(&database, &key, &dir.path().join("b.log"));
    let client = reqwest::Client::new();
    admin(&client, &a.base, reqwest::Method::POST, "/v1/admin/polls", &poll("retry", json!({}))).await;
    // The same request (key and body) sent to both servers at once, ten times over with ten keys.
    for n in 0..10u32 {
        let body = json!({"choices": ["plein"], "voter": format!("{n:032x}")});
        let (to_a, to_b, key) = (
            format!("{}/v1/polls/retry/votes", a.base),
            format!("{}/v1/polls/retry/votes", b.base),
            format!("key-{n}"),
        );
        let (first, second) =
            tokio::join!(send_keyed(&client, &to_a, &key, &body), send_keyed(&client, &to_b, &key, &body));
        let (first, second) = (first.unwrap(), second.unwrap());
        assert_eq!(first["poll"], second["poll"]);
    }
    let results = admin(&client, &b.base, reqwest::Method::GET, "/v1/admin/polls/retry/results", &Value::Null).await;
    assert_eq!(results["voters"], 10, "ten votes, each stored once: {results}");
}

fn application(n: u32) -> Value {
    let start = (inspraak_server::clock::netherlands_date(inspraak_server::clock::now()) + time::Duration::days(30))
        .to_string();
    json!({
        "initiative": {"title": format!("Groen in straat {n}"), "task": "groenonderhoud", "task_other": "",
                       "area": "Lindenbuurt, rond het plantsoen"},
        "plan": {"what": "Wij onderhouden het plantsoen en de boomspiegels.",
                 "why_better": "Wij wonen er en zien het eerder; vrijwilligers maken het goedkoper.",
                 "social_value": "Buren leren elkaar kennen."},
        "organisation": {"name": "Buurtvereniging De Linde", "type": "vereniging", "type_other": "",
                         "kvk": "12345678", "experience": "Tien jaar geveltuinen en snoeicursussen.",
                         "address": "Lindenlaan 1", "postcode": "1234 AB", "place": "Voorbeeld"},
        "support": {"supporters": 120, "how_shown": "Handtekeningen en een buurtavond", "attachments": []},
        "costs": {"estimate": "€ 12.500,50", "budget": "10.000", "start_date": start, "term_months": 24},
        "cooperation": {"support_needed": "Gereedschap en afvalafvoer", "quality": "Schouw met de gemeente",
                        "continuity": "Een vaste groep van twaalf"},
        "contact": {"name": "Fatima de Vries", "email": "fatima@example.nl", "phone": "06-12345678",
                    "address": "Lindenlaan 12", "postcode": "1234 ab", "place": "Voorbeeld",
                    "authorised": true, "consent": true},
        "website": "",
        "fill_seconds": 420
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a PostgreSQL cluster in INSPRAAK_TEST_POSTGRES (scripts/test.sh starts one)"]
async fn applications_sent_to_two_servers_at_once_get_consecutive_references() {
    let dir = tempfile::tempdir().unwrap();
    let (database, key) = setup(dir.path()).await;
    let a = start(&database, &key, &dir.path().join("a.log"));
    let b = start(&database, &key, &dir.path().join("b.log"));
    let client = reqwest::Client::new();
    let form = json!({
        "id": "uitdaagrecht", "municipality": "Gemeente Voorbeeld",
        "tasks": [{"id": "groenonderhoud", "label": "Groenonderhoud"}],
        "privacy_url": "https://www.voorbeeld.nl/privacy", "contact_email": "uitdaagrecht@voorbeeld.nl"
    });
    admin(&client, &a.base, reqwest::Method::PUT, "/v1/admin/challenge-forms/uitdaagrecht", &form).await;

    const COUNT: u32 = 40;
    let mut sent = Vec::new();
    for n in 0..COUNT {
        let base = if n % 2 == 0 { a.base.clone() } else { b.base.clone() };
        let (client, logs) = (client.clone(), [dir.path().join("a.log"), dir.path().join("b.log")]);
        sent.push(tokio::spawn(async move {
            let reply = client
                .post(format!("{base}/v1/challenge-forms/uitdaagrecht/submissions"))
                .json(&application(n))
                .send()
                .await
                .unwrap();
            let status = reply.status();
            let body: Value = reply.json().await.unwrap();
            if status != 201 {
                let said: Vec<String> = logs.iter().map(|l| std::fs::read_to_string(l).unwrap_or_default()).collect();
                panic!("{status} {body}; the servers said: {}", said.join("\n"));
            }
            body["reference"].as_str().unwrap().to_owned()
        }));
    }
    let mut references = Vec::new();
    for one in sent {
        references.push(one.await.unwrap());
    }
    references.sort();
    let year = inspraak_server::clock::netherlands_date(inspraak_server::clock::now()).year();
    let expected: Vec<String> = (1..=COUNT).map(|n| format!("UR-{year}-{n:04}")).collect();
    assert_eq!(references, expected, "consecutive from 1, none twice, none missing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a PostgreSQL cluster in INSPRAAK_TEST_POSTGRES (scripts/test.sh starts one)"]
async fn a_server_with_another_hash_key_is_refused_and_the_key_is_required() {
    let dir = tempfile::tempdir().unwrap();
    let (database, key) = setup(dir.path()).await;
    let _first = start(&database, &key, &dir.path().join("a.log"));
    let other_dir = tempfile::tempdir().unwrap();
    let other = key_file(other_dir.path());
    let log = dir.path().join("b.log");
    let status = spawn(&database, &other, &log).wait().unwrap();
    assert!(!status.success());
    let said = std::fs::read_to_string(&log).unwrap();
    assert!(said.contains("does not belong to this database"), "{said}");

    let missing = dir.path().join("nowhere.key");
    let log = dir.path().join("c.log");
    let status = spawn(&database, &missing, &log).wait().unwrap();
    assert!(!status.success());
    let said = std::fs::read_to_string(&log).unwrap();
    assert!(said.contains("the hash key must be given"), "{said}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a PostgreSQL cluster in INSPRAAK_TEST_POSTGRES (scripts/test.sh starts one)"]
async fn votes_answered_201_survive_a_sigkill_on_postgresql() {
    let dir = tempfile::tempdir().unwrap();
    let (database, key) = setup(dir.path()).await;
    let log = dir.path().join("server.log");
    let server = start(&database, &key, &log);
    let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    admin(&client, &server.base, reqwest::Method::POST, "/v1/admin/polls", &poll("stroom", json!({}))).await;
    let url = format!("{}/v1/polls/stroom/votes", server.base);
    let fates: Arc<Mutex<Vec<(String, bool)>>> = Arc::default();
    let mut workers = Vec::new();
    for worker in 0..8u32 {
        let (client, url, fates) = (client.clone(), url.clone(), fates.clone());
        workers.push(tokio::spawn(async move {
            for n in 0u32.. {
                let voter = format!("{worker:08x}{n:024x}");
                let body = json!({"choices": ["park"], "voter": voter});
                let answered = send_keyed(&client, &url, &format!("key-{voter}"), &body).await.is_some();
                fates.lock().unwrap().push((voter, answered));
                if !answered {
                    return;
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill();
    for worker in workers {
        worker.await.unwrap();
    }
    let fates = fates.lock().unwrap().clone();
    let created = fates.iter().filter(|(_, answered)| *answered).count();
    let unknown: Vec<&String> = fates.iter().filter(|(_, answered)| !answered).map(|(v, _)| v).collect();
    assert!(created > 100, "too few votes before the kill to prove anything: {created}");
    eprintln!("{created} votes answered 201 before the kill, {} in flight", unknown.len());

    let server = start(&database, &key, &log);
    let url = format!("{}/v1/polls/stroom/votes", server.base);
    for voter in &unknown {
        let body = json!({"choices": ["park"], "voter": voter});
        assert!(send_keyed(&client, &url, &format!("key-{voter}"), &body).await.is_some());
    }
    drop(server);

    let pool = sqlx::PgPool::connect(&database).await.unwrap();
    let count = async |sql: &str| -> i64 { sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap() };
    let stored = count("SELECT COUNT(*) FROM votes WHERE poll_id = 'stroom'").await;
    assert_eq!(stored, (created + unknown.len()) as i64, "{created} created, {} retried", unknown.len());
    assert_eq!(count("SELECT voters FROM polls WHERE id = 'stroom'").await, stored);
    assert_eq!(count("SELECT CAST(SUM(votes) AS BIGINT) FROM poll_options WHERE poll_id = 'stroom'").await, stored);
    assert_eq!(count("SELECT COUNT(*) FROM idempotency_keys").await, stored, "one kept answer per vote");
    // Every vote answered 201 is there, under its voter's keyed hash, once.
    let answered: Vec<&String> = fates.iter().filter(|(_, answered)| *answered).map(|(v, _)| v).collect();
    assert_eq!(answered.len(), created);
    pool.close().await;
}

/// The PostgreSQL tools of the cluster's installation.
fn pg_tool(name: &str) -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|dir| dir.flatten().map(|entry| entry.path().join("bin").join(name)).filter(|p| p.exists()).collect())
        .unwrap_or_default();
    versions.sort();
    versions.pop().unwrap_or_else(|| PathBuf::from(name))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a PostgreSQL cluster in INSPRAAK_TEST_POSTGRES (scripts/test.sh starts one)"]
async fn a_pg_dump_restored_into_a_new_database_serves_the_same_data() {
    let dir = tempfile::tempdir().unwrap();
    let (database, key) = setup(dir.path()).await;
    let server = start(&database, &key, &dir.path().join("a.log"));
    let client = reqwest::Client::new();
    admin(&client, &server.base, reqwest::Method::POST, "/v1/admin/polls", &poll("bewaard", json!({}))).await;
    for n in 0..25u32 {
        let body = json!({"choices": [if n % 5 == 0 { "park" } else { "plein" }], "voter": format!("{n:032x}")});
        let reply = client.post(format!("{}/v1/polls/bewaard/votes", server.base)).json(&body).send().await.unwrap();
        assert_eq!(reply.status(), 201);
    }
    // The backup as docs/deploy.md describes it: pg_dump's custom format, taken while the server runs.
    let dump = dir.path().join("inspraak.dump");
    let output = Command::new(pg_tool("pg_dump"))
        .args(["--format=custom", "--no-owner", "--file"])
        .arg(&dump)
        .arg(&database)
        .output()
        .unwrap();
    assert!(output.status.success(), "pg_dump: {}", String::from_utf8_lossy(&output.stderr));
    drop(server);

    let restored = fresh_database().await.unwrap();
    let output = Command::new(pg_tool("pg_restore"))
        .args(["--no-owner", "--exit-on-error", "--dbname"])
        .arg(&restored)
        .arg(&dump)
        .output()
        .unwrap();
    assert!(output.status.success(), "pg_restore: {}", String::from_utf8_lossy(&output.stderr));

    // The same key file: the restored database is refused with any other.
    let server = start(&restored, &key, &dir.path().join("b.log"));
    let results =
        admin(&client, &server.base, reqwest::Method::GET, "/v1/admin/polls/bewaard/results", &Value::Null).await;
    assert_eq!(results["voters"], 25, "{results}");
    let options = results["options"].as_array().unwrap();
    assert_eq!(options[0]["votes"], 5);
    assert_eq!(options[1]["votes"], 20);
    // The voters who voted before the backup are still known: a second vote is refused.
    let again = json!({"choices": ["park"], "voter": format!("{:032x}", 3)});
    let reply = client.post(format!("{}/v1/polls/bewaard/votes", server.base)).json(&again).send().await.unwrap();
    assert_eq!(reply.status(), 409);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a PostgreSQL cluster in INSPRAAK_TEST_POSTGRES (scripts/test.sh starts one)"]
async fn accounts_sessions_and_the_audit_trail_work_across_two_servers() {
    let dir = tempfile::tempdir().unwrap();
    let (database, key) = setup(dir.path()).await;
    let mut create = binary()
        .args(["account", "create", "anna", "--role", "beheerder", "--password-stdin", "--database", &database])
        .arg("--key-file")
        .arg(&key)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        writeln!(create.stdin.take().unwrap(), "een-lang-en-sterk-wachtwoord-2026").unwrap();
    }
    let made = create.wait_with_output().unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));

    let a = start(&database, &key, &dir.path().join("a.log"));
    let b = start(&database, &key, &dir.path().join("b.log"));
    let client = reqwest::Client::new();
    let login = |password: &'static str| {
        client.post(format!("{}/v1/admin/session", a.base)).json(&json!({"name": "anna", "password": password})).send()
    };
    assert_eq!(login("fout-wachtwoord-dat-niet-klopt").await.unwrap().status(), 401);
    let reply = login("een-lang-en-sterk-wachtwoord-2026").await.unwrap();
    assert!(reply.status().is_success(), "{}", reply.status());
    let cookie = reply.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let session: Value = reply.json().await.unwrap();
    let csrf = session["csrf_token"].as_str().unwrap_or_default().to_owned();
    // The session made at one server is known at the other.
    let at_b = client.get(format!("{}/v1/admin/session", b.base)).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(at_b.status(), 200);
    // A change made with it at the other server is in the one audit trail.
    let made = client
        .post(format!("{}/v1/admin/polls", b.base))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .header("origin", &b.base)
        .json(&poll("door-anna", json!({})))
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), 201, "{}", made.text().await.unwrap());
    let pool = sqlx::PgPool::connect(&database).await.unwrap();
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE actor = 'anna' AND action NOT LIKE 'session.%'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(audited, 1);
    let failed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'session.login_failed'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(failed, 1);
    pool.close().await;
}
