//! The back office's side of the `/v1/admin` API: JSON through the browser (`inspraak_widget_core::json`), the
//! session cookie sent by the browser itself (same origin), the session's CSRF token on every change, `If-Match` for
//! a poll's version. A 401 outside logging in means the session has ended: the page goes back to the login and
//! comes back here after it (`crate::on_session_ended`).

use std::cell::RefCell;

use gloo_net::http::{Request, RequestBuilder};
use inspraak_api::{FieldError, Problem, ProblemKind};
use inspraak_widget_core::json;
use serde::{Serialize, de::DeserializeOwned};

/// Where the API is: the same origin as the page, so the cookie and the CSP's `connect-src 'self'` both fit.
pub const BASE: &str = "/v1/admin";

thread_local! {
    static CSRF: RefCell<Option<String>> = const { RefCell::new(None) };
    static ON_ENDED: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

/// The session's CSRF token, sent with every change from now on.
pub fn set_csrf(token: Option<String>) {
    CSRF.with(|csrf| *csrf.borrow_mut() = token);
}

/// What to do when a request finds the session ended.
pub fn on_session_ended(handler: impl Fn() + 'static) {
    ON_ENDED.with(|ended| *ended.borrow_mut() = Some(Box::new(handler)));
}

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// No answer: offline, or the server is down.
    Network,
    /// The session has ended (or never began).
    Ended,
    /// The server answered with a problem (boxed: a `Result` of it stays small).
    Problem(Box<Problem>),
    /// An answer we cannot read.
    Unexpected(u16),
}

impl Failure {
    pub fn kind(&self) -> Option<ProblemKind> {
        match self {
            Failure::Problem(problem) => problem.kind(),
            _ => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            Failure::Problem(problem) => Some(problem.status),
            Failure::Unexpected(status) => Some(*status),
            _ => None,
        }
    }

    /// The fields the server named, when it refused the input.
    pub fn fields(&self) -> &[FieldError] {
        match self {
            Failure::Problem(problem) => &problem.invalid_params,
            _ => &[],
        }
    }
}

/// A full URL path under the admin API from segments, each encoded.
pub fn path(segments: &[&str]) -> String {
    let mut url = BASE.to_owned();
    for segment in segments {
        url.push('/');
        url.push_str(&String::from(js_sys::encode_uri_component(segment)));
    }
    url
}

fn prepare(builder: RequestBuilder, change: bool, if_match: Option<&str>) -> RequestBuilder {
    let mut builder = builder.header("Accept", "application/json");
    if change && let Some(token) = CSRF.with(|csrf| csrf.borrow().clone()) {
        builder = builder.header("X-CSRF-Token", &token);
    }
    if let Some(tag) = if_match {
        builder = builder.header("If-Match", tag);
    }
    builder
}

/// An answer: its status, its ETag, and its JSON as the browser parsed it (absent for 204).
struct Answer {
    status: u16,
    etag: Option<String>,
    body: Option<wasm_bindgen::JsValue>,
}

async fn run(request: Result<Request, gloo_net::Error>, login: bool) -> Result<Answer, Failure> {
    let request = request.map_err(|_| Failure::Unexpected(0))?;
    let response = request.send().await.map_err(|_| Failure::Network)?;
    let status = response.status();
    let etag = response.headers().get("etag");
    let raw = web_sys::Response::from(response);
    // A 204 has no body: reading it as JSON would reject a promise nobody awaits (an error on the page).
    let body = match status {
        204 => None,
        _ => match raw.json() {
            Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.ok(),
            Err(_) => None,
        },
    };
    if (200..300).contains(&status) {
        return Ok(Answer { status, etag, body });
    }
    if status == 401 && !login {
        ON_ENDED.with(|ended| {
            if let Some(handler) = ended.borrow().as_ref() {
                handler();
            }
        });
        return Err(Failure::Ended);
    }
    match body.and_then(|body| json::from_value::<Problem>(body).ok()) {
        Some(mut problem) => {
            // The API names an item of a list `options[0].label`; the forms name their fields `options.0.label`.
            for field in &mut problem.invalid_params {
                field.name = field.name.replace('[', ".").replace(']', "");
            }
            Err(Failure::Problem(Box::new(problem)))
        }
        None => Err(Failure::Unexpected(status)),
    }
}

