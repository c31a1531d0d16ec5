//! What a municipality's penetration test looks for (SECURITY.md), against the real binary over real HTTP on
//! loopback with a real SQLite file: client addresses behind proxies, uploads, slow clients, what the files at rest
//! hold, webhook targets, keys and tokens, resume codes, and the smaller holes.

#[path = "common/process.rs"]
#[allow(dead_code)]
mod process;

use std::{
    io::{Read, Write},
    net::{IpAddr, TcpStream},
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use process::{SOCKET_TOKEN, Server, binary, create_poll, start};
use serde_json::{Value, json};

fn from(address: &str) -> reqwest::Client {
    reqwest::Client::builder().local_address(address.parse::<IpAddr>().unwrap()).build().unwrap()
}

fn poll(database: &Path, id: &str, extra: Value) {
    let mut poll = json!({"id": id, "question": "Welke boom?",
                          "options": [{"id": "eik", "label": "Eik"}, {"id": "linde", "label": "Linde"}]});
    for (key, value) in extra.as_object().unwrap() {
        poll[key] = value.clone();
    }
    create_poll(database, &poll);
}

fn voter(n: usize) -> String {
    format!("{n:032x}")
}

/// The sample challenge form of demo/, written beside `database`, for `--seed-challenge`.
fn sample_form(database: &Path, overrides: Value) -> PathBuf {
    let mut form: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../demo/sample-challenge-form.json")).unwrap(),
    )
    .unwrap();
    for (key, value) in overrides.as_object().unwrap() {
        form[key] = value.clone();
    }
    let file = database.with_file_name("form.json");
    std::fs::write(&file, form.to_string()).unwrap();
    file
}

const FORM: &str = "uitdaagrecht-voorbeeld";

fn application(attachments: &[&str]) -> Value {
    let start = (time::OffsetDateTime::now_utc().date() + time::Duration::days(30)).to_string();
    json!({
        "initiative": {"title": "Groen in de Lindenbuurt", "task": "groenonderhoud", "task_other": "",
                       "area": "Lindenbuurt, rond het plantsoen"},
        "plan": {"what": "Wij onderhouden het plantsoen.", "why_better": "Wij wonen er.",
                 "social_value": "Buren leren elkaar kennen."},
        "organisation": {"name": "Buurtvereniging De Linde", "type": "vereniging", "type_other": "",
                         "kvk": "12345678", "experience": "Tien jaar geveltuinen.", "address": "Lindenlaan 1", "postcode": "1234 AB", "place": "Voorbeeld"},
        "support": {"supporters": 120, "how_shown": "Handtekeningen", "attachments": attachments},
        "costs": {"estimate": "€ 12.500,50", "budget": "10.000", "start_date": start, "term_months": 24},
        "cooperation": {"support_needed": "Gereedschap", "quality": "Schouw", "continuity": "Een vaste groep"},
        "contact": {"name": "Zwaantje Quispelaar", "email": "Zwaantje.Quispelaar@Voorbeeldmail.nl",
                    "phone": "06-98765432", "address": "Lindenlaan 12", "postcode": "9876 ZQ", "place": "Voorbeeld", "authorised": true, "consent": true},
        "website": "",
        "fill_seconds": 420
    })
}

fn pdf(marker: &str) -> Vec<u8> {
    format!("%PDF-1.7\n{marker}\n").into_bytes()
}

/// What `inspraak-server` prints when it refuses to start with `args` (and the environment `env`).
fn refused(database: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let mut command = binary();
    command.args(["serve", "--listen", "127.0.0.1:0", "--database"]).arg(database).args(args);
    command.env_remove("INSPRAAK_ADMIN_TOKEN");
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::piped()).spawn().unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("started with {args:?} and {env:?} instead of refusing");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!output.status.success(), "started with {args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "a panic, not a refusal: {stderr}");
    stderr
}

// --- 1. Client addresses behind proxies -------------------------------------------------------------------------

