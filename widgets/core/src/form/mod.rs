//! What every multi-step widget shares: the [`Wizard`] (answers, steps, the draft in this browser, sending, the
//! phase) with its step header, navigation, review and honeypot; fields with their hint and error tied to the
//! control, and the error summary at the top of a step.

mod draft;
mod field;
mod honeypot;
mod review;
mod steps;
mod submit;
mod summary;
mod wizard;

pub use draft::{Draft, DraftStore, Sending};
pub use field::{FieldMessage, RadioGroup, TextField, TextKind, described_by};
pub use honeypot::honeypot;
pub use review::{ReviewTexts, review};
pub use steps::{Focus, StepHeader, StepNav, Steps, keep_focus};
pub use submit::{Sent, Submission};
pub use summary::{ErrorSummary, SummaryEntry};
pub use wizard::{Pages, Phase, Setup, Wizard};

use wasm_bindgen::JsCast;

/// Moves focus to the field `id` inside `container`: the control with that id or, for a group of options (a
/// fieldset `{id}-group` whose first option has the id), the option that is chosen.
pub fn focus_field(container: &web_sys::Element, id: &str) {
    let found = container
        .query_selector(&crate::cat(&["#", id, "-group input:checked"]))
        .ok()
        .flatten()
        .or_else(|| container.query_selector(&crate::cat(&["#", id])).ok().flatten());
    if let Some(element) = found.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}