fn read<T: DeserializeOwned>(answer: Answer) -> Result<T, Failure> {
    let status = answer.status;
    answer.body.and_then(|body| json::from_value(body).ok()).ok_or(Failure::Unexpected(status))
}

/// A GET; the URL is copied, so the future holds no borrow.
pub fn get<T: DeserializeOwned>(url: &str) -> impl std::future::Future<Output = Result<T, Failure>> + use<T> {
    let url = url.to_owned();
    async move { read(run(prepare(Request::get(&url), false, None).build(), false).await?) }
}

/// A GET that also gives the resource's ETag.
pub async fn get_versioned<T: DeserializeOwned>(url: &str) -> Result<(T, Option<String>), Failure> {
    let answer = run(prepare(Request::get(url), false, None).build(), false).await?;
    let etag = answer.etag.clone();
    Ok((read(answer)?, etag))
}

fn with_body<B: Serialize>(builder: RequestBuilder, body: &B) -> Result<Request, gloo_net::Error> {
    let text = json::stringify(body).map_err(|_| gloo_net::Error::GlooError("json".into()))?;
    builder.header("Content-Type", "application/json").body(text)
}

fn method(name: &str, url: &str) -> RequestBuilder {
    match name {
        "PUT" => Request::put(url),
        "DELETE" => Request::delete(url),
        _ => Request::post(url),
    }
}

/// A POST or PUT with a JSON body; `if_match` is the version it changes.
pub async fn send<B: Serialize, T: DeserializeOwned>(
    verb: &str,
    url: &str,
    body: &B,
    if_match: Option<&str>,
) -> Result<(T, Option<String>), Failure> {
    let answer = run(with_body(prepare(method(verb, url), true, if_match), body), false).await?;
    let etag = answer.etag.clone();
    Ok((read(answer)?, etag))
}

/// A POST without a body that answers JSON.
pub async fn post_empty<T: DeserializeOwned>(url: &str) -> Result<T, Failure> {
    read(run(prepare(Request::post(url), true, None).build(), false).await?)
}

/// A DELETE (204).
pub async fn delete(url: &str) -> Result<(), Failure> {
    run(prepare(Request::delete(url), true, None).build(), false).await.map(|_| ())
}

/// Logging in: a 401 here is a wrong pair, not an ended session.
pub async fn login<B: Serialize, T: DeserializeOwned>(body: &B) -> Result<T, Failure> {
    read(run(with_body(prepare(Request::post(&path(&["session"])), false, None), body), true).await?)
}

/// Who is logged in, without treating "nobody" as an ended session.
pub async fn whoami<T: DeserializeOwned>() -> Result<T, Failure> {
    read(run(prepare(Request::get(&path(&["session"])), false, None).build(), true).await?)
}

/// A random key for a POST that must count once however often it is retried.
pub fn idempotency_key() -> String {
    inspraak_widget_core::browser::random_id()
}

/// A POST with an `Idempotency-Key`.
pub async fn send_once<B: Serialize, T: DeserializeOwned>(url: &str, body: &B, key: &str) -> Result<T, Failure> {
    let builder = prepare(Request::post(url), true, None).header("Idempotency-Key", key);
    read(run(with_body(builder, body), false).await?)
}

/// A POST with a JSON body whose JSON answer is wanted as text (pretty-printed), to save as a file.
pub async fn post_for_text<B: Serialize>(url: &str, body: &B) -> Result<String, Failure> {
    let answer = run(with_body(prepare(Request::post(url), true, None), body), false).await?;
    let status = answer.status;
    let body = answer.body.ok_or(Failure::Unexpected(status))?;
    js_sys::JSON::stringify_with_replacer_and_space(
        &body,
        &wasm_bindgen::JsValue::NULL,
        &wasm_bindgen::JsValue::from(2),
    )
    .ok()
    .and_then(|text| text.as_string())
    .ok_or(Failure::Unexpected(status))
}

/// A POST of a file as the raw body (an option's image), with the file's own content type.
pub async fn upload<T: DeserializeOwned>(url: &str, file: &web_sys::File) -> Result<T, Failure> {
    let content_type = file.type_();
    let builder = prepare(Request::post(url), true, None).header("Content-Type", &content_type);
    read(run(builder.body(wasm_bindgen::JsValue::from(file.clone())), false).await?)
}
