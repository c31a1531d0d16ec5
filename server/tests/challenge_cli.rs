//! The Right to Challenge with the real binary: `serve --seed-challenge` creates the sample form, the back office
//! works from the shell (`challenge list/status/export/delete`), and a webhook delivery that could not be made
//! before the server was killed is made after it restarts.

mod common;

use std::{
    path::Path,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::{Router, http::StatusCode, routing::post};
use common::process::{binary, start};
use serde_json::{Value, json};

fn run(database: &Path, args: &[&str]) -> (bool, String) {
    run_with(database, args, &[])
}

/// The CLI on `database` with `env` set: whether it succeeded, and what it printed.
fn run_with(database: &Path, args: &[&str], env: &[(&str, &str)]) -> (bool, String) {
    let mut command = binary();
    command.args(args).arg("--database").arg(database);
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

/// Sends [`application`] to the sample form over HTTP; its reference.
async fn submit(base: &str) -> String {
    let receipt: Value = common::process::json(
        reqwest::Client::new()
            .post(format!("{base}/v1/challenge-forms/uitdaagrecht-voorbeeld/submissions"))
            .json(&application()),
    )
    .await;
    receipt["reference"].as_str().unwrap().to_owned()
}

fn sample_form() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo/sample-challenge-form.json")
}

fn application() -> Value {
    let start = (time::OffsetDateTime::now_utc().date() + time::Duration::days(60)).to_string();
    json!({
        "initiative": {"title": "Ommetje De Hoge Weide", "task": "onderhoud-wandelroute", "area": "De Hoge Weide"},
        "plan": {"what": "Maaien en paaltjes herstellen", "why_better": "Wij lopen er dagelijks", "social_value": "Bewegen"},
        "organisation": {"name": "Stichting Ommetje", "type": "stichting", "experience": "Wandelclub sinds 2010", "address": "Lindenlaan 1", "postcode": "1234 AB", "place": "Voorbeeld"},
        "support": {"supporters": 45, "how_shown": "Lijst met handtekeningen"},
        "costs": {"estimate": "3.000", "budget": "2.500,-", "start_date": start, "term_months": 12},
        "cooperation": {"support_needed": "Maaimachine", "quality": "Jaarlijkse schouw", "continuity": "Tien leden"},
        "contact": {"name": "Kees Jansen", "email": "kees@example.nl", "address": "Lindenlaan 12", "postcode": "9999ZZ", "place": "Voorbeeld", "authorised": true, "consent": true},
        "fill_seconds": 200
    })
}

#[tokio::test]
async fn the_sample_form_is_seeded_and_the_back_office_works_from_the_shell() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    let server = start(&database, &["--seed-challenge".as_ref(), sample_form().as_os_str()]);
    let client = reqwest::Client::new();
    let form: Value =
        common::process::json(client.get(format!("{}/v1/challenge-forms/uitdaagrecht-voorbeeld", server.base))).await;
    assert_eq!(form["municipality"], "Gemeente Voorbeeld");
    let reference = submit(&server.base).await;
    server.kill();

    let (ok, listed) = run(&database, &["challenge", "list", "uitdaagrecht-voorbeeld"]);
    assert!(ok && listed.contains(&reference) && listed.contains("ontvangen\t"), "{listed}");
    let (ok, text) = run(&database, &["challenge", "status", &reference, "besluit_genomen", "--outcome", "toegekend"]);
    assert!(!ok && text.contains("cannot become besluit_genomen"), "{text}");
    let (ok, text) = run(&database, &["challenge", "status", &reference, "in_behandeling", "--note", "Bekijken"]);
    assert!(ok, "{text}");
    let (ok, text) = run(&database, &["challenge", "status", &reference, "besluit_genomen"]);
    assert!(!ok && text.contains("outcome"), "{text}");
    let (ok, csv) = run(&database, &["challenge", "export", "uitdaagrecht-voorbeeld"]);
    assert!(
        ok && csv.starts_with("reference,status") && csv.contains("in_behandeling") && csv.contains(",300000,250000,"),
        "{csv}"
    );
    let (ok, text) = run(&database, &["challenge", "delete", &reference]);
    assert!(ok, "{text}");
    let (_, listed) = run(&database, &["challenge", "list", "uitdaagrecht-voorbeeld"]);
    assert!(!listed.contains(&reference), "{listed}");
    let (ok, text) = run(&database, &["challenge", "delete", &reference]);
    assert!(!ok && text.contains("no application"), "{text}");

    // Replacing the form from a file; an invalid file is refused naming the field.
    let (ok, text) = run(&database, &["challenge", "form", "create", sample_form().to_str().unwrap()]);
    assert!(ok && text.contains("replaced"), "{text}");
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        json!({"id": "x", "municipality": "X", "privacy_url": "http://x.nl", "contact_email": "a@x.nl"}).to_string(),
    )
    .unwrap();
    let (ok, text) = run(&database, &["challenge", "form", "create", bad.to_str().unwrap()]);
    assert!(!ok && text.contains("privacy_url"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_pending_when_the_server_dies_is_made_after_the_restart() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    // The receiver's port, reserved now; nothing listens there until the case system "comes back".
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let hook = format!("http://{}/hook", listener.local_addr().unwrap());
    drop(listener);
    let mut form: Value = serde_json::from_str(&std::fs::read_to_string(sample_form()).unwrap()).unwrap();
    form["webhook_url"] = json!(hook);
    let file = dir.path().join("form.json");
    std::fs::write(&file, form.to_string()).unwrap();
    // A receiver on this machine over plain http: development only, so it takes the development flag.
    let (ok, text) = run(&database, &["challenge", "form", "create", file.to_str().unwrap()]);
    assert!(!ok && text.contains("--dev-webhooks"), "{text}");
    let (ok, text) = run(&database, &["challenge", "form", "create", "--dev-webhooks", file.to_str().unwrap()]);
    assert!(ok, "{text}");

    let retry = ["--webhook-first-retry-ms".as_ref(), "100".as_ref(), "--dev-webhooks".as_ref()];
    let server = start(&database, &retry);
    let client = reqwest::Client::new();
    let reply = client
        .post(format!("{}/v1/challenge-forms/uitdaagrecht-voorbeeld/submissions", server.base))
        .json(&application())
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 201);
    let reference = reply.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_owned();
    tokio::time::sleep(Duration::from_millis(400)).await;
    server.kill();

    let seen: Arc<Mutex<Vec<Value>>> = Arc::default();
    let router = Router::new().route(
        "/hook",
        post({
            let seen = seen.clone();
            move |axum::Json(body): axum::Json<Value>| {
                let seen = seen.clone();
                async move {
                    seen.lock().unwrap().push(body);
                    StatusCode::NO_CONTENT
                }
            }
        }),
    );
    let listener =
        tokio::net::TcpListener::bind(hook.trim_start_matches("http://").trim_end_matches("/hook")).await.unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let _server = start(&database, &retry);
    let deadline = Instant::now() + Duration::from_secs(10);
    while seen.lock().unwrap().is_empty() {
        assert!(Instant::now() < deadline, "the pending delivery was not made after the restart");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1, "delivered once, then left alone");
    assert_eq!(seen[0]["reference"], reference);
}

