//! `<inspraak-challenge>`: the Right to Challenge (Uitdaagrecht) intake, seven steps, a review and a confirmation
//! with a reference number; nothing typed is lost on the way.
//!
//! Attributes (or `data-` attributes on `<div data-inspraak="challenge">`):
//! - `form` — the id of the municipality's challenge form (required)
//! - `api`, `lang` — as for every widget
//! - `address` — `je` or `u`: how the Dutch texts address the applicant (default: the form's `address`, else `je`)
//!
//! Each step is checked with the rules the server uses (`ChallengeSubmission::validate_step`) when a field is left
//! and on "Volgende"; errors show in a summary at the top of the step, each linked to its field. Answers are kept
//! in this browser after every change (14 days), contact details only when the resident ticks "Onthoud mijn
//! gegevens op dit apparaat". Attachments are uploaded as they are chosen. A retried submission carries the same
//! `Idempotency-Key`, so it is stored once.
//!
//! Events (bubbling, composed, on the element):
//! - `inspraak:submitted` — the application was stored; `detail.form` and `detail.reference` name it
//!
//! CSS custom properties: those of `styles/base.css`, plus
//! - `--inspraak-challenge-min-height` — space reserved while loading (default `36em`)
//! - `--inspraak-error-summary-border-color` — the frame of the error summary (default the error colour)
//!
//! Parts: `root`, `challenge`, `step`, `step-header`, `step-progress`, `error-summary`, `field`, `input`,
//! `textarea`, `option`, `button`, `error`, `notice`, `files`, `review`, `confirmation`, `reference`.

mod attachments;
pub mod fields;
pub mod messages;
mod review;
mod steps;

use inspraak_api::{
    ChallengeForm, ChallengeReceipt, ChallengeStep, ChallengeSubmission, FieldError, FieldErrorCode, ProblemKind,
    challenge::MIN_FILL_SECONDS,
};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use fields::{Answers, field_of};
use inspraak_widget_core::{
    api_client::{ApiClient, ApiError, SubmitFailure},
    browser,
    embed::{ConfigError, Host, WidgetConfig, load_view},
    form::{self, DraftStore, Focus, Pages, Sent, Setup, Wizard},
    i18n::Texts,
    json::{FromJson, JsonError, ToJson, field, object, write_object},
};
use inspraak_widget_core::{cat, joined};
use review::{Confirmation, ReviewStep};
use steps::FormStep;

/// The widget for `<inspraak-challenge form="…">`.
pub fn widget(config: &WidgetConfig) -> Result<AnyView, ConfigError> {
    let form = config.required("form")?;
    let api = ApiClient::new(&config.api);
    Ok(view! { <ChallengeWidget api form/> }.into_any())
}

/// How the intake words a submission that failed.
const SUBMIT_FAILURE: SubmitFailure = SubmitFailure {
    network: "challenge.error.submit_network",
    timeout: "challenge.error.submit_timeout",
    too_many: "challenge.error.too_many",
    server: "challenge.error.submit_server",
};

/// How long a draft stays in this browser after the last change.
pub const DRAFT_DAYS: u32 = 14;
/// The seven steps of the application, then the review.
pub const STEP_COUNT: usize = ChallengeStep::ALL.len() + 1;
pub const REVIEW: usize = ChallengeStep::ALL.len();

/// The heading of each step, the review last.
pub const STEP_TITLES: [&str; STEP_COUNT] = [
    "challenge.step.initiative",
    "challenge.step.plan",
    "challenge.step.organisation",
    "challenge.step.support",
    "challenge.step.costs",
    "challenge.step.cooperation",
    "challenge.step.contact",
    "challenge.review.heading",
];

/// What is kept in this browser while filling in: the answers (without the contact details unless the resident
/// ticks "onthoud mijn gegevens"), the step, and the sending.
pub type Draft = form::Draft<Answers>;

/// A submitted application as this browser remembers it, to show the confirmation again.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    pub receipt: ChallengeReceipt,
    /// Without the contact details unless the resident asked to remember them.
    pub answers: Answers,
}

impl FromJson for Done {
    fn from_json(value: &JsValue) -> Result<Done, JsonError> {
        let o = object(value)?;
        Ok(Done { receipt: field(o, "receipt")?, answers: field(o, "answers")? })
    }
}

