//! What every Inspraak widget shares: mounting into the shadow root the loader prepared (with the catalogue the
//! loader fetched), the API client, JSON through the browser, browser services, and the parts of multi-step forms.
//! Each widget is a crate of its own on top of this one; `widgets/entry` compiles them to WebAssembly.

pub mod api_client;
pub mod browser;
pub mod embed;
pub mod form;
pub mod i18n;
pub mod json;
#[cfg(feature = "testing")]
pub mod testing;

/// `parts` joined into one string: `[…].concat()` by a loop, since the standard library's join (specialised for
/// separators of each length) weighs more than every use of it in a widget.
pub fn cat(parts: &[&str]) -> String {
    let mut joined = String::with_capacity(parts.iter().map(|part| part.len()).sum());
    for part in parts {
        joined.push_str(part);
    }
    joined
}
