//! The back office's accounts, sessions, CSRF protection, roles and audit trail, through the real router on a real
//! SQLite file: a communication adviser (redacteur), a case handler (behandelaar) and a beheerder log in as the web
//! page does, with the session cookie and its CSRF token.

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use common::{Reply, TOKEN, TestApp};
use inspraak_api::{AccountRole, NewAccount};
use serde_json::{Value, json};

const PASSWORD: &str = "een lang wachtwoord";

/// A logged-in browser: its session cookie and CSRF token.
struct Session {
    cookie: String,
    csrf: String,
}

async fn account(app: &TestApp, name: &str, role: AccountRole) {
    let mut tx = app.db.write.begin().await.unwrap();
    inspraak_server::accounts::create(
        &mut tx,
        &NewAccount { name: name.into(), role, password: Some(PASSWORD.into()) },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// The path of the account `name` in the API: its id, never its name (a name may be a person's).
async fn account_path(app: &TestApp, name: &str) -> String {
    let list = app.admin(Method::GET, "/v1/admin/accounts", None).await.json();
    let account = list.as_array().unwrap().iter().find(|a| a["name"] == name).unwrap();
    let id = account["id"].as_str().unwrap();
    assert!(id.len() == 16 && !id.contains(name), "{id}");
    format!("/v1/admin/accounts/{id}")
}

async fn login_as(app: &TestApp, name: &str, password: &str) -> Reply {
    app.post_json("/v1/admin/session", &json!({"name": name, "password": password}), &[]).await
}

async fn log_in(app: &TestApp, name: &str) -> Session {
    let reply = login_as(app, name, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let set_cookie = reply.header("set-cookie").unwrap();
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    Session { cookie, csrf: reply.json()["csrf_token"].as_str().unwrap().to_owned() }
}

impl Session {
    /// A request as the web page sends it: the cookie, and the CSRF token unless `csrf` is false.
    async fn send(&self, app: &TestApp, method: Method, uri: &str, body: Option<&Value>, csrf: bool) -> Reply {
        let body = body.map(Value::to_string);
        let mut headers = vec![("cookie", self.cookie.as_str()), ("content-type", "application/json")];
        if csrf {
            headers.push(("x-csrf-token", self.csrf.as_str()));
        }
        app.send(method, uri, &headers, body.as_deref()).await
    }

    async fn get(&self, app: &TestApp, uri: &str) -> Reply {
        self.send(app, Method::GET, uri, None, false).await
    }
}

fn poll(id: &str) -> Value {
    json!({"id": id, "question": "Welke boom planten we?", "options": [
        {"id": "eik", "label": "Een eik"}, {"id": "linde", "label": "Een linde"}]})
}

#[tokio::test]
async fn logging_in_sets_a_strict_http_only_cookie_and_a_wrong_pair_does_not_say_which_half() {
    let app = TestApp::new().await;
    account(&app, "anna", AccountRole::Redacteur).await;
    let wrong_password = login_as(&app, "anna", "niet het wachtwoord").await;
    let unknown_name = login_as(&app, "bert", PASSWORD).await;
    let (a, b) = (wrong_password.problem(401), unknown_name.problem(401));
    assert_eq!(a, b, "both answers are the same");
    assert!(wrong_password.header("set-cookie").is_none());

    let reply = login_as(&app, "Anna", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let cookie = reply.header("set-cookie").unwrap();
    for part in ["inspraak_session=", "HttpOnly", "SameSite=Strict", "Path=/v1/admin"] {
        assert!(cookie.contains(part), "{cookie} lacks {part}");
    }
    assert!(!cookie.contains("Secure"), "over plain http a Secure cookie would never come back: {cookie}");
    let body = reply.json();
    assert_eq!((body["name"].as_str(), body["role"].as_str()), (Some("anna"), Some("redacteur")));
    assert_eq!(body["csrf_token"].as_str().unwrap().len(), 64);
    // The id is stored only as a keyed hash: the cookie's value is nowhere in the database.
    let id = cookie.split(';').next().unwrap().trim_start_matches("inspraak_session=");
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM admin_sessions WHERE id_hash = '{id}'")).await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM admin_sessions").await, 1);

    let session = log_in(&app, "anna").await;
    let me = session.get(&app, "/v1/admin/session").await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    assert_eq!(me.json()["name"], "anna");
    assert_eq!(me.json()["csrf_token"].as_str(), Some(session.csrf.as_str()));
}

#[tokio::test]
async fn over_https_the_cookie_is_secure() {
    let app =
        TestApp::with_config(Some(TOKEN), |c| c.public_origin = Some("https://inspraak.voorbeeld.nl".into())).await;
    account(&app, "anna", AccountRole::Beheerder).await;
    let reply = login_as(&app, "anna", PASSWORD).await;
    assert!(reply.header("set-cookie").unwrap().contains("; Secure"), "{:?}", reply.header("set-cookie"));
}

#[tokio::test]
async fn a_change_in_a_session_needs_its_csrf_token_and_the_own_origin() {
    let app = TestApp::new().await;
    account(&app, "anna", AccountRole::Redacteur).await;
    let session = log_in(&app, "anna").await;
    assert_eq!(session.get(&app, "/v1/admin/polls").await.status, StatusCode::OK, "reading needs no token");

    let without = session.send(&app, Method::POST, "/v1/admin/polls", Some(&poll("a")), false).await;
    assert_eq!(without.problem(403)["type"], "urn:inspraak:problem:forbidden");
    let headers = [("cookie", session.cookie.as_str()), ("content-type", "application/json"), ("x-csrf-token", "0")];
    let wrong = app.send(Method::POST, "/v1/admin/polls", &headers, Some(&poll("a").to_string())).await;
    wrong.problem(403);
    let other_site = [
        ("cookie", session.cookie.as_str()),
        ("content-type", "application/json"),
        ("x-csrf-token", session.csrf.as_str()),
        ("origin", "https://evil.example"),
    ];
    app.send(Method::POST, "/v1/admin/polls", &other_site, Some(&poll("a").to_string())).await.problem(403);
    assert_eq!(app.count("SELECT COUNT(*) FROM polls").await, 0, "nothing was made by the refused requests");

    let own_site = [
        ("cookie", session.cookie.as_str()),
        ("content-type", "application/json"),
        ("x-csrf-token", session.csrf.as_str()),
        ("origin", "http://127.0.0.1:8080"),
    ];
    let made = app.send(Method::POST, "/v1/admin/polls", &own_site, Some(&poll("a").to_string())).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    // The host the browser sent the request to is the own origin too (a server on port 0, or reached by another name).
    let by_host = [
        ("cookie", session.cookie.as_str()),
        ("content-type", "application/json"),
        ("x-csrf-token", session.csrf.as_str()),
        ("origin", "http://inspraak.intern:9000"),
        ("host", "inspraak.intern:9000"),
    ];
    let made = app.send(Method::POST, "/v1/admin/polls", &by_host, Some(&poll("c").to_string())).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let spoofed = [
        ("cookie", session.cookie.as_str()),
        ("content-type", "application/json"),
        ("x-csrf-token", session.csrf.as_str()),
        ("origin", "https://evil.example"),
        ("host", "inspraak.intern:9000"),
    ];
    app.send(Method::POST, "/v1/admin/polls", &spoofed, Some(&poll("d").to_string())).await.problem(403);
    // A bearer token needs no CSRF token: a browser never sends one by itself.
    assert_eq!(app.admin(Method::POST, "/v1/admin/polls", Some(&poll("b"))).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn each_role_reaches_its_own_work_only() {
    let app = TestApp::new().await;
    account(&app, "beheer", AccountRole::Beheerder).await;
    account(&app, "redactie", AccountRole::Redacteur).await;
    account(&app, "zaak", AccountRole::Behandelaar).await;
    let paths = [
        "/v1/admin/polls",
        "/v1/admin/quickscans",
        "/v1/admin/challenge-forms",
        "/v1/admin/accounts",
        "/v1/admin/audit",
    ];
    let expected = [
        ("beheer", [200, 200, 200, 200, 200]),
        ("redactie", [200, 200, 403, 403, 403]),
        ("zaak", [403, 403, 200, 403, 403]),
    ];
    for (name, statuses) in expected {
        let session = log_in(&app, name).await;
        for (path, status) in paths.iter().zip(statuses) {
            let reply = session.get(&app, path).await;
            assert_eq!(reply.status.as_u16(), status, "{name} {path}: {}", reply.text);
        }
        assert_eq!(session.get(&app, "/v1/admin/session").await.status, StatusCode::OK, "{name} sees who they are");
    }
    // A behandelaar cannot change a poll either, with the CSRF token and all.
    let zaak = log_in(&app, "zaak").await;
    zaak.send(&app, Method::POST, "/v1/admin/polls", Some(&poll("p")), true).await.problem(403);
    // The server's own token is a beheerder, as before accounts existed.
    assert_eq!(app.admin(Method::GET, "/v1/admin/accounts", None).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_account_token_works_for_automation_with_the_accounts_role_until_revoked() {
    let app = TestApp::new().await;
    account(&app, "script", AccountRole::Redacteur).await;
    let script = account_path(&app, "script").await;
    let issued = app.admin(Method::POST, &format!("{script}/token"), None).await;
    assert_eq!(issued.status, StatusCode::CREATED, "{}", issued.text);
    assert_eq!(issued.header("cache-control"), Some("no-store"));
    let token = issued.json()["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("insp_"));
    let bearer = format!("Bearer {token}");
    let auth = [("authorization", bearer.as_str()), ("content-type", "application/json")];
    assert_eq!(app.send(Method::GET, "/v1/admin/polls", &auth, None).await.status, StatusCode::OK);
    app.send(Method::GET, "/v1/admin/challenge-forms", &auth, None).await.problem(403);
    let made = app.send(Method::POST, "/v1/admin/polls", &auth, Some(&poll("uit-script").to_string())).await;
    assert_eq!(made.status, StatusCode::CREATED, "no CSRF token needed with a bearer token: {}", made.text);
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM accounts WHERE token_hash = '{token}'")).await, 0);

    assert_eq!(app.admin(Method::DELETE, &format!("{script}/token"), None).await.status, StatusCode::NO_CONTENT);
    app.send(Method::GET, "/v1/admin/polls", &auth, None).await.problem(401);
}

#[tokio::test]
async fn a_session_ends_after_its_idle_time() {
    let app = TestApp::with_config(Some(TOKEN), |c| c.backoffice.session_idle_seconds = 1).await;
    account(&app, "anna", AccountRole::Beheerder).await;
    let session = log_in(&app, "anna").await;
    assert_eq!(session.get(&app, "/v1/admin/polls").await.status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let ended = session.get(&app, "/v1/admin/polls").await;
    assert!(ended.problem(401)["detail"].as_str().unwrap().contains("log in again"));
    assert_eq!(app.count("SELECT COUNT(*) FROM admin_sessions").await, 0, "the ended session is forgotten");
}

#[tokio::test]
async fn a_session_ends_at_its_absolute_time_however_busy() {
    let app = TestApp::with_config(Some(TOKEN), |c| {
        c.backoffice.session_idle_seconds = 60;
        c.backoffice.session_max_seconds = 2;
    })
    .await;
    account(&app, "anna", AccountRole::Beheerder).await;
    let session = log_in(&app, "anna").await;
    let expires = session.get(&app, "/v1/admin/session").await.json()["expires_at"].as_str().unwrap().to_owned();
    assert!(expires.ends_with('Z'), "{expires}");
    for _ in 0..2 {
        tokio::time::sleep(Duration::from_millis(900)).await;
        assert_eq!(session.get(&app, "/v1/admin/polls").await.status, StatusCode::OK);
    }
    tokio::time::sleep(Duration::from_millis(1400)).await;
    session.get(&app, "/v1/admin/polls").await.problem(401);
}

#[tokio::test]
async fn logging_out_ends_the_session_and_clears_the_cookie() {
    let app = TestApp::new().await;
    account(&app, "anna", AccountRole::Behandelaar).await;
    let session = log_in(&app, "anna").await;
    session.send(&app, Method::DELETE, "/v1/admin/session", None, false).await.problem(403);
    let out = session.send(&app, Method::DELETE, "/v1/admin/session", None, true).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.text);
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    session.get(&app, "/v1/admin/session").await.problem(401);
}

#[tokio::test]
async fn failed_logins_slow_down_that_name_even_for_the_right_password() {
    let app = TestApp::new().await;
    account(&app, "anna", AccountRole::Beheerder).await;
    account(&app, "bert", AccountRole::Beheerder).await;
    for _ in 0..4 {
        login_as(&app, "anna", "fout fout fout").await.problem(401);
    }
    let fifth = login_as(&app, "anna", "fout fout fout").await;
    assert_eq!(fifth.problem(429)["retryAfter"], 30);
    let right = login_as(&app, "anna", PASSWORD).await;
    right.problem(429);
    let wait: u64 = right.header("retry-after").unwrap().parse().unwrap();
    assert!((25..=30).contains(&wait), "{wait}");
    assert_eq!(login_as(&app, "bert", PASSWORD).await.status, StatusCode::CREATED, "another name is not slowed");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'session.login_failed'").await, 5);
    // A name no account has is not written down: it may be a password typed in the wrong field.
    login_as(&app, "mijn-geheime-wachtwoord", PASSWORD).await.problem(401);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE actor LIKE '%geheime%'").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE actor = '(onbekende naam)'").await, 1);
}

#[tokio::test]
async fn a_disabled_account_is_logged_out_and_cannot_log_in_and_the_last_beheerder_stays() {
    let app = TestApp::new().await;
    account(&app, "beheer", AccountRole::Beheerder).await;
    account(&app, "anna", AccountRole::Redacteur).await;
    let anna = log_in(&app, "anna").await;
    let beheer = log_in(&app, "beheer").await;
    let (anna_path, beheer_path) = (account_path(&app, "anna").await, account_path(&app, "beheer").await);
    app.admin(Method::PUT, "/v1/admin/accounts/anna", Some(&json!({"disabled": true}))).await.problem(404);
    let off = beheer.send(&app, Method::PUT, &anna_path, Some(&json!({"disabled": true})), true).await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.text);
    anna.get(&app, "/v1/admin/polls").await.problem(401);
    login_as(&app, "anna", PASSWORD).await.problem(401);

    let demote = json!({"role": "redacteur"});
    let last = beheer.send(&app, Method::PUT, &beheer_path, Some(&demote), true).await;
    assert!(last.problem(409)["detail"].as_str().unwrap().contains("last"));
    beheer.send(&app, Method::DELETE, &beheer_path, None, true).await.problem(409);
}

#[tokio::test]
async fn accounts_are_made_with_a_password_shown_once_and_stored_as_argon2id() {
    let app = TestApp::new().await;
    let made =
        app.admin(Method::POST, "/v1/admin/accounts", Some(&json!({"name": "griffie", "role": "redacteur"}))).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let password = made.json()["password"].as_str().unwrap().to_owned();
    assert_eq!(password.len(), 23);
    let stored: String =
        sqlx::query_scalar("SELECT password_hash FROM accounts").fetch_one(&app.db.read).await.unwrap();
    assert!(stored.starts_with("$argon2id$") && !stored.contains(&password));
    assert_eq!(login_as(&app, "griffie", &password).await.status, StatusCode::CREATED);

    let invalid = app
        .admin(
            Method::POST,
            "/v1/admin/accounts",
            Some(&json!({"name": "Griffie Twee", "role": "redacteur", "password": "kort"})),
        )
        .await;
    let mut fields = invalid.invalid_fields();
    fields.sort();
    assert_eq!(fields, [("name".to_owned(), "format".to_owned()), ("password".to_owned(), "too_short".to_owned())]);
    let taken =
        app.admin(Method::POST, "/v1/admin/accounts", Some(&json!({"name": "griffie", "role": "beheerder"}))).await;
    taken.problem(409);
}

#[tokio::test]
async fn without_a_token_or_accounts_the_admin_api_is_off_and_an_account_turns_it_on() {
    let app = TestApp::with_token(None).await;
    assert_eq!(app.get("/v1/admin/polls").await.problem(404)["title"], "Admin API off");
    account(&app, "anna", AccountRole::Beheerder).await;
    app.get("/v1/admin/polls").await.problem(401);
    let session = log_in(&app, "anna").await;
    assert_eq!(session.get(&app, "/v1/admin/polls").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_second_tab_saving_an_old_version_of_a_poll_is_told_instead_of_overwriting() {
    let app = TestApp::new().await;
    app.create_poll("boom", json!({})).await;
    let read = app.admin(Method::GET, "/v1/admin/polls/boom", None).await;
    let tag = read.header("etag").unwrap().to_owned();
    assert!(tag.starts_with('"') && tag.ends_with('"'), "{tag}");

    let mut first = read.json();
    first["question"] = json!("Welke speelplek eerst? (tab 1)");
    first.as_object_mut().unwrap().remove("status");
    let auth = format!("Bearer {TOKEN}");
    let with_tag = |tag: &str| {
        [("authorization", auth.clone()), ("content-type", "application/json".into()), ("if-match", tag.to_owned())]
    };
    let send = async |tag: &str, body: &Value| {
        let headers = with_tag(tag);
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        app.send(Method::PUT, "/v1/admin/polls/boom", &headers, Some(&body.to_string())).await
    };
    let saved = send(&tag, &first).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    let new_tag = saved.header("etag").unwrap().to_owned();
    assert_ne!(new_tag, tag);

    let mut second = first.clone();
    second["question"] = json!("Welke speelplek eerst? (tab 2)");
    let stale = send(&tag, &second).await;
    assert_eq!(stale.problem(412)["type"], "urn:inspraak:problem:precondition-failed");
    assert_eq!(
        app.admin(Method::GET, "/v1/admin/polls/boom", None).await.json()["question"],
        "Welke speelplek eerst? (tab 1)"
    );
    // A header that is no list of tags is refused, naming it, and changes nothing.
    for malformed in ["\"versie-é\"", "{}", "", "versie-1", "\"a\", *"] {
        let refused = send(malformed, &second).await.problem(422);
        assert_eq!(refused["invalidParams"][0]["name"], "If-Match", "{malformed}");
    }
    assert_eq!(send(&format!("W/{new_tag}, \"ouder\""), &first).await.status, StatusCode::OK, "a list, a weak tag");
    assert_eq!(send(&new_tag, &second).await.status, StatusCode::OK);
    // Scripts that never read an ETag keep working.
    assert_eq!(app.admin(Method::PUT, "/v1/admin/polls/boom", Some(&first)).await.status, StatusCode::OK);
}

fn form() -> Value {
    json!({"id": "uitdaagrecht", "municipality": "Gemeente Voorbeeld",
           "tasks": [{"id": "groen", "label": "Groenonderhoud"}],
           "privacy_url": "https://www.voorbeeld.nl/privacy", "contact_email": "uitdaagrecht@voorbeeld.nl"})
}

fn application() -> Value {
    let start = (inspraak_server::clock::netherlands_date(inspraak_server::clock::now()) + time::Duration::days(30))
        .to_string();
    json!({
        "initiative": {"title": "Groen in de Lindenbuurt", "task": "groen", "task_other": "", "area": "Lindenbuurt"},
        "plan": {"what": "Wij onderhouden het plantsoen.", "why_better": "Wij wonen er.", "social_value": "Buren leren elkaar kennen."},
        "organisation": {"name": "Buurtvereniging De Linde", "type": "vereniging", "type_other": "", "kvk": "12345678", "experience": "Tien jaar.", "address": "Lindenlaan 1", "postcode": "1234 AB", "place": "Voorbeeld"},
        "support": {"supporters": 120, "how_shown": "Handtekeningen", "attachments": []},
        "costs": {"estimate": "€ 12.500", "budget": "10.000", "start_date": start, "term_months": 24},
        "cooperation": {"support_needed": "Gereedschap", "quality": "Schouw", "continuity": "Een vaste groep"},
        "contact": {"name": "Fatima de Vries", "email": "fatima@example.nl", "phone": "06-12345678", "address": "Lindenlaan 12", "postcode": "1234 AB", "place": "Voorbeeld", "authorised": true, "consent": true},
        "website": "", "fill_seconds": 420
    })
}

#[tokio::test]
async fn the_audit_trail_keeps_who_changed_what_and_who_looked_at_personal_data() {
    let app = TestApp::new().await;
    account(&app, "beheer", AccountRole::Beheerder).await;
    account(&app, "anna", AccountRole::Redacteur).await;
    account(&app, "zaak", AccountRole::Behandelaar).await;
    login_as(&app, "zaak", "verkeerd verkeerd").await.problem(401);
    let anna = log_in(&app, "anna").await;
    assert_eq!(
        anna.send(&app, Method::POST, "/v1/admin/polls", Some(&poll("boom")), true).await.status,
        StatusCode::CREATED
    );
    assert_eq!(anna.send(&app, Method::POST, "/v1/admin/polls/boom/close", None, true).await.status, StatusCode::OK);
    anna.get(&app, "/v1/admin/polls").await;

    assert_eq!(
        app.admin(Method::PUT, "/v1/admin/challenge-forms/uitdaagrecht", Some(&form())).await.status,
        StatusCode::CREATED
    );
    let receipt = app.post_json("/v1/challenge-forms/uitdaagrecht/submissions", &application(), &[]).await;
    assert_eq!(receipt.status, StatusCode::CREATED, "{}", receipt.text);
    let reference = receipt.json()["reference"].as_str().unwrap().to_owned();
    let zaak = log_in(&app, "zaak").await;
    let path = format!("/v1/admin/challenge-forms/uitdaagrecht/submissions/{reference}");
    assert_eq!(zaak.get(&app, &path).await.status, StatusCode::OK);
    let change = json!({"status": "in_behandeling", "note": "Ligt bij team Groen"});
    let changed = zaak.send(&app, Method::POST, &format!("{path}/status"), Some(&change), true).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    let refused =
        zaak.send(&app, Method::POST, &format!("{path}/status"), Some(&json!({"status": "ontvangen"})), true).await;
    refused.problem(409);

    let beheer = log_in(&app, "beheer").await;
    let trail = beheer.get(&app, "/v1/admin/audit").await;
    assert_eq!(trail.status, StatusCode::OK, "{}", trail.text);
    let lines: Vec<(String, String, String, Value, Value)> = trail
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["actor"].as_str().unwrap().into(),
                l["action"].as_str().unwrap().into(),
                l["target"].as_str().unwrap().into(),
                l["before"].clone(),
                l["after"].clone(),
            )
        })
        .collect();
    let actions: Vec<(&str, &str)> = lines.iter().map(|(who, what, ..)| (who.as_str(), what.as_str())).collect();
    assert_eq!(
        actions,
        [
            ("beheer", "session.login"),
            ("zaak", "challenge.status"),
            ("zaak", "challenge.view"),
            ("zaak", "session.login"),
            ("admin-token", "challenge.form_save"),
            ("anna", "poll.close"),
            ("anna", "poll.create"),
            ("anna", "session.login"),
            ("zaak", "session.login_failed"),
        ],
        "newest first; the refused change and the plain list of polls are not in it"
    );
    let status = &lines[1];
    assert_eq!(status.2, format!("{path}/status"));
    assert_eq!((&status.3, &status.4), (&json!("ontvangen"), &json!("in_behandeling: Ligt bij team Groen")));
    assert_eq!((&lines[5].3, &lines[5].4), (&json!("open"), &json!("closed")));
    assert!(lines.iter().all(|l| !l.2.contains("fatima")), "no personal data in the trail itself");

    let csv = beheer.get(&app, "/v1/admin/audit.csv").await;
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    let rows: Vec<&str> = csv.text.lines().collect();
    assert_eq!(rows[0], "id,at,actor,action,target,before,after");
    assert!(
        rows[2].contains(",zaak,challenge.status,")
            && rows[2].ends_with("ontvangen,in_behandeling: Ligt bij team Groen"),
        "{}",
        rows[2]
    );
    assert_eq!(rows.len(), 1 + 9);
    let page = beheer.get(&app, &format!("/v1/admin/audit?limit=2&before={}", trail.json()[1]["id"])).await.json();
    assert_eq!(page.as_array().unwrap().len(), 2);
    assert_eq!(page[0]["action"], "challenge.view");
    anna.get(&app, "/v1/admin/audit").await.problem(403);

    // The erasure keeps who did what and when, but no line names the reference or keeps the note any longer.
    assert_eq!(beheer.send(&app, Method::DELETE, &path, None, true).await.status, StatusCode::NO_CONTENT);
    let trail = beheer.get(&app, "/v1/admin/audit?limit=4").await.json();
    let gone = "/v1/admin/challenge-forms/uitdaagrecht/submissions/(gewist)";
    assert_eq!((&trail[0]["action"], &trail[0]["target"]), (&json!("challenge.erase"), &json!(gone)));
    let status = trail.as_array().unwrap().iter().find(|l| l["action"] == "challenge.status").unwrap();
    assert_eq!(
        (&status["target"], &status["before"], &status["after"]),
        (&json!(gone), &json!("ontvangen"), &json!("in_behandeling"))
    );
    let csv = beheer.get(&app, "/v1/admin/audit.csv").await.text;
    assert!(!csv.contains(&reference) && !csv.contains("team Groen"), "{csv}");
    assert!(csv.contains(",zaak,challenge.view,"), "{csv}");
}
