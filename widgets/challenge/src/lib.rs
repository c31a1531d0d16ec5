//! `<inspraak-challenge>`: the Right to Challenge (Uitdaagrecht) intake, seven steps, a review and a confirmation
//! with a reference number; nothing typed is lost on the way.
//!
//! Attributes (or `data-` attributes on `<div data-inspraak="challenge">`):
//! - `form` — the id of the municipality's challenge form (required)
//! - `api`, `lang` — as for every widget
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
    ChallengeForm, ChallengeReceipt, ChallengeStep, FieldError, FieldErrorCode, ProblemKind,
    challenge::MIN_FILL_SECONDS,
};
use leptos::{prelude::*, task::spawn_local};
use serde::{Deserialize, Serialize};

use fields::{Answers, field_of};
use inspraak_widget_core::{
    api_client::{ApiClient, ApiError, SubmitFailure},
    browser,
    embed::{ConfigError, Host, WidgetConfig, load_view},
    form::{DraftStore, Sending},
    i18n::Texts,
};
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

/// What is kept in this browser while filling in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    /// Without the contact details unless `remember`.
    pub answers: Answers,
    pub step: usize,
    /// "Onthoud mijn gegevens op dit apparaat".
    pub remember: bool,
    /// The Idempotency-Key and fill-in time, so a submission retried after a reload is the same request.
    pub sending: Sending,
}

/// A submitted application as this browser remembers it, to show the confirmation again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Done {
    pub receipt: ChallengeReceipt,
    /// Without the contact details unless the resident asked to remember them.
    pub answers: Answers,
}

pub fn draft_store(api: &ApiClient, form: &str) -> DraftStore {
    DraftStore::new(format!("inspraak:challenge:draft:{}:{form}", api.base()), DRAFT_DAYS)
}

fn done_store(api: &ApiClient, form: &str) -> DraftStore {
    DraftStore::new(format!("inspraak:challenge:done:{}:{form}", api.base()), DRAFT_DAYS)
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

/// Where focus goes when a step is drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Focus {
    /// Nowhere: the first step on page load.
    Stay,
    Heading,
    /// The error summary of the step.
    Summary,
    /// A field, by its control id (a "Wijzig" on the review).
    Field(String),
}

/// Everything the steps share, `Copy` so every handler can hold it.
#[derive(Clone, Copy)]
pub struct ChallengeContext {
    pub api: StoredValue<ApiClient>,
    pub form: StoredValue<ChallengeForm>,
    pub answers: RwSignal<Answers>,
    pub step: RwSignal<usize>,
    /// The errors shown, by field name; the summary lists those of the step while `summary` is on.
    pub errors: RwSignal<Vec<FieldError>>,
    pub summary: RwSignal<bool>,
    pub remember: RwSignal<bool>,
    /// The resident came from the review through "Wijzig": offer the way straight back.
    pub from_review: RwSignal<bool>,
    pub focus: StoredValue<Focus>,
    sending: StoredValue<Sending>,
    drafts: DraftStore,
}

impl ChallengeContext {
    /// Changes the answers; new answers get a new Idempotency-Key.
    pub fn update(self, change: impl FnOnce(&mut Answers)) {
        self.sending.update_value(Sending::renew);
        self.answers.update(change);
    }

    /// Sets a text or number field to what was typed, and re-checks the errors shown on its step.
    pub fn set(self, name: &'static str, typed: String) {
        self.update(|a| a.set(name, typed));
        self.refresh(name, false);
    }

    pub fn today() -> String {
        browser::local_date()
    }