impl ToJson for Done {
    fn to_json(&self) -> JsValue {
        write_object(&[("receipt", Some(self.receipt.to_json())), ("answers", Some(self.answers.to_json()))])
    }
}

pub fn draft_store(api: &ApiClient, form: &str) -> DraftStore {
    DraftStore::new(cat(&["inspraak:challenge:draft:", api.base(), ":", form]), DRAFT_DAYS)
}

fn done_store(api: &ApiClient, form: &str) -> DraftStore {
    DraftStore::new(cat(&["inspraak:challenge:done:", api.base(), ":", form]), DRAFT_DAYS)
}

#[derive(Debug, Clone, PartialEq)]
struct Loaded {
    form: ChallengeForm,
    done: Option<Done>,
}

async fn load(api: ApiClient, id: String) -> Result<Loaded, ApiError> {
    let form = api.challenge_form(&id).await?;
    let done = done_store(&api, &id).load::<Done>();
    Ok(Loaded { form, done })
}

/// The Right to Challenge widget: loads the form, then leads the group through it.
#[component]
pub fn ChallengeWidget(
    /// the backend to talk to
    api: ApiClient,
    /// the id of the form
    #[prop(into)]
    form: String,
) -> impl IntoView {
    let fetch = {
        let api = api.clone();
        move || load(api.clone(), form.clone())
    };
    load_view(fetch, "challenge.loading", "challenge.not_found", move |loaded, focus_heading| {
        view! { <ChallengeView api=api.clone() loaded focus_heading/> }.into_any()
    })
}

/// The application, and what this browser remembers once it is sent.
pub type ChallengeWizard = Wizard<Answers, Done>;

/// Everything the steps share, `Copy` so every handler can hold it.
#[derive(Clone, Copy)]
pub struct ChallengeContext {
    pub api: StoredValue<ApiClient>,
    pub form: StoredValue<ChallengeForm>,
    pub wizard: ChallengeWizard,
    /// The errors shown, by field name; a step's summary lists those of the step once it is asked for.
    pub errors: RwSignal<Vec<FieldError>>,
}

impl ChallengeContext {
    /// Sets a text or number field to what was typed, and re-checks the errors shown on its step.
    pub fn set(self, name: &'static str, typed: String) {
        self.wizard.update(|a| a.set(name, typed));
        self.refresh(name, false);
    }

    pub fn today() -> String {
        browser::local_date()
    }

    /// Every reason the fields of `step` are not right yet.
    pub fn check(self, step: ChallengeStep) -> Vec<FieldError> {
        let today = Self::today();
        self.form.with_value(|form| self.wizard.answers.with_untracked(|a| a.check(step, form, &today)))
    }

    /// Checks the step of `name` again: errors shown there are updated (or go once fixed), and `name` itself gets
    /// its error when `left` (the resident left the field). Only the server can tell an upload is gone; that
    /// error stays until the files change.
    pub fn refresh(self, name: &str, left: bool) {
        let Some(step) = ChallengeStep::of_field(name) else { return };
        let fresh = self.check(step);
        self.errors.update(|shown| {
            let before: Vec<String> = shown.iter().map(|e| e.name.clone()).collect();
            shown.retain(|e| ChallengeStep::of_field(&e.name) != Some(step) || server_only(e));
            for error in fresh {
                if before.contains(&error.name) || (left && error.name == name) {
                    shown.push(error);
                }
            }
        });
    }

    /// The message(s) of the field `name`, or of every error under it (`support.attachments[…]`) with `nested`.
    pub fn error_of(self, name: &'static str, nested: bool) -> Signal<Option<String>> {
        let texts = expect_context::<Texts>();
        Signal::derive(move || {
            self.errors.with(|errors| {
                let matching: Vec<String> = errors
                    .iter()
                    .filter(|e| e.name == name || (nested && e.name.starts_with(name)))
                    .map(|e| self.form.with_value(|f| self.wizard.answers.with(|a| messages::message(texts, f, a, e))))
                    .collect();
                (!matching.is_empty()).then(|| joined(&matching, " "))
            })
        })
    }

    /// Shows `errors` (all steps, from the review or a 422) at the first step that has one, with its summary.
    pub fn show_errors(self, errors: Vec<FieldError>) {
        let first = errors.iter().filter_map(|e| ChallengeStep::of_field(&e.name)).min_by_key(|s| *s as usize);
        let Some(first) = first else { return };
        self.errors.set(errors);
        self.wizard.steps.change(first as usize, Focus::Summary);
    }
}