#[tokio::test]
async fn a_status_change_from_the_shell_mails_the_applicant_as_the_back_office_does() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    let mut form: Value = serde_json::from_str(&std::fs::read_to_string(sample_form()).unwrap()).unwrap();
    form["status_mail"] = json!(true);
    let file = dir.path().join("form.json");
    std::fs::write(&file, form.to_string()).unwrap();
    let server = start(&database, &["--seed-challenge".as_ref(), file.as_os_str()]);
    let reference = submit(&server.base).await;
    server.kill();
    let none: &[(&str, &str)] = &[("INSPRAAK_SMTP_URL", ""), ("INSPRAAK_MAIL_FROM", "")];

    // The form mails on each change: without the server's mail settings the shell does not change it silently.
    let (ok, text) = run_with(&database, &["challenge", "status", &reference, "in_behandeling"], none);
    assert!(!ok && text.contains("INSPRAAK_SMTP_URL") && text.contains("--no-mail"), "{text}");
    let (ok, listed) = run(&database, &["challenge", "list", "uitdaagrecht-voorbeeld"]);
    assert!(ok && listed.contains("ontvangen\t"), "nothing changed: {listed}");
    let (ok, text) = run_with(&database, &["challenge", "status", &reference, "in_behandeling", "--no-mail"], none);
    assert!(ok && !text.contains("queued"), "{text}");

    // A request to complete, with its term and what is missing, and the mail queued for the server to send.
    let term = (time::OffsetDateTime::now_utc().date() + time::Duration::days(21)).to_string();
    let mail = [
        ("INSPRAAK_SMTP_URL", "smtp://127.0.0.1:2525?tls=none"),
        ("INSPRAAK_MAIL_FROM", "Gemeente Voorbeeld <uitdaagrecht@voorbeeld.nl>"),
    ];
    let args = [
        "challenge",
        "status",
        &reference,
        "aanvulling_gevraagd",
        "--term",
        &term,
        "--missing",
        "Een begroting per jaar",
    ];
    let (ok, text) = run_with(&database, &args, &mail);
    assert!(ok && text.contains("is now aanvulling_gevraagd; the mail to the applicant is queued"), "{text}");
    let (_, missing_term) = run_with(&database, &["challenge", "status", &reference, "aanvulling_gevraagd"], &mail);
    assert!(missing_term.contains("term"), "{missing_term}");

    let db = sqlx::SqlitePool::connect(&format!("sqlite://{}", database.display())).await.unwrap();
    let mails: Vec<(String, String, String)> =
        sqlx::query_as("SELECT kind, recipient, body FROM challenge_mails ORDER BY id").fetch_all(&db).await.unwrap();
    assert_eq!(mails.len(), 1, "one mail, for the request: {mails:?}");
    assert_eq!((mails[0].0.as_str(), mails[0].1.as_str()), ("aanvulling_gevraagd", "kees@example.nl"));
    assert!(mails[0].2.contains("Een begroting per jaar"), "{}", mails[0].2);
}
