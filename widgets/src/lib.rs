//! Inspraak's participation widgets, compiled to one WebAssembly module for all widgets on a page.
//! The loader (`loader/inspraak.js`) finds the elements and calls [`mount`]; components are plain
//! Leptos components that tests mount directly.

pub mod api_client;
pub mod browser;
pub mod challenge;
pub mod embed;
pub mod form;
pub mod i18n;
pub mod json;
pub mod poll;
pub mod progress;
pub mod quickscan;

use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

/// A widget on the page; the loader calls `free()` when its element leaves the page.
#[wasm_bindgen]
pub struct MountedWidget {
    _handle: Box<dyn std::any::Any>,
}

/// Renders the widget that `host` asks for into its open shadow root.
/// `default_api` is the API of the backend that served the script, used when the element has no `api`.
#[wasm_bindgen]
pub fn mount(host: HtmlElement, default_api: String) -> Result<MountedWidget, JsValue> {
    embed::mount_widget(&host, &default_api).map(|handle| MountedWidget { _handle: handle })
}

/// The version of this build, for the webmaster's console and bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
