//! `<inspraak-quickscan>`: the quick scan lokale democratie, one theme per step, with the respondent's own profile
//! beside the anonymous aggregate at the end.
//!
//! Attributes (or `data-` attributes on `<div data-inspraak="quickscan">`):
//! - `scan` — the scan id (required)
//! - `invitation` — an invitation code, for a role that answers with one (else taken from the page address's
//!   `?uitnodiging=`, or typed in; see `invitation.rs`)
//! - `api`, `lang` — as for every widget
//!
//! Answers are kept in this browser after every change (30 days) and restored after a reload; "Later verder" keeps
//! them on the server behind a short code to continue on another device. A retried submission carries the same
//! `Idempotency-Key`, so it is stored once.
//!
//! Events (bubbling, composed, on the element):
//! - `inspraak:submitted` — a response was stored; `detail.scan` and `detail.round` name it
//!
//! CSS custom properties: the shared ones listed in docs/theming.md (resolved in `styles/tokens.css`), plus
//! - `--inspraak-quickscan-min-height` — space reserved while loading (default `32em`)
//! - `--inspraak-chart-own-color`, `--inspraak-chart-average-color` — the bars of the result chart
//!
//! Parts: `root`, `quickscan`, `step-header`, `step-progress`, `statement`, `scale`, `button`, `error`, `notice`,
//! `review`, `result`, `chart`, `table`.

mod invitation;
mod results;
mod steps;

use inspraak_api::{Agreement, FieldErrorCode, ProblemKind, Quickscan, QuickscanAnswers, ResponseReceipt, SaveDraft};
use leptos::{prelude::*, task::spawn_local};
use serde::{Deserialize, Serialize};

use inspraak_widget_core::{
    api_client::{ApiClient, ApiError, SubmitFailure},
    browser,
    embed::{ConfigError, Host, WidgetConfig, load_view},
    form::{DraftStore, Sending},
    i18n::Texts,
};
use results::ResultView;
use steps::{CustomStep, ReviewStep, RoleStep, ThemeStep};

/// The widget for `<inspraak-quickscan scan="…">`.
pub fn widget(config: &WidgetConfig) -> Result<AnyView, ConfigError> {
    let scan = config.required("scan")?;
    invitation::take(config.attribute("invitation"), &scan);
    let api = ApiClient::new(&config.api);
    Ok(view! { <QuickscanWidget api scan/> }.into_any())
}

/// How the quick scan words a submission that failed.
const SUBMIT_FAILURE: SubmitFailure = SubmitFailure {
    network: "quickscan.error.submit_network",
    timeout: "quickscan.error.submit_timeout",
    too_many: "quickscan.error.too_many",
    server: "quickscan.error.submit_server",
};

/// How long answers stay in this browser after the last change.
pub const DRAFT_DAYS: u32 = 30;

/// One step of the scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Role,
    Theme(usize),
    Custom,
    Review,
}

/// The steps of `scan`: the role, one per theme, the municipality's own questions if it has any, the review.
pub fn steps_of(scan: &Quickscan) -> Vec<Step> {
    let mut steps = vec![Step::Role];
    steps.extend((0..scan.themes.len()).map(Step::Theme));
    if !scan.custom_questions.is_empty() {
        steps.push(Step::Custom);
    }
    steps.push(Step::Review);
    steps
}

/// What is kept in this browser while answering.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub answers: QuickscanAnswers,
    pub step: usize,
    #[serde(default)]
    pub sending: Sending,
}

fn draft_store(api: &ApiClient, scan: &Quickscan) -> DraftStore {
    DraftStore::new(format!("inspraak:quickscan:draft:{}:{}:{}", api.base(), scan.id, scan.round.id), DRAFT_DAYS)
}

/// The receipt of this browser's response in the scan's round, kept to show the result again.
fn done_store(api: &ApiClient, scan: &Quickscan) -> DraftStore {
    DraftStore::new(format!("inspraak:quickscan:done:{}:{}:{}", api.base(), scan.id, scan.round.id), 365)
}

#[derive(Debug, Clone, PartialEq)]
struct Loaded {
    scan: Quickscan,
    done: Option<ResponseReceipt>,
}

async fn load(api: ApiClient, id: String) -> Result<Loaded, ApiError> {
    let scan = api.quickscan(&id).await?;
    let mut done = done_store(&api, &scan).load::<ResponseReceipt>();
    if let Some(receipt) = &mut done {
        // The aggregate as it is now; the one from the moment of submitting if the server cannot say.
        if let Ok(results) = api.quickscan_results(&id).await
            && results.round == receipt.round
        {
            receipt.results = results;
        }
    }
    Ok(Loaded { scan, done })
}

