//! The poll widget in headless Chromium against a live reference server (scripts/test.sh starts it and
//! sets INSPRAAK_TEST_API at build time): what a resident sees and can do.

#![cfg(target_arch = "wasm32")]

use std::{cell::RefCell, rc::Rc};

use wasm_bindgen::{JsCast, closure::Closure};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

fn api() -> &'static str {
    // Not env!: the crate must still build (for clippy, say) without a server to point at.
    match option_env!("INSPRAAK_TEST_API") {
        Some(api) => api,
        None => panic!("INSPRAAK_TEST_API must name a running Inspraak server's /v1 at build time (scripts/test.sh)"),
    }
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// A widget element on the page, mounted as the loader would.
struct Widget {
    host: HtmlElement,
    _mounted: inspraak_widgets::MountedWidget,
}

impl Widget {
    fn new(tag: &str, attributes: &[(&str, &str)], api: &str) -> Widget {
        let document = web_sys::window().unwrap().document().unwrap();
        let host: HtmlElement = document.create_element(tag).unwrap().unchecked_into();
        for (name, value) in attributes {
            host.set_attribute(name, value).unwrap();
        }
        document.body().unwrap().append_child(&host).unwrap();
        let mounted = inspraak_widgets::mount(host.clone(), api.to_owned()).unwrap();
        Widget { host, _mounted: mounted }
    }

    fn poll(id: &str, extra: &[(&str, &str)]) -> Widget {
        let mut attributes = vec![("poll", id)];
        attributes.extend_from_slice(extra);
        Widget::new("inspraak-poll", &attributes, api())
    }

    fn shadow(&self) -> ShadowRoot {
        self.host.shadow_root().expect("the widget renders in an open shadow root")
    }

    fn text(&self) -> String {
        self.shadow().text_content().unwrap_or_default()
    }

    fn find(&self, selector: &str) -> Option<HtmlElement> {
        self.shadow().query_selector(selector).unwrap().map(JsCast::unchecked_into)
    }

    /// Waits until the widget shows `text` (the server answers in milliseconds; 5 s is for a loaded machine).
    async fn shows(&self, text: &str) {
        for _ in 0..100 {
            if self.text().contains(text) {
                return;
            }
            sleep(50).await;
        }
        panic!("the widget never showed {text:?}; it shows {:?}", self.text());
    }

    fn button(&self, label: &str) -> HtmlElement {
        let buttons = self.shadow().query_selector_all("button").unwrap();
        (0..buttons.length())
            .filter_map(|i| buttons.item(i))
            .map(JsCast::unchecked_into::<HtmlElement>)
            .find(|b| b.text_content().unwrap_or_default().trim() == label)
            .unwrap_or_else(|| panic!("no button {label:?} in {:?}", self.text()))
    }

    fn choose(&self, option: &str) {
        self.find(&format!("input[value={option}]")).expect("the option is shown").click();
    }
}

impl Drop for Widget {
    fn drop(&mut self) {
        self.host.remove();
    }
}

#[wasm_bindgen_test]
async fn a_resident_votes_sees_the_results_and_the_page_hears_of_it() {
    let heard = Rc::new(RefCell::new(Vec::<String>::new()));
    let listener = {
        let heard = heard.clone();
        Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |event: web_sys::CustomEvent| {
            let poll = js_sys::Reflect::get(&event.detail(), &"poll".into()).unwrap();
            heard.borrow_mut().push(poll.as_string().unwrap());
        })
    };
    let document = web_sys::window().unwrap().document().unwrap();
    document.add_event_listener_with_callback("inspraak:voted", listener.as_ref().unchecked_ref()).unwrap();

    let widget = Widget::poll("wasm-stem", &[]);
    widget.shows("Waar komt het nieuwe watertappunt?").await;
    assert!(widget.text().contains("Kies één antwoord."));
    widget.choose("markt");
    widget.button("Stem").click();
    widget.shows("Bedankt, je stem is opgeslagen.").await;
    let text = widget.text();
    assert!(text.contains("Uitslag"), "{text}");
    assert!(text.contains("Op de markt (jouw keuze)"), "{text}");
    assert!(text.contains("1 stem (100%)"), "{text}");
    assert!(text.contains("1 persoon heeft gestemd."), "{text}");
    assert_eq!(*heard.borrow(), vec!["wasm-stem".to_owned()]);
    document.remove_event_listener_with_callback("inspraak:voted", listener.as_ref().unchecked_ref()).unwrap();
}

#[wasm_bindgen_test]
async fn voting_without_a_choice_explains_what_to_do_next_to_the_options() {
    let widget = Widget::poll("wasm-leeg", &[]);
    widget.shows("Kies één antwoord.").await;
    widget.button("Stem").click();
    widget.shows("Kies een antwoord voordat je stemt.").await;
    let first: HtmlInputElement = widget.find("input").unwrap().unchecked_into();
    assert_eq!(first.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(first.get_attribute("aria-describedby").as_deref(), Some("poll-error"));
    let fieldset = widget.find("fieldset").unwrap();
    assert_eq!(fieldset.get_attribute("aria-describedby").as_deref(), Some("poll-hint poll-error"));
    assert!(widget.find("#poll-error").is_some());
    // Choosing clears the error and its ties to the fields.
    widget.choose("station");
    sleep(50).await;
    assert!(!widget.text().contains("Kies een antwoord voordat je stemt."));
    assert_eq!(first.get_attribute("aria-invalid"), None);
    assert_eq!(fieldset.get_attribute("aria-describedby").as_deref(), Some("poll-hint"));
}

#[wasm_bindgen_test]
async fn an_english_page_gets_an_english_widget() {
    let widget = Widget::poll("wasm-en", &[("lang", "en")]);
    widget.shows("Choose one answer.").await;
    widget.choose("sportpark");
    widget.button("Vote").click();
    widget.shows("Thank you, your vote has been saved.").await;
    assert!(widget.text().contains("1 vote (100%)"), "{}", widget.text());
}

#[wasm_bindgen_test]
async fn a_cms_div_with_data_attributes_is_a_poll_too() {
    let widget = Widget::new(
        "div",
        &[("data-inspraak", "poll"), ("data-poll", "wasm-div"), ("data-api", api())],
        "http://127.0.0.1:9/v1",
    );
    widget.shows("Waar komt het nieuwe watertappunt?").await;
}

#[wasm_bindgen_test]
async fn an_unknown_poll_says_so_without_a_useless_retry() {
    let widget = Widget::poll("bestaat-niet", &[]);
    widget.shows("Deze peiling bestaat niet (meer).").await;
    assert!(widget.find("button").is_none());
}

#[wasm_bindgen_test]
async fn an_unreachable_server_offers_to_try_again() {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    let widget = Widget::new("inspraak-poll", &[("poll", "wasm-stem")], "http://127.0.0.1:9/v1");
    widget.shows("Er is geen verbinding met de server.").await;
    assert!(widget.find("[role=alert]").is_some(), "the failure is announced");
    // That the button really loads again is shown end to end (tests/e2e), where the network can fail once.
    widget.button("Opnieuw proberen");
}

#[wasm_bindgen_test]
async fn a_poll_element_without_a_poll_id_tells_the_resident_and_not_the_details() {
    let widget = Widget::new("inspraak-poll", &[], api());
    widget.shows("Dit onderdeel kan niet worden getoond.").await;
}
