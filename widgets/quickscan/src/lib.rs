//! `<inspraak-quickscan>`: the quick scan lokale democratie, one theme per step, with the respondent's own profile
//! beside the anonymous aggregate at the end.
//!
//! Attributes (or `data-` attributes on `<div data-inspraak="quickscan">`):
//! - `scan` — the scan id (required)
//! - `invitation` — an invitation code, for a role that answers with one (else taken from the page address's
//!   `?uitnodiging=`, or typed in; see `invitation.rs`)
//! - `api`, `lang` — as for every widget
//! - `address` — `je` or `u`: how the Dutch texts address the respondent (default: the scan's `address`, else `je`)
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
mod later;
mod results;
mod steps;

use inspraak_api::{Agreement, FieldErrorCode, ProblemKind, Quickscan, QuickscanAnswers, ResponseReceipt};
use leptos::prelude::*;

use inspraak_widget_core::{
    api_client::{ApiClient, ApiError, SubmitFailure},
    embed::{ConfigError, Host, WidgetConfig, load_view},
    form::{DraftStore, Focus, Pages, Sent, Setup, Wizard},
    i18n::Texts,
};
pub use later::Later;
use results::ResultView;
use steps::{CustomStep, PrioritiesStep, ReviewStep, RoleStep, ThemeStep};

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
    /// The themes that need work most, when the scan asks for them.
    Priorities,
    Custom,
    Review,
}

/// The steps of `scan`: the role, one per theme, the priorities if it asks for them, the municipality's own
/// questions if it has any, the review.
pub fn steps_of(scan: &Quickscan) -> Vec<Step> {
    let mut steps = vec![Step::Role];
    steps.extend((0..scan.themes.len()).map(Step::Theme));
    if scan.priorities {
        steps.push(Step::Priorities);
    }
    if !scan.custom_questions.is_empty() {
        steps.push(Step::Custom);
    }
    steps.push(Step::Review);
    steps
}

/// `inspraak:quickscan:{what}:{api}:{scan}:{round}`, the key of this scan's round in this browser.
fn store_key(what: &str, api: &ApiClient, scan: &Quickscan) -> String {
    inspraak_widget_core::cat(&["inspraak:quickscan:", what, ":", api.base(), ":", &scan.id, ":", &scan.round.id])
}

fn draft_store(api: &ApiClient, scan: &Quickscan) -> DraftStore {
    DraftStore::new(store_key("draft", api, scan), DRAFT_DAYS)
}

