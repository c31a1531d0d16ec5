//! The parts every page is made of: the page heading (which takes focus and names the tab), notices, data that loads
//! with a retry, form fields that show the server's `invalidParams` with an error summary, a confirmation step for
//! what cannot be undone, downloads, copying and dates.

use std::future::Future;

use inspraak_api::{FieldError, FieldErrorCode};
use inspraak_widget_core::{form::described_by, i18n::Texts};
use leptos::{html, prelude::*, task::spawn_local};
use wasm_bindgen::{JsCast, JsValue};

use crate::api::Failure;

thread_local! {
    static CURRENT: std::cell::Cell<Option<Texts>> = const { std::cell::Cell::new(None) };
}

/// Makes `texts` the language the back office shows, also for code that runs outside a component (a request's
/// answer arriving in a task has no reactive owner to take the context from).
pub fn set_texts(texts: Texts) {
    CURRENT.with(|current| current.set(Some(texts)));
    provide_context(texts);
}

/// The texts of the language the back office shows.
pub fn texts() -> Texts {
    use_context::<Texts>()
        .or_else(|| CURRENT.with(std::cell::Cell::get))
        .expect("the back office's texts are set before anything is drawn")
}

/// The h1 of a page: takes focus when the page opens (a screen reader reads where the reader landed) and names the
/// browser tab.
#[component]
pub fn PageHeading(#[prop(into)] title: String) -> impl IntoView {
    let heading = NodeRef::<html::H1>::new();
    let app = texts().get("admin.app.name");
    document().set_title(&format!("{title} – {app}"));
    inspraak_widget_core::browser::focus_soon(move || heading.get().map(Into::into));
    view! { <h1 id="page-heading" tabindex="-1" node_ref=heading>{title}</h1> }
}

/// What a reader is told when a request failed.
pub fn failure_message(failure: &Failure) -> String {
    let t = texts();
    match failure {
        Failure::Network => t.get("admin.error.network").to_owned(),
        Failure::Ended => t.get("admin.error.ended").to_owned(),
        Failure::Problem(problem) => match problem.status {
            403 => t.get("admin.error.forbidden").to_owned(),
            404 => t.get("admin.error.not_found").to_owned(),
            409 => problem.detail.clone().unwrap_or_else(|| t.get("admin.error.conflict").to_owned()),
            412 => t.get("admin.error.changed").to_owned(),
            422 => t.get("admin.error.invalid").to_owned(),
            429 => t.format("admin.error.too_many", &[("seconds", &problem.retry_after.unwrap_or(60).to_string())]),
            _ => t.get("admin.error.server").to_owned(),
        },
        Failure::Unexpected(_) => t.get("admin.error.server").to_owned(),
    }
}

/// A message in a box: `kind` is `info`, `success`, `warning` or `error`. An error is announced at once.
#[component]
pub fn Notice(#[prop(into)] kind: String, #[prop(into)] message: String) -> impl IntoView {
    let role = if kind == "error" { "alert" } else { "status" };
    view! { <div class=format!("notice notice-{kind}") role=role><p>{message}</p></div> }
}

/// Data from the API: nothing yet, or the answer.
pub type Loading<T> = RwSignal<Option<Result<T, Failure>>>;

/// Starts `fetch` now and again with the returned function.
pub fn load<T, Fut>(fetch: impl Fn() -> Fut + 'static) -> (Loading<T>, impl Fn() + Copy + 'static)
where
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<T, Failure>> + 'static,
{
    let state: Loading<T> = RwSignal::new(None);
    let fetch = StoredValue::new_local(fetch);
    let reload = move || {
        let answer = fetch.with_value(|fetch| fetch());
        spawn_local(async move {
            state.try_set(Some(answer.await));
        });
    };
    reload();
    (state, reload)
}

/// Shows `state`: a loading line, the failure with a retry, or `view(data)`.
pub fn loaded<T: Clone + Send + Sync + 'static, V: IntoView + 'static>(
    state: Loading<T>,
    retry: impl Fn() + Copy + Send + Sync + 'static,
    view: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let t = texts();
    move || match state.get() {
        None => view! { <p class="loading" role="status">{t.get("admin.loading")}</p> }.into_any(),
        Some(Ok(data)) => view(data).into_any(),
        Some(Err(Failure::Ended)) => ().into_any(),
        Some(Err(failure)) => {
            let message = failure_message(&failure);
            view! {
                <div class="notice notice-error" role="alert">
                    <p>{message}</p>
                    <button type="button" class="button secondary" on:click=move |_| retry()>{t.get("admin.retry")}</button>
                </div>
            }
            .into_any()
        }
    }
}

/// The id of the control for the API field `name` (`options.0.label` → `field-options-0-label`).
pub fn field_id(name: &str) -> String {
    format!("field-{}", name.replace(['.', '[', ']', '_'], "-").trim_end_matches('-'))
}