#[test]
fn the_old_trust_proxy_flag_is_refused_with_the_new_one_named() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    let text = refused(&database, &["--trust-proxy"], &[]);
    assert!(text.contains("--trusted-proxy"), "{text}");
    let text = refused(&database, &[], &[("INSPRAAK_TRUST_PROXY", "true")]);
    assert!(text.contains("--trusted-proxy"), "{text}");
    let text = refused(&database, &["--trusted-proxy", "10.0.0.0/33"], &[]);
    assert!(text.contains("CIDR"), "{text}");
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_client_is_read_from_the_right_and_a_forged_address_counts_for_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    poll(&database, "boom", json!({}));
    let server = start(
        &database,
        &["--votes-per-minute".as_ref(), "2".as_ref(), "--trusted-proxy".as_ref(), "127.0.0.1/32".as_ref()],
    );
    let url = format!("{}/v1/polls/boom/votes", server.base);
    let mut n = 0;
    let mut vote = async |client: &reqwest::Client, forwarded: &str| {
        n += 1;
        let request = client
            .post(&url)
            .header("x-forwarded-for", forwarded)
            .json(&json!({"choices": ["eik"], "voter": voter(n)}));
        request.send().await.unwrap().status().as_u16()
    };
    let proxy = from("127.0.0.1");
    // The client puts a new address in front each time; the proxy appends the one it saw.
    let statuses = [
        vote(&proxy, "6.6.6.1, 203.0.113.7").await,
        vote(&proxy, "6.6.6.2, 203.0.113.7").await,
        vote(&proxy, "6.6.6.3, 203.0.113.7").await,
    ];
    assert_eq!(statuses, [201, 201, 429], "a forged first address must not make a new client");
    assert_eq!(vote(&proxy, "203.0.113.8").await, 201, "another client behind the proxy");
    // A peer that is not a trusted proxy is counted by its own address, whatever its header says.
    let direct = from("127.0.0.2");
    let statuses =
        [vote(&direct, "198.51.100.1").await, vote(&direct, "198.51.100.2").await, vote(&direct, "198.51.100.3").await];
    assert_eq!(statuses, [201, 201, 429]);
    // IPv6 clients are counted by their /64.
    let statuses = [
        vote(&proxy, "2001:db8:1:2::1").await,
        vote(&proxy, "2001:db8:1:2:ffff::2").await,
        vote(&proxy, "2001:db8:1:2:abcd::3").await,
    ];
    assert_eq!(statuses, [201, 201, 429]);
    assert_eq!(vote(&proxy, "2001:db8:1:3::1").await, 201, "the next /64 is another client");
}

#[tokio::test]
async fn many_addresses_together_meet_the_backstop_of_the_route() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    poll(&database, "boom", json!({}));
    let server = start(
        &database,
        &["--votes-per-minute".as_ref(), "100".as_ref(), "--global-per-minute".as_ref(), "3".as_ref()],
    );
    let url = format!("{}/v1/polls/boom/votes", server.base);
    let mut statuses = Vec::new();
    for n in 0..4 {
        let client = from(&format!("127.0.0.{}", 10 + n));
        let reply = client.post(&url).json(&json!({"choices": ["eik"], "voter": voter(n)})).send().await.unwrap();
        statuses.push(reply.status().as_u16());
        if reply.status() == 503 {
            assert!(reply.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
            let problem: Value = reply.json().await.unwrap();
            assert_eq!(problem["type"], "urn:inspraak:problem:busy");
        }
    }
    assert_eq!(statuses, [201, 201, 201, 503]);
}

// --- 2. Uploads -------------------------------------------------------------------------------------------------

async fn upload(
    client: &reqwest::Client,
    server: &Server,
    body: Vec<u8>,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = client.post(format!("{}/v1/challenge-forms/{FORM}/attachments", server.base)).body(body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

const PDF_HEADERS: [(&str, &str); 2] =
    [("content-type", "application/pdf"), ("content-disposition", "attachment; filename=\"plan.pdf\"")];

#[tokio::test]
async fn uploads_need_headers_that_force_a_preflight_and_have_quotas_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    let form = sample_form(&database, json!({}));
    let server = start(
        &database,
        &[
            "--seed-challenge".as_ref(),
            form.as_os_str(),
            "--uploads-per-hour".as_ref(),
            "3".as_ref(),
            "--votes-per-minute".as_ref(),
            "10".as_ref(),
            "--unlinked-uploads-mib".as_ref(),
            "1".as_ref(),
        ],
    );
    let client = from("127.0.0.20");
    // A cross-site form can send neither header without a preflight; without them the upload is refused.
    let plain = upload(&client, &server, pdf("a"), &[("content-disposition", "attachment")]).await;
    assert_eq!(plain.status(), 415);
    let problem: Value = plain.json().await.unwrap();
    assert!(problem["detail"].as_str().unwrap().contains("Content-Type"), "{problem}");
    let simple =
        upload(&client, &server, pdf("b"), &[("content-type", "text/plain"), ("content-disposition", "attachment")])
            .await;
    assert_eq!(simple.status(), 415);
    let unnamed = upload(&client, &server, pdf("c"), &[("content-type", "application/pdf")]).await;
    assert_eq!(unnamed.status(), 422);
    let problem: Value = unnamed.json().await.unwrap();
    assert_eq!(problem["invalidParams"][0]["name"], "Content-Disposition");
    // The quota of uploads per address (three above, counted before a handler looks) is used up now.
    assert_eq!(upload(&client, &server, pdf("d"), &PDF_HEADERS).await.status(), 429);
    let submission = client
        .post(format!("{}/v1/challenge-forms/{FORM}/submissions", server.base))
        .json(&application(&[]))
        .send()
        .await
        .unwrap();
    assert_eq!(submission.status(), 201, "applications have the writes' quota, not the uploads'");

    // All addresses together may hold 1 MiB of uploads no application took.
    let mut big = pdf("groot");
    big.resize(700 * 1024, b' ');
    assert_eq!(upload(&from("127.0.0.21"), &server, big.clone(), &PDF_HEADERS).await.status(), 201);
    let full = upload(&from("127.0.0.22"), &server, big, &PDF_HEADERS).await;
    assert_eq!(full.status(), 503);
    let wait: u64 = full.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(wait >= 60, "until the oldest upload goes: {wait} s");

    // The preflight a browser sends first answers only the allowed origins.
    let preflight = |origin: &'static str| {
        client
            .request(reqwest::Method::OPTIONS, format!("{}/v1/challenge-forms/{FORM}/attachments", server.base))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type,content-disposition,idempotency-key")
            .send()
    };
    let evil = preflight("https://evil.example").await.unwrap();
    assert!(evil.headers().get("access-control-allow-origin").is_none());
}

