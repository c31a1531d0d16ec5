//! What every widget test in the browser needs: the live server's address, a pause, and a widget element mounted
//! as the loader would mount it, with ways to read what a resident sees.

#![allow(dead_code)]

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlElement, ShadowRoot};

/// The API of the server scripts/test.sh starts, fixed at build time.
pub fn api() -> &'static str {
    // Not env!: the crate must still build (for clippy, say) without a server to point at.
    match option_env!("INSPRAAK_TEST_API") {
        Some(api) => api,
        None => panic!("INSPRAAK_TEST_API must name a running Inspraak server's /v1 at build time (scripts/test.sh)"),
    }
}

pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// A widget element on the page, mounted as the loader would; removed from the page when dropped.
pub struct Widget {
    pub host: HtmlElement,
    _mounted: inspraak_widgets::MountedWidget,
}

impl Widget {
    pub fn new(tag: &str, attributes: &[(&str, &str)], api: &str) -> Widget {
        let document = web_sys::window().unwrap().document().unwrap();
        let host: HtmlElement = document.create_element(tag).unwrap().unchecked_into();
        for (name, value) in attributes {
            host.set_attribute(name, value).unwrap();
        }
        document.body().unwrap().append_child(&host).unwrap();
        let mounted = inspraak_widgets::mount(host.clone(), api.to_owned()).unwrap();
        Widget { host, _mounted: mounted }
    }

    pub fn shadow(&self) -> ShadowRoot {
        self.host.shadow_root().expect("the widget renders in an open shadow root")
    }

    pub fn text(&self) -> String {
        self.shadow().text_content().unwrap_or_default()
    }

    pub fn find(&self, selector: &str) -> Option<HtmlElement> {
        self.shadow().query_selector(selector).unwrap().map(JsCast::unchecked_into)
    }

    /// Waits until the widget shows `text` (the server answers in milliseconds; 5 s is for a loaded machine).
    pub async fn shows(&self, text: &str) {
        for _ in 0..100 {
            if self.text().contains(text) {
                return;
            }
            sleep(50).await;
        }
        panic!("the widget never showed {text:?}; it shows {:?}", self.text());
    }

    pub fn button(&self, label: &str) -> HtmlElement {
        let buttons = self.shadow().query_selector_all("button").unwrap();
        (0..buttons.length())
            .filter_map(|i| buttons.item(i))
            .map(JsCast::unchecked_into::<HtmlElement>)
            .find(|b| b.text_content().unwrap_or_default().trim() == label)
            .unwrap_or_else(|| panic!("no button {label:?} in {:?}", self.text()))
    }
}

impl Drop for Widget {
    fn drop(&mut self) {
        self.host.remove();
    }
}