    /// Every reason the fields of `step` are not right yet.
    pub fn check(self, step: ChallengeStep) -> Vec<FieldError> {
        let today = Self::today();
        self.form.with_value(|form| self.answers.with_untracked(|a| a.check(step, form, &today)))
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
                    .map(|e| self.form.with_value(|f| self.answers.with(|a| messages::message(texts, f, a, e))))
                    .collect();
                (!matching.is_empty()).then(|| matching.join(" "))
            })
        })
    }

    pub fn go_to(self, index: usize, focus: Focus) {
        self.focus.set_value(focus);
        self.summary.set(false);
        self.step.set(index.min(REVIEW));
    }

    /// Shows `errors` (all steps, from the review or a 422) at the first step that has one, with its summary.
    pub fn show_errors(self, errors: Vec<FieldError>) {
        let first = errors.iter().filter_map(|e| ChallengeStep::of_field(&e.name)).min_by_key(|s| *s as usize);
        let Some(first) = first else { return };
        self.errors.set(errors);
        self.from_review.set(true);
        self.go_to(first as usize, Focus::Summary);
        self.summary.set(true);
    }

    pub fn save_draft(self) {
        let answers = self.answers.get_untracked();
        let remember = self.remember.get_untracked();
        self.drafts.save(&Draft {
            answers: if remember { answers } else { answers.without_contact() },
            step: self.step.get_untracked(),
            remember,
            sending: self.sending.get_value(),
        });
    }

    /// Forgets the draft and starts again from the first step.
    pub fn start_over(self) {
        self.drafts.clear();
        self.sending.set_value(Sending::default());
        self.errors.set(Vec::new());
        self.remember.set(false);
        self.from_review.set(false);
        self.answers.set(Answers::default());
        self.go_to(0, Focus::Heading);
    }
}

fn server_only(error: &FieldError) -> bool {
    error.code == FieldErrorCode::Unknown && error.name.starts_with("support.attachments[")
}

/// Where the resident is.
#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Filling,
    /// `just_now`: submitted in this visit (else shown again from this browser's memory).
    Done {
        done: Box<Done>,
        just_now: bool,
    },
}

/// A message at the top of the form about the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    Restored,
    Deleted,
}

