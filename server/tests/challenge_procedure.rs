//! Uitdaagrecht by the rules: the form's verordening settings checked on submit, the Awb procedure with its
//! suspended decision term, and the e-mails to applicants delivered to a real SMTP server (aiosmtpd, started here
//! from the venv scripts/setup.sh makes) that can refuse the first delivery.

mod common;

use std::{
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use axum::http::{Method, StatusCode};
use common::TestApp;
use inspraak_server::clock;
use serde_json::{Value, json};

const FORM: &str = "uitdaagrecht";
const FROM: &str = "Gemeente Voorbeeld <uitdaagrecht@voorbeeld.nl>";

/// The SMTP sink: tests/mail/smtp_sink.py on a free loopback port, storing what it accepts in `folder`.
struct Sink {
    child: Child,
    port: u16,
    folder: PathBuf,
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Sink {
    /// A sink that refuses the first `refuse_first` messages for now (451) and the mailboxes `unknown` for good (550).
    fn start(folder: &Path, refuse_first: u32, unknown: &[&str]) -> Sink {
        Self::start_with(folder, refuse_first, "451 4.3.0 try again later", unknown)
    }

    /// A sink that refuses the first `refuse_first` messages with `reply`.
    fn start_with(folder: &Path, refuse_first: u32, reply: &str, unknown: &[&str]) -> Sink {
        let venv = std::env::var("AIOSMTPD_VENV").unwrap_or_else(|_| {
            let cache = std::env::var("INSPRAAK_CACHE")
                .unwrap_or_else(|_| format!("{}/.cache/inspraak", std::env::var("HOME").unwrap_or_default()));
            let requirements = include_str!("../../tests/mail/requirements.txt");
            let version = requirements.lines().find_map(|l| l.strip_prefix("aiosmtpd==")).expect("a pinned aiosmtpd");
            format!("{cache}/venv-aiosmtpd-{version}")
        });
        let python = Path::new(&venv).join("bin/python");
        assert!(python.exists(), "no aiosmtpd venv at {venv}: run `source scripts/setup.sh` first");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/mail/smtp_sink.py");
        let mut child = Command::new(python)
            .arg(script)
            .arg(folder)
            .args(["--refuse-first", &refuse_first.to_string(), "--refuse-reply", reply])
            .args(unknown.iter().flat_map(|address| ["--unknown-mailbox", address]))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the SMTP sink");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let port = line.trim().strip_prefix("listening on ").and_then(|p| p.parse().ok()).expect(&line);
        Sink { child, port, folder: folder.to_owned() }
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}?tls=none", self.port)
    }

    /// The messages stored so far, oldest first: (envelope, raw message).
    fn messages(&self) -> Vec<(String, String)> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|eml| {
                let envelope = std::fs::read_to_string(eml.with_extension("env")).unwrap_or_default();
                (envelope, String::from_utf8(std::fs::read(&eml).unwrap()).unwrap())
            })
            .collect()
    }

    fn attempts(&self) -> Vec<String> {
        std::fs::read_to_string(self.folder.join("attempts")).unwrap_or_default().lines().map(str::to_owned).collect()
    }

    /// Waits until `count` messages are stored (at most 20 seconds), then a little longer to see no more come.
    async fn wait_for(&self, count: usize) -> Vec<(String, String)> {
        let start = Instant::now();
        while self.messages().len() < count {
            assert!(start.elapsed() < Duration::from_secs(20), "{} of {count} mails after 20 s", self.messages().len());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tokio::time::sleep(Duration::from_millis(800)).await;
        let messages = self.messages();
        assert_eq!(messages.len(), count, "no more mails than expected");
        messages
    }
}

/// A parsed mail: its headers (names in lower case, unfolded) and its decoded text.
struct Mail {
    headers: Vec<(String, String)>,
    text: String,
}

