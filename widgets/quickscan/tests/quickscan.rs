//! The quick scan in headless Chromium: its steps, drafts kept in the browser, and a full response against a live
//! reference server (scripts/test.sh seeds tests/fixtures/quickscans/wasm-scan.json there).

#![cfg(target_arch = "wasm32")]

use inspraak_api::{Agreement, Quickscan, QuickscanAnswers, Role};
use inspraak_quickscan::{Step, steps_of};
use inspraak_widget_core::form::DraftStore;
use inspraak_widget_core::testing::{self as common, OwnTexts, Widget, sleep};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const TEXTS: OwnTexts = (include_str!("../texts/nl.txt"), include_str!("../texts/en.txt"));

/// `<inspraak-quickscan attributes…>` as the loader mounts it.
fn scan_widget_with(attributes: &[(&str, &str)]) -> Widget {
    Widget::mount("inspraak-quickscan", attributes, common::api(), TEXTS, inspraak_quickscan::widget)
}

fn scan_json(custom: bool) -> Quickscan {
    let custom = if custom { r#"[{"id": "q", "kind": "text", "text": {"nl": "Nog iets?"}}]"# } else { "[]" };
    serde_json::from_str(&format!(
        r#"{{"id": "s", "title": {{"nl": "S"}}, "grades": true, "min_group": 5, "custom_questions": {custom},
            "round": {{"id": "r", "name": "R", "status": "open", "opened_at": "2026-01-01T00:00:00Z"}},
            "themes": [
              {{"id": "a", "title": {{"nl": "A"}}, "explanation": {{"nl": "a"}}, "statements": [{{"id": "a1", "text": {{"nl": "a1"}}}}, {{"id": "a2", "text": {{"nl": "a2"}}}}]}},
              {{"id": "b", "title": {{"nl": "B"}}, "explanation": {{"nl": "b"}}, "statements": [{{"id": "b1", "text": {{"nl": "b1"}}}}]}}
            ]}}"#
    ))
    .unwrap()
}

#[wasm_bindgen_test]
fn the_steps_are_the_role_each_theme_the_own_questions_and_the_review() {
    assert_eq!(steps_of(&scan_json(true)), [Step::Role, Step::Theme(0), Step::Theme(1), Step::Custom, Step::Review]);
    assert_eq!(steps_of(&scan_json(false)), [Step::Role, Step::Theme(0), Step::Theme(1), Step::Review]);
    // A scan that asks for priorities has their step after the themes, before its own questions.
    let mut asks = scan_json(true);
    asks.priorities = true;
    assert_eq!(
        steps_of(&asks),
        [Step::Role, Step::Theme(0), Step::Theme(1), Step::Priorities, Step::Custom, Step::Review]
    );
}

#[wasm_bindgen_test]
fn scores_in_the_browser_match_the_scale_and_skip_dont_know() {
    let scan = scan_json(false);
    let answers = QuickscanAnswers {
        role: Some(Role::Inwoner),
        statements: [("a1".to_owned(), Agreement::StronglyAgree), ("a2".to_owned(), Agreement::Neutral)]
            .into_iter()
            .chain([("b1".to_owned(), Agreement::DontKnow)])
            .collect(),
        ..Default::default()
    };
    let scores = answers.scores(&scan);
    assert_eq!(scores[0].score, Some(4.0));
    assert_eq!(scores[0].answered, 2);
    assert_eq!(scores[1].score, None);
    assert_eq!(answers.unanswered(&scan.themes[0]).len(), 0);
}

#[wasm_bindgen_test]
fn a_draft_is_kept_until_it_expires_and_an_unreadable_one_is_dropped() {
    let store = DraftStore::new("inspraak:test:draft".to_owned(), 30);
    store.save(&vec![1_u32, 2, 3]);
    assert_eq!(store.load::<Vec<u32>>(), Some(vec![1, 2, 3]));
    // Another shape (an older version of the widget) is not restored, and not kept.
    assert_eq!(store.load::<String>(), None);
    assert_eq!(store.load::<Vec<u32>>(), None);
    let expired = DraftStore::new("inspraak:test:expired".to_owned(), 0);
    expired.save(&1_u32);
    assert_eq!(expired.load::<u32>(), None);
}

