//! What a form keeps in this browser: the draft after every change (dropped once it is too old), and what makes a
//! retried submission the very same request.

use wasm_bindgen::JsValue;

use crate::{
    browser,
    json::{self, FromJson, JsonError, ToJson, field, field_or_default, object, write_object},
};

/// A form's draft as kept in this browser: the answers, the step, whether the resident asked to keep their personal
/// details here too, and the sending. The shape residents' browsers already hold (a draft from before `remember`
/// existed reads as not remembered). Every field may be missing and then takes its default.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft<A> {
    /// Without the personal details unless `remember`.
    pub answers: A,
    pub step: usize,
    /// "Onthoud mijn gegevens op dit apparaat".
    pub remember: bool,
    /// The Idempotency-Key and fill-in time, so a submission retried after a reload is the same request.
    pub sending: Sending,
}

/// What makes a retried submission the very same request: its Idempotency-Key, when the form was first opened,
/// and the fill-in time sent with that key (the server refuses a key that comes back with another body). A form
/// keeps it in its draft, so a retry after a reload is stored once too. A draft without a key or an opening time
/// reads them as empty, and [`Sending::restored`] makes new ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Sending {
    pub key: String,
    /// When the form was first opened (ms since 1970).
    pub started_ms: f64,
    /// The fill-in time sent with `key`, once it has been sent.
    pub sent_seconds: Option<u32>,
}

impl Default for Sending {
    /// A form opened now, with a new key. A draft without its sending gets it from here.
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

impl<A: FromJson + Default> FromJson for Draft<A> {
    fn from_json(value: &JsValue) -> Result<Draft<A>, JsonError> {
        let o = object(value)?;
        Ok(Draft {
            answers: field_or_default(o, "answers")?,
            step: field_or_default(o, "step")?,
            remember: field_or_default(o, "remember")?,
            sending: field_or_default(o, "sending")?,
        })
    }
}

impl<A: ToJson> ToJson for Draft<A> {
    fn to_json(&self) -> JsValue {
        write_object(&[
            ("answers", Some(self.answers.to_json())),
            ("step", Some(self.step.to_json())),
            ("remember", Some(self.remember.to_json())),
            ("sending", Some(self.sending.to_json())),
        ])
    }
}

impl FromJson for Sending {
    /// A missing key or opening time reads as empty; [`Sending::restored`] then makes a new one.
    fn from_json(value: &JsValue) -> Result<Sending, JsonError> {
        let o = object(value)?;
        Ok(Sending {
            key: field_or_default(o, "key")?,
            started_ms: field_or_default(o, "started_ms")?,
            sent_seconds: field(o, "sent_seconds")?,
        })
    }
}

impl ToJson for Sending {
    fn to_json(&self) -> JsValue {
        write_object(&[
            ("key", Some(self.key.to_json())),
            ("started_ms", Some(self.started_ms.to_json())),
            ("sent_seconds", Some(self.sent_seconds.to_json())),
        ])
    }
}

/// A draft as kept in local storage: the value and when it was saved, `{"saved_ms": …, "value": …}`.
struct Envelope<T> {
    saved_ms: f64,
    value: T,
}

impl<T: FromJson> FromJson for Envelope<T> {
    fn from_json(value: &JsValue) -> Result<Envelope<T>, JsonError> {
        let o = object(value)?;
        Ok(Envelope { saved_ms: field(o, "saved_ms")?, value: field(o, "value")? })
    }
}

impl<T: ToJson> ToJson for Envelope<&T> {
    fn to_json(&self) -> JsValue {
        write_object(&[("saved_ms", Some(self.saved_ms.to_json())), ("value", Some(self.value.to_json()))])
    }
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
    pub fn load<T: FromJson>(self) -> Option<T> {
        let json = browser::stored(self.key)?;
        let fresh = json::read::<Envelope<T>>(&json)
            .ok()
            .filter(|draft| browser::now_ms() - draft.saved_ms < f64::from(self.max_age_days) * DAY_MS);
        if fresh.is_none() {
            self.clear();
        }
        fresh.map(|draft| draft.value)
    }

    pub fn save<T: ToJson>(self, value: &T) {
        if let Ok(json) = json::write(&Envelope { saved_ms: browser::now_ms(), value }) {
            browser::store(self.key, &json);
        }
    }

    pub fn clear(self) {
        browser::forget(self.key);
    }
}
