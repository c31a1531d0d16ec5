//! The progress badge in headless Chromium: counting, the inline-data parser, the disclosure, and the backend mode
//! against a live reference server (scripts/test.sh starts it and sets INSPRAAK_TEST_API at build time).

#![cfg(target_arch = "wasm32")]

use inspraak_progress::parse_inline;
use inspraak_widget_core::testing::{self as common, OwnTexts, Widget, sleep};
use wasm_bindgen_test::*;

const TEXTS: OwnTexts = (include_str!("../texts/nl.txt"), include_str!("../texts/en.txt"));

wasm_bindgen_test_configure!(run_in_browser);

/// Seven subgoals with these statuses, as a site would write them inline.
fn inline(statuses: &[&str]) -> String {
    let subgoals: Vec<String> = statuses
        .iter()
        .enumerate()
        .map(|(i, status)| format!(r#"{{"subgoal": {}, "status": "{status}", "measured_on": "2026-05-01"}}"#, i + 1))
        .collect();
    format!(r#"{{"name": "Gemeente Inline", "subgoals": [{}]}}"#, subgoals.join(", "))
}

const MIXED: [&str; 7] = ["embedded", "in_progress", "explored", "not_started", "in_progress", "embedded", "explored"];

/// A progress badge on the page.
fn badge(attributes: &[(&str, &str)]) -> Widget {
    Widget::mount("inspraak-progress", attributes, common::api(), TEXTS, inspraak_progress::widget)
}

#[wasm_bindgen_test]
fn the_parser_counts_in_progress_and_embedded_and_sorts_the_subgoals() {
    let mut json = inline(&MIXED);
    // A site may list the subgoals in any order.
    json = json.replacen(r#""subgoal": 1,"#, r#""subgoal": 9,"#, 1).replacen(r#""subgoal": 7,"#, r#""subgoal": 1,"#, 1);
    json = json.replacen(r#""subgoal": 9,"#, r#""subgoal": 7,"#, 1);
    let progress = parse_inline(&json).unwrap();
    assert_eq!(progress.under_way(), 4);
    let order: Vec<u8> = progress.subgoals.iter().map(|s| s.subgoal).collect();
    assert_eq!(order, [1, 2, 3, 4, 5, 6, 7]);
}

#[wasm_bindgen_test]
fn the_parser_says_what_is_wrong_with_inline_data() {
    let broken = parse_inline(r#"{"name": "X", "subgoals": ["#).unwrap_err();
    // The browser's own JSON.parse message.
    assert!(broken.contains("not valid") && broken.contains("end of JSON input"), "{broken}");
    let unknown = parse_inline(&inline(&MIXED).replacen("explored", "bezig", 1)).unwrap_err();
    assert!(unknown.contains(r#"unexpected value "bezig" at subgoals."#) && unknown.ends_with(".status"), "{unknown}");
    let missing = parse_inline(&inline(&MIXED[..6])).unwrap_err();
    assert!(missing.contains("subgoal 7 is missing"), "{missing}");
    let link = parse_inline(&inline(&MIXED).replacen(
        r#""measured_on": "2026-05-01"}"#,
        r#""measured_on": "2026-05-01", "evidence_url": "javascript:alert(1)"}"#,
        1,
    ))
    .unwrap_err();
    assert!(link.contains("subgoals[0].evidence_url"), "{link}");
}

#[wasm_bindgen_test]
async fn the_compact_badge_opens_to_the_full_list_and_closes_again() {
    let badge = badge(&[("progress", &inline(&MIXED))]);
    badge.shows("4 van 7 subdoelen in uitvoering of verankerd").await;
    let ring = badge.find("svg.ring").expect("the ring is drawn");
    assert_eq!(ring.get_attribute("role").as_deref(), Some("img"));
    assert_eq!(
        ring.get_attribute("aria-label").as_deref(),
        Some("Voortgang op de 7 subdoelen: 2 verankerd, 2 in uitvoering, 2 verkend, 1 niet gestart.")
    );
    let toggle = badge.find("button.toggle").unwrap();
    let list = badge.find("ol").unwrap();
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert_eq!(toggle.get_attribute("aria-controls").as_deref(), Some(list.id().as_str()));
    assert!(list.hidden());
    toggle.click();
    sleep(20).await;
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert!(!list.hidden());
    assert!(badge.text().contains("Subdoel 7: Weerbaar bestuur"), "{}", badge.text());
    assert!(badge.text().contains("Verberg de subdoelen"));
    toggle.click();
    sleep(20).await;
    assert!(list.hidden());
}

#[wasm_bindgen_test]
async fn the_full_variant_shows_the_list_without_a_toggle() {
    let badge = badge(&[("progress", &inline(&MIXED)), ("variant", "full"), ("lang", "en")]);
    badge.shows("4 of 7 subgoals in progress or embedded").await;
    assert!(badge.find("button").is_none());
    assert!(!badge.find("ol").unwrap().hidden());
    assert!(badge.text().contains("Subgoal 1: Strong municipal council"));
    assert_eq!(badge.host.shadow_root().unwrap().query_selector_all("li").unwrap().length(), 7);
}

#[wasm_bindgen_test]
async fn bad_inline_data_shows_a_notice_and_leaves_the_page_working() {
    let broken = badge(&[("progress", r#"{"name": "X""#)]);
    broken.shows("Dit onderdeel kan niet worden getoond.").await;
    let fine = badge(&[("progress", &inline(&["embedded"; 7]))]);
    fine.shows("7 van 7 subdoelen").await;
}

#[wasm_bindgen_test]
async fn the_backend_mode_shows_the_latest_measurement_and_the_change() {
    let badge = badge(&[("municipality", "wasm-gemeente"), ("variant", "full")]);
    badge.shows("Gemeente Testdorp").await;
    let text = badge.text();
    assert!(text.contains("2 van 7 subdoelen in uitvoering of verankerd"), "{text}");
    assert!(text.contains("Vooruitgang: vorige meting verkend (1 juni 2025)"), "{text}");
    assert!(text.contains("Nog niet gemeten"), "{text}");
    let link = badge.find("a").expect("the evidence link");
    assert_eq!(link.get_attribute("href").as_deref(), Some("https://www.example.nl/raad"));
}

#[wasm_bindgen_test]
async fn an_unknown_municipality_says_so() {
    let badge = badge(&[("municipality", "nergenshuizen")]);
    badge.shows("Van deze gemeente is nog geen voortgang bekend.").await;
}

#[wasm_bindgen_test]
async fn address_u_changes_nothing_where_no_text_says_je() {
    let badge = badge(&[("progress", &inline(&MIXED)), ("variant", "full"), ("address", "u")]);
    badge.shows("4 van 7 subdoelen in uitvoering of verankerd").await;
    assert!(badge.text().contains("Democratie in Actie") || badge.text().contains("Subdoel 1"), "{}", badge.text());
}
