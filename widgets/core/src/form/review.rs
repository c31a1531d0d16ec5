//! The last step of a form: its header, every answer to check (drawn by the widget), the reason a submission
//! failed, the submit button with its status while the answers are on their way, and the navigation.

use leptos::prelude::*;

use super::{
    steps::{Focus, StepHeader, StepNav, Steps},
    submit::Submission,
};
use crate::i18n::Texts;

/// The review, as the last of the [`Steps`] in context. `title`, `hint`, `submit` and `busy` are catalogue keys:
/// the heading, the line under it, the button and the status while sending; `children` are the answers.
#[component]
pub fn Review(
    title: &'static str,
    hint: &'static str,
    submit: &'static str,
    busy: &'static str,
    submission: Submission,
    on_submit: Callback<()>,
    children: Children,
) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let steps = expect_context::<Steps>();
    let index = steps.last();
    steps.arrived();
    view! {
        <div class="step review" part="review">
            <StepHeader step=index total=steps.count() title=texts.get(title) focus=steps.focus() == Focus::Heading/>
            <p class="hint">{texts.get(hint)}</p>
            {children()}
            // Why the last try failed, announced when it appears.
            {move || submission.error().map(|message| view! { <p class="error" part="error" role="alert">{message}</p> })}
            <div class="actions">
                <button type="button" class="button primary" part="button"
                    aria-disabled=move || submission.busy().then_some("true")
                    on:click=move |_| on_submit.run(())>
                    {texts.get(submit)}
                </button>
                <span class="status" role="status">{move || submission.busy().then(|| texts.get(busy))}</span>
            </div>
            <StepNav index/>
        </div>
    }
}