fn scan_widget() -> Widget {
    scan_widget_with(&[("scan", "wasm-scan")])
}

fn clear_drafts() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
}

#[wasm_bindgen_test]
async fn a_respondent_goes_step_by_step_keeps_a_draft_and_sees_the_result() {
    clear_drafts();
    let widget = scan_widget();
    widget.shows("Stap 1 van 4").await;
    widget.button("Volgende").click();
    widget.shows("Kies eerst de rol waarin je de scan invult.").await;
    assert_eq!(widget.radio("role", "inwoner").get_attribute("aria-invalid").as_deref(), Some("true"));

    widget.radio("role", "raadslid").click();
    widget.button("Volgende").click();
    widget.shows("Stap 2 van 4").await;
    sleep(50).await;
    assert_eq!(widget.focused(), "h2: De raad", "focus moves to the new step's heading");
    widget.shows("Als raadslid luister ik.").await;
    widget.radio("s-raad-1", "agree").click();
    sleep(50).await;

    // The draft is in the browser: a new widget (a reload) continues at the same step with the same answer. The
    // respondent started a minute ago (the server refuses a response sent within seconds of opening the scan).
    drop(widget);
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let key = (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .find(|k| k.starts_with("inspraak:quickscan:draft:"))
        .expect("a draft in local storage");
    let mut draft: serde_json::Value = serde_json::from_str(&storage.get_item(&key).unwrap().unwrap()).unwrap();
    assert_eq!(draft["value"]["answers"]["statements"]["raad-1"], "agree");
    draft["value"]["sending"]["started_ms"] = serde_json::json!(js_sys::Date::now() - 60_000.0);
    storage.set_item(&key, &draft.to_string()).unwrap();
    let widget = scan_widget();
    widget.shows("teruggezet").await;
    widget.shows("Stap 2 van 4").await;
    assert!(widget.radio("s-raad-1", "agree").checked());

    widget.button("Volgende").click();
    widget.shows("De buurt").await;
    widget.button("Volgende").click();
    widget.shows("Controleer je antwoorden").await;
    assert!(widget.text().contains("1 van 2 beantwoord"), "{}", widget.text());
    assert!(widget.text().contains("De raad legt uit."), "the skipped statement is listed: {}", widget.text());
    widget.button("Verstuur je antwoorden").click();
    widget.shows("Jouw uitkomst").await;
    assert!(widget.find("table").is_some());
    // The draft is gone once submitted; the result is remembered instead.
    let keys: Vec<String> = {
        let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
        (0..storage.length().unwrap()).filter_map(|i| storage.key(i).unwrap()).collect()
    };
    assert!(keys.iter().any(|k| k.starts_with("inspraak:quickscan:done:")), "{keys:?}");
    assert!(!keys.iter().any(|k| k.starts_with("inspraak:quickscan:draft:")), "{keys:?}");
    clear_drafts();
}

#[wasm_bindgen_test]
async fn an_english_page_gets_the_english_questionnaire() {
    clear_drafts();
    let widget = scan_widget_with(&[("scan", "wasm-scan"), ("lang", "en")]);
    widget.shows("Step 1 of 4").await;
    widget.radio("role", "inwoner").click();
    widget.button("Next").click();
    widget.shows("The council listens.").await;
    widget.shows("Strongly agree").await;
    clear_drafts();
}

#[wasm_bindgen_test]
async fn an_unknown_scan_says_so() {
    let widget = scan_widget_with(&[("scan", "bestaat-niet")]);
    widget.shows("Deze quick scan bestaat niet of niet meer.").await;
}

#[wasm_bindgen_test]
async fn a_role_that_answers_with_a_code_asks_for_it_and_takes_it_from_the_invitation_link() {
    clear_drafts();
    // The link from the invitation: the widget keeps the code and takes it out of the address bar.
    let window = web_sys::window().unwrap();
    let history = window.history().unwrap();
    let before = window.location().href().unwrap();
    let path = window.location().pathname().unwrap();
    history
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}?a=1&uitnodiging=abcd-efgh-jkmn")),
        )
        .unwrap();
    let widget = scan_widget_with(&[("scan", "wasm-invited")]);
    widget.shows("Stap 1 van 4").await;
    assert_eq!(window.location().search().unwrap(), "?a=1", "only the code leaves the address");
    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&before)).unwrap();
    assert!(!widget.text().contains("Uitnodigingscode"), "an open role needs no code");
    widget.radio("role", "collegelid").click();
    widget.shows("Uitnodigingscode").await;
    let field = widget.find("#qs-invitation").expect("the code field");
    let field: web_sys::HtmlInputElement = wasm_bindgen::JsCast::unchecked_into(field);
    assert_eq!(field.value(), "abcd-efgh-jkmn");
    drop(widget);

    // Typed in: a missing code keeps the respondent at the role step, with the reason at the field.
    clear_drafts();
    let widget = scan_widget_with(&[("scan", "wasm-invited")]);
    widget.shows("Stap 1 van 4").await;
    widget.radio("role", "collegelid").click();
    widget.shows("Uitnodigingscode").await;
    widget.button("Volgende").click();
    widget.shows("Vul de code uit je uitnodiging in.").await;
    let field: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::unchecked_into(widget.find("#qs-invitation").expect("the code field"));
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(widget.text().contains("Stap 1 van 4"));
    // Another role leaves the field, and the step.
    widget.radio("role", "inwoner").click();
    sleep(50).await;
    assert!(widget.find("#qs-invitation").is_none());
    widget.button("Volgende").click();
    widget.shows("Stap 2 van 4").await;
    clear_drafts();
}