/// What the reader sees for a field the API refused: the code in words of their language.
pub fn field_message(error: &FieldError) -> String {
    let t = texts();
    let key = match error.code {
        FieldErrorCode::Required => "admin.field.required",
        FieldErrorCode::TooLong => "admin.field.too_long",
        FieldErrorCode::TooShort => "admin.field.too_short",
        FieldErrorCode::TooMany => "admin.field.too_many",
        FieldErrorCode::TooFew => "admin.field.too_few",
        FieldErrorCode::Duplicate => "admin.field.duplicate",
        FieldErrorCode::OutOfRange => "admin.field.out_of_range",
        FieldErrorCode::InPast => "admin.field.in_past",
        _ => "admin.field.format",
    };
    t.get(key).to_owned()
}

/// The fields a form's save was refused for, by API field name.
#[derive(Clone, Copy)]
pub struct FormErrors(pub RwSignal<Vec<FieldError>>);

impl FormErrors {
    pub fn new() -> FormErrors {
        FormErrors(RwSignal::new(Vec::new()))
    }

    /// The message for field `name`, or for its first part below it (`options` for `options.0`).
    pub fn of(self, name: &str) -> Signal<Option<String>> {
        let name = name.to_owned();
        Signal::derive(move || {
            self.0.with(|errors| {
                errors.iter().find(|e| e.name == name || e.name.starts_with(&format!("{name}."))).map(field_message)
            })
        })
    }

    pub fn set(self, errors: Vec<FieldError>) {
        self.0.set(errors);
    }

    pub fn clear(self) {
        self.0.set(Vec::new());
    }
}

impl Default for FormErrors {
    fn default() -> Self {
        FormErrors::new()
    }
}

/// The list of what is wrong, at the top of a form: each a link to its field. Takes focus when it appears.
#[component]
pub fn ErrorSummary(
    errors: FormErrors,
    #[prop(optional)] labels: Option<fn(&str) -> Option<&'static str>>,
) -> impl IntoView {
    let t = texts();
    let node = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if errors.0.with(|e| !e.is_empty()) {
            inspraak_widget_core::browser::focus_soon(move || node.get().map(Into::into));
        }
    });
    view! {
        <div class="error-summary" role="group" aria-labelledby="error-summary-heading" tabindex="-1" node_ref=node
            hidden=move || errors.0.with(Vec::is_empty)>
            <h2 id="error-summary-heading">
                {move || t.plural("admin.summary", errors.0.with(Vec::len) as u64, &[])}
            </h2>
            <ul>
                {move || errors.0.get().into_iter().map(|error| {
                    let id = field_id(&error.name);
                    let target = id.clone();
                    let label = labels.and_then(|labels| labels(&error.name)).map(|key| t.get(key).to_owned());
                    let message = match label {
                        Some(label) => format!("{label}: {}", field_message(&error)),
                        None => field_message(&error),
                    };
                    view! {
                        <li><a href=format!("#{id}") on:click=move |event| {
                            event.prevent_default();
                            if let Some(element) = document().get_element_by_id(&target)
                                && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
                            {
                                let _ = element.focus();
                            }
                        }>{message}</a></li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// The error under a field.
#[component]
pub fn FieldMessage(#[prop(into)] id: String, error: Signal<Option<String>>) -> impl IntoView {
    let t = texts();
    move || {
        error.get().map(|message| {
            view! {
                <p id=format!("{id}-error") class="field-error">
                    <span class="visually-hidden">{t.get("admin.field.error_prefix")}" "</span>{message}
                </p>
            }
        })
    }
}

/// A labelled text input (or textarea) for the API field `name`, its error from `errors`.
#[component]
pub fn TextInput(
    /// the API field, e.g. `question`
    #[prop(into)]
    name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    value: RwSignal<String>,
    errors: FormErrors,
    /// `text`, `email`, `url`, `date`, `datetime-local`, `number`, `password`
    #[prop(default = "text")]
    input_type: &'static str,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] disabled: bool,
) -> impl IntoView {
    let id = field_id(&name);
    let error = errors.of(&name);
    let has_hint = hint.is_some();
    let describe = {
        let id = id.clone();
        move || described_by(&id, has_hint, error.with(Option::is_some))
    };
    let invalid = move || error.with(Option::is_some).then_some("true");
    let control = if multiline {
        view! {
            <textarea id=id.clone() class="textarea" rows="4" aria-describedby=describe aria-invalid=invalid
                required=required prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e))></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() class="input" type=input_type aria-describedby=describe aria-invalid=invalid
                required=required autocomplete=autocomplete disabled=disabled
                prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e))/>
        }
        .into_any()
    };
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for=id.clone() class="label">{label}</label>
            {hint.map(|hint| view! { <p id=format!("{id}-hint") class="hint">{hint}</p> })}
            <FieldMessage id=id.clone() error/>
            {control}
        </div>
    }
}