#[component]
fn ChallengeView(api: ApiClient, loaded: Loaded, focus_heading: bool) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let host = expect_context::<Host>();
    let Loaded { form, done } = loaded;
    let drafts = draft_store(&api, &form.id);
    let done_memory = done_store(&api, &form.id);
    let restored = drafts.load::<Draft>().filter(|draft| draft.answers != Answers::default());
    let phase = RwSignal::new(match done {
        Some(done) => Phase::Done { done: Box::new(done), just_now: false },
        None => Phase::Filling,
    });
    let notice = RwSignal::new(restored.as_ref().map(|_| Notice::Restored));
    let draft = restored.unwrap_or_default();
    let context = ChallengeContext {
        api: StoredValue::new(api),
        form: StoredValue::new(form),
        answers: RwSignal::new(draft.answers),
        step: RwSignal::new(draft.step.min(REVIEW)),
        errors: RwSignal::new(Vec::new()),
        summary: RwSignal::new(false),
        remember: RwSignal::new(draft.remember),
        from_review: RwSignal::new(false),
        focus: StoredValue::new(if focus_heading { Focus::Heading } else { Focus::Stay }),
        sending: StoredValue::new(draft.sending.restored()),
        drafts,
    };
    provide_context(context);

    // Keep every change in this browser while filling in; the first save also records when the form was opened.
    Effect::new(move |_| {
        context.answers.track();
        context.step.track();
        context.remember.track();
        if matches!(phase.get_untracked(), Phase::Filling) {
            context.save_draft();
        }
    });

    let submitting = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<String>);
    let submit = Callback::new(move |()| {
        if submitting.get_untracked() {
            return;
        }
        let answers = context.answers.get_untracked();
        let today = ChallengeContext::today();
        let errors: Vec<FieldError> = context.form.with_value(|form| {
            ChallengeStep::ALL.into_iter().flat_map(|step| answers.check(step, form, &today)).collect()
        });
        if !errors.is_empty() {
            context.show_errors(errors);
            return;
        }
        let seconds = context.sending.with_value(Sending::fill_seconds);
        if seconds < MIN_FILL_SECONDS {
            submit_error.set(Some(texts.get("challenge.error.too_fast").to_owned()));
            return;
        }
        // The same key goes with the same body: a retry after a failure (or a reload) is stored once.
        context.sending.update_value(|sending| sending.sent_seconds = Some(seconds));
        context.save_draft();
        submit_error.set(None);
        submitting.set(true);
        let mut body = answers.application.clone();
        body.fill_seconds = seconds;
        let host = host.clone();
        spawn_local(async move {
            let (api, form) = (context.api.get_value(), context.form.get_value());
            let key = context.sending.with_value(|sending| sending.key.clone());
            let result = api.submit_challenge(&form.id, &body, &key).await;
            submitting.set(false);
            let message = match result {
                Ok(receipt) => {
                    context.drafts.clear();
                    let keep =
                        if context.remember.get_untracked() { answers.clone() } else { answers.without_contact() };
                    done_memory.save(&Done { receipt: receipt.clone(), answers: keep });
                    browser::dispatch(
                        &host.0,
                        "inspraak:submitted",
                        &[("form", &form.id), ("reference", &receipt.reference)],
                    );
                    phase.set(Phase::Done { done: Box::new(Done { receipt, answers }), just_now: true });
                    return;
                }
                Err(ApiError::Problem(problem)) if problem.kind() == Some(ProblemKind::InvalidInput) => {
                    let (fields, others): (Vec<FieldError>, Vec<FieldError>) = problem
                        .invalid_params
                        .into_iter()
                        .partition(|e| field_of(&e.name).is_some() && ChallengeStep::of_field(&e.name).is_some());
                    if others.iter().any(|e| e.name == "fill_seconds") {
                        context.update(|_| {});
                    }
                    if !fields.is_empty() {
                        context.show_errors(fields);
                        return;
                    }
                    match others.first() {
                        Some(error) => texts.get(messages::message_key(&error.name, error.code, &form)).to_owned(),
                        None => texts.get("challenge.error.submit_server").to_owned(),
                    }
                }
                Err(error) if error.kind() == Some(ProblemKind::IdempotencyKeyReused) => {
                    context.update(|_| {});
                    texts.get("challenge.error.submit_server").to_owned()
                }
                Err(error) if error.kind() == Some(ProblemKind::NotFound) => {
                    texts.get("challenge.error.form_gone").to_owned()
                }
                Err(error) => error.submit_message(texts, &SUBMIT_FAILURE),
            };
            submit_error.set(Some(message));
        });
    });

    let start_new = Callback::new(move |()| {
        done_memory.clear();
        notice.set(None);
        context.start_over();
        phase.set(Phase::Filling);
    });
    let on_deleted = Callback::new(move |()| notice.set(Some(Notice::Deleted)));

    let municipality = context.form.with_value(|f| f.municipality.clone());
    let title = texts.format("challenge.title", &[("municipality", &municipality)]);
    let label = title.clone();
    view! {
        <section class="challenge" part="challenge" aria-label=label>
            <p class="scan-title">{title}</p>
            {move || match phase.get() {
                Phase::Done { done, just_now } => view! { <Confirmation done=*done just_now on_new=start_new/> }.into_any(),
                Phase::Filling => view! {
                    {move || notice.get().map(|notice| view! {
                        <p class="notice draft-notice" part="notice" role="status">{texts.get(match notice {
                            Notice::Restored => "challenge.restored",
                            Notice::Deleted => "challenge.deleted",
                        })}</p>
                    })}
                    {move || {
                        let index = context.step.get();
                        if index < REVIEW {
                            view! { <FormStep index on_deleted/> }.into_any()
                        } else {
                            view! { <ReviewStep submitting submit_error on_submit=submit on_deleted/> }.into_any()
                        }
                    }}
                }.into_any(),
            }}
        </section>
    }
}
