//! What every widget test in the browser needs: the live server's address, a pause, the catalogue the loader would
//! hand in, and a widget element mounted as the loader would mount it, with ways to read what a resident sees.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlElement, HtmlInputElement, ShadowRoot};

use crate::{
    api_client::Primed,
    embed::{MakeView, mount_widget},
    i18n::{
        Lang,
        sources::{CORE_EN, CORE_NL},
    },
};

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

/// A widget crate's own catalogue files, `(texts/nl.txt, texts/en.txt)`, as `include_str!` gives them.
pub type OwnTexts = (&'static str, &'static str);

/// The catalogue of a widget in `lang` as the build joins it and the loader hands it in: the core's texts, then the
/// widget's own.
pub fn texts(lang: Lang, (nl, en): OwnTexts) -> String {
    let (core, own) = if lang == Lang::En { (CORE_EN, en) } else { (CORE_NL, nl) };
    [core, "\n", own].concat()
}

/// A widget element on the page, mounted as the loader would; removed from the page when dropped.
pub struct Widget {
    pub host: HtmlElement,
    _mounted: Box<dyn std::any::Any>,
}

impl Widget {
    /// `<tag attributes…>` added to the page and mounted as the loader mounts it: in the language of its `lang`
    /// attribute (else Dutch), with the widget's catalogue `own` and its view `make`.
    pub fn mount(tag: &str, attributes: &[(&str, &str)], api: &str, own: OwnTexts, make: MakeView) -> Widget {
        let document = web_sys::window().unwrap().document().unwrap();
        let host: HtmlElement = document.create_element(tag).unwrap().unchecked_into();
        for (name, value) in attributes {
            host.set_attribute(name, value).unwrap();
        }
        document.body().unwrap().append_child(&host).unwrap();
        let lang = attributes.iter().find(|(name, _)| *name == "lang").map_or(Lang::Nl, |(_, tag)| Lang::from_tag(tag));
        let mounted = mount_widget(&host, api, lang.tag(), &texts(lang, own), Primed::default(), make).unwrap();
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

impl Widget {
    /// The radio button `value` of the group `name`.
    pub fn radio(&self, name: &str, value: &str) -> HtmlInputElement {
        self.find(&["input[name='", name, "'][value='", value, "']"].concat())
            .unwrap_or_else(|| panic!("no radio {name}={value} in {:?}", self.text()))
            .unchecked_into()
    }

    /// The element focused inside the widget, as "tag: text".
    pub fn focused(&self) -> String {
        self.shadow()
            .active_element()
            .map(|e| format!("{}: {}", e.tag_name().to_lowercase(), e.text_content().unwrap_or_default().trim()))
            .unwrap_or_default()
    }

    /// The input with the id `id`.
    pub fn input(&self, id: &str) -> HtmlInputElement {
        self.find(&["#", id].concat()).unwrap_or_else(|| panic!("no #{id} in {:?}", self.text())).unchecked_into()
    }

    /// Types `text` into a field as a browser reports it: the value, then an input event, then leaving it.
    pub fn type_into(&self, id: &str, text: &str) {
        let input = self.input(id);
        input.set_value(text);
        input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
        input.dispatch_event(&web_sys::Event::new("blur").unwrap()).unwrap();
    }
}

impl Drop for Widget {
    fn drop(&mut self) {
        self.host.remove();
    }
}
