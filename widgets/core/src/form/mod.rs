//! What every multi-step widget shares: a draft kept in this browser after every change (and dropped once it is
//! too old), the step header that says where the resident is and takes focus when the step changes, fields with
//! their hint and error tied to the control, and the error summary at the top of a step.

mod field;
mod summary;

pub use field::{FieldMessage, RadioGroup, TextField, TextKind, described_by};
pub use summary::{ErrorSummary, SummaryEntry};

use leptos::{html, prelude::*};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use wasm_bindgen::JsCast;

use crate::{browser, i18n::Texts, json};

/// Moves focus to the field `id` inside `container`: the control with that id or, for a group of options (a
/// fieldset `{id}-group` whose first option has the id), the option that is chosen.
pub fn focus_field(container: &web_sys::Element, id: &str) {
    let found = container
        .query_selector(&format!("#{id}-group input:checked"))
        .ok()
        .flatten()
        .or_else(|| container.query_selector(&format!("#{id}")).ok().flatten());
    if let Some(element) = found.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// What makes a retried submission the very same request: its Idempotency-Key, when the form was first opened,
/// and the fill-in time sent with that key (the server refuses a key that comes back with another body). A form
/// keeps it in its draft, so a retry after a reload is stored once too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Sending {
    pub key: String,
    /// When the form was first opened (ms since 1970).
    pub started_ms: f64,
    /// The fill-in time sent with `key`, once it has been sent.
    pub sent_seconds: Option<u32>,
}

impl Default for Sending {
    /// A form opened now, with a new key. A draft missing a field gets it from here.
    fn default() -> Sending {
        Sending { key: browser::random_id(), started_ms: browser::now_ms(), sent_seconds: None }
    }
}

impl Sending {
    /// As restored from a draft: a draft without a key (or an empty one) gets a new key, one without an opening
    /// time is counted from now.
    pub fn restored(mut self) -> Sending {
        if self.key.is_empty() {
            self.key = browser::random_id();
        }
        if self.started_ms <= 0.0 {
            self.started_ms = browser::now_ms();
        }
        self
    }

    /// The answers changed: a new key, and the fill-in time is measured again when they are sent.
    pub fn renew(&mut self) {
        self.key = browser::random_id();
        self.sent_seconds = None;
    }

    /// The seconds to send as `fill_seconds`: what was sent with this key before, else the time since opening.
    pub fn fill_seconds(&self) -> u32 {
        self.sent_seconds
            .unwrap_or_else(|| ((browser::now_ms() - self.started_ms) / 1000.0).clamp(0.0, f64::from(u32::MAX)) as u32)
    }
}

/// A draft as kept in local storage: the value and when it was saved.
#[derive(Serialize, Deserialize)]
struct Envelope<T> {
    saved_ms: f64,
    value: T,
}

const DAY_MS: f64 = 24.0 * 60.0 * 60.0 * 1000.0;

/// A draft in this browser under one key, kept for `max_age_days` after its last change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DraftStore {
    key: &'static str,
    max_age_days: u32,
}

impl DraftStore {
    /// `key` must be unique for the form and the thing it answers (leak it once per widget; there are few).
    pub fn new(key: String, max_age_days: u32) -> DraftStore {
        DraftStore { key: Box::leak(key.into_boxed_str()), max_age_days }
    }

    /// The draft, unless there is none, it cannot be read (an older format) or it has expired; an expired or
    /// unreadable draft is removed.
    pub fn load<T: DeserializeOwned>(self) -> Option<T> {
        let json = browser::stored(self.key)?;
        let fresh = json::parse::<Envelope<T>>(&json)
            .ok()
            .filter(|draft| browser::now_ms() - draft.saved_ms < f64::from(self.max_age_days) * DAY_MS);
        if fresh.is_none() {
            self.clear();
        }
        fresh.map(|draft| draft.value)
    }

    pub fn save<T: Serialize>(self, value: &T) {
        if let Ok(json) = json::stringify(&Envelope { saved_ms: browser::now_ms(), value }) {
            browser::store(self.key, &json);
        }
    }

    pub fn clear(self) {
        browser::forget(self.key);
    }
}

/// The heading of a step with "stap N van M" and a progress bar. The heading takes focus whenever `step` changes
/// after the first render (so a screen reader announces the new step and Tab starts from there).
#[component]
pub fn StepHeader(
    /// 0-based index of this step
    step: usize,
    total: usize,
    #[prop(into)] title: String,
    /// the id the step's section is labelled by
    heading_id: &'static str,
    /// move focus to the heading once drawn
    focus: bool,
) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let heading = NodeRef::<html::H2>::new();
    if focus {
        browser::focus_soon(move || heading.get().map(Into::into));
    }
    let count = texts.format("form.step_of", &[("step", &(step + 1).to_string()), ("total", &total.to_string())]);
    view! {
        <div class="step-header" part="step-header">
            <p class="step-count" id=format!("{heading_id}-count")>{count}</p>
            <progress class="step-progress" part="step-progress" max=total value=step + 1
                aria-labelledby=format!("{heading_id}-count")></progress>
            <h2 id=heading_id class="step-title" tabindex="-1" node_ref=heading>{title}</h2>
        </div>
    }
}

/// The end of a form's review: the reason a submission failed (announced), the submit button and a status line
/// while it is on its way. `label` and `busy` are catalogue keys.
#[component]
pub fn SubmitBar(
    label: &'static str,
    busy: &'static str,
    submitting: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    on_submit: Callback<()>,
) -> impl IntoView {
    let texts = expect_context::<Texts>();
    view! {
        {move || error.get().map(|message| view! { <p class="error" part="error" role="alert">{message}</p> })}
        <div class="actions">
            <button type="button" class="button primary" part="button"
                aria-disabled=move || submitting.get().then_some("true")
                on:click=move |_| on_submit.run(())>
                {texts.get(label)}
            </button>
            <span class="status" role="status">{move || submitting.get().then(|| texts.get(busy))}</span>
        </div>
    }
}