impl Mail {
    fn parse(raw: &str) -> Mail {
        let (head, body) = raw.split_once("\r\n\r\n").expect("headers and body");
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                headers.last_mut().unwrap().1.push_str(line.trim_start());
            } else if let Some((name, value)) = line.split_once(':') {
                headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
            }
        }
        let encoding =
            headers.iter().find(|(n, _)| n == "content-transfer-encoding").map(|(_, v)| v.to_ascii_lowercase());
        let text = match encoding.as_deref() {
            Some("base64") => String::from_utf8(base64(&body.replace("\r\n", ""))).unwrap(),
            Some("quoted-printable") => String::from_utf8(quoted_printable(body)).unwrap(),
            _ => body.to_owned(),
        };
        Mail { headers, text: text.replace("\r\n", "\n") }
    }

    fn header(&self, name: &str) -> &str {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).unwrap_or_else(|| panic!("no {name}"))
    }
}

fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let mut out = Vec::new();
    for chunk in text.trim_end_matches('=').as_bytes().chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, c)| n | (u32::from(value(*c)) << (18 - 6 * i)));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

fn quoted_printable(text: &str) -> Vec<u8> {
    let bytes = text.replace("=\r\n", "").into_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'=')
            .then(|| std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok().and_then(|h| u8::from_str_radix(h, 16).ok()))
            .flatten();
        if let Some(byte) = escaped {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

fn today() -> time::Date {
    clock::netherlands_date(clock::now())
}

fn dutch(date: time::Date) -> String {
    format!("{}-{}-{}", date.day(), u8::from(date.month()), date.year())
}

async fn app_with_mail(sink: Option<&Sink>) -> TestApp {
    let url = sink.map(Sink::url);
    TestApp::with_config(Some(common::TOKEN), |config| {
        config.smtp_url = url;
        config.mail_from = Some(FROM.to_owned());
        config.mail_first_retry_ms = 300;
    })
    .await
}

async fn put_form(app: &TestApp, overrides: Value) {
    let mut form = json!({
        "id": FORM,
        "municipality": "Gemeente Voorbeeld",
        "tasks": [{"id": "groenonderhoud", "label": "Groenonderhoud", "cost": "€ 40.000 per jaar"}],
        "privacy_url": "https://www.voorbeeld.nl/privacy",
        "contact_email": "uitdaagrecht@voorbeeld.nl",
        "max_attachments": 0
    });
    for (key, value) in overrides.as_object().unwrap() {
        form[key] = value.clone();
    }
    let reply = app.admin(Method::PUT, &format!("/v1/admin/challenge-forms/{FORM}"), Some(&form)).await;
    assert!(reply.status.is_success(), "{}", reply.text);
}

fn application() -> Value {
    let start = (today() + time::Duration::days(30)).to_string();
    json!({
        "initiative": {"title": "Groen in de Lindenbuurt", "task": "groenonderhoud", "area": "Lindenbuurt"},
        "plan": {"what": "Wij onderhouden het plantsoen.", "why_better": "Wij wonen er.", "social_value": "Samen."},
        "organisation": {"name": "Buurtvereniging De Linde", "type": "vereniging", "experience": "Tien jaar.",
                         "address": "Lindenlaan 1", "postcode": "1234 ab", "place": "Voorbeeld"},
        "support": {"supporters": 120, "how_shown": "Handtekeningen"},
        "costs": {"estimate": "€ 12.500,50", "budget": "10.000", "start_date": start, "term_months": 24},
        "cooperation": {"support_needed": "Gereedschap", "quality": "Schouw", "continuity": "Twaalf vrijwilligers"},
        "contact": {"name": "Fatima de Vries", "email": "fatima@example.nl", "address": "Lindenlaan 12",
                    "postcode": "1234 AB", "place": "Voorbeeld", "authorised": true, "consent": true},
        "website": "",
        "fill_seconds": 300
    })
}

async fn submit(app: &TestApp, body: &Value) -> common::Reply {
    app.post_json(&format!("/v1/challenge-forms/{FORM}/submissions"), body, &[]).await
}

async fn status(app: &TestApp, reference: &str, change: Value) -> common::Reply {
    let uri = format!("/v1/admin/challenge-forms/{FORM}/submissions/{reference}/status");
    app.admin(Method::POST, &uri, Some(&change)).await
}

async fn record(app: &TestApp, reference: &str) -> Value {
    let reply =
        app.admin(Method::GET, &format!("/v1/admin/challenge-forms/{FORM}/submissions/{reference}"), None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.json()
}

#[tokio::test]
async fn the_acknowledgement_goes_out_once_after_the_mail_server_refused_the_first_attempt() {
    let folder = tempfile::tempdir().unwrap();
    let sink = Sink::start(folder.path(), 1, &[]);
    let app = app_with_mail(Some(&sink)).await;
    put_form(&app, json!({})).await;

    let started = Instant::now();
    let reply = submit(&app, &application()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    assert!(started.elapsed() < Duration::from_secs(2), "the 201 does not wait for the mail");
    let receipt = reply.json();
    let reference = receipt["reference"].as_str().unwrap().to_owned();

    let messages = sink.wait_for(1).await;
    assert_eq!(sink.attempts(), ["refused", "accepted"], "refused once, then delivered once");
    let (envelope, raw) = &messages[0];
    assert_eq!(envelope.lines().collect::<Vec<_>>(), ["uitdaagrecht@voorbeeld.nl", "fatima@example.nl"]);
    let mail = Mail::parse(raw);
    assert_eq!(mail.header("from"), "\"Gemeente Voorbeeld\" <uitdaagrecht@voorbeeld.nl>");
    assert_eq!(mail.header("to"), "fatima@example.nl");
    assert_eq!(mail.header("subject"), format!("Ontvangstbevestiging van je aanvraag uitdaagrecht {reference}"));
    assert!(mail.header("message-id").ends_with("@voorbeeld.nl>"), "{}", mail.header("message-id"));
    assert!(mail.header("date").contains(&today().year().to_string()), "{}", mail.header("date"));
    assert_eq!(mail.header("content-type").to_ascii_lowercase().replace(' ', ""), "text/plain;charset=utf-8");
    let decision = time::Date::parse(
        receipt["decision_by"].as_str().unwrap(),
        &time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap();
    for expected in [
        "Beste Fatima de Vries,".to_owned(),
        format!("Kenmerk: {reference}"),
        format!("Ontvangen op: {}", dutch(today())),
        "Titel: Groen in de Lindenbuurt".to_owned(),
        "Taak: Groenonderhoud".to_owned(),
        "Kostenraming: € 12.500,50".to_owned(),
        "Gevraagd budget: € 10.000,00".to_owned(),
        format!("We nemen uiterlijk op {} een besluit.", dutch(decision)),
        "Mail naar uitdaagrecht@voorbeeld.nl".to_owned(),
        "Gemeente Voorbeeld".to_owned(),
    ] {
        assert!(mail.text.contains(&expected), "{expected:?} not in:\n{}", mail.text);
    }

    // Sent: the queue keeps when and how often, not the address or the text.
    let (attempts, sent, recipient, body): (i64, Option<i64>, String, String) =
        sqlx::query_as("SELECT attempts, sent_at, recipient, body FROM challenge_mails")
            .fetch_one(&app.db.read)
            .await
            .unwrap();
    assert_eq!((attempts, sent.is_some(), recipient.as_str(), body.as_str()), (2, true, "", ""));
    // Erasure takes the mail's row with it.
    let erased =
        app.admin(Method::DELETE, &format!("/v1/admin/challenge-forms/{FORM}/submissions/{reference}"), None).await;
    assert_eq!(erased.status, StatusCode::NO_CONTENT);
    assert_eq!(app.count("SELECT count(*) FROM challenge_mails").await, 0);
}

/// The application's mails as the back office sees them, once `done` says they have their outcome (at most 20 s).
async fn mails_once(app: &TestApp, reference: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let start = Instant::now();
    loop {
        let mails = record(app, reference).await["mails"].as_array().cloned().unwrap_or_default();
        if done(&mails) {
            return mails;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "the mails after 20 s: {mails:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_mail_refused_for_good_is_given_up_at_once_and_the_handler_sees_it() {
    let folder = tempfile::tempdir().unwrap();
    let sink = Sink::start(folder.path(), 0, &["bestaat-niet@example.nl"]);
    let app = app_with_mail(Some(&sink)).await;
    put_form(&app, json!({})).await;
    let mut unknown = application();
    unknown["contact"]["email"] = json!("bestaat-niet@example.nl");
    let reference = submit(&app, &unknown).await.json()["reference"].as_str().unwrap().to_owned();

    let mails = mails_once(&app, &reference, |mails| mails.iter().any(|m| m.get("given_up_at").is_some())).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0]["kind"], "ontvangst");
    assert_eq!(mails[0]["attempts"], 1, "a 550 is not tried again");
    assert_eq!(mails[0]["last_error"], "the mail server answered 550");
    assert!(mails[0].get("sent_at").is_none());
    // Given up: nothing personal is kept for it, and it is not tried again.
    let (recipient, body): (String, String) =
        sqlx::query_as("SELECT recipient, body FROM challenge_mails").fetch_one(&app.db.read).await.unwrap();
    assert_eq!((recipient.as_str(), body.as_str()), ("", ""));

    // The queue goes on: the next applicant's mail is delivered, and the refused one was tried once only.
    let other = submit(&app, &application()).await.json()["reference"].as_str().unwrap().to_owned();
    sink.wait_for(1).await;
    mails_once(&app, &other, |mails| mails.iter().any(|m| m.get("sent_at").is_some())).await;
    assert_eq!(sink.attempts(), ["unknown", "accepted"]);
}

#[tokio::test]
async fn a_5xx_for_every_mail_is_the_set_up_s_fault_and_the_mail_waits_for_it_to_be_mended() {
    let folder = tempfile::tempdir().unwrap();
    // As a mail server answers a wrong password: permanent, but nothing to do with the applicant's address.
    let sink = Sink::start_with(folder.path(), 2, "535 5.7.8 authentication failed", &[]);
    let app = app_with_mail(Some(&sink)).await;
    put_form(&app, json!({})).await;
    let reference = submit(&app, &application()).await.json()["reference"].as_str().unwrap().to_owned();
    sink.wait_for(1).await;
    assert_eq!(sink.attempts(), ["refused", "refused", "accepted"]);
    let mails = mails_once(&app, &reference, |mails| mails.iter().any(|m| m.get("sent_at").is_some())).await;
    assert_eq!((mails[0]["attempts"].as_i64(), mails[0].get("given_up_at")), (Some(3), None));
}

#[tokio::test]
async fn a_mail_not_delivered_within_three_days_is_given_up() {
    let folder = tempfile::tempdir().unwrap();
    let sink = Sink::start(folder.path(), 1000, &[]);
    let app = app_with_mail(Some(&sink)).await;
    put_form(&app, json!({})).await;
    let reference = submit(&app, &application()).await.json()["reference"].as_str().unwrap().to_owned();
    mails_once(&app, &reference, |mails| mails.iter().any(|m| m["attempts"].as_i64() >= Some(1))).await;
    assert!(mails_once(&app, &reference, |_| true).await[0].get("given_up_at").is_none(), "a 451 is tried again");

    // Queued three days ago, as if the mail server had refused it since.
    sqlx::query("UPDATE challenge_mails SET created_at = created_at - $1")
        .bind(inspraak_server::challenges::mail::GIVE_UP_AFTER_S)
        .execute(&app.db.write)
        .await
        .unwrap();
    let mails = mails_once(&app, &reference, |mails| mails.iter().any(|m| m.get("given_up_at").is_some())).await;
    assert_eq!(mails[0]["last_error"], "the mail server answered 451");
    let tried = sink.attempts().len();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(sink.attempts().len(), tried, "not tried again once given up");
    assert!(sink.messages().is_empty());
}

#[tokio::test]
async fn a_request_to_complete_suspends_the_decision_term_and_each_step_is_mailed() {
    let folder = tempfile::tempdir().unwrap();
    let sink = Sink::start(folder.path(), 0, &[]);
    let app = app_with_mail(Some(&sink)).await;
    put_form(&app, json!({"status_mail": true})).await;
    let reply = submit(&app, &application()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let reference = reply.json()["reference"].as_str().unwrap().to_owned();
    let decided_by = reply.json()["decision_by"].as_str().unwrap().to_owned();

    // A request needs a term and what is missing.
    let bare = status(&app, &reference, json!({"status": "aanvulling_gevraagd"})).await;
    assert_eq!(bare.invalid_fields(), [("term".into(), "required".into()), ("missing".into(), "required".into())]);
    let term = (today() + time::Duration::days(14)).to_string();
    let asked = status(
        &app,
        &reference,
        json!({"status": "aanvulling_gevraagd", "term": term, "missing": "De begroting per jaar"}),
    )
    .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.text);
    let asked = asked.json();
    assert_eq!(asked["suspended_since"], today().to_string());
    assert_eq!(asked["supplement_due"], term);
    assert_eq!(asked["decision_by"], decided_by, "no day suspended yet");

    // Five days later (the clock is the database's here): the decision date shown has moved on five days.
    let five_days_ago = (today() - time::Duration::days(5)).to_string();
    sqlx::query("UPDATE challenge_submissions SET suspended_since = ?")
        .bind(&five_days_ago)
        .execute(&app.db.write)
        .await
        .unwrap();
    let moved = |days: i64| {
        (time::Date::parse(&decided_by, &time::macros::format_description!("[year]-[month]-[day]")).unwrap()
            + time::Duration::days(days))
        .to_string()
    };
    assert_eq!(record(&app, &reference).await["decision_by"], moved(5));
    // Not left undecided before the term ends; an outcome needs the application handled again first.
    status(&app, &reference, json!({"status": "buiten_behandeling"})).await.problem(409);
    status(&app, &reference, json!({"status": "besluit_genomen", "outcome": "toegekend"})).await.problem(409);
    // The answer came: handled again, the five days counted for good.
    let resumed = status(&app, &reference, json!({"status": "in_behandeling"})).await;
    assert_eq!(resumed.status, StatusCode::OK, "{}", resumed.text);
    let resumed = resumed.json();
    assert_eq!((resumed["decision_by"].clone(), resumed["suspended_days"].clone()), (json!(moved(5)), json!(5)));
    assert!(resumed.get("suspended_since").is_none() && resumed.get("supplement_due").is_none());
    // Withdrawn: final.
    assert_eq!(status(&app, &reference, json!({"status": "ingetrokken"})).await.status, StatusCode::OK);
    status(&app, &reference, json!({"status": "in_behandeling"})).await.problem(409);

    // The acknowledgement, then one mail per status change, in Dutch.
    let messages = sink.wait_for(4).await;
    let mails: Vec<Mail> = messages.iter().map(|(_, raw)| Mail::parse(raw)).collect();
    assert!(mails[0].header("subject").starts_with("Ontvangstbevestiging"));
    assert_eq!(mails[1].header("subject"), format!("Nieuws over je aanvraag uitdaagrecht {reference}"));
    for expected in [
        "De begroting per jaar",
        &format!("uiterlijk op {}", dutch(today() + time::Duration::days(14))),
        "staat de termijn",
    ] {
        assert!(mails[1].text.contains(expected), "{expected:?} not in:\n{}", mails[1].text);
    }
    assert!(
        mails[2].text.contains(&format!("We nemen uiterlijk op {} een besluit.", {
            let d = time::Date::parse(&moved(5), &time::macros::format_description!("[year]-[month]-[day]")).unwrap();
            dutch(d)
        })),
        "{}",
        mails[2].text
    );
    assert!(mails[3].text.contains("Je hebt je aanvraag ingetrokken."), "{}", mails[3].text);
    let ids: std::collections::BTreeSet<&str> = mails.iter().map(|m| m.header("message-id")).collect();
    assert_eq!(ids.len(), 4, "every mail its own Message-ID");

    // A second application left incomplete past its term is not considered further.
    let second = submit(&app, &application()).await.json()["reference"].as_str().unwrap().to_owned();
    let asked =
        status(&app, &second, json!({"status": "aanvulling_gevraagd", "term": term, "missing": "Handtekeningen"}))
            .await;
    assert_eq!(asked.status, StatusCode::OK);
    let yesterday = (today() - time::Duration::days(1)).to_string();
    sqlx::query("UPDATE challenge_submissions SET supplement_due = ? WHERE reference = ?")
        .bind(&yesterday)
        .bind(&second)
        .execute(&app.db.write)
        .await
        .unwrap();
    let left = status(&app, &second, json!({"status": "buiten_behandeling"})).await;
    assert_eq!(left.status, StatusCode::OK, "{}", left.text);
    let csv = app.admin(Method::GET, &format!("/v1/admin/challenge-forms/{FORM}/submissions.csv"), None).await;
    assert!(csv.text.contains("buiten_behandeling") && csv.text.contains("Lindenlaan 12"), "{}", csv.text);
}

#[tokio::test]
async fn the_form_follows_the_verordening_and_old_forms_keep_their_behaviour() {
    let app = app_with_mail(None).await;
    put_form(&app, json!({})).await;
    // A form as stored before these settings existed: its JSON without them reads as before.
    sqlx::query(
        "UPDATE challenge_forms SET config = json_remove(config, '$.applicant_types', '$.neighbourhood_tie',
             '$.lead_weeks', '$.questions', '$.status_mail')",
    )
    .execute(&app.db.write)
    .await
    .unwrap();
    let old = app.get(&format!("/v1/challenge-forms/{FORM}")).await.json();
    assert_eq!(
        old["applicant_types"],
        json!(["bewonersgroep", "rechtspersoon", "ondernemer", "maatschappelijke_organisatie"])
    );
    assert_eq!((old["lead_weeks"].clone(), old["questions"].clone()), (json!(0), json!(["duration"])));
    assert_eq!(old["tasks"][0]["cost"], "€ 40.000 per jaar");
    assert_eq!(submit(&app, &application()).await.status, StatusCode::CREATED);

    put_form(
        &app,
        json!({"applicant_types": ["rechtspersoon"], "neighbourhood_tie": true, "lead_weeks": 18,
               "questions": ["target_group", "funding", "execution"]}),
    )
    .await;
    let mut group = application();
    group["organisation"]["type"] = json!("bewonersgroep");
    let refused = submit(&app, &group).await.invalid_fields();
    assert_eq!(
        refused,
        [
            ("initiative.tie".into(), "required".into()),
            ("plan.target_group".into(), "required".into()),
            ("plan.execution".into(), "required".into()),
            ("organisation.type".into(), "out_of_range".into()),
            ("costs.start_date".into(), "too_soon".into()),
            ("costs.funding".into(), "required".into()),
        ]
    );
    let mut body = application();
    body["initiative"]["tie"] = json!("We wonen er allemaal.");
    body["plan"]["target_group"] = json!("Buren, ongeveer 300");
    body["plan"]["execution"] = json!("zelf");
    body["costs"]["funding"] = json!("Eigen uren");
    body["costs"]["start_date"] = json!((today() + time::Duration::weeks(18)).to_string());
    let stored = submit(&app, &body).await;
    assert_eq!(stored.status, StatusCode::CREATED, "{}", stored.text);
    let reference = stored.json()["reference"].as_str().unwrap().to_owned();
    let application = &record(&app, &reference).await["application"];
    assert!(application["costs"].get("term_months").is_none(), "the duration is not asked, so not kept");
    assert_eq!(application["plan"]["execution"], "zelf");
    assert_eq!(application["organisation"]["postcode"], "1234 AB");
    // No mail server: nothing queued.
    assert_eq!(app.count("SELECT count(*) FROM challenge_mails").await, 0);
}

#[test]
fn the_server_refuses_to_start_with_a_mail_set_up_that_sends_the_password_in_clear() {
    let folder = tempfile::tempdir().unwrap();
    let output = common::process::binary()
        .args(["serve", "--listen", "127.0.0.1:0", "--database"])
        .arg(folder.path().join("db.sqlite"))
        .env("INSPRAAK_SMTP_URL", "smtp://uitdaag:geheim@127.0.0.1:2525?tls=none")
        .env("INSPRAAK_MAIL_FROM", FROM)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("in clear"), "{said}");
    assert!(!said.contains("geheim"), "the password is not repeated: {said}");
}

#[tokio::test]
async fn the_migration_keeps_every_application_with_its_files_and_deliveries() {
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    // A database as the version before this one left it, with an application, its file and its delivery.
    {
        let options = SqliteConnectOptions::new().filename(&path).create_if_missing(true).foreign_keys(true);
        let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.unwrap();
        let mut migrator =
            sqlx::migrate::Migrator::new(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))).await.unwrap();
        migrator.migrations =
            migrator.migrations.iter().filter(|m| m.version <= 10).cloned().collect::<Vec<_>>().into();
        migrator.run(&pool).await.unwrap();
        for sql in [
            "INSERT INTO challenge_forms VALUES ('oud', '{}', NULL, NULL, 0, 0)",
            "INSERT INTO challenge_submissions (form_id, reference, year, number, body, email, estimate_cents,
                 budget_cents, status, outcome, note, submitted_at, submitted_on, decision_by, purge_after,
                 status_changed_at)
             VALUES ('oud', 'UR-2026-0007', 2026, 7, '{}', 'a@oud.nl', 100, 50, 'besluit_genomen', 'toegekend',
                 'Goed plan', 1, '2026-01-05', '2026-03-02', 4102444800, 2)",
            "INSERT INTO challenge_attachments (id, form_id, reference, file_name, content_type, bytes, content,
                 created_at) VALUES ('00112233445566778899aabbccddeeff', 'oud', 'UR-2026-0007', 'plan.pdf',
                 'application/pdf', 5, x'', 1)",
            "INSERT INTO challenge_deliveries (form_id, reference, attempts, next_attempt_ms, delivered_at)
             VALUES ('oud', 'UR-2026-0007', 2, 0, 3)",
        ] {
            sqlx::query(sql).execute(&pool).await.unwrap();
        }
        pool.close().await;
    }
    let db = inspraak_server::Db::open(&path).await.unwrap();
    let row: (String, String, Option<String>, String, i64, Option<String>) = sqlx::query_as(
        "SELECT status, outcome, note, decision_by, suspended_days, suspended_since FROM challenge_submissions",
    )
    .fetch_one(&db.read)
    .await
    .unwrap();
    assert_eq!(
        row,
        ("besluit_genomen".into(), "toegekend".into(), Some("Goed plan".into()), "2026-03-02".into(), 0, None)
    );
    let kept: (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM challenge_attachments WHERE reference = 'UR-2026-0007'),
                (SELECT attempts FROM challenge_deliveries WHERE reference = 'UR-2026-0007')",
    )
    .fetch_one(&db.read)
    .await
    .unwrap();
    assert_eq!(kept, (1, 2), "the file and the delivery survive the rebuilt table");
    // The new statuses fit, and erasing the application still takes its file and delivery with it.
    sqlx::query("UPDATE challenge_submissions SET status = 'ingetrokken'").execute(&db.write).await.unwrap();
    sqlx::query("DELETE FROM challenge_submissions").execute(&db.write).await.unwrap();
    let left: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM challenge_attachments) + (SELECT count(*) FROM challenge_deliveries)",
    )
    .fetch_one(&db.read)
    .await
    .unwrap();
    assert_eq!(left, 0);
}