#[wasm_bindgen_test]
async fn the_server_refusing_a_code_is_said_in_words_at_the_review() {
    clear_drafts();
    let widget = scan_widget_with(&[("scan", "wasm-invited"), ("invitation", "ABCD-EFGH-JKMN")]);
    widget.shows("Stap 1 van 4").await;
    widget.radio("role", "collegelid").click();
    widget.button("Volgende").click();
    widget.shows("Stap 2 van 4").await;
    widget.radio("s-raad-1", "agree").click();
    widget.button("Volgende").click();
    widget.shows("De buurt").await;
    widget.button("Volgende").click();
    widget.shows("Controleer je antwoorden").await;
    // The respondent started a minute ago (the server refuses a response sent within seconds).
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let key = (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .find(|k| k.starts_with("inspraak:quickscan:draft:"))
        .expect("a draft in local storage");
    let mut draft: serde_json::Value = serde_json::from_str(&storage.get_item(&key).unwrap().unwrap()).unwrap();
    draft["value"]["sending"]["started_ms"] = serde_json::json!(js_sys::Date::now() - 60_000.0);
    storage.set_item(&key, &draft.to_string()).unwrap();
    drop(widget);
    let widget = scan_widget_with(&[("scan", "wasm-invited")]);
    widget.shows("Controleer je antwoorden").await;
    widget.button("Verstuur je antwoorden").click();
    widget.shows("Deze code kennen we niet.").await;
    clear_drafts();
}

#[wasm_bindgen_test]
async fn address_u_speaks_with_u_and_je_stays_the_default() {
    clear_drafts();
    let widget = scan_widget_with(&[("scan", "wasm-scan"), ("address", "u")]);
    widget.shows("Stap 1 van 4").await;
    assert!(widget.text().contains("In welke rol vult u deze scan in?"), "{}", widget.text());
    widget.button("Volgende").click();
    widget.shows("Kies eerst de rol waarin u de scan invult.").await;
    clear_drafts();
    let je = scan_widget();
    je.shows("In welke rol vul je deze scan in?").await;
}

#[wasm_bindgen_test]
async fn the_scan_s_address_is_the_default_and_the_element_s_attribute_wins() {
    clear_drafts();
    // The scan says u and the element says nothing: the u-forms.
    let u = scan_widget_with(&[("scan", "wasm-scan-u")]);
    u.shows("In welke rol vult u deze scan in?").await;
    let je = scan_widget_with(&[("scan", "wasm-scan-u"), ("address", "je")]);
    je.shows("In welke rol vul je deze scan in?").await;
    clear_drafts();
}
