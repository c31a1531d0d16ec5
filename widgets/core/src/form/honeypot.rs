//! The field people never see and bots fill in. The server refuses a submission with anything in it (`website`),
//! so a form draws it once, wired to that answer.

use leptos::prelude::*;

use crate::i18n::Texts;

/// Out of sight and out of the tab order, with a label that tells anyone who does meet it (a screen reader in
/// browse mode, say) to leave it empty. `value` is the answer as the step is drawn: only a bot changes it after
/// that, by typing (starting over or continuing a draft draws the step anew). A function over the handler rather
/// than a component with a `Callback<String>`, which would compile callback code for a type the quick scan has
/// nowhere else (0.5 KB brotli, measured).
pub fn honeypot(value: String, on_input: impl Fn(String) + 'static) -> impl IntoView {
    let texts = expect_context::<Texts>();
    view! {
        <div class="trap" aria-hidden="true">
            <label for="website">{texts.get("form.trap")}</label>
            <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" value=value
                on:input=move |event| on_input(event_target_value(&event))/>
        </div>
    }
}
