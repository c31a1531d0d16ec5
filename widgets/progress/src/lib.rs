//! `<inspraak-progress>`: where a municipality stands on the seven subgoals of Democratie in actie.
//!
//! Attributes (or `data-` attributes on `<div data-inspraak="progress">`):
//! - `municipality` — the municipality id on the backend (required unless `progress` is given)
//! - `progress` — the same data inline as JSON, for sites without a backend:
//!   `{"name": "Gemeente X", "subgoals": [{"subgoal": 1, "status": "in_progress", "measured_on": "2026-03-02",
//!   "note": "…", "evidence_url": "https://…", "previous": {"status": "explored", "measured_on": "2025-09-15"}}, …]}`
//!   with each of the subgoals 1 to 7 once; statuses `not_started`, `explored`, `in_progress`, `embedded`
//! - `variant` — `compact` (default: a badge that opens to the list) or `full` (the list at once)
//! - `api`, `lang` — as for every widget
//!
//! CSS custom properties: the shared ones listed in docs/theming.md, plus `--inspraak-progress-min-height` (space reserved while
//! loading) and `--inspraak-status-{not-started,explored,in-progress,embedded}-color` (ring and icons).
//!
//! Parts: `root`, `progress`, `badge`, `ring`, `summary`, `toggle`, `subgoals`, `subgoal`, `status`, `notice`.

mod ring;

use inspraak_api::{MunicipalityProgress, SubgoalProgress, SubgoalStatus};
use leptos::prelude::*;

use inspraak_widget_core::{
    api_client::ApiClient,
    browser, cat,
    embed::{ConfigError, WidgetConfig, load_view},
    i18n::Texts,
    joined, num,
};
use ring::{Ring, StatusIcon, status_class};

/// The widget for `<inspraak-progress municipality="…">` or `<inspraak-progress progress='{…}'>`.
pub fn widget(config: &WidgetConfig) -> Result<AnyView, ConfigError> {
    let variant = match config.attribute("variant").as_deref() {
        None | Some("compact") => Variant::Compact,
        Some("full") => Variant::Full,
        Some(other) => {
            browser::warn(&cat(&["variant=\"", other, "\" is not known; use \"compact\" or \"full\""]));
            Variant::Compact
        }
    };
    let source = match config.attribute("progress") {
        Some(json) => ProgressSource::Inline(parse_inline(&json).map_err(ConfigError)?),
        None => {
            ProgressSource::Api { api: ApiClient::new(&config.api), municipality: config.required("municipality")? }
        }
    };
    Ok(view! { <ProgressWidget source variant/> }.into_any())
}

/// Where the badge gets its data.
#[derive(Debug, Clone, PartialEq)]
pub enum ProgressSource {
    /// From a backend's `GET /v1/progress/{municipality}`.
    Api { api: ApiClient, municipality: String },
    /// Written inline by a site without a backend, already parsed and validated.
    Inline(MunicipalityProgress),
}

/// The compact badge or the full list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Compact,
    Full,
}

/// Reads the inline JSON of the `progress` attribute; the error says what the webmaster must fix.
pub fn parse_inline(json: &str) -> Result<MunicipalityProgress, String> {
    let progress: MunicipalityProgress = inspraak_widget_core::json::read(json)
        .map_err(|error| cat(&["the progress attribute is not valid: ", &error.message()]))?;
    progress.validate().map_err(|errors| {
        let reasons: Vec<String> = errors.iter().map(|e| cat(&[&e.name, ": ", &e.reason])).collect();
        cat(&["the progress attribute is not valid: ", &joined(&reasons, "; ")])
    })?;
    Ok(progress.sorted())
}

pub fn status_key(status: SubgoalStatus) -> &'static str {
    match status {
        SubgoalStatus::NotStarted => "progress.status.not_started",
        SubgoalStatus::Explored => "progress.status.explored",
        SubgoalStatus::InProgress => "progress.status.in_progress",
        SubgoalStatus::Embedded => "progress.status.embedded",
    }
}

/// The status as it reads inside a sentence: a key of its own rather than `to_lowercase`, whose Unicode tables
/// weigh 7 KB brotli in the module (measured).
fn status_in_sentence_key(status: SubgoalStatus) -> &'static str {
    match status {
        SubgoalStatus::NotStarted => "progress.status_in_sentence.not_started",
        SubgoalStatus::Explored => "progress.status_in_sentence.explored",
        SubgoalStatus::InProgress => "progress.status_in_sentence.in_progress",
        SubgoalStatus::Embedded => "progress.status_in_sentence.embedded",
    }
}

const SUBGOAL_KEYS: [&str; 7] = [
    "progress.subgoal.1",
    "progress.subgoal.2",
    "progress.subgoal.3",
    "progress.subgoal.4",
    "progress.subgoal.5",
    "progress.subgoal.6",
    "progress.subgoal.7",
];

