//! The widgets compiled to WebAssembly. Built with one widget's feature alone it is that widget's module, which a
//! page with only that widget downloads; built with all four it is the module for a page with several kinds (one
//! copy of the Leptos runtime instead of one per widget). The loader (`loader/inspraak.js`) finds the elements and
//! calls [`mount`]; which module it loads for a page is decided from the sizes the build measured.

use inspraak_widget_core::{
    api_client::Primed,
    embed::{ConfigError, WidgetConfig, mount_widget},
};
use leptos::prelude::AnyView;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

/// A widget on the page; the loader calls `free()` when its element leaves the page.
#[wasm_bindgen]
pub struct MountedWidget {
    _handle: Box<dyn std::any::Any>,
}

/// Renders the widget `host` asks for into its open shadow root, in `lang` with the catalogue `texts` the loader
/// fetched for it. `default_api` is the API of the backend that served the script, used when the element has no `api`.
/// `primed_url` and `primed` are the widget's first request and the promise of its response, when the loader made it.
#[wasm_bindgen]
pub fn mount(
    host: HtmlElement,
    default_api: String,
    lang: String,
    texts: String,
    primed_url: Option<String>,
    primed: JsValue,
) -> Result<MountedWidget, JsValue> {
    mount_widget(&host, &default_api, &lang, &texts, Primed::new(primed_url, primed), view)
        .map(|handle| MountedWidget { _handle: handle })
}

/// The view of the widget kind `config` names, if this module holds it.
fn view(config: &WidgetConfig) -> Result<AnyView, ConfigError> {
    match config.kind.as_str() {
        #[cfg(feature = "poll")]
        "poll" => inspraak_poll::widget(config),
        #[cfg(feature = "progress")]
        "progress" => inspraak_progress::widget(config),
        #[cfg(feature = "quickscan")]
        "quickscan" => inspraak_quickscan::widget(config),
        #[cfg(feature = "challenge")]
        "challenge" => inspraak_challenge::widget(config),
        other => Err(ConfigError::unknown_kind(other)),
    }
}

/// The version of this build, for the webmaster's console and bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