/// The receipt of this browser's response in the scan's round, kept to show the result again.
fn done_store(api: &ApiClient, scan: &Quickscan) -> DraftStore {
    DraftStore::new(store_key("done", api, scan), 365)
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

/// The answers, and the receipt once they are in.
pub type ScanWizard = Wizard<QuickscanAnswers, ResponseReceipt>;

/// Everything the steps share, `Copy` so every handler can hold it.
#[derive(Clone, Copy)]
pub struct ScanContext {
    pub api: StoredValue<ApiClient>,
    pub later: RwSignal<Option<Later>>,
    pub scan: StoredValue<Quickscan>,
    /// The steps of the scan, in order.
    pub order: StoredValue<Vec<Step>>,
    pub wizard: ScanWizard,
}

impl ScanContext {
    pub fn answer(self, statement: &str, value: Agreement) {
        let statement = statement.to_owned();
        self.wizard.update(|answers| {
            answers.statements.insert(statement, value);
        });
    }

    /// Shows step `index`, its heading focused (every move in the scan is to a step's start).
    pub fn go_to(self, index: usize) {
        self.wizard.steps.go_to(index, Focus::Heading);
    }

    pub fn english(self) -> bool {
        expect_context::<Texts>().lang == inspraak_widget_core::i18n::Lang::En
    }
}

#[component]
fn QuickscanView(api: ApiClient, loaded: Loaded, focus_heading: bool) -> impl IntoView {
    let Loaded { scan, done } = loaded;
    // The element's address="…" wins; else the scan's default.
    provide_context(expect_context::<Texts>().or_address(scan.address));
    let order = steps_of(&scan);
    let setup = Setup {
        drafts: draft_store(&api, &scan),
        done: done_store(&api, &scan),
        sent: done,
        open: scan.is_open(),
        steps: order.len(),
        focus_first: focus_heading,
        to_review: None,
        restored: "quickscan.restored",
        private: None,
        failure: &SUBMIT_FAILURE,
    };
    let wizard = Wizard::new(setup, |answers: &QuickscanAnswers| {
        answers.validate_draft(&scan).is_ok() && (answers.role.is_some() || !answers.statements.is_empty())
    });
    let context = ScanContext {
        api: StoredValue::new(api),
        later: RwSignal::new(None),
        scan: StoredValue::new(scan),
        order: StoredValue::new(order),
        wizard,
    };
    provide_context(context);
    let title = context.scan.with_value(|s| s.title.pick(context.english()).to_owned());
    let pages = Pages {
        step: move |index| step_view(context, index),
        notice: move |key| notice_view(context, key),
        done: |receipt, just_now| view! { <ResultView receipt just_now/> }.into_any(),
        closed: || view! { <ClosedView/> }.into_any(),
    };
    wizard.view("quickscan", title, pages)
}

fn step_view(context: ScanContext, index: usize) -> AnyView {
    let focus = context.wizard.steps.focus_heading();
    let total = context.wizard.steps.count();
    match context.order.with_value(|order| order[index]) {
        Step::Role => view! { <RoleStep index total focus/> }.into_any(),
        Step::Theme(theme) => view! { <ThemeStep index total focus theme/> }.into_any(),
        Step::Priorities => view! { <PrioritiesStep index total focus/> }.into_any(),
        Step::Custom => view! { <CustomStep index total focus/> }.into_any(),
        Step::Review => view! { <ReviewStep/> }.into_any(),
    }
}

/// That the answers were restored or resumed, with the way to start over.
fn notice_view(context: ScanContext, key: &'static str) -> AnyView {
    let texts = expect_context::<Texts>();
    view! {
        <div class="restored" part="notice">
            <p class="notice" role="status">{texts.get(key)}</p>
            <button type="button" class="button link" part="button" on:click=move |_| context.wizard.start_over()>
                {texts.get("quickscan.start_over")}
            </button>
        </div>
    }
    .into_any()
}

/// Sends the response (after the same checks as the server's); the result follows from its receipt.
fn submit(context: ScanContext, host: Host) {
    let scan = context.scan.get_value();
    let id = scan.id.clone();
    // Answers given before the respondent changed role are not sent: the new role is not asked those statements.
    let answers = context.wizard.answers.get_untracked().for_role(&scan);
    let body = |seconds| {
        let answers = QuickscanAnswers { fill_seconds: seconds, ..answers };
        match answers.validate(&scan) {
            Ok(()) => Ok(answers),
            Err(errors) => Err(Some(match errors.first().map(|e| (e.name.as_str(), e.code)) {
                Some(("role", _)) => "quickscan.error.no_role",
                Some(("statements", FieldErrorCode::Required)) => "quickscan.error.no_answers",
                Some(("priorities", FieldErrorCode::TooMany)) => "quickscan.error.too_many_priorities",
                Some(("fill_seconds", _)) => "quickscan.error.too_fast",
                _ => "quickscan.error.invalid",
            })),
        }
    };
    context.wizard.submit(host, body, move |answers, key| async move {
        match invitation::submit(context, &answers, &key).await {
            Ok(receipt) => {
                let detail = [("scan", id), ("round", receipt.round.clone())];
                Sent::Stored { shown: receipt, kept: None, event: "inspraak:submitted", detail }
            }
            Err(error) if error.kind() == Some(ProblemKind::ScanClosed) => Sent::Refused("quickscan.error.closed"),
            Err(error) if invitation::problem(&error).is_some() => {
                Sent::Refused(invitation::problem(&error).unwrap_or_default())
            }
            Err(error) if error.kind() == Some(ProblemKind::InvalidInput) => Sent::Refused("quickscan.error.invalid"),
            Err(error) => Sent::Failed(error),
        }
    });
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
