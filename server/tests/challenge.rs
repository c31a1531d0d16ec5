//! The Right to Challenge over real HTTP: the router on a loopback socket with a real SQLite file, driven by an
//! HTTP client as the widget and the back office would; the webhook receiver is a second server on loopback.

mod common;

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::{
    Router,
    http::{HeaderMap, StatusCode},
    routing::post,
};
use common::{TOKEN, TestApp};
use inspraak_server::{challenges::store, clock};
use reqwest::header::HeaderValue;
use serde_json::{Value, json};

const FORM: &str = "uitdaagrecht";
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

/// The app on a loopback port, and a client for it.
struct Live {
    app: TestApp,
    base: String,
    client: reqwest::Client,
}

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    bytes: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// Asserts a problem+json with `status`; returns its body.
    fn problem(&self, status: u16) -> Value {
        assert_eq!(self.status, status, "{}", self.text());
        assert_eq!(self.header("content-type"), "application/problem+json");
        self.json()
    }

    /// The (name, code) pairs of a 422's invalidParams.
    fn fields(&self) -> Vec<(String, String)> {
        self.problem(422)["invalidParams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["name"].as_str().unwrap().to_owned(), f["code"].as_str().unwrap().to_owned()))
            .collect()
    }
}

async fn answer(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.unwrap();
    Answer {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        bytes: response.bytes().await.unwrap().to_vec(),
    }
}

/// Serves `router` on a free loopback port; returns its base URL.
async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
    });
    format!("http://{address}")
}

impl Live {
    /// A server with the form `uitdaagrecht`; `overrides` replace fields of the form.
    async fn start(overrides: Value) -> Live {
        let app = TestApp::new().await;
        let base = serve(app.router.clone()).await;
        let live = Live { app, base, client: reqwest::Client::new() };
        live.put_form(FORM, overrides).await;
        live
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn admin(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, self.url(path)).bearer_auth(TOKEN)
    }

    async fn put_form(&self, id: &str, overrides: Value) {
        let mut form = json!({
            "id": id,
            "municipality": "Gemeente Voorbeeld",
            "tasks": [{"id": "groenonderhoud", "label": "Groenonderhoud"}, {"id": "buurthuis", "label": "Beheer buurthuis"}],
            "privacy_url": "https://www.voorbeeld.nl/privacy",
            "contact_email": "uitdaagrecht@voorbeeld.nl",
            "max_attachment_bytes": 2048,
            "max_attachments": 2
        });
        for (key, value) in overrides.as_object().unwrap() {
            form[key] = value.clone();
        }
        let reply =
            answer(self.admin(reqwest::Method::PUT, &format!("/v1/admin/challenge-forms/{id}")).json(&form)).await;
        assert!(reply.status == 201 || reply.status == 200, "{}", reply.text());
    }

    async fn submit(&self, form: &str, body: &Value, key: Option<&str>) -> Answer {
        let mut request = self.client.post(self.url(&format!("/v1/challenge-forms/{form}/submissions"))).json(body);
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        answer(request).await
    }

    async fn upload(&self, content: &[u8], content_type: &str, name: Option<&str>) -> Answer {
        let mut request = self
            .client
            .post(self.url(&format!("/v1/challenge-forms/{FORM}/attachments")))
            .header("content-type", content_type)
            .body(content.to_vec());
        // Always there, as the widget sends it: without a name it is just `attachment`.
        request = match name {
            Some(name) => request.header("content-disposition", format!("attachment; filename=\"{name}\"")),
            None => request.header("content-disposition", "attachment"),
        };
        answer(request).await
    }

    async fn record(&self, form: &str, reference: &str) -> Answer {
        answer(self.admin(reqwest::Method::GET, &format!("/v1/admin/challenge-forms/{form}/submissions/{reference}")))
            .await
    }
}

fn today() -> time::Date {
    clock::netherlands_date(clock::now())
}