// --- 3. Slow clients --------------------------------------------------------------------------------------------

/// Opens a connection that sends a vote's headers and one byte of its body, then nothing.
fn slow_vote(address: &str) -> TcpStream {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "POST /v1/polls/boom/votes HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{{"
    )
    .unwrap();
    stream
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_slow_clients_do_not_keep_a_vote_waiting_and_are_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    poll(&database, "boom", json!({}));
    // The slow clients are cut off after 5 s: a vote that waited behind them would be answered only after that.
    let server = start(&database, &["--body-timeout".as_ref(), "5".as_ref()]);
    let address = server.base.trim_start_matches("http://").to_owned();
    let started = Instant::now();
    let mut slow: Vec<TcpStream> = (0..200).map(|_| slow_vote(&address)).collect();
    let asked = Instant::now();
    let vote = reqwest::Client::new()
        .post(format!("{}/v1/polls/boom/votes", server.base))
        .json(&json!({"choices": ["eik"], "voter": voter(1)}))
        .timeout(Duration::from_secs(20))
        .send()
        .await
        .unwrap();
    let answered = asked.elapsed();
    assert_eq!(vote.status(), 201);
    // The figure (a few milliseconds on a quiet machine, well within a second) is printed; what is asserted is that
    // the vote did not wait for the slow clients, which a wall-clock bound of a second would assert only on a quiet
    // machine.
    println!("a vote beside 200 slow clients: answered in {} ms", answered.as_millis());
    assert!(answered < Duration::from_secs(5), "the vote waited for the slow clients: {answered:?}");
    // Each slow client gets a 408 once its body timeout has passed, and its connection back.
    for stream in slow.iter_mut().step_by(20) {
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut answer = [0u8; 64];
        let read = stream.read(&mut answer).unwrap();
        let text = String::from_utf8_lossy(&answer[..read]);
        assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    }
    let cut_off = started.elapsed();
    assert!(cut_off >= Duration::from_secs(5) && cut_off < Duration::from_secs(15), "cut off after {cut_off:?}");
}

#[tokio::test]
async fn past_the_concurrency_limit_a_request_is_answered_503_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    poll(&database, "boom", json!({}));
    let server = start(&database, &["--max-concurrent-requests".as_ref(), "4".as_ref()]);
    let address = server.base.trim_start_matches("http://").to_owned();
    let _slow: Vec<TcpStream> = (0..4).map(|_| slow_vote(&address)).collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let asked = Instant::now();
    let reply = reqwest::get(format!("{}/v1/polls/boom", server.base)).await.unwrap();
    assert_eq!(reply.status(), 503);
    assert!(reply.headers().contains_key("retry-after"));
    // At once, not after the slow requests' body timeout (30 s).
    assert!(asked.elapsed() < Duration::from_secs(10), "answered after {:?}", asked.elapsed());
}

// --- 4. No secrets or personal data in the files ------------------------------------------------------------------

/// Every file of the database (main, attachments, their WAL and shared memory), as bytes.
fn database_files(database: &Path) -> Vec<(String, Vec<u8>)> {
    let dir = database.parent().unwrap();
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.to_string_lossy().contains(".sqlite"))
        .map(|path| (path.display().to_string(), std::fs::read(&path).unwrap()))
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    let needle = needle.to_lowercase().into_bytes();
    haystack.windows(needle.len()).any(|window| window.eq_ignore_ascii_case(&needle))
}

