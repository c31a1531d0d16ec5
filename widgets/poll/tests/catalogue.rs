//! The poll widget's texts are complete in Dutch and English, and every key its code names is in them.

#![cfg(not(target_arch = "wasm32"))]

#[test]
fn the_poll_texts_are_complete_in_both_languages() {
    inspraak_widget_core::i18n::check_catalogue(
        env!("CARGO_MANIFEST_DIR"),
        Some("poll"),
        include_str!("../texts/nl.txt"),
        include_str!("../texts/en.txt"),
    );
}