/// The quick scan widget: loads the scan, then leads the respondent through it.
#[component]
pub fn QuickscanWidget(
    /// the backend to talk to
    api: ApiClient,
    /// the id of the scan
    #[prop(into)]
    scan: String,
) -> impl IntoView {
    let fetch = {
        let api = api.clone();
        move || load(api.clone(), scan.clone())
    };
    load_view(fetch, "quickscan.loading", "quickscan.not_found", move |loaded, focus_heading| {
        view! { <QuickscanView api=api.clone() loaded focus_heading/> }.into_any()
    })
}

/// Where the respondent is.
#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Answering,
    Closed,
    /// `just_now`: submitted in this visit (else shown again from this browser's memory).
    Done {
        receipt: Box<ResponseReceipt>,
        just_now: bool,
    },
}

/// A message at the top of the scan about the answers themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Notice {
    Restored,
    Resumed,
}

/// Where "later verder" is.
#[derive(Debug, Clone, PartialEq)]
pub enum Later {
    Saving,
    Saved(inspraak_api::DraftCode),
    /// The catalogue key of the reason.
    Failed(&'static str),
}

/// Everything the steps share, `Copy` so every handler can hold it.
#[derive(Clone, Copy)]
pub struct ScanContext {
    pub api: StoredValue<ApiClient>,
    pub later: RwSignal<Option<Later>>,
    pub scan: StoredValue<Quickscan>,
    pub steps: StoredValue<Vec<Step>>,
    pub answers: RwSignal<QuickscanAnswers>,
    pub step: RwSignal<usize>,
    /// Whether the next step drawn takes focus (false only for the first one on the page).
    pub focus_step: StoredValue<bool>,
    sending: StoredValue<Sending>,
}

impl ScanContext {
    /// Changes the answers; new answers get a new Idempotency-Key.
    pub fn update(self, change: impl FnOnce(&mut QuickscanAnswers)) {
        self.answers.update(change);
        self.sending.update_value(Sending::renew);
    }

    fn draft(self) -> Draft {
        Draft {
            answers: self.answers.get_untracked(),
            step: self.step.get_untracked(),
            sending: self.sending.get_value(),
        }
    }

    pub fn answer(self, statement: &str, value: Agreement) {
        let statement = statement.to_owned();
        self.update(|answers| {
            answers.statements.insert(statement, value);
        });
    }

    pub fn go_to(self, index: usize) {
        self.focus_step.set_value(true);
        self.step.set(index.min(self.steps.with_value(Vec::len) - 1));
    }

    pub fn english(self) -> bool {
        expect_context::<Texts>().lang == inspraak_widget_core::i18n::Lang::En
    }
}

#[component]
fn QuickscanView(api: ApiClient, loaded: Loaded, focus_heading: bool) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let host = expect_context::<Host>();
    let Loaded { scan, done } = loaded;
    let drafts = draft_store(&api, &scan);
    let done_memory = done_store(&api, &scan);
    let steps = steps_of(&scan);
    let last = steps.len() - 1;
    let restored = drafts
        .load::<Draft>()
        .filter(|draft| draft.answers.validate_draft(&scan).is_ok())
        .filter(|draft| draft.answers.role.is_some() || !draft.answers.statements.is_empty());
    let phase = RwSignal::new(match done {
        Some(receipt) => Phase::Done { receipt: Box::new(receipt), just_now: false },
        None if !scan.is_open() => Phase::Closed,
        None => Phase::Answering,
    });
    let notice = RwSignal::new(restored.as_ref().map(|_| Notice::Restored));
    let restored = restored.unwrap_or_default();
    let context = ScanContext {
        api: StoredValue::new(api.clone()),
        later: RwSignal::new(None),
        scan: StoredValue::new(scan),
        steps: StoredValue::new(steps),
        answers: RwSignal::new(restored.answers),
        step: RwSignal::new(restored.step.min(last)),
        focus_step: StoredValue::new(focus_heading),
        sending: StoredValue::new(restored.sending.restored()),
    };
    provide_context(context);

    // Keep every change in this browser, as long as the respondent is answering.
    Effect::new(move |_| {
        context.answers.track();
        context.step.track();
        if phase.get_untracked() == Phase::Answering {
            drafts.save(&context.draft());
        }
    });