#[tokio::test]
async fn after_every_flow_and_an_erasure_no_secret_or_personal_field_is_in_any_database_file() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    poll(&database, "boom", json!({}));
    poll(&database, "bindend", json!({"requires_code": true}));
    let scan = database.with_file_name("scan.json");
    std::fs::write(
        &scan,
        json!({"id": "scan", "title": {"nl": "Scan"}, "round": {"id": "r1", "name": "Ronde 1"}}).to_string(),
    )
    .unwrap();
    let form = sample_form(&database, json!({}));
    let server = start(
        &database,
        &["--seed-challenge".as_ref(), form.as_os_str(), "--seed-quickscan".as_ref(), scan.as_os_str()],
    );
    let client = reqwest::Client::new();
    let base = &server.base;
    let admin =
        |method: reqwest::Method, path: &str| client.request(method, format!("{base}{path}")).bearer_auth(SOCKET_TOKEN);
    let mut secrets: Vec<String> = vec![SOCKET_TOKEN.to_owned()];

    // Polls: a vote (retried), voting codes (retried: the first ones go void), a vote with a code.
    let voter_id = "5eb1e7c0ffee5eb1e7c0ffee5eb1e7c0";
    secrets.push(voter_id.to_owned());
    for _ in 0..2 {
        let reply = client
            .post(format!("{base}/v1/polls/boom/votes"))
            .header("idempotency-key", "stem-1")
            .json(&json!({"choices": ["eik"], "voter": voter_id}))
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 201);
    }
    let mut codes: Vec<String> = Vec::new();
    for _ in 0..2 {
        let reply = admin(reqwest::Method::POST, "/v1/admin/polls/bindend/codes")
            .header("idempotency-key", "codes-1")
            .json(&json!({"count": 3}))
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 201);
        let body: Value = reply.json().await.unwrap();
        codes.extend(body["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()));
    }
    let vote = client
        .post(format!("{base}/v1/polls/bindend/votes"))
        .header("idempotency-key", "stem-2")
        .json(&json!({"choices": ["linde"], "voter": voter(9), "code": codes[5]}))
        .send()
        .await
        .unwrap();
    assert_eq!(vote.status(), 201, "{}", vote.text().await.unwrap());
    let results =
        client.get(format!("{base}/v1/polls/bindend/results")).header("inspraak-code", &codes[5]).send().await.unwrap();
    assert!(results.status().is_success() || results.status() == 403);

    // Quick scan: a draft (retried: a fresh code), looked up, and a response.
    let draft = json!({"answers": {"role": "inwoner", "statements": {}}, "step": 1});
    for _ in 0..2 {
        let reply = client
            .post(format!("{base}/v1/quickscans/scan/drafts"))
            .header("idempotency-key", "concept-1")
            .json(&draft)
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 201);
        let body: Value = reply.json().await.unwrap();
        codes.push(body["code"].as_str().unwrap().to_owned());
    }
    let old = client
        .get(format!("{base}/v1/quickscans/scan/draft"))
        .header("inspraak-resume-code", &codes[6])
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 404, "a retry makes the first code void");
    let resumed = client
        .get(format!("{base}/v1/quickscans/scan/draft"))
        .header("inspraak-resume-code", &codes[7])
        .send()
        .await
        .unwrap();
    assert_eq!(resumed.status(), 200);
    secrets.extend(codes.iter().cloned());
    secrets.extend(codes.iter().map(|code| code.replace('-', "")));

    // Right to Challenge: an upload (retried), an application (retried), a status change (retried), an export.
    let marker = "INHOUD-VAN-HET-PASPOORT-7f3a";
    let file_name = "Quispelaar-paspoort.pdf";
    let mut uploaded = String::new();
    for _ in 0..2 {
        let reply = client
            .post(format!("{base}/v1/challenge-forms/{FORM}/attachments"))
            .header("idempotency-key", "bijlage-1")
            .header("content-type", "application/pdf")
            .header("content-disposition", format!("attachment; filename=\"{file_name}\""))
            .body(pdf(marker))
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 201);
        uploaded = reply.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    }
    let body = application(&[&uploaded]);
    let mut reference = String::new();
    for _ in 0..2 {
        let reply = client
            .post(format!("{base}/v1/challenge-forms/{FORM}/submissions"))
            .header("idempotency-key", "aanvraag-1")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 201);
        reference = reply.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_owned();
    }
    for _ in 0..2 {
        let reply =
            admin(reqwest::Method::POST, &format!("/v1/admin/challenge-forms/{FORM}/submissions/{reference}/status"))
                .header("idempotency-key", "status-1")
                .json(&json!({"status": "in_behandeling", "note": "Gebeld met Zwaantje Quispelaar"}))
                .send()
                .await
                .unwrap();
        assert_eq!(reply.status(), 200);
        assert_eq!(reply.json::<Value>().await.unwrap()["application"]["contact"]["name"], "Zwaantje Quispelaar");
    }
    let export = admin(reqwest::Method::POST, "/v1/admin/challenge-submissions/by-email")
        .json(&json!({"email": "zwaantje.quispelaar@voorbeeldmail.nl"}))
        .send()
        .await
        .unwrap();
    assert_eq!(export.json::<Value>().await.unwrap()["submissions"].as_array().unwrap().len(), 1);
    let personal = ["Zwaantje", "Quispelaar", "Voorbeeldmail", "98765432", "9876 ZQ", file_name, marker];
    let present = database_files(&database);
    assert!(present.iter().any(|(_, bytes)| contains(bytes, "Quispelaar")), "the application is stored until erased");

    // The right to erasure: afterwards nothing of it is in any file, nor any code, voter id or token.
    let erased = admin(reqwest::Method::DELETE, &format!("/v1/admin/challenge-forms/{FORM}/submissions/{reference}"))
        .send()
        .await
        .unwrap();
    assert_eq!(erased.status(), 204);
    // Its reference was in the answers kept for retries: those went with it.
    secrets.push(reference.clone());
    let look = |when: &str| {
        let mut found = Vec::new();
        for (name, bytes) in database_files(&database) {
            for needle in secrets.iter().map(String::as_str).chain(personal) {
                if contains(&bytes, needle) {
                    found.push(format!("{needle} in {name}"));
                }
            }
        }
        assert!(found.is_empty(), "{when}: {found:?}");
    };
    look("while the server runs");
    // And after a crash: nothing waits in a WAL that a restart would bring back.
    server.kill();
    look("after the server was killed");
}

