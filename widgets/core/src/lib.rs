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

/// Strings put together without `core::fmt` (`inspraak_api::text`).
pub use inspraak_api::text::{cat, hex, joined, num, padded};
