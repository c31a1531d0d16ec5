//! The few browser services the widgets use: storage that may be missing (private mode, sandboxed frames),
//! random ids, DOM events for the host page, and dates in the resident's language.

use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

use crate::i18n::Lang;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// A value kept in this browser, or None when there is none or storage is unavailable.
pub fn stored(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Keeps a value in this browser; without storage it is simply not kept.
pub fn store(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Removes a value kept in this browser.
pub fn forget(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

/// Milliseconds since 1970 by the browser's clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// 128 random bits as 32 hex characters, from the browser's cryptographic generator.
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // No Web Crypto: Math.random is weaker but an id is still needed to vote at all.
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    crate::hex(&bytes)
}

thread_local! {
    static VOTER: std::cell::OnceCell<String> = const { std::cell::OnceCell::new() };
}

/// The random id this browser votes with, made once and kept in local storage. Without storage it lasts as long
/// as the page, so a retry still carries the same id as the vote it repeats.
pub fn voter_id() -> String {
    const KEY: &str = "inspraak:voter";
    VOTER.with(|voter| {
        voter
            .get_or_init(|| {
                stored(KEY).unwrap_or_else(|| {
                    let id = random_id();
                    store(KEY, &id);
                    id
                })
            })
            .clone()
    })
}

/// Tells the host page something happened: a bubbling, composed `CustomEvent` with a JSON-like detail.
pub fn dispatch(host: &HtmlElement, name: &str, detail: &[(&str, &str)]) {
    let object = js_sys::Object::new();
    for (key, value) in detail {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&object);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// A date in words, as a resident of `lang` writes it: "1 december 2026". A date-only value (YYYY-MM-DD) is
/// shown as that calendar day wherever the resident is; a date-time also gets its time: "1 december 2026 om 09:00".
pub fn long_date(iso: &str, lang: Lang) -> String {
    let date_only = iso.len() == 10;
    let date = js_sys::Date::new(&JsValue::from_str(iso));
    let options = js_sys::Object::new();
    let mut fields = vec![("day", "numeric"), ("month", "long"), ("year", "numeric")];
    if date_only {
        fields.push(("timeZone", "UTC"));
    } else {
        fields.extend([("hour", "2-digit"), ("minute", "2-digit")]);
    }
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    date.to_locale_string(lang.tag(), &options).into()
}

/// Today in the resident's time zone, as YYYY-MM-DD.
pub fn local_date() -> String {
    let now = js_sys::Date::new_0();
    inspraak_api::text::iso_date(now.get_full_year().into(), (now.get_month() + 1).into(), now.get_date().into())
}

/// Opens the browser's print dialog (the widget's print stylesheet decides what is on paper).
pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

/// Logs a line for the webmaster in the browser console, prefixed so it can be found.
pub fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&crate::cat(&["[inspraak] ", message])));
}

/// Moves focus to an element once the browser has drawn it.
pub fn focus_soon(element: impl Fn() -> Option<HtmlElement> + 'static) {
    focus_after_frame(Box::new(element));
}

/// [`focus_soon`] for every caller at once: one animation-frame callback in the module, not one per call site.
fn focus_after_frame(element: Box<dyn Fn() -> Option<HtmlElement>>) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(element) = element() {
            let _ = element.focus();
        }
    });
}