// --- 5. Webhook targets -----------------------------------------------------------------------------------------

async fn put_form(client: &reqwest::Client, server: &Server, webhook: &str) -> (u16, Value) {
    let mut form: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../demo/sample-challenge-form.json")).unwrap(),
    )
    .unwrap();
    form["webhook_url"] = json!(webhook);
    let reply = client
        .put(format!("{}/v1/admin/challenge-forms/{FORM}", server.base))
        .bearer_auth(SOCKET_TOKEN)
        .json(&form)
        .send()
        .await
        .unwrap();
    (reply.status().as_u16(), reply.json().await.unwrap())
}

/// A name this machine's hosts file gives a loopback address, other than `localhost`.
fn loopback_name() -> Option<String> {
    let hosts = std::fs::read_to_string("/etc/hosts").ok()?;
    hosts.lines().find_map(|line| {
        let mut words = line.split_whitespace();
        let address: IpAddr = words.next()?.parse().ok()?;
        if !address.is_loopback() {
            return None;
        }
        words.find(|name| !name.starts_with('#') && !name.contains("localhost")).map(str::to_owned)
    })
}

#[tokio::test]
async fn webhooks_go_to_public_https_addresses_only_and_their_errors_map_no_ports() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    let server = start(&database, &["--webhook-first-retry-ms".as_ref(), "60000".as_ref()]);
    let client = reqwest::Client::new();
    for target in [
        "http://localhost:80@evil.example/",
        "https://user:secret@zaken.voorbeeld.nl/hook",
        "http://zaken.voorbeeld.nl/hook",
        "http://127.0.0.1:9/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://10.0.0.1/hook",
        "https://[fd12::1]/hook",
        "https://100.64.0.1/hook",
    ] {
        let (status, problem) = put_form(&client, &server, target).await;
        assert_eq!(status, 422, "{target}: {problem}");
        assert_eq!(problem["invalidParams"][0]["name"], "webhook_url", "{target}");
    }
    let (status, problem) = put_form(&client, &server, "http://127.0.0.1:9/hook").await;
    assert!(status == 422 && problem["invalidParams"][0]["reason"].as_str().unwrap().contains("--dev-webhooks"));

    // A name that resolves to this machine is refused when it is resolved, before any connection.
    let Some(name) = loopback_name() else {
        println!("no loopback name in /etc/hosts besides localhost: the resolver's refusal is not tried here");
        return;
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (status, problem) = put_form(&client, &server, &format!("https://{name}:{port}/hook")).await;
    assert!(status == 200 || status == 201, "{problem}");
    let submitted = client
        .post(format!("{}/v1/challenge-forms/{FORM}/submissions", server.base))
        .json(&application(&[]))
        .send()
        .await
        .unwrap();
    assert_eq!(submitted.status(), 201);
    let reference = submitted.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_owned();
    let connected = tokio::time::timeout(Duration::from_secs(2), listener.accept()).await;
    assert!(connected.is_err(), "the server connected to {name}, a loopback address");
    let record: Value = process::json(
        client
            .get(format!("{}/v1/admin/challenge-forms/{FORM}/submissions/{reference}", server.base))
            .bearer_auth(SOCKET_TOKEN),
    )
    .await;
    let error = record["webhook"]["last_error"].as_str().unwrap_or_default();
    assert!(error.contains("not a public"), "{record}");
}