fn server_only(error: &FieldError) -> bool {
    error.code == FieldErrorCode::Unknown && error.name.starts_with("support.attachments[")
}

#[component]
fn ChallengeView(api: ApiClient, loaded: Loaded, focus_heading: bool) -> impl IntoView {
    let Loaded { form, done } = loaded;
    // The element's address="…" wins; else the form's default.
    let texts = expect_context::<Texts>().or_address(form.address);
    provide_context(texts);
    let setup = Setup {
        drafts: draft_store(&api, &form.id),
        done: done_store(&api, &form.id),
        sent: done,
        open: true,
        steps: STEP_COUNT,
        focus_first: focus_heading,
        to_review: Some("challenge.to_review"),
        restored: "challenge.restored",
        private: Some(Answers::without_contact),
        failure: &SUBMIT_FAILURE,
    };
    let wizard = Wizard::new(setup, |answers: &Answers| *answers != Answers::default());
    let context = ChallengeContext {
        api: StoredValue::new(api),
        form: StoredValue::new(form),
        wizard,
        errors: RwSignal::new(Vec::new()),
    };
    provide_context(context);
    let municipality = context.form.with_value(|f| f.municipality.clone());
    let title = texts.format("challenge.title", &[("municipality", &municipality)]);
    let pages = Pages {
        step: |index| {
            if index < REVIEW { view! { <FormStep index/> }.into_any() } else { view! { <ReviewStep/> }.into_any() }
        },
        notice: |key| {
            let texts = expect_context::<Texts>();
            view! { <p class="notice draft-notice" part="notice" role="status">{texts.get(key)}</p> }.into_any()
        },
        done: |done, just_now| view! { <Confirmation done just_now/> }.into_any(),
        closed: || ().into_any(),
    };
    wizard.view("challenge", title, pages)
}

/// Sends the application once every step passes the shared rules; a 422 about fields shows at their step.
fn submit(context: ChallengeContext, host: Host) {
    let answers = context.wizard.answers.get_untracked();
    let body = move |seconds| {
        let today = ChallengeContext::today();
        let errors: Vec<FieldError> = context.form.with_value(|form| {
            ChallengeStep::ALL.into_iter().flat_map(|step| answers.check(step, form, &today)).collect()
        });
        if !errors.is_empty() {
            context.show_errors(errors);
            return Err(None);
        }
        if seconds < MIN_FILL_SECONDS {
            return Err(Some("challenge.error.too_fast"));
        }
        let body = context.form.with_value(|form| {
            ChallengeSubmission { fill_seconds: seconds, ..answers.application.clone() }.only_asked(form)
        });
        Ok((body, answers))
    };
    context.wizard.submit(host, body, move |(body, answers), key| async move {
        let (api, form) = (context.api.get_value(), context.form.get_value());
        match api.submit_challenge(&form.id, &body, &key).await {
            Ok(receipt) => {
                let detail = [("form", form.id), ("reference", receipt.reference.clone())];
                let kept = Done { receipt: receipt.clone(), answers: context.wizard.kept(answers.clone()) };
                Sent::Stored { shown: Done { receipt, answers }, kept: Some(kept), event: "inspraak:submitted", detail }
            }
            Err(ApiError::Problem(problem)) if problem.kind() == Some(ProblemKind::InvalidInput) => {
                let (fields, others): (Vec<FieldError>, Vec<FieldError>) = problem
                    .invalid_params
                    .into_iter()
                    .partition(|e| field_of(&e.name).is_some() && ChallengeStep::of_field(&e.name).is_some());
                // Sent too soon: the next try measures the time again, under a new key.
                if others.iter().any(|e| e.name == "fill_seconds") {
                    context.wizard.update(|_| {});
                }
                if !fields.is_empty() {
                    context.show_errors(fields);
                    return Sent::RefusedAtFields;
                }
                Sent::Refused(match others.first() {
                    Some(error) => messages::message_key(&error.name, error.code, &form),
                    None => "challenge.error.submit_server",
                })
            }
            Err(error) if error.kind() == Some(ProblemKind::NotFound) => Sent::Refused("challenge.error.form_gone"),
            Err(error) => Sent::Failed(error),
        }
    });
}
