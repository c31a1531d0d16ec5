//! A server for tests: the real router on a real SQLite file in a temporary folder, driven in-process; or, when
//! `INSPRAAK_TEST_POSTGRES` names a PostgreSQL cluster (scripts/test.sh starts one), on a new database of its own in
//! that cluster.

#![allow(dead_code)]

pub mod postgres;
pub mod process;

use axum::{
    Router,
    body::Body,
    http::{HeaderMap, Method, Request, StatusCode},
};
use http_body_util::BodyExt;
use inspraak_server::{AppState, Config, Db};
use serde_json::{Value, json};
use tower::ServiceExt;

pub const TOKEN: &str = "test-admin-token-0123456789abcdef0123";

pub struct TestApp {
    pub router: Router,
    pub db: Db,
    pub dir: tempfile::TempDir,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts this is a problem+json with `status` and returns its body.
    pub fn problem(&self, status: u16) -> Value {
        assert_eq!(self.status.as_u16(), status, "{}", self.text);
        assert_eq!(self.header("content-type"), Some("application/problem+json"), "{}", self.text);
        let body = self.json();
        assert_eq!(body["status"], status);
        assert!(body["title"].as_str().is_some_and(|t| !t.is_empty()));
        body
    }

    /// The names and codes of the invalid fields of a 422.
    pub fn invalid_fields(&self) -> Vec<(String, String)> {
        let body = self.problem(422);
        body["invalidParams"]
            .as_array()
            .expect("invalidParams")
            .iter()
            .map(|f| (f["name"].as_str().unwrap().to_owned(), f["code"].as_str().unwrap().to_owned()))
            .collect()
    }
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with_token(Some(TOKEN)).await
    }

    pub async fn with_token(token: Option<&str>) -> TestApp {
        Self::with_config(token, |_| {}).await
    }

    /// A server with the admin token `token` and the configuration changed by `adjust`.
    pub async fn with_config(token: Option<&str>, adjust: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let (database, key) = match postgres::fresh_database().await {
            Some(url) => {
                let key = postgres::key_file(dir.path());
                (std::path::PathBuf::from(url), inspraak_server::keys::KeySource::new(&key, Some(key.clone()), None))
            }
            None => {
                let database = dir.path().join("inspraak.sqlite");
                (database.clone(), inspraak_server::keys::KeySource::new(&database, None, None))
            }
        };
        let config = Config {
            key,
            database,
            widgets_dir: dir.path().join("pkg"),
            demo_dir: dir.path().join("demo"),
            allowed_origins: vec!["https://www.voorbeeldgemeente.nl".into()],
            admin_token: token.map(|t| inspraak_server::config::Secret(t.to_owned())),
            // In-process requests have no client address to limit by; tests over a socket cover the limit.
            votes_per_minute: 0,
            uploads_per_hour: 0,
            global_per_minute: 0,
            webhook_first_retry_ms: 50,
            dev_webhooks: true,
            backoffice: Default::default(),
            ..Config::defaults()
        };
        let mut config = config;
        adjust(&mut config);
        let db = Db::open(&config.database).await.unwrap();
        let state = AppState::new(db.clone(), config).await.unwrap();
        TestApp { router: inspraak_server::app(state), db, dir }
    }

    pub async fn send(&self, method: Method, uri: &str, headers: &[(&str, &str)], body: Option<&str>) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(body.map(|b| Body::from(b.to_owned())).unwrap_or_else(Body::empty)).unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply { status, headers, text: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.send(Method::GET, uri, &[], None).await
    }

    pub async fn post_json(&self, uri: &str, body: &Value, headers: &[(&str, &str)]) -> Reply {
        let mut all = vec![("content-type", "application/json")];
        all.extend_from_slice(headers);
        self.send(Method::POST, uri, &all, Some(&body.to_string())).await
    }

    pub async fn admin(&self, method: Method, uri: &str, body: Option<&Value>) -> Reply {
        let auth = format!("Bearer {TOKEN}");
        let body = body.map(Value::to_string);
        self.send(method, uri, &[("authorization", &auth), ("content-type", "application/json")], body.as_deref()).await
    }

    /// Creates a poll through the admin API; `overrides` replace fields of a three-option single-choice poll.
    pub async fn create_poll(&self, id: &str, overrides: Value) -> Value {
        let mut poll = json!({
            "id": id,
            "question": "Welke speelplek knappen we als eerste op?",
            "options": [
                {"id": "park", "label": "Speeltuin in het park"},
                {"id": "plein", "label": "Trapveldje op het plein"},
                {"id": "school", "label": "Speelplaats bij de school"}
            ]
        });
        for (key, value) in overrides.as_object().unwrap() {
            poll[key] = value.clone();
        }
        let reply = self.admin(Method::POST, "/v1/admin/polls", Some(&poll)).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        reply.json()
    }

    pub async fn vote(&self, poll: &str, choices: &[&str], voter: &str) -> Reply {
        self.post_json(&format!("/v1/polls/{poll}/votes"), &json!({"choices": choices, "voter": voter}), &[]).await
    }

    pub async fn count(&self, sql: &str) -> i64 {
        match &self.db.pg {
            Some(pg) => sqlx::query_scalar(sql).fetch_one(pg).await.unwrap(),
            None => sqlx::query_scalar(sql).fetch_one(&self.db.read).await.unwrap(),
        }
    }
}

/// A voter id as a browser makes one.
pub fn voter(n: u32) -> String {
    format!("{n:032x}")
}
