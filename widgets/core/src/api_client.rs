//! The widgets' side of API v1: typed requests on the browser's `fetch`, with failures sorted into what a resident
//! should be told (no connection, server trouble) and problems the widget reacts to (already voted, closed). Straight
//! on web_sys rather than gloo-net, whose builder, `http` types and error formatting cost the poll 1.9 KB brotli
//! (measured).

use inspraak_api::{
    ChallengeAttachment, ChallengeForm, ChallengeReceipt, ChallengeSubmission, DraftCode, MunicipalityProgress, Poll,
    PollResults, Problem, ProblemKind, Quickscan, QuickscanAnswers, QuickscanResults, ResponseReceipt, SaveDraft,
    SavedDraft, VoteReceipt, VoteRequest,
};
use leptos::prelude::use_context;
use send_wrapper::SendWrapper;
use std::{cell::RefCell, rc::Rc};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::{
    i18n::Texts,
    json::{self, FromJson, ToJson},
};

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No answer: offline, DNS, CORS refused, or the connection broke.
    Network,
    /// No answer within [`REQUEST_TIMEOUT_MS`]: the server is too slow or hangs.
    Timeout,
    /// The server answered with a problem (RFC 9457).
    Problem(Problem),
    /// The server answered something we cannot read.
    Unexpected(u16),
}

impl ApiError {
    pub fn kind(&self) -> Option<ProblemKind> {
        match self {
            ApiError::Problem(problem) => problem.kind(),
            _ => None,
        }
    }

    /// The catalogue key of the message a resident should see for this failure (a widget words "not found" itself).
    pub fn message_key(&self) -> &'static str {
        match self {
            ApiError::Network => "error.network",
            ApiError::Timeout => "error.timeout",
            _ => "error.server",
        }
    }

    /// What a resident reads when a submission failed in a way any form can meet: no connection, no answer in
    /// time, too many requests from this address (with the seconds to wait), or anything else on the server's side.
    /// Each form words these itself (`keys`); what it can do more about, it matches before calling this.
    pub fn submit_message(&self, texts: Texts, keys: &SubmitFailure) -> String {
        match self {
            ApiError::Network => texts.get(keys.network).to_owned(),
            ApiError::Timeout => texts.get(keys.timeout).to_owned(),
            ApiError::Problem(problem) if problem.kind() == Some(ProblemKind::TooManyRequests) => {
                let seconds = crate::num(problem.retry_after.unwrap_or(60));
                texts.format(keys.too_many, &[("seconds", &seconds)])
            }
            _ => texts.get(keys.server).to_owned(),
        }
    }
}

/// A form's catalogue keys for the failures of [`ApiError::submit_message`]; `too_many` has a `{seconds}`.
#[derive(Debug, Clone, Copy)]
pub struct SubmitFailure {
    pub network: &'static str,
    pub timeout: &'static str,
    pub too_many: &'static str,
    pub server: &'static str,
}

/// A client for one backend's API v1.
#[derive(Debug, Clone)]
pub struct ApiClient {
    base: String,
    primed: Primed,
}

impl PartialEq for ApiClient {
    fn eq(&self, other: &ApiClient) -> bool {
        self.base == other.base
    }
}

impl Eq for ApiClient {}

/// The answer to a widget's first GET, which the loader asked for while the module was still on its way (so the
/// data does not wait for the code): the URL and the browser's promise of the response, taken by the first request
/// for that URL. A widget's mounting puts it in context; every client made in that widget shares it.
#[derive(Clone)]
pub struct Primed(SendWrapper<Rc<RefCell<Option<PrimedRequest>>>>);

/// A URL and the promise of its response.
type PrimedRequest = (String, js_sys::Promise);

impl Default for Primed {
    /// Nothing primed: every request goes to the network.
    fn default() -> Primed {
        Primed::new(None, JsValue::UNDEFINED)
    }
}

impl Primed {
    pub fn new(url: Option<String>, response: JsValue) -> Primed {
        let primed = url.zip(response.dyn_into::<js_sys::Promise>().ok());
        Primed(SendWrapper::new(Rc::new(RefCell::new(primed))))
    }

    fn take(&self, url: &str) -> Option<js_sys::Promise> {
        let mut primed = self.0.borrow_mut();
        if primed.as_ref().is_some_and(|(primed_url, _)| primed_url == url) {
            primed.take().map(|(_, p)| p)
        } else {
            None
        }
    }
}

impl std::fmt::Debug for Primed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Primed")
    }
}

impl ApiClient {
    /// `base` is the API root, e.g. `https://inspraak.example.nl/v1`. Made while a widget mounts, the client takes
    /// the response the loader already asked for (see [`Primed`]).
    pub fn new(base: &str) -> ApiClient {
        ApiClient { base: base.trim_end_matches('/').to_owned(), primed: use_context::<Primed>().unwrap_or_default() }
    }