/// A labelled select for the API field `name`: (value, label) options.
#[component]
pub fn SelectInput(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    options: Vec<(String, String)>,
    value: RwSignal<String>,
    errors: FormErrors,
) -> impl IntoView {
    let id = field_id(&name);
    let error = errors.of(&name);
    let has_hint = hint.is_some();
    let describe = {
        let id = id.clone();
        move || described_by(&id, has_hint, error.with(Option::is_some))
    };
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for=id.clone() class="label">{label}</label>
            {hint.map(|hint| view! { <p id=format!("{id}-hint") class="hint">{hint}</p> })}
            <FieldMessage id=id.clone() error/>
            <select id=id.clone() class="select" aria-describedby=describe
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                on:change=move |e| value.set(event_target_value(&e))>
                {options.into_iter().map(|(option, text)| {
                    let selected = option.clone();
                    view! { <option value=option prop:selected=move || value.get() == selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// A checkbox with its label.
#[component]
pub fn CheckboxInput(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    value: RwSignal<bool>,
) -> impl IntoView {
    let id = field_id(&name);
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    view! {
        <div class="field field-checkbox">
            <input id=id.clone() type="checkbox" class="checkbox" aria-describedby=hint_id.clone()
                prop:checked=move || value.get() on:change=move |e| value.set(event_target_checked(&e))/>
            <label for=id.clone() class="label">{label}</label>
            {hint.map(|hint| view! { <p id=hint_id.unwrap_or_default() class="hint">{hint}</p> })}
        </div>
    }
}

/// A button for what cannot be undone: the first press asks, a second button does it, another cancels.
#[component]
pub fn ConfirmButton(
    #[prop(into)] label: String,
    /// the question asked before
    #[prop(into)]
    question: String,
    #[prop(into)] confirm: String,
    on_confirm: Callback<()>,
    #[prop(optional)] busy: Signal<bool>,
) -> impl IntoView {
    let t = texts();
    let asking = RwSignal::new(false);
    let yes = NodeRef::<html::Button>::new();
    let first = NodeRef::<html::Button>::new();
    view! {
        <div class="confirm">
            <Show when=move || asking.get() fallback=move || view! {
                <button type="button" class="button danger" node_ref=first on:click=move |_| {
                    asking.set(true);
                    inspraak_widget_core::browser::focus_soon(move || yes.get().map(Into::into));
                }>{label.clone()}</button>
            }>
                <div class="confirm-question" role="group" aria-labelledby="confirm-question">
                    <p id="confirm-question"><strong>{question.clone()}</strong></p>
                    <button type="button" class="button danger" node_ref=yes
                        aria-disabled=move || busy.get().then_some("true")
                        on:click=move |_| if !busy.get_untracked() { on_confirm.run(()) }>{confirm.clone()}</button>
                    " "
                    <button type="button" class="button secondary" on:click=move |_| {
                        asking.set(false);
                        inspraak_widget_core::browser::focus_soon(move || first.get().map(Into::into));
                    }>{t.get("admin.cancel")}</button>
                </div>
            </Show>
        </div>
    }
}

/// Lets the browser save `content` as a file.
pub fn download(file_name: &str, content: &str, mime: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(anchor) = document().create_element("a") {
        let anchor: web_sys::HtmlAnchorElement = anchor.unchecked_into();
        anchor.set_href(&url);
        anchor.set_download(file_name);
        let _ = document().body().map(|body| body.append_child(&anchor));
        anchor.click();
        anchor.remove();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Puts `text` on the clipboard.
pub async fn copy(text: &str) -> bool {
    let promise = window().navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// An RFC 3339 time as the reader's language writes a date and time ("1 december 2026 om 10:30").
pub fn date_time(iso: &str) -> String {
    let t = texts();
    let date = js_sys::Date::new(&JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return iso.to_owned();
    }
    let options = js_sys::Object::new();
    for (key, value) in [("dateStyle", "long"), ("timeStyle", "short"), ("timeZone", "Europe/Amsterdam")] {
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    date.to_locale_string(t.lang.tag(), &options).into()
}

/// A YYYY-MM-DD date in the reader's language.
pub fn date(day: &str) -> String {
    inspraak_widget_core::browser::long_date(day, texts().lang)
}

/// An RFC 3339 time as the value of a `datetime-local` input, in the Netherlands' time ("2026-12-01T10:30").
pub fn to_local_input(iso: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return String::new();
    }
    let shifted = js_sys::Date::new(&JsValue::from_f64(date.get_time() - date.get_timezone_offset() * 60_000.0));
    let text: String = shifted.to_iso_string().into();
    text.chars().take(16).collect()
}

/// A `datetime-local` value (in the browser's time zone) as RFC 3339 in UTC; empty stays None.
pub fn from_local_input(value: &str) -> Option<String> {
    if value.trim().is_empty() {
        return None;
    }
    let date = js_sys::Date::new(&JsValue::from_str(value));
    if date.get_time().is_nan() {
        // Let the server say it is not a time.
        return Some(value.to_owned());
    }
    let text: String = date.to_iso_string().into();
    // 2026-12-01T09:30:00.000Z → 2026-12-01T09:30:00Z
    Some(format!("{}Z", text.chars().take(19).collect::<String>()))
}

/// A whole number with a decimal for tenths, as the reader writes it (`3,5`).
pub fn one_decimal(value: f64) -> String {
    texts().lang.tenths((value * 10.0).round() as i64)
}