    let submitting = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<String>);
    let submit = Callback::new(move |()| {
        if submitting.get_untracked() {
            return;
        }
        let mut answers = context.answers.get_untracked();
        answers.fill_seconds = context.sending.with_value(Sending::fill_seconds);
        let scan = context.scan.get_value();
        if let Err(errors) = answers.validate(&scan) {
            let key = match errors.first().map(|e| (e.name.as_str(), e.code)) {
                Some(("role", _)) => "quickscan.error.no_role",
                Some(("statements", FieldErrorCode::Required)) => "quickscan.error.no_answers",
                Some(("fill_seconds", _)) => "quickscan.error.too_fast",
                _ => "quickscan.error.invalid",
            };
            submit_error.set(Some(texts.get(key).to_owned()));
            return;
        }
        submit_error.set(None);
        submitting.set(true);
        // From here on this key stands for exactly this body, also after a reload.
        context.sending.update_value(|sending| sending.sent_seconds = Some(answers.fill_seconds));
        drafts.save(&context.draft());
        let host = host.clone();
        spawn_local(async move {
            let key = context.sending.with_value(|sending| sending.key.clone());
            let result = invitation::submit(context, &answers, &key).await;
            submitting.set(false);
            let message = match result {
                Ok(receipt) => {
                    drafts.clear();
                    done_memory.save(&receipt);
                    browser::dispatch(&host.0, "inspraak:submitted", &[("scan", &scan.id), ("round", &receipt.round)]);
                    phase.set(Phase::Done { receipt: Box::new(receipt), just_now: true });
                    return;
                }
                Err(error) if error.kind() == Some(ProblemKind::ScanClosed) => {
                    texts.get("quickscan.error.closed").to_owned()
                }
                Err(error) if invitation::problem(&error).is_some() => {
                    texts.get(invitation::problem(&error).unwrap_or_default()).to_owned()
                }
                Err(error) if error.kind() == Some(ProblemKind::InvalidInput) => {
                    texts.get("quickscan.error.invalid").to_owned()
                }
                Err(error) => error.submit_message(texts, &SUBMIT_FAILURE),
            };
            submit_error.set(Some(message));
        });
    });

    let start_over = move |_| {
        drafts.clear();
        notice.set(None);
        context.sending.set_value(Sending::default());
        context.answers.set(QuickscanAnswers::default());
        context.go_to(0);
    };

    let on_resumed = Callback::new(move |()| notice.set(Some(Notice::Resumed)));

    let title = context.scan.with_value(|s| s.title.pick(context.english()).to_owned());
    let label = title.clone();
    view! {
        <section class="quickscan" part="quickscan" aria-label=label>
            <p class="scan-title">{title}</p>
            {move || match phase.get() {
                Phase::Closed => view! { <ClosedView/> }.into_any(),
                Phase::Done { receipt, just_now } => view! { <ResultView receipt=*receipt just_now/> }.into_any(),
                Phase::Answering => view! {
                    {move || notice.get().map(|notice| view! {
                        <div class="restored" part="notice">
                            <p class="notice" role="status">{texts.get(match notice {
                                Notice::Restored => "quickscan.restored",
                                Notice::Resumed => "quickscan.resume.done",
                            })}</p>
                            <button type="button" class="button link" part="button" on:click=start_over>
                                {texts.get("quickscan.start_over")}
                            </button>
                        </div>
                    })}
                    {move || {
                        let index = context.step.get();
                        let focus = context.focus_step.get_value();
                        let total = context.steps.with_value(Vec::len);
                        match context.steps.with_value(|steps| steps[index]) {
                            Step::Role => view! { <RoleStep index total focus on_resumed/> }.into_any(),
                            Step::Theme(theme) => view! { <ThemeStep index total focus theme/> }.into_any(),
                            Step::Custom => view! { <CustomStep index total focus/> }.into_any(),
                            Step::Review => view! {
                                <ReviewStep index total focus submitting submit_error on_submit=submit/>
                            }.into_any(),
                        }
                    }}
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ClosedView() -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ScanContext>();
    let round = context.scan.with_value(|s| s.round.name.clone());
    view! {
        <h2 class="step-title">{texts.get("quickscan.closed.heading")}</h2>
        <p class="notice" part="notice">{texts.format("quickscan.closed", &[("round", &round)])}</p>
    }
}

/// Keeps the answers on the server and returns the code, for "later verder".
pub async fn save_for_later(api: &ApiClient, context: ScanContext) -> Result<inspraak_api::DraftCode, ApiError> {
    let draft = SaveDraft { answers: context.answers.get_untracked(), step: context.step.get_untracked() as u32 };
    let id = context.scan.with_value(|s| s.id.clone());
    api.save_quickscan_draft(&id, &draft, &browser::random_id()).await
}
