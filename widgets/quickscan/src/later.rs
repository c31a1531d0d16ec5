//! Continuing elsewhere: "later verder" keeps the answers on the server behind a short code (under every step),
//! and "verder met een code" fetches them on another device and continues where they were left.

use inspraak_api::{DraftCode, SaveDraft};
use leptos::{ev::SubmitEvent, html, prelude::*, task::spawn_local};

use super::ScanContext;
use inspraak_widget_core::{
    api_client::{ApiClient, ApiError},
    browser,
    i18n::Texts,
};

/// Where "later verder" is.
#[derive(Debug, Clone, PartialEq)]
pub enum Later {
    Saving,
    Saved(DraftCode),
    /// The catalogue key of the reason.
    Failed(&'static str),
}

/// Keeps the answers on the server and returns the code, for "later verder".
pub async fn save_for_later(api: &ApiClient, context: ScanContext) -> Result<DraftCode, ApiError> {
    let wizard = context.wizard;
    let draft = SaveDraft { answers: wizard.answers.get_untracked(), step: wizard.steps.index() as u32 };
    let id = context.scan.with_value(|s| s.id.clone());
    api.save_quickscan_draft(&id, &draft, &browser::random_id()).await
}

/// "Later verder" with the code once it is made, in the navigation under every step.
pub fn later() -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ScanContext>();
    let save_later = move |_| {
        if context.later.get_untracked() == Some(Later::Saving) {
            return;
        }
        context.later.set(Some(Later::Saving));
        spawn_local(async move {
            let saved = save_for_later(&context.api.get_value(), context).await;
            context.later.set(Some(match saved {
                Ok(code) => Later::Saved(code),
                Err(error) => Later::Failed(error.message_key()),
            }));
        });
    };
    view! {
        <div class="later">
            <button type="button" class="button link" part="button"
                aria-disabled=move || (context.later.get() == Some(Later::Saving)).then_some("true")
                on:click=save_later>
                {texts.get("quickscan.later")}
            </button>
            <div class="later-status" role="status">
                {move || context.later.get().map(|later| match later {
                    Later::Saving => view! { <p>{texts.get("quickscan.later.saving")}</p> }.into_any(),
                    Later::Saved(code) => {
                        let until = browser::long_date(&code.expires_at[..10], texts.lang);
                        view! {
                            <p class="later-code">
                                {texts.get("quickscan.later.code")}" "
                                <strong class="code" part="code">{code.code.clone()}</strong>
                            </p>
                            <p class="meta">{texts.format("quickscan.later.until", &[("date", &until)])}</p>
                        }.into_any()
                    }
                    Later::Failed(key) => view! {
                        <p class="error" part="error">{texts.get("quickscan.later.failed")}" "{texts.get(key)}</p>
                    }.into_any(),
                })}
            </div>
        </div>
    }
}

/// "Verder met een code": fetches a draft kept on the server and continues where it was left.
#[component]
pub fn Resume() -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ScanContext>();
    let open = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);
    let input = NodeRef::<html::Input>::new();
    let fail = move |key: &'static str| {
        error.set(Some(key));
        browser::focus_soon(move || input.get().map(Into::into));
    };
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(code) = inspraak_api::quickscan::normalise_resume_code(&typed.get_untracked()) else {
            fail("quickscan.resume.invalid");
            return;
        };
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            let id = context.scan.with_value(|s| s.id.clone());
            let loaded = context.api.get_value().quickscan_draft(&id, &code).await;
            busy.set(false);
            match loaded {
                Ok(saved) if context.scan.with_value(|scan| saved.answers.validate_draft(scan).is_ok()) => {
                    context.wizard.update(|answers| *answers = saved.answers);
                    context.wizard.notice.set(Some("quickscan.resume.done"));
                    context.go_to(saved.step as usize);
                }
                Ok(_) => fail("quickscan.resume.invalid"),
                Err(e) if e.kind() == Some(inspraak_api::ProblemKind::NotFound) => fail("quickscan.resume.not_found"),
                Err(e) if e.kind() == Some(inspraak_api::ProblemKind::InvalidInput) => fail("quickscan.resume.invalid"),
                Err(ApiError::Problem(p)) if p.kind() == Some(inspraak_api::ProblemKind::TooManyRequests) => {
                    fail("quickscan.resume.too_many")
                }
                Err(e) => fail(e.message_key()),
            }
        });
    };
    view! {
        <div class="resume">
            <button type="button" class="button link" part="button" aria-controls="resume-form"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                on:click=move |_| {
                    open.update(|o| *o = !*o);
                    if open.get_untracked() {
                        browser::focus_soon(move || input.get().map(Into::into));
                    }
                }>
                {texts.get("quickscan.resume.toggle")}
            </button>
            <form id="resume-form" class="resume-form" novalidate hidden=move || !open.get() on:submit=on_submit>
                <label for="resume-code" class="label">{texts.get("quickscan.resume.label")}</label>
                <p id="resume-hint" class="hint">{texts.get("quickscan.resume.hint")}</p>
                <input id="resume-code" class="input code" type="text" autocomplete="off" autocapitalize="characters"
                    spellcheck="false" node_ref=input prop:value=move || typed.get()
                    aria-invalid=move || error.get().is_some().then_some("true")
                    aria-describedby=move || if error.get().is_some() { "resume-hint resume-error" } else { "resume-hint" }
                    on:input=move |event| typed.set(event_target_value(&event))/>
                {move || error.get().map(|key| view! {
                    <p id="resume-error" class="error" part="error">{texts.get(key)}</p>
                })}
                <div class="actions">
                    <button type="submit" class="button" part="button" aria-disabled=move || busy.get().then_some("true")>
                        {texts.get("quickscan.resume.submit")}
                    </button>
                    <span class="status" role="status">{move || busy.get().then(|| texts.get("widget.loading"))}</span>
                </div>
            </form>
        </div>
    }
}
