//! The poll widget in headless Chromium against a live reference server (scripts/test.sh starts it and
//! sets INSPRAAK_TEST_API at build time): what a resident sees and can do.

#![cfg(target_arch = "wasm32")]

use std::{cell::RefCell, rc::Rc};

use inspraak_widget_core::testing::{OwnTexts, Widget, api, sleep};
use wasm_bindgen::{JsCast, closure::Closure};
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;

const TEXTS: OwnTexts = (include_str!("../texts/nl.txt"), include_str!("../texts/en.txt"));

/// `<inspraak-poll attributes…>` as the loader mounts it.
fn poll_widget(attributes: &[(&str, &str)], api: &str) -> Widget {
    Widget::mount("inspraak-poll", attributes, api, TEXTS, inspraak_poll::widget)
}

wasm_bindgen_test_configure!(run_in_browser);

/// The poll widget and what a resident does with it.
trait PollWidget {
    fn poll(id: &str, extra: &[(&str, &str)]) -> Widget;
    fn choose(&self, option: &str);
}

impl PollWidget for Widget {
    fn poll(id: &str, extra: &[(&str, &str)]) -> Widget {
        let mut attributes = vec![("poll", id)];
        attributes.extend_from_slice(extra);
        poll_widget(&attributes, api())
    }

    fn choose(&self, option: &str) {
        self.find(&format!("input[value={option}]")).expect("the option is shown").click();
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
    widget.shows("Kies een antwoord. Daarna kun je stemmen.").await;
    let first: HtmlInputElement = widget.find("input").unwrap().unchecked_into();
    assert_eq!(first.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(first.get_attribute("aria-describedby").as_deref(), Some("poll-error"));
    let fieldset = widget.find("fieldset").unwrap();
    assert_eq!(fieldset.get_attribute("aria-describedby").as_deref(), Some("poll-hint poll-error"));
    assert!(widget.find("#poll-error").is_some());
    // Choosing clears the error and its ties to the fields.
    widget.choose("station");
    sleep(50).await;
    assert!(!widget.text().contains("Kies een antwoord. Daarna kun je stemmen."));
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
    let widget = Widget::mount(
        "div",
        &[("data-inspraak", "poll"), ("data-poll", "wasm-div"), ("data-api", api())],
        "http://127.0.0.1:9/v1",
        TEXTS,
        inspraak_poll::widget,
    );
    widget.shows("Waar komt het nieuwe watertappunt?").await;
}

#[wasm_bindgen_test]
async fn an_unknown_poll_says_so_without_a_useless_retry() {
    let widget = Widget::poll("bestaat-niet", &[]);
    widget.shows("Deze peiling bestaat niet of niet meer.").await;
    assert!(widget.find("button").is_none());
}

#[wasm_bindgen_test]
async fn an_unreachable_server_offers_to_try_again() {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    let widget = poll_widget(&[("poll", "wasm-stem")], "http://127.0.0.1:9/v1");
    widget.shows("Er is geen verbinding met de server.").await;
    assert!(widget.find("[role=alert]").is_some(), "the failure is announced");
    // That the button really loads again is shown end to end (tests/e2e), where the network can fail once.
    widget.button("Opnieuw proberen");
}

#[wasm_bindgen_test]
async fn a_poll_element_without_a_poll_id_tells_the_resident_and_not_the_details() {
    let widget = poll_widget(&[], api());
    widget.shows("Dit onderdeel kan niet worden getoond.").await;
}

#[wasm_bindgen_test]
async fn a_poll_says_who_may_vote_and_what_happens_with_the_result() {
    // The poll's address is u, and the element says nothing: the u-forms.
    let widget = Widget::poll("wasm-context", &[]);
    widget.shows("Welk plein krijgt als eerste nieuwe bomen?").await;
    let text = widget.text();
    for expected in [
        "Wie mag stemmen?",
        "Inwoners van 12 jaar en ouder",
        "Wat gebeurt er met de uitslag?",
        "De uitslag is een advies. Daarna beslist de gemeenteraad.",
        "Wanneer hoort u de uitkomst?",
        "Op 15 maart 2027, op www.gemeente.nl/bomen.",
        "Twaalf lindes rond de bankjes.",
        "Lees meer over Het Marktplein",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    // The label stays the option's name; its description is read after it, and the other option has none.
    let marktplein = widget.find("input[value=marktplein]").unwrap();
    let described = marktplein.get_attribute("aria-describedby").expect("described by its description");
    assert_eq!(
        widget.find(&format!("#{described}")).unwrap().text_content().as_deref(),
        Some("Twaalf lindes rond de bankjes.")
    );
    assert_eq!(widget.find("input[value=stationsplein]").unwrap().get_attribute("aria-describedby"), None);
    let link = widget.find("a.option-link").unwrap();
    assert_eq!(link.get_attribute("href").as_deref(), Some("https://gemeente.example/marktplein"));
    assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));
    assert!(link.text_content().unwrap().contains("(opent in een nieuw tabblad)"));
    widget.button("Stem").click();
    widget.shows("Kies een antwoord. Daarna kunt u stemmen.").await;
    assert_eq!(marktplein.get_attribute("aria-describedby"), Some(format!("{described} poll-error")));
    widget.choose("marktplein");
    widget.button("Stem").click();
    widget.shows("Bedankt, uw stem is opgeslagen.").await;
    assert!(widget.text().contains("Het Marktplein (uw keuze)"), "{}", widget.text());
}

#[wasm_bindgen_test]
async fn the_element_s_address_wins_over_the_poll_s() {
    let je = Widget::poll("wasm-context", &[("address", "je")]);
    je.shows("Wanneer hoor je de uitkomst?").await;
    assert!(!je.text().contains("hoort u"));
    // A poll without an address of its own speaks as the element says.
    let u = Widget::poll("wasm-leeg", &[("address", "u")]);
    u.shows("Kies één antwoord.").await;
    u.button("Stem").click();
    u.shows("Kies een antwoord. Daarna kunt u stemmen.").await;
    // English is the same either way.
    let en = Widget::poll("wasm-en", &[("lang", "en"), ("address", "u")]);
    en.shows("Choose one answer.").await;
}

#[wasm_bindgen_test]
async fn a_poll_without_context_shows_none_of_it() {
    let widget = Widget::poll("wasm-div", &[]);
    widget.shows("Waar komt het nieuwe watertappunt?").await;
    for absent in [".context", ".option-more", ".feedback", "img"] {
        assert!(widget.find(absent).is_none(), "{absent}");
    }
}
