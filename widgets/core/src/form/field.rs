//! One form field with its label, hint and error message, tied together for assistive technology: the control's
//! `aria-describedby` names the hint and (while one shows) the error, and `aria-invalid` marks it while it is wrong.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::{cat, i18n::Texts};

/// The ids that describe the control `id`: `{id}-hint` when it has a hint, `{id}-error` while an error shows.
pub fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    match (hint, error) {
        (true, true) => Some(cat(&[id, "-hint ", id, "-error"])),
        (true, false) => Some(cat(&[id, "-hint"])),
        (false, true) => Some(cat(&[id, "-error"])),
        (false, false) => None,
    }
}

/// The error under a field, `{id}-error`, prefixed for screen readers ("Fout:") since its colour says nothing to
/// them. Nothing is drawn while there is no error.
#[component]
pub fn FieldMessage(
    /// the id of the control the message belongs to
    #[prop(into)]
    id: String,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let texts = expect_context::<Texts>();
    move || {
        error.get().map(|message| {
            view! {
                <p id=cat(&[&id, "-error"]) class="error field-error" part="error">
                    <span class="visually-hidden">{texts.get("form.error_prefix")}" "</span>{message}
                </p>
            }
        })
    }
}

/// What a [`TextField`] draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextKind {
    /// `text`, `email`, `tel`, `date`; ignored for a textarea
    pub input_type: &'static str,
    /// a `<textarea>` instead of an `<input>`
    pub multiline: bool,
    pub inputmode: Option<&'static str>,
    pub autocomplete: Option<&'static str>,
}

impl TextKind {
    pub const LINE: TextKind = TextKind { input_type: "text", multiline: false, inputmode: None, autocomplete: None };
    pub const AREA: TextKind = TextKind { multiline: true, ..TextKind::LINE };
}

/// A labelled text input or textarea with its hint and error. `on_input` gets every change, `on_blur` says the
/// resident left the field after typing in it (the moment to check it): tabbing through a step that was never
/// touched turns nothing red; "Volgende" checks everything. Chromium also blurs a focused field as it is removed
/// (Enter moving on to the next step): by then the callback may be gone with its step, hence `try_run`.
#[component]
pub fn TextField(
    /// the control's id, unique in the widget
    #[prop(into)]
    id: String,
    #[prop(into)] label: String,
    /// a line under the label with an example or what is optional
    hint: Option<String>,
    kind: TextKind,
    value: Signal<String>,
    error: Signal<Option<String>>,
    on_input: Callback<String>,
    on_blur: Callback<()>,
    /// the most characters the field takes
    maxlength: Option<usize>,
    /// the earliest date of a date field
    min: Option<String>,
) -> impl IntoView {
    // Written by `num`: tachys writes a number attribute with `to_string`, which brings `core::fmt` into the module.
    let maxlength = maxlength.map(|n| crate::num(n as u64));
    let has_hint = hint.is_some();
    let describe = {
        let id = id.clone();
        move || described_by(&id, has_hint, error.with(Option::is_some))
    };
    let invalid = move || error.with(Option::is_some).then_some("true");
    let typed = StoredValue::new(false);
    let input = move |event: leptos::ev::Event| {
        typed.set_value(true);
        on_input.run(event_target_value(&event));
    };
    let left = move |_| {
        if typed.try_get_value().unwrap_or(false) {
            on_blur.try_run(());
        }
    };
    let control = if kind.multiline {
        view! {
            <textarea id=id.clone() class="textarea" part="textarea" rows="5" maxlength=maxlength
                aria-describedby=describe aria-invalid=invalid
                prop:value=value on:input=input on:blur=left></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() class="input" part="input" type=kind.input_type maxlength=maxlength min=min
                inputmode=kind.inputmode autocomplete=kind.autocomplete spellcheck=(kind.input_type != "text").then_some("false")
                aria-describedby=describe aria-invalid=invalid
                prop:value=value on:input=input on:blur=left/>
        }
        .into_any()
    };
    view! {
        <div class="field" part="field">
            <label for=id.clone() class="label">{label}</label>
            {hint.map(|hint| view! { <p id=cat(&[&id, "-hint"]) class="hint">{hint}</p> })}
            <FieldMessage id=id.clone() error/>
            {control}
        </div>
    }
}

/// A group of radio buttons with a legend, hint and error: the fieldset `{id}-group`, whose first option has the
/// id `id` (so a summary link can reach it). `on_leave` runs when focus leaves the whole group, not when it moves
/// from option to option; `children` come after the options (a text field for "anders", say).
#[component]
pub fn RadioGroup(
    #[prop(into)] id: String,
    #[prop(into)] legend: String,
    hint: Option<String>,
    /// (value, label) of each option
    options: Vec<(String, String)>,
    value: Signal<String>,
    error: Signal<Option<String>>,
    on_choose: Callback<String>,
    on_leave: Callback<()>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let has_hint = hint.is_some();
    let name = id.clone();
    let group = NodeRef::<leptos::html::Fieldset>::new();
    // As with a text field: leaving the group is the moment to check it only once an option was chosen.
    let chosen = StoredValue::new(false);
    let radios = options
        .into_iter()
        .enumerate()
        .map(|(n, (option, label))| {
            let describe = {
                let id = id.clone();
                move || described_by(&id, has_hint, error.with(Option::is_some))
            };
            let checked = option.clone();
            view! {
                <label class="option" part="option">
                    <input type="radio" name=name.clone() value=option.clone() id=(n == 0).then(|| id.clone())
                        prop:checked=move || value.with(|v| *v == checked)
                        aria-describedby=describe aria-invalid=move || error.with(Option::is_some).then_some("true")
                        on:change=move |_| {
                            chosen.set_value(true);
                            on_choose.run(option.clone());
                        }/>
                    <span>{label}</span>
                </label>
            }
        })
        .collect_view();
    // Focus moving to another option of the group is not leaving it.
    let focus_out = move |event: leptos::ev::FocusEvent| {
        let inside = event
            .related_target()
            .and_then(|target| target.dyn_into::<web_sys::Node>().ok())
            .zip(group.try_get_untracked().flatten())
            .is_some_and(|(target, group)| group.contains(Some(&target)));
        if !inside && chosen.try_get_value().unwrap_or(false) {
            // Also when the group is being removed (the step changed) and the callback is gone with it.
            on_leave.try_run(());
        }
    };
    view! {
        <fieldset id=cat(&[&id, "-group"]) class="choices field" part="field" node_ref=group on:focusout=focus_out>
            <legend class="label">{legend}</legend>
            {hint.map(|hint| view! { <p id=cat(&[&id, "-hint"]) class="hint">{hint}</p> })}
            <FieldMessage id=id.clone() error/>
            <div class="options">{radios}</div>
            {children.map(|children| children())}
        </fieldset>
    }
}
