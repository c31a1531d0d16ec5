//! The last step of a form: its header, every answer to check (drawn by the widget), the reason a submission
//! failed, the submit button with its status while the answers are on their way, and the navigation.

use leptos::prelude::*;

use super::{
    steps::{StepHeader, StepNav, Steps},
    submit::Submission,
};
use crate::i18n::Texts;

/// The catalogue keys of a form's review: the heading, the line under it, the submit button and the status while
/// the answers are on their way.
#[derive(Clone, Copy)]
pub struct ReviewTexts {
    pub title: &'static str,
    pub hint: &'static str,
    pub submit: &'static str,
    pub busy: &'static str,
}

/// The review, as the last of the form's `steps`, with `answers` under its hint and `extra` in its navigation (as
/// under every step); `on_submit` sends.
pub fn review(
    steps: Steps,
    keys: ReviewTexts,
    submission: Submission,
    on_submit: Callback<()>,
    answers: impl IntoView,
    extra: impl IntoView + 'static,
) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let index = steps.last();
    steps.arrived();
    view! {
        <div class="step review" part="review">
            <StepHeader step=index total=steps.count() title=texts.get(keys.title) focus=steps.focus_heading()/>
            <p class="hint">{texts.get(keys.hint)}</p>
            {answers}
            {submit_bar(keys, submission, on_submit)}
            <StepNav steps index extra/>
        </div>
    }
}

/// The end of the review: why the last try failed (announced when it appears), the submit button and a status line
/// while the answers are on their way. Not generic, so its view code is compiled once, in this crate (with
/// opt-level "z" the widget crates reuse what this crate instantiated; the forms' and the other widgets' modules
/// are smaller for it).
fn submit_bar(keys: ReviewTexts, submission: Submission, on_submit: Callback<()>) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let Submission { busy: submitting, error } = submission;
    view! {
        {move || error.get().map(|message| view! { <p class="error" part="error" role="alert">{message}</p> })}
        <div class="actions">
            <button type="button" class="button primary" part="button"
                aria-disabled=move || submitting.get().then_some("true")
                on:click=move |_| on_submit.run(())>
                {texts.get(keys.submit)}
            </button>
            <span class="status" role="status">{move || submitting.get().then(|| texts.get(keys.busy))}</span>
        </div>
    }
}
