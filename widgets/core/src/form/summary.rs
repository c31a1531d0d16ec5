//! The error summary at the top of a step: how many things are wrong, each a link that moves focus to its field.
//! It takes focus itself when it appears, so a screen reader reads it and Tab continues at its first link.

use leptos::{html, prelude::*};

use crate::i18n::Texts;

/// One entry: the id of the field to focus and the message to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryEntry {
    pub field_id: String,
    pub message: String,
}

/// The list of what is wrong on this step; nothing is drawn while `entries` is empty. `on_pick` gets the field
/// id of a chosen entry (the caller knows how to focus a radio group or an upload); `node` is for focusing it.
#[component]
pub fn ErrorSummary(
    entries: Signal<Vec<SummaryEntry>>,
    on_pick: Callback<String>,
    node: NodeRef<html::Div>,
) -> impl IntoView {
    let texts = expect_context::<Texts>();
    view! {
        <div class="error-summary" part="error-summary" role="group" aria-labelledby="error-summary-heading"
            tabindex="-1" node_ref=node hidden=move || entries.with(Vec::is_empty)>
            <h3 id="error-summary-heading">
                {move || texts.plural("form.summary", entries.with(Vec::len) as u64, &[])}
            </h3>
            <ul>
                {move || entries.get().into_iter().map(|entry| {
                    let field = entry.field_id.clone();
                    view! {
                        <li>
                            <a href=crate::cat(&["#", &entry.field_id])
                                on:click=move |event| { event.prevent_default(); on_pick.run(field.clone()); }>
                                {entry.message}
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}