    /// A GET of `url`, answered by the primed response when it is the one the loader asked for: the parsed body
    /// and the status, not generic (see [`fetch`]).
    async fn get_value(&self, url: String) -> Result<(JsValue, u16), ApiError> {
        match self.primed.take(&url) {
            Some(response) => answer(response).await,
            None => fetch("GET", &url, &[], None, REQUEST_TIMEOUT_MS).await,
        }
    }

    /// [`ApiClient::get_value`], read by the type's own reader.
    async fn get<T: FromJson>(&self, url: String) -> Result<T, ApiError> {
        let (body, status) = self.get_value(url).await?;
        T::from_json(&body).map_err(|_| ApiError::Unexpected(status))
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    fn url(&self, segments: &[&str]) -> String {
        let mut url = self.base.clone();
        for segment in segments {
            url.push('/');
            url.push_str(&String::from(js_sys::encode_uri_component(segment)));
        }
        url
    }

    pub async fn poll(&self, id: &str) -> Result<Poll, ApiError> {
        self.get(self.url(&["polls", id])).await
    }

    /// The results, sending the voter id in a header so a poll that shows results after voting can tell.
    pub async fn poll_results(&self, id: &str, voter: &str) -> Result<PollResults, ApiError> {
        get(&self.url(&["polls", id, "results"]), &[("Inspraak-Voter", voter)]).await
    }

    pub async fn progress(&self, municipality: &str) -> Result<MunicipalityProgress, ApiError> {
        self.get(self.url(&["progress", municipality])).await
    }

    pub async fn quickscan(&self, id: &str) -> Result<Quickscan, ApiError> {
        self.get(self.url(&["quickscans", id])).await
    }

    pub async fn quickscan_results(&self, id: &str) -> Result<QuickscanResults, ApiError> {
        self.get(self.url(&["quickscans", id, "results"])).await
    }

    /// Submits a quick scan response; retrying with the same `idempotency_key` stores it once.
    pub async fn submit_quickscan(
        &self,
        id: &str,
        answers: &QuickscanAnswers,
        idempotency_key: &str,
    ) -> Result<ResponseReceipt, ApiError> {
        post(&self.url(&["quickscans", id, "responses"]), answers, idempotency_key).await
    }

    /// Submits a quick scan response with an invitation code, in the `Inspraak-Invitation` header (never in the
    /// answers); without a code as [`ApiClient::submit_quickscan`].
    pub async fn submit_quickscan_invited(
        &self,
        id: &str,
        answers: &QuickscanAnswers,
        idempotency_key: &str,
        invitation: Option<&str>,
    ) -> Result<ResponseReceipt, ApiError> {
        let Some(code) = invitation else { return self.submit_quickscan(id, answers, idempotency_key).await };
        let body = json::write(answers).map_err(|_| ApiError::Unexpected(0))?;
        let headers =
            [("Idempotency-Key", idempotency_key), ("Content-Type", "application/json"), ("Inspraak-Invitation", code)];
        let url = self.url(&["quickscans", id, "responses"]);
        let (body, status) = fetch("POST", &url, &headers, Some(&JsValue::from_str(&body)), REQUEST_TIMEOUT_MS).await?;
        FromJson::from_json(&body).map_err(|_| ApiError::Unexpected(status))
    }

    /// Keeps a draft on the server and returns the code to continue it elsewhere.
    pub async fn save_quickscan_draft(
        &self,
        id: &str,
        draft: &SaveDraft,
        idempotency_key: &str,
    ) -> Result<DraftCode, ApiError> {
        post(&self.url(&["quickscans", id, "drafts"]), draft, idempotency_key).await
    }

    pub async fn quickscan_draft(&self, id: &str, code: &str) -> Result<SavedDraft, ApiError> {
        let url = self.url(&["quickscans", id, "draft"]);
        let (body, status) = fetch("GET", &url, &[("Inspraak-Resume-Code", code)], None, REQUEST_TIMEOUT_MS).await?;
        FromJson::from_json(&body).map_err(|_| ApiError::Unexpected(status))
    }

    pub async fn challenge_form(&self, id: &str) -> Result<ChallengeForm, ApiError> {
        self.get(self.url(&["challenge-forms", id])).await
    }

    /// Submits a Right to Challenge application; retrying with the same `idempotency_key` stores it once.
    pub async fn submit_challenge(
        &self,
        id: &str,
        application: &ChallengeSubmission,
        idempotency_key: &str,
    ) -> Result<ChallengeReceipt, ApiError> {
        post(&self.url(&["challenge-forms", id, "submissions"]), application, idempotency_key).await
    }

    /// Uploads one attachment as the raw body, its name in `Content-Disposition` (RFC 5987, so any name fits).
    pub async fn upload_attachment(
        &self,
        id: &str,
        file: &web_sys::File,
        idempotency_key: &str,
    ) -> Result<ChallengeAttachment, ApiError> {
        let name = String::from(js_sys::encode_uri_component(&file.name()));
        let kind = file.type_();
        let disposition = crate::cat(&["attachment; filename*=UTF-8''", &name]);
        let headers = [
            ("Idempotency-Key", idempotency_key),
            ("Content-Disposition", &disposition),
            ("Content-Type", if kind.is_empty() { "application/octet-stream" } else { &kind }),
        ];
        let url = self.url(&["challenge-forms", id, "attachments"]);
        let (body, status) = fetch("POST", &url, &headers, Some(file.as_ref()), UPLOAD_TIMEOUT_MS).await?;
        FromJson::from_json(&body).map_err(|_| ApiError::Unexpected(status))
    }

    /// Casts a vote; retrying with the same `idempotency_key` never counts it twice.
    pub async fn vote(&self, id: &str, vote: &VoteRequest, idempotency_key: &str) -> Result<VoteReceipt, ApiError> {
        post(&self.url(&["polls", id, "votes"]), vote, idempotency_key).await
    }
}

/// How long a request may take before the widget stops waiting and tells the resident, who can try again
/// (a vote with the same Idempotency-Key, so one that did arrive still counts once).
pub const REQUEST_TIMEOUT_MS: u32 = 15_000;

/// An upload of a few megabytes over a slow mobile connection takes longer than a JSON request.
pub const UPLOAD_TIMEOUT_MS: u32 = 120_000;

async fn get<T: FromJson>(url: &str, headers: &[(&str, &str)]) -> Result<T, ApiError> {
    let (body, status) = fetch("GET", url, headers, None, REQUEST_TIMEOUT_MS).await?;
    T::from_json(&body).map_err(|_| ApiError::Unexpected(status))
}

/// Sends `body` as JSON; retrying with the same `idempotency_key` stores it once.
async fn post<B: ToJson, T: FromJson>(url: &str, body: &B, idempotency_key: &str) -> Result<T, ApiError> {
    let body = json::write(body).map_err(|_| ApiError::Unexpected(0))?;
    let (body, status) = post_text(url, &body, idempotency_key).await?;
    T::from_json(&body).map_err(|_| ApiError::Unexpected(status))
}

async fn post_text(url: &str, body: &str, idempotency_key: &str) -> Result<(JsValue, u16), ApiError> {
    let headers = [("Idempotency-Key", idempotency_key), ("Content-Type", "application/json")];
    fetch("POST", url, &headers, Some(&JsValue::from_str(body)), REQUEST_TIMEOUT_MS).await
}

/// The request, or None when the browser refuses to make it (an invalid URL or header).
fn request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&JsValue>,
    timeout_ms: u32,
) -> Option<web_sys::Request> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(timeout_ms)));
    let list = web_sys::Headers::new().ok()?;
    for (name, value) in headers {
        list.set(name, value).ok()?;
    }
    init.set_headers(&list);
    if let Some(body) = body {
        init.set_body(body);
    }
    web_sys::Request::new_with_str_and_init(url, &init).ok()
}