/// A complete application, as the widget sends it.
fn application() -> Value {
    let start = (today() + time::Duration::days(30)).to_string();
    json!({
        "initiative": {"title": "Groen in de Lindenbuurt", "task": "groenonderhoud", "task_other": "",
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
        "contact": {"name": "Fatima de Vries", "email": "Fatima@Example.nl", "phone": "06-12345678",
                    "address": "Lindenlaan 12", "postcode": "1234 ab", "place": "Voorbeeld",
                    "authorised": true, "consent": true},
        "website": "",
        "fill_seconds": 420
    })
}

#[tokio::test]
async fn a_group_uploads_a_file_submits_and_the_back_office_finds_everything() {
    let live = Live::start(json!({})).await;
    let form = answer(live.client.get(live.url(&format!("/v1/challenge-forms/{FORM}")))).await;
    assert_eq!(form.status, 200);
    assert_eq!(form.json()["municipality"], "Gemeente Voorbeeld");
    assert_eq!(form.json()["decision_weeks"], 8);
    assert!(form.json().get("webhook_url").is_none());

    let upload = live.upload(PDF, "application/pdf", Some("handtekeningen.pdf")).await;
    assert_eq!(upload.status, 201, "{}", upload.text());
    let attachment = upload.json();
    assert_eq!(attachment["content_type"], "application/pdf");
    assert_eq!(attachment["file_name"], "handtekeningen.pdf");

    let mut body = application();
    body["support"]["attachments"] = json!([attachment["id"]]);
    let receipt = live.submit(FORM, &body, Some("aanvraag-1")).await;
    assert_eq!(receipt.status, 201, "{}", receipt.text());
    let receipt = receipt.json();
    let today = today();
    assert_eq!(receipt["reference"], format!("UR-{}-0001", today.year()));
    assert_eq!(receipt["submitted_on"], today.to_string());
    assert_eq!(receipt["decision_weeks"], 8);
    assert_eq!(receipt["decision_by"], (today + time::Duration::weeks(8)).to_string());

    let record = live.record(FORM, receipt["reference"].as_str().unwrap()).await;
    assert_eq!(record.status, 200, "{}", record.text());
    assert_eq!(record.header("cache-control"), "no-store");
    let record = record.json();
    assert_eq!(record["status"], "ontvangen");
    assert_eq!(record["estimate_cents"], 1_250_050);
    assert_eq!(record["budget_cents"], 1_000_000);
    assert_eq!(record["application"]["contact"]["postcode"], "1234 AB");
    assert_eq!(record["application"]["contact"]["phone"], "+31612345678");
    assert_eq!(record["attachments"][0]["id"], attachment["id"]);
    assert!(record.get("webhook").is_none(), "no webhook configured");

    let file = answer(live.admin(
        reqwest::Method::GET,
        &format!(
            "/v1/admin/challenge-forms/{FORM}/submissions/{}/attachments/{}",
            receipt["reference"].as_str().unwrap(),
            attachment["id"].as_str().unwrap()
        ),
    ))
    .await;
    assert_eq!(file.status, 200);
    assert_eq!(file.header("content-type"), "application/pdf");
    assert!(file.header("content-disposition").starts_with("attachment; filename=\"handtekeningen.pdf\""));
    assert_eq!(file.bytes, PDF);

    let list = answer(live.admin(reqwest::Method::GET, &format!("/v1/admin/challenge-forms/{FORM}/submissions"))).await;
    assert_eq!(list.json().as_array().unwrap().len(), 1);
    // The public never reaches the back office.
    let anonymous = answer(live.client.get(live.url(&format!("/v1/admin/challenge-forms/{FORM}/submissions")))).await;
    anonymous.problem(401);
}

#[tokio::test]
async fn an_invalid_application_is_refused_naming_every_field() {
    let live = Live::start(json!({})).await;
    let empty = live.submit(FORM, &json!({}), None).await.fields();
    let names: Vec<&str> = empty.iter().map(|(n, _)| n.as_str()).collect();
    for field in [
        "initiative.title",
        "plan.what",
        "organisation.type",
        "support.supporters",
        "costs.estimate",
        "costs.start_date",
        "cooperation.continuity",
        "contact.email",
        "contact.postcode",
        "contact.consent",
        "fill_seconds",
    ] {
        assert!(names.contains(&field), "{field} in {names:?}");
    }

    let mut body = application();
    body["initiative"]["task"] = json!("brandweer");
    body["organisation"]["kvk"] = json!("1234");
    body["costs"]["estimate"] = json!("12,500.50");
    body["costs"]["start_date"] = json!((today() - time::Duration::days(1)).to_string());
    body["contact"]["phone"] = json!("+32 470 12 34 56");
    body["contact"]["postcode"] = json!("0123 AB");
    body["contact"]["consent"] = json!(false);
    body["support"]["attachments"] = json!(["0123456789abcdef0123456789abcdef"]);
    body["website"] = json!("http://spam.example");
    body["fill_seconds"] = json!(3);
    let fields = live.submit(FORM, &body, None).await.fields();
    let expected = [
        ("initiative.task", "unknown"),
        ("organisation.kvk", "format"),
        ("costs.estimate", "ambiguous"),
        ("costs.start_date", "in_past"),
        ("contact.phone", "format"),
        ("contact.postcode", "format"),
        ("contact.consent", "required"),
        ("website", "not_empty"),
        ("fill_seconds", "too_fast"),
        ("support.attachments[0]", "unknown"),
    ];
    assert_eq!(fields, expected.map(|(n, c)| (n.to_owned(), c.to_owned())));

    let mut wrong_type = application();
    wrong_type["support"]["supporters"] = json!("veel");
    assert_eq!(live.submit(FORM, &wrong_type, None).await.fields()[0].0, "support.supporters");
    live.submit("bestaat-niet", &application(), None).await.problem(404);
    assert_eq!(live.app.count("SELECT COUNT(*) FROM challenge_submissions").await, 0);
}

#[tokio::test]
async fn a_retried_submission_is_stored_once_and_its_key_cannot_carry_another() {
    let live = Live::start(json!({})).await;
    let first = live.submit(FORM, &application(), Some("widget-key-1")).await;
    let retry = live.submit(FORM, &application(), Some("widget-key-1")).await;
    assert_eq!((first.status, retry.status), (201, 201));
    assert_eq!(first.json(), retry.json());
    assert_eq!(retry.header("idempotent-replayed"), "true");
    let mut other = application();
    other["initiative"]["title"] = json!("Iets anders");
    let refused = live.submit(FORM, &other, Some("widget-key-1")).await.problem(422);
    assert_eq!(refused["type"], "urn:inspraak:problem:idempotency-key-reused");
    assert_eq!(live.app.count("SELECT COUNT(*) FROM challenge_submissions").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_submissions_get_consecutive_references_without_gaps() {
    let live = Arc::new(Live::start(json!({})).await);
    live.put_form("ander-formulier", json!({})).await;
    let mut tasks = Vec::new();
    for n in 0..24 {
        let live = live.clone();
        tasks.push(tokio::spawn(async move {
            let form = if n % 3 == 0 { "ander-formulier" } else { FORM };
            let reply = live.submit(form, &application(), Some(&format!("key-{n}"))).await;
            assert_eq!(reply.status, 201, "{}", reply.text());
            (form, reply.json()["reference"].as_str().unwrap().to_owned())
        }));
    }
    let mut per_form: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for task in tasks {
        let (form, reference) = task.await.unwrap();
        per_form.entry(form).or_default().push(reference);
    }
    let year = today().year();
    for (form, count) in [(FORM, 16), ("ander-formulier", 8)] {
        let mut references = per_form.remove(form).unwrap();
        references.sort();
        let expected: Vec<String> = (1..=count).map(|n| format!("UR-{year}-{n:04}")).collect();
        assert_eq!(references, expected, "{form}");
    }
}

#[tokio::test]
async fn files_are_judged_by_their_content_not_their_name_or_type() {
    let live = Live::start(json!({})).await;
    let cases: [(&[u8], &str, Option<&str>); 5] = [
        (PDF, "image/png", None),
        (PDF, "application/pdf", Some("foto.png")),
        (b"MZ\x90\0 not a document", "application/pdf", Some("plan.pdf")),
        (b"<svg onload=alert(1)>", "image/png", Some("plaatje.png")),
        (PNG, "application/octet-stream", Some("plan.pdf")),
    ];
    for (content, content_type, name) in cases {
        let problem = live.upload(content, content_type, name).await.problem(415);
        assert_eq!(problem["invalidParams"][0]["name"], "file");
        assert_eq!(problem["invalidParams"][0]["code"], "file_type");
    }
    let png = live.upload(PNG, "application/octet-stream", Some("foto.PNG")).await;
    assert_eq!(png.status, 201, "{}", png.text());
    assert_eq!(png.json()["content_type"], "image/png");
    let unnamed = live.upload(PDF, "application/pdf", None).await;
    assert_eq!(unnamed.json()["file_name"], "bijlage.pdf");

    let mut big = PDF.to_vec();
    big.resize(2049, b' ');
    let too_big = live.upload(&big, "application/pdf", Some("groot.pdf")).await.problem(413);
    assert_eq!(too_big["invalidParams"][0]["code"], "too_large");
    big.truncate(2048);
    assert_eq!(live.upload(&big, "application/pdf", Some("precies.pdf")).await.status, 201);
    live.upload(b"", "application/pdf", None).await.problem(422);
    assert_eq!(live.app.count("SELECT COUNT(*) FROM challenge_attachments").await, 3);

    // A form's limit may be far above the API's 64 KiB for JSON.
    live.put_form(FORM, json!({"max_attachment_bytes": 1024 * 1024})).await;
    big.resize(300 * 1024, b' ');
    assert_eq!(live.upload(&big, "application/pdf", Some("scan.pdf")).await.status, 201);
}

#[tokio::test]
async fn the_workflow_goes_from_received_to_a_decision_and_no_other_way() {
    let live = Live::start(json!({})).await;
    let reference = live.submit(FORM, &application(), None).await.json()["reference"].as_str().unwrap().to_owned();
    let path = format!("/v1/admin/challenge-forms/{FORM}/submissions/{reference}/status");
    let change = |body: Value| answer(live.admin(reqwest::Method::POST, &path).json(&body));

    let skipped = change(json!({"status": "besluit_genomen", "outcome": "toegekend"})).await.problem(409);
    assert_eq!(skipped["type"], "urn:inspraak:problem:invalid-transition");
    let handling = change(json!({"status": "in_behandeling", "note": "Ambtenaar groen bekijkt het"})).await;
    assert_eq!(handling.status, 200, "{}", handling.text());
    assert_eq!(handling.json()["status"], "in_behandeling");
    assert_eq!(change(json!({"status": "besluit_genomen"})).await.fields(), [("outcome".into(), "required".into())]);
    assert_eq!(
        change(json!({"status": "in_behandeling", "outcome": "afgewezen"})).await.fields(),
        [("outcome".into(), "out_of_range".into())]
    );
    let decided =
        change(json!({"status": "besluit_genomen", "outcome": "toegekend", "note": "Akkoord, start in maart"})).await;
    assert_eq!(decided.status, 200);
    assert_eq!(decided.json()["outcome"], "toegekend");
    assert_eq!(decided.json()["note"], "Akkoord, start in maart");
    change(json!({"status": "in_behandeling"})).await.problem(409);
    change(json!({"status": "geweigerd"})).await.problem(422);
    let missing = format!("/v1/admin/challenge-forms/{FORM}/submissions/UR-1999-0001/status");
    answer(live.admin(reqwest::Method::POST, &missing).json(&json!({"status": "in_behandeling"}))).await.problem(404);
}

#[tokio::test]
async fn the_csv_export_neutralises_formulas() {
    let live = Live::start(json!({})).await;
    let mut body = application();
    body["initiative"]["title"] = json!("=HYPERLINK(\"http://evil.example\",\"klik\")");
    body["plan"]["what"] = json!("+31 gulden, @iedereen, -minder");
    live.submit(FORM, &body, None).await;
    let csv =
        answer(live.admin(reqwest::Method::GET, &format!("/v1/admin/challenge-forms/{FORM}/submissions.csv"))).await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert!(csv.header("content-disposition").starts_with("attachment"));
    let text = csv.text();
    assert!(text.starts_with("reference,status,outcome,submitted_on"), "{text}");
    assert!(text.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"klik\"\")\""), "{text}");
    assert!(text.contains("\"'+31 gulden, @iedereen, -minder\""), "{text}");
    assert!(text.contains(",1250050,1000000,"), "{text}");
}

#[tokio::test]
async fn erasure_deletes_the_application_with_its_files() {
    let live = Live::start(json!({})).await;
    let file = live.upload(PDF, "application/pdf", Some("plan.pdf")).await.json();
    let mut body = application();
    body["support"]["attachments"] = json!([file["id"]]);
    let reference = live.submit(FORM, &body, None).await.json()["reference"].as_str().unwrap().to_owned();
    let path = format!("/v1/admin/challenge-forms/{FORM}/submissions/{reference}");
    let deleted = answer(live.admin(reqwest::Method::DELETE, &path)).await;
    assert_eq!(deleted.status, 204);
    assert_eq!(live.app.count("SELECT COUNT(*) FROM challenge_submissions").await, 0);
    assert_eq!(live.app.count("SELECT COUNT(*) FROM challenge_attachments").await, 0);
    live.record(FORM, &reference).await.problem(404);
    let download = format!("{path}/attachments/{}", file["id"].as_str().unwrap());
    answer(live.admin(reqwest::Method::GET, &download)).await.problem(404);
    answer(live.admin(reqwest::Method::DELETE, &path)).await.problem(404);
}

#[tokio::test]
async fn applications_are_deleted_after_the_retention_period_and_unused_uploads_after_a_day() {
    let live = Live::start(json!({"retention_days": 30})).await;
    let used = live.upload(PDF, "application/pdf", Some("plan.pdf")).await.json();
    live.upload(PNG, "image/png", Some("vergeten.png")).await;
    let mut body = application();
    body["support"]["attachments"] = json!([used["id"]]);
    live.submit(FORM, &body, None).await;

    let mut conn = live.app.db.write.acquire().await.unwrap();
    let now = clock::now();
    assert_eq!(store::purge(&mut conn, now).await.unwrap(), (0, 0));
    // A day later the forgotten upload goes; the application and its file stay.
    assert_eq!(store::purge(&mut conn, now + 86_400 + 1).await.unwrap(), (0, 1));
    assert_eq!(live.app.count("SELECT COUNT(*) FROM challenge_attachments").await, 1);
    assert_eq!(store::purge(&mut conn, now + 29 * 86_400).await.unwrap(), (0, 0));
    // After 30 days the application goes, with its file.
    assert_eq!(store::purge(&mut conn, now + 30 * 86_400).await.unwrap(), (1, 0));
    assert_eq!(live.app.count("SELECT COUNT(*) FROM challenge_submissions").await, 0);
    assert_eq!(live.app.count("SELECT COUNT(*) FROM challenge_attachments").await, 0);
}

#[tokio::test]
async fn one_persons_data_is_exported_across_forms_by_email_in_the_body() {
    let live = Live::start(json!({})).await;
    live.put_form("tweede", json!({})).await;
    live.submit(FORM, &application(), None).await;
    let mut again = application();
    again["contact"]["email"] = json!("fatima@example.NL");
    live.submit("tweede", &again, None).await;
    let mut someone_else = application();
    someone_else["contact"]["email"] = json!("jan@example.nl");
    live.submit(FORM, &someone_else, None).await;

    let export = answer(
        live.admin(reqwest::Method::POST, "/v1/admin/challenge-submissions/by-email")
            .json(&json!({"email": " FATIMA@example.nl "})),
    )
    .await;
    assert_eq!(export.status, 200, "{}", export.text());
    let submissions = export.json()["submissions"].as_array().unwrap().clone();
    let forms: Vec<&str> = submissions.iter().map(|s| s["form"].as_str().unwrap()).collect();
    assert_eq!(forms, [FORM, "tweede"]);
    assert!(submissions.iter().all(|s| s["application"]["contact"]["name"] == "Fatima de Vries"));
    let bad = answer(
        live.admin(reqwest::Method::POST, "/v1/admin/challenge-submissions/by-email").json(&json!({"email": "x"})),
    )
    .await;
    assert_eq!(bad.fields(), [("email".into(), "format".into())]);
}

#[tokio::test]
async fn nothing_about_the_client_is_stored() {
    let live = Live::start(json!({})).await;
    let client = reqwest::Client::builder()
        .local_address("127.0.0.2".parse::<std::net::IpAddr>().unwrap())
        .user_agent("InspraakTestBrowser/1.0")
        .build()
        .unwrap();
    let reply =
        answer(client.post(live.url(&format!("/v1/challenge-forms/{FORM}/submissions"))).json(&application())).await;
    assert_eq!(reply.status, 201);
    let dump: String = sqlx::query_scalar(
        "SELECT group_concat(body, '') FROM (SELECT body FROM challenge_submissions UNION ALL SELECT body FROM idempotency_keys)",
    )
    .fetch_one(&live.app.db.read)
    .await
    .unwrap();
    assert!(!dump.contains("127.0.0.2") && !dump.contains("InspraakTestBrowser"), "{dump}");
}

/// What a webhook receiver saw: the time, headers and body of each request.
type Seen = Arc<Mutex<Vec<(Instant, HeaderMap, Value)>>>;

/// A receiver that answers 503 to the first `failures` requests, then 200.
async fn receiver(failures: usize) -> (String, Seen) {
    let seen: Seen = Arc::default();
    let router = Router::new().route(
        "/hook",
        post({
            let seen = seen.clone();
            move |headers: HeaderMap, axum::Json(body): axum::Json<Value>| {
                let seen = seen.clone();
                async move {
                    let mut seen = seen.lock().unwrap();
                    seen.push((Instant::now(), headers, body));
                    if seen.len() <= failures { StatusCode::SERVICE_UNAVAILABLE } else { StatusCode::OK }
                }
            }
        }),
    );
    let base = serve(router).await;
    (format!("{base}/hook"), seen)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_application_reaches_the_webhook_retried_with_backoff_until_acknowledged() {
    let (url, seen) = receiver(3).await;
    let live = Live::start(json!({"webhook_url": url, "webhook_token": "zaak-geheim"})).await;
    let admin_form =
        answer(live.admin(reqwest::Method::GET, &format!("/v1/admin/challenge-forms/{FORM}"))).await.json();
    assert_eq!(admin_form["webhook_token_set"], true);
    assert!(admin_form.get("webhook_token").is_none(), "the token is never shown");

    let receipt = live.submit(FORM, &application(), None).await.json();
    let reference = receipt["reference"].as_str().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while seen.lock().unwrap().len() < 4 {
        assert!(Instant::now() < deadline, "only {} attempts", seen.lock().unwrap().len());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Acknowledged: no more attempts.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 4);
    for (_, headers, body) in &seen {
        assert_eq!(headers["authorization"], HeaderValue::from_static("Bearer zaak-geheim"));
        assert_eq!(headers["idempotency-key"].to_str().unwrap(), format!("{FORM}/{reference}"));
        assert_eq!(body["reference"], reference);
        assert_eq!(body["application"]["contact"]["email"], "Fatima@Example.nl");
    }
    // Waits of 50, 100 and 200 ms: each at least the backoff, each longer than the one before.
    let gaps: Vec<Duration> = seen.windows(2).map(|w| w[1].0 - w[0].0).collect();
    for (gap, least) in gaps.iter().zip([50, 100, 200]) {
        assert!(*gap >= Duration::from_millis(least), "{gaps:?}");
    }
    let record = live.record(FORM, reference).await.json();
    assert_eq!(record["webhook"]["attempts"], 4);
    assert!(record["webhook"]["delivered_at"].is_string(), "{record}");
}