/// The progress widget: loads (or takes inline) a municipality's progress and shows it.
#[component]
pub fn ProgressWidget(
    /// where the data comes from
    source: ProgressSource,
    /// compact badge or full list
    variant: Variant,
) -> impl IntoView {
    match source {
        ProgressSource::Inline(progress) => view! { <ProgressView progress variant focus_summary=false/> }.into_any(),
        ProgressSource::Api { api, municipality } => {
            let fetch = move || {
                let api = api.clone();
                let municipality = municipality.clone();
                async move { api.progress(&municipality).await }
            };
            load_view(fetch, "progress.loading", "progress.not_found", move |progress, focus_summary| {
                view! { <ProgressView progress variant focus_summary/> }.into_any()
            })
            .into_any()
        }
    }
}

#[component]
fn ProgressView(
    progress: MunicipalityProgress,
    variant: Variant,
    /// move focus to the summary once shown (after the resident pressed "try again")
    focus_summary: bool,
) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let summary_ref = NodeRef::<leptos::html::P>::new();
    if focus_summary {
        browser::focus_soon(move || summary_ref.get().map(Into::into));
    }
    let expanded = RwSignal::new(variant == Variant::Full);
    let under_way = num(progress.under_way() as u64);
    let tally = progress.tally();
    let count = |status: SubgoalStatus| tally.iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| *n);
    let count = |status| num(count(status) as u64);
    let ring_label = texts.format(
        "progress.ring",
        &[
            ("embedded", &count(SubgoalStatus::Embedded)),
            ("in_progress", &count(SubgoalStatus::InProgress)),
            ("explored", &count(SubgoalStatus::Explored)),
            ("not_started", &count(SubgoalStatus::NotStarted)),
        ],
    );
    let statuses: Vec<SubgoalStatus> = progress.subgoals.iter().map(|s| s.status).collect();
    let list_label = texts.format("progress.list", &[("name", &progress.name)]);
    let items = progress.subgoals.into_iter().map(|subgoal| view! { <SubgoalItem subgoal/> }).collect_view();
    view! {
        <div class="progress" class:full=variant == Variant::Full part="progress">
            <div class="badge" part="badge">
                <Ring statuses label=ring_label under_way=under_way.clone()/>
                <div class="badge-text">
                    <p class="municipality">{progress.name}</p>
                    <p class="programme">{texts.get("progress.programme")}</p>
                </div>
                <p class="summary" part="summary" tabindex="-1" node_ref=summary_ref>
                    {texts.format("progress.summary", &[("count", &under_way)])}
                </p>
            </div>
            {(variant == Variant::Compact).then(|| view! {
                <button type="button" class="button toggle" part="toggle"
                    aria-expanded=move || if expanded.get() { "true" } else { "false" }
                    aria-controls="progress-subgoals"
                    on:click=move |_| expanded.update(|open| *open = !*open)>
                    <span class="chevron" aria-hidden="true"></span>
                    {move || texts.get(if expanded.get() { "progress.hide" } else { "progress.show" })}
                </button>
            })}
            <ol id="progress-subgoals" class="subgoals" part="subgoals" aria-label=list_label
                hidden=move || !expanded.get()>
                {items}
            </ol>
        </div>
    }
}

#[component]
fn SubgoalItem(subgoal: SubgoalProgress) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let index = usize::from(subgoal.subgoal.clamp(1, 7)) - 1;
    let name = texts.get(SUBGOAL_KEYS[index]);
    let number = texts.format("progress.number", &[("number", &num(subgoal.subgoal.into()))]);
    let change = subgoal.previous.as_ref().map(|previous| {
        let key = match subgoal.status.cmp(&previous.status) {
            std::cmp::Ordering::Greater => "progress.change.up",
            std::cmp::Ordering::Less => "progress.change.down",
            std::cmp::Ordering::Equal => "progress.change.same",
        };
        let status = texts.get(status_in_sentence_key(previous.status));
        texts.format(key, &[("status", status), ("date", &browser::long_date(&previous.measured_on, texts.lang))])
    });
    let measured = match &subgoal.measured_on {
        Some(date) => texts.format("progress.measured_on", &[("date", &browser::long_date(date, texts.lang))]),
        None => texts.get("progress.not_measured").to_owned(),
    };
    view! {
        <li class=cat(&["subgoal ", status_class(subgoal.status)]) part="subgoal">
            <StatusIcon status=subgoal.status/>
            <div class="subgoal-text">
                <p class="subgoal-name"><span class="subgoal-number">{number}": "</span>{name}</p>
                <p class="subgoal-status" part="status"><strong>{texts.get(status_key(subgoal.status))}</strong></p>
                {change.map(|text| view! { <p class="change">{text}</p> })}
                {subgoal.note.map(|note| view! { <p class="note">{note}</p> })}
                <p class="meta">
                    {measured}
                    {subgoal.evidence_url.map(|url| view! {
                        " · "
                        <a href=url>
                            {texts.get("progress.evidence")}
                            <span class="visually-hidden">" "{name}</span>
                        </a>
                    })}
                </p>
            </div>
        </li>
    }
}