/// Sends a request and waits at most `timeout_ms` for its answer: the parsed body of a successful answer and its
/// status, or any other answer as the error it is. Not generic, so that each type read adds only its reader.
async fn fetch(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&JsValue>,
    timeout_ms: u32,
) -> Result<(JsValue, u16), ApiError> {
    // A request the browser will not make: a body that cannot be sent is ours to fix, a bad address a dead end.
    let unmade = if body.is_some() { ApiError::Unexpected(0) } else { ApiError::Network };
    let Some(request) = request(method, url, headers, body, timeout_ms) else { return Err(unmade) };
    let Some(window) = web_sys::window() else { return Err(ApiError::Network) };
    answer(window.fetch_with_request(&request)).await
}

/// The answer behind the browser's promise of a response, ours or the one the loader asked for (see [`Primed`]),
/// read as [`fetch`] says.
async fn answer(response: js_sys::Promise) -> Result<(JsValue, u16), ApiError> {
    let response: web_sys::Response = match JsFuture::from(response).await {
        Ok(response) => response.unchecked_into(),
        // AbortSignal.timeout aborts with a DOMException named TimeoutError; anything else is no answer at all.
        Err(error) => {
            let name = js_sys::Reflect::get(&error, &JsValue::from_str("name")).ok().and_then(|n| n.as_string());
            return Err(if name.as_deref() == Some("TimeoutError") { ApiError::Timeout } else { ApiError::Network });
        }
    };
    let (status, ok) = (response.status(), response.ok());
    // The browser parses the body; json.rs reads the parsed value (serde_json would add 9 KB brotli).
    let body = match response.json() {
        Ok(promise) => JsFuture::from(promise).await.ok(),
        Err(_) => None,
    };
    let Some(body) = body else { return Err(ApiError::Unexpected(status)) };
    if ok {
        return Ok((body, status));
    }
    match Problem::from_json(&body) {
        Ok(problem) => Err(ApiError::Problem(problem)),
        Err(_) => Err(ApiError::Unexpected(status)),
    }
}