#[tokio::test]
async fn a_closed_port_and_a_refused_connection_read_the_same_to_an_admin() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    let server = start(&database, &["--dev-webhooks".as_ref(), "--webhook-first-retry-ms".as_ref(), "60000".as_ref()]);
    let client = reqwest::Client::new();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let (status, problem) = put_form(&client, &server, &format!("http://127.0.0.1:{port}/hook")).await;
    assert!(status == 200 || status == 201, "{problem}");
    let submitted = client
        .post(format!("{}/v1/challenge-forms/{FORM}/submissions", server.base))
        .json(&application(&[]))
        .send()
        .await
        .unwrap();
    let reference = submitted.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_owned();
    let mut error = String::new();
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let record: Value = process::json(
            client
                .get(format!("{}/v1/admin/challenge-forms/{FORM}/submissions/{reference}", server.base))
                .bearer_auth(SOCKET_TOKEN),
        )
        .await;
        if let Some(text) = record["webhook"]["last_error"].as_str() {
            error = text.to_owned();
            break;
        }
    }
    assert_eq!(error, "no connection, or no answer in time");
}

// --- 6. Keys and files at rest ----------------------------------------------------------------------------------

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
}

#[tokio::test]
async fn the_database_its_key_and_its_backups_are_readable_by_their_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    poll(&database, "boom", json!({}));
    let server = start(&database, &[]);
    let vote = reqwest::Client::new()
        .post(format!("{}/v1/polls/boom/votes", server.base))
        .json(&json!({"choices": ["eik"], "voter": voter(1)}))
        .send()
        .await
        .unwrap();
    assert_eq!(vote.status(), 201);
    let backup = dir.path().join("kopie.sqlite");
    let output = binary().arg("backup").arg(&backup).arg("--database").arg(&database).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let files = [
        "inspraak.sqlite",
        "inspraak.sqlite-wal",
        "inspraak.sqlite-shm",
        "inspraak.key",
        "inspraak.files.sqlite",
        "kopie.sqlite",
        "kopie.files.sqlite",
    ];
    for file in files {
        assert_eq!(mode(&dir.path().join(file)), 0o600, "{file}");
    }
    // A database made readable for others before is closed again at the next start.
    drop(server);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&database, std::fs::Permissions::from_mode(0o644)).unwrap();
    let _server = start(&database, &[]);
    assert_eq!(mode(&database), 0o600);
    // A key file others can read is refused, with the command that fixes it.
    drop(_server);
    std::fs::set_permissions(dir.path().join("inspraak.key"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let text = refused(&database, &[], &[]);
    assert!(text.contains("chmod 600"), "{text}");
}

/// The hash of the versions before the key file: SHA-256 over the secret and the parts, each length-prefixed.
fn legacy_hash(secret: &str, parts: &[&[u8]]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for part in std::iter::once(secret.as_bytes()).chain(parts.iter().copied()) {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hex::encode(hasher.finalize())
}

#[tokio::test]
async fn the_key_moves_out_of_an_older_database_and_its_votes_codes_and_drafts_stay_valid() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    poll(&database, "boom", json!({}));
    poll(&database, "bindend", json!({"requires_code": true}));
    let scan = database.with_file_name("scan.json");
    std::fs::write(
        &scan,
        json!({"id": "scan", "title": {"nl": "Scan"}, "round": {"id": "r1", "name": "Ronde 1"}}).to_string(),
    )
    .unwrap();
    let output = binary().args(["quickscan", "create"]).arg(&scan).arg("--database").arg(&database).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    // The database as an older version left it: its secret in `settings`, hashes made with it.
    let secret = "c0ffee".repeat(10);
    {
        use sqlx::Connection;
        let mut db = sqlx::SqliteConnection::connect(&format!("sqlite://{}", database.display())).await.unwrap();
        let statements = [
            ("DELETE FROM settings", vec![]),
            ("INSERT INTO settings (name, value) VALUES ('voter_hash_key', ?)", vec![secret.clone()]),
            (
                "INSERT INTO votes (poll_id, voter_hash, choices, cast_at) VALUES ('boom', ?, '[\"eik\"]', unixepoch())",
                vec![legacy_hash(&secret, &[b"voter", b"boom", voter(1).as_bytes()])],
            ),
            ("UPDATE polls SET voters = 1 WHERE id = 'boom'", vec![]),
            (
                "INSERT INTO poll_codes (poll_id, code_hash) VALUES ('bindend', ?)",
                vec![legacy_hash(&secret, &[b"voting-code", b"bindend", b"ABCD-EFGH-JKMN"])],
            ),
            (
                "INSERT INTO quickscan_drafts (code_hash, scan_id, body, expires_at) VALUES (?, 'scan', ?, unixepoch() + 86400)",
                vec![
                    legacy_hash(&secret, &[b"quickscan-draft", b"scan", b"PQRS-TUVW"]),
                    json!({"answers": {"role": "raadslid", "statements": {}}, "step": 2}).to_string(),
                ],
            ),
        ];
        for (sql, binds) in statements {
            let mut query = sqlx::query(sql);
            for bind in binds {
                query = query.bind(bind);
            }
            query.execute(&mut db).await.unwrap();
        }
        db.close().await.unwrap();
    }
    let key_file = dir.path().join("inspraak.key");
    std::fs::remove_file(&key_file).ok();
    let server = start(&database, &[]);
    let client = reqwest::Client::new();
    let again = client
        .post(format!("{}/v1/polls/boom/votes", server.base))
        .json(&json!({"choices": ["linde"], "voter": voter(1)}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409, "the vote stored before is still recognised");
    let coded = client
        .post(format!("{}/v1/polls/bindend/votes", server.base))
        .json(&json!({"choices": ["eik"], "voter": voter(2), "code": "abcd efgh jkmn"}))
        .send()
        .await
        .unwrap();
    assert_eq!(coded.status(), 201, "the code handed out before still works");
    let draft = client
        .get(format!("{}/v1/quickscans/scan/draft", server.base))
        .header("inspraak-resume-code", "pqrs-tuvw")
        .send()
        .await
        .unwrap();
    assert_eq!(draft.status(), 200, "the draft saved before still opens with its 8-character code");
    // The secret is in the key file now, not in the database, which holds only a check of the key.
    drop(server);
    let text = std::fs::read_to_string(&key_file).unwrap();
    assert!(text.contains(&format!("legacy-sha256 {secret}")) && text.contains("hmac-sha256 "));
    let files = database_files(&database);
    for (name, bytes) in &files {
        assert!(!contains(bytes, &secret), "the old secret is still in {name}");
    }
    // Without the key file the server does not start, rather than make every code invalid.
    std::fs::rename(&key_file, dir.path().join("elders.key")).unwrap();
    let text = refused(&database, &[], &[]);
    assert!(text.contains("key") && text.contains("restore"), "{text}");
    let text = refused(&database, &[], &[("INSPRAAK_HASH_KEY", &format!("hmac-sha256 {}", "ab".repeat(32)))]);
    assert!(text.contains("does not belong"), "{text}");
    let elders = dir.path().join("elders.key");
    let server = start(&database, &["--key-file".as_ref(), elders.as_os_str()]);
    let draft = reqwest::get(format!("{}/v1/quickscans/scan", server.base)).await.unwrap();
    assert_eq!(draft.status(), 200, "the key file may be anywhere");
}

#[tokio::test]
async fn the_admin_token_is_long_never_a_flag_and_wrong_ones_are_slowed_down() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    let text = refused(&database, &[], &[("INSPRAAK_ADMIN_TOKEN", "kort-en-raadbaar")]);
    assert!(text.contains("at least 32"), "{text}");
    let long = "een-lang-token-van-minstens-32-tekens-0123";
    let text = refused(&database, &["--admin-token", long], &[]);
    assert!(text.contains("INSPRAAK_ADMIN_TOKEN") && text.contains("--admin-token-file"), "{text}");
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, format!("{long}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&token_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let text = refused(&database, &["--admin-token-file", token_file.to_str().unwrap()], &[]);
    assert!(text.contains("chmod 600"), "{text}");
    std::fs::set_permissions(&token_file, std::fs::Permissions::from_mode(0o600)).unwrap();

    // `start` sets INSPRAAK_ADMIN_TOKEN; a token file is the other way, so the environment's is taken away here.
    let mut child = binary()
        .args(["serve", "--listen", "127.0.0.1:0", "--database"])
        .arg(&database)
        .arg("--admin-token-file")
        .arg(&token_file)
        .env_remove("INSPRAAK_ADMIN_TOKEN")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
    let base = line.trim().trim_start_matches("listening on ").to_owned();
    let client = from("127.0.0.30");
    let polls = |token: &str| client.get(format!("{base}/v1/admin/polls")).bearer_auth(token).send();
    assert_eq!(polls(long).await.unwrap().status(), 200, "the token from the file");
    let mut statuses = Vec::new();
    for n in 0..12 {
        statuses.push(polls(&format!("geraden-{n}")).await.unwrap().status().as_u16());
    }
    assert_eq!(&statuses[..10], &[401; 10]);
    assert_eq!(&statuses[10..], &[429, 429], "past ten wrong tokens a minute the address waits");
    let waiting = polls(long).await.unwrap();
    assert_eq!(waiting.status(), 429, "while it waits, not even the right token is looked at");
    assert!(waiting.headers().contains_key("retry-after"));
    assert_eq!(
        from("127.0.0.31").get(format!("{base}/v1/admin/polls")).bearer_auth(long).send().await.unwrap().status(),
        200
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

// --- 7. Codes and origins ---------------------------------------------------------------------------------------

#[tokio::test]
async fn wrong_resume_codes_for_one_scan_are_limited_for_all_addresses_together() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    let scan = database.with_file_name("scan.json");
    std::fs::write(
        &scan,
        json!({"id": "scan", "title": {"nl": "Scan"}, "round": {"id": "r1", "name": "Ronde 1"}}).to_string(),
    )
    .unwrap();
    let server =
        start(&database, &["--seed-quickscan".as_ref(), scan.as_os_str(), "--votes-per-minute".as_ref(), "5".as_ref()]);
    let saved: Value = process::json(
        reqwest::Client::new()
            .post(format!("{}/v1/quickscans/scan/drafts", server.base))
            .json(&json!({"answers": {"role": "inwoner", "statements": {}}, "step": 1})),
    )
    .await;
    let code = saved["code"].as_str().unwrap();
    assert_eq!(code.replace('-', "").len(), 12, "{code}");
    let mut statuses = Vec::new();
    // Seven addresses, five guesses each: each stays within its own limit, together they pass the scan's 30.
    for guess in 0..35 {
        let client = from(&format!("127.0.1.{}", 1 + guess / 5));
        let reply = client
            .get(format!("{}/v1/quickscans/scan/draft", server.base))
            .header(
                "inspraak-resume-code",
                format!("ZZZZ-ZZZZ-{:04}", 2222 + guess).replace('0', "2").replace('1', "3"),
            )
            .send()
            .await
            .unwrap();
        statuses.push(reply.status().as_u16());
    }
    assert!(statuses[..30].iter().all(|s| *s == 404), "{statuses:?}");
    assert!(statuses[30..].iter().all(|s| *s == 429), "{statuses:?}");
    let right = from("127.0.2.1")
        .get(format!("{}/v1/quickscans/scan/draft", server.base))
        .header("inspraak-resume-code", code)
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 429, "while the scan waits, no code is looked at");
}

// --- 8. Smaller holes -------------------------------------------------------------------------------------------

#[test]
fn an_out_of_range_votes_per_minute_is_a_start_up_error() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    for value in ["99999999", "-1", "many"] {
        let text = refused(&database, &[&format!("--votes-per-minute={value}")], &[]);
        assert!(text.contains("--votes-per-minute"), "{value}: {text}");
    }
}

#[tokio::test]
async fn links_that_are_not_web_links_are_not_shown() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("inspraak.sqlite");
    let progress = database.with_file_name("progress.json");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/../demo/sample-progress.json"), &progress).unwrap();
    let form = sample_form(&database, json!({}));
    let output =
        binary().args(["progress", "record"]).arg(&progress).arg("--database").arg(&database).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let output =
        binary().args(["challenge", "form", "create"]).arg(&form).arg("--database").arg(&database).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    // As an older version or a hand-edited database might hold them.
    {
        use sqlx::Connection;
        let mut db = sqlx::SqliteConnection::connect(&format!("sqlite://{}", database.display())).await.unwrap();
        sqlx::query("UPDATE progress_measurements SET evidence_url = 'javascript:alert(1)'")
            .execute(&mut db)
            .await
            .unwrap();
        sqlx::query("UPDATE challenge_forms SET config = json_set(config, '$.privacy_url', 'javascript:alert(1)')")
            .execute(&mut db)
            .await
            .unwrap();
        db.close().await.unwrap();
    }
    let server = start(&database, &[]);
    let municipality: Value = serde_json::from_str(&std::fs::read_to_string(&progress).unwrap()).unwrap();
    let id = municipality["municipality"].as_str().unwrap();
    let shown = reqwest::get(format!("{}/v1/progress/{id}", server.base)).await.unwrap().text().await.unwrap();
    assert!(!shown.contains("javascript:"), "{shown}");
    let form = reqwest::get(format!("{}/v1/challenge-forms/{FORM}", server.base)).await.unwrap().text().await.unwrap();
    assert!(!form.contains("javascript:"), "{form}");
}
