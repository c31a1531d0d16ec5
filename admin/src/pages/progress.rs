//! Progress on the seven subgoals of Democratie in Actie: the municipalities, and for one of them a measurement round
//! (a status per subgoal, a note and a link to the evidence, all on one date) and the history per subgoal.

use inspraak_api::{FieldError, NewMeasurement, RecordProgress, SubgoalStatus};
use leptos::{prelude::*, task::spawn_local};
use serde::Deserialize;

use super::Breadcrumbs;
use crate::{
    api::{self, Failure},
    router::{Link, Nav, Page},
    ui::{
        ErrorSummary, FormErrors, Notice, PageHeading, SelectInput, TextInput, date, date_time, failure_message, load,
        loaded, texts,
    },
};

const SUBGOALS: [u8; 7] = [1, 2, 3, 4, 5, 6, 7];

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Municipality {
    id: String,
    name: String,
}

/// One recorded measurement.
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct HistoryRow {
    subgoal: u8,
    status: String,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    evidence_url: Option<String>,
    measured_on: String,
    recorded_at: String,
}

fn subgoal_key(n: u8) -> &'static str {
    match n {
        1 => "admin.progress.subgoal.1",
        2 => "admin.progress.subgoal.2",
        3 => "admin.progress.subgoal.3",
        4 => "admin.progress.subgoal.4",
        5 => "admin.progress.subgoal.5",
        6 => "admin.progress.subgoal.6",
        _ => "admin.progress.subgoal.7",
    }
}

fn status_key(status: &str) -> &'static str {
    match status {
        "explored" => "admin.progress.status.explored",
        "in_progress" => "admin.progress.status.in_progress",
        "embedded" => "admin.progress.status.embedded",
        _ => "admin.progress.status.not_started",
    }
}

#[component]
pub fn MunicipalityList() -> impl IntoView {
    let t = texts();
    let nav = expect_context::<Nav>();
    let (state, retry) = load(|| api::get::<Vec<Municipality>>(&api::path(&["progress"])));
    let new_id = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let go = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let id = new_id.get_untracked().trim().to_lowercase();
        let valid = !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid {
            errors.set(vec![FieldError::new("municipality", inspraak_api::FieldErrorCode::Format, "")]);
            return;
        }
        nav.to(&Page::ProgressOf(id));
    };
    view! {
        <PageHeading title=t.get("admin.progress.title")/>
        <p class="intro">{t.get("admin.progress.intro")}</p>
        {loaded(state, retry, move |list: Vec<Municipality>| {
            if list.is_empty() {
                return view! { <p>{t.get("admin.progress.none")}</p> }.into_any();
            }
            view! {
                <ul>
                    {list.into_iter().map(|m| view! { <li><Link href=Page::ProgressOf(m.id.clone()).href()>{m.name}</Link>" "<span class="meta">{m.id}</span></li> }).collect_view()}
                </ul>
            }
            .into_any()
        })}
        <h2>{t.get("admin.progress.other")}</h2>
        <form class="form form-inline" novalidate on:submit=go>
            <TextInput name="municipality" label=t.get("admin.progress.municipality_id") hint=t.get("admin.progress.municipality_hint") value=new_id errors/>
            <button type="submit" class="button secondary">{t.get("admin.progress.open")}</button>
        </form>
    }
}

async fn history(id: String) -> Result<Option<Vec<HistoryRow>>, Failure> {
    match api::get::<Vec<HistoryRow>>(&api::path(&["progress", &id, "history"])).await {
        Ok(rows) => Ok(Some(rows)),
        Err(Failure::Problem(problem)) if problem.status == 404 => Ok(None),
        Err(error) => Err(error),
    }
}

#[component]
pub fn ProgressPage(id: String) -> impl IntoView {
    let t = texts();
    let fetch_id = id.clone();
    let (state, retry) = load(move || history(fetch_id.clone()));
    let message = RwSignal::new(None::<String>);
    let csv = api::path(&["progress", &id, "history.csv"]);
    let form_id = id.clone();
    view! {
        <Breadcrumbs trail=vec![(Page::Progress.href(), t.get("admin.progress.title").to_owned()), (Page::ProgressOf(id.clone()).href(), id.clone())]/>
        <PageHeading title=texts().format("admin.progress.of", &[("id", &id)])/>
        {move || message.get().map(|text| view! { <Notice kind="success" message=text/> })}
        {loaded(state, retry, move |rows: Option<Vec<HistoryRow>>| {
            let known = rows.is_some();
            let rows = rows.unwrap_or_default();
            let csv = csv.clone();
            view! {
                <RecordForm municipality=form_id.clone() new=!known on_recorded=Callback::new(move |()| {
                    message.set(Some(texts().get("admin.progress.recorded").to_owned()));
                    retry();
                })/>
                {known.then(|| view! {
                    <section class="section" aria-labelledby="history-heading">
                        <h2 id="history-heading">{t.get("admin.progress.history")}</h2>
                        <p><a href=csv class="button secondary" download>{t.get("admin.progress.csv")}</a></p>
                        {SUBGOALS.iter().map(|&n| {
                            let mut of: Vec<HistoryRow> = rows.iter().filter(|r| r.subgoal == n).cloned().collect();
                            of.reverse();
                            let heading = format!("history-{n}");
                            view! {
                                <h3 id=heading.clone()>{texts().format("admin.progress.subgoal_n", &[("n", &n.to_string()), ("name", t.get(subgoal_key(n)))])}</h3>
                                {if of.is_empty() {
                                    view! { <p>{t.get("admin.progress.never")}</p> }.into_any()
                                } else {
                                    view! {
                                        <table class="table" aria-labelledby=heading>
                                            <thead><tr>
                                                <th scope="col">{t.get("admin.progress.measured_on")}</th>
                                                <th scope="col">{t.get("admin.progress.status")}</th>
                                                <th scope="col">{t.get("admin.progress.note")}</th>
                                                <th scope="col">{t.get("admin.progress.evidence")}</th>
                                                <th scope="col">{t.get("admin.progress.recorded_at")}</th>
                                            </tr></thead>
                                            <tbody>
                                                {of.into_iter().map(|row| view! {
                                                    <tr>
                                                        <td>{date(&row.measured_on)}</td>
                                                        <td>{t.get(status_key(&row.status))}</td>
                                                        <td>{row.note.clone().unwrap_or_default()}</td>
                                                        <td>{row.evidence_url.clone().map(|url| view! { <a href=url.clone() rel="noopener noreferrer">{url.clone()}</a> })}</td>
                                                        <td>{date_time(&row.recorded_at)}</td>
                                                    </tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    }.into_any()
                                }}
                            }
                        }).collect_view()}
                    </section>
                })}
            }
        })}
    }
}

/// One subgoal's line in the form.
#[derive(Clone, Copy)]
struct Line {
    subgoal: u8,
    status: RwSignal<String>,
    note: RwSignal<String>,
    evidence: RwSignal<String>,
}

fn record_label(name: &str) -> Option<&'static str> {
    if name == "name" {
        return Some("admin.progress.name");
    }
    if name == "measured_on" {
        return Some("admin.progress.measured_on");
    }
    if name == "measurements" {
        return Some("admin.progress.round");
    }
    name.strip_prefix("subgoal.")
        .and_then(|rest| rest.split('.').next())
        .and_then(|n| n.parse::<u8>().ok())
        .map(subgoal_key)
}

/// A measurement round: a status for each subgoal measured (the others are left as they are), on one date.
#[component]
fn RecordForm(municipality: String, new: bool, on_recorded: Callback<()>) -> impl IntoView {
    let t = texts();
    let name = RwSignal::new(String::new());
    let measured_on = RwSignal::new(inspraak_widget_core::browser::local_date());
    let lines: Vec<Line> = SUBGOALS
        .iter()
        .map(|&subgoal| Line {
            subgoal,
            status: RwSignal::new(String::new()),
            note: RwSignal::new(String::new()),
            evidence: RwSignal::new(String::new()),
        })
        .collect();
    let errors = FormErrors::new();
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let key = StoredValue::new(api::idempotency_key());
    let lines_for_submit = lines.clone();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let day = measured_on.get_untracked();
        let chosen: Vec<&Line> = lines_for_submit.iter().filter(|l| !l.status.get_untracked().is_empty()).collect();
        let order: Vec<u8> = chosen.iter().map(|l| l.subgoal).collect();
        let round = RecordProgress {
            name: (new || !name.get_untracked().trim().is_empty()).then(|| name.get_untracked().trim().to_owned()),
            measurements: chosen
                .iter()
                .map(|l| NewMeasurement {
                    subgoal: l.subgoal,
                    status: SubgoalStatus::from_name(&l.status.get_untracked()).unwrap_or(SubgoalStatus::NotStarted),
                    note: Some(l.note.get_untracked().trim().to_owned()).filter(|n| !n.is_empty()),
                    evidence_url: Some(l.evidence.get_untracked().trim().to_owned()).filter(|n| !n.is_empty()),
                    measured_on: day.clone(),
                })
                .collect(),
        };
        busy.set(true);
        failure.set(None);
        let municipality = municipality.clone();
        spawn_local(async move {
            let url = api::path(&["progress", &municipality, "measurements"]);
            let answer = api::send_once::<_, inspraak_api::MunicipalityProgress>(&url, &round, &key.get_value()).await;
            busy.set(false);
            match answer {
                Ok(_) => {
                    key.set_value(api::idempotency_key());
                    errors.clear();
                    on_recorded.run(());
                }
                Err(error) => {
                    key.set_value(api::idempotency_key());
                    // The API names a measurement by its place in the list; the form by its subgoal.
                    let fields: Vec<FieldError> = error
                        .fields()
                        .iter()
                        .cloned()
                        .map(|mut field| {
                            // `measurements.2.evidence_url` (api::run writes the API's `[2]` with dots).
                            if let Some(rest) = field.name.strip_prefix("measurements.") {
                                let (index, tail) = rest.split_once('.').unwrap_or((rest, ""));
                                let subgoal = index.parse::<usize>().ok().and_then(|i| order.get(i).copied());
                                field.name = match (tail, subgoal) {
                                    ("measured_on", _) => "measured_on".to_owned(),
                                    (tail, Some(n)) => format!("subgoal.{n}.{tail}"),
                                    _ => "measurements".to_owned(),
                                };
                            }
                            field
                        })
                        .collect();
                    errors.set(fields);
                    if error.fields().is_empty() {
                        failure.set(Some(failure_message(&error)));
                    }
                }
            }
        });
    };
    let mut options = vec![(String::new(), t.get("admin.progress.not_measured").to_owned())];
    options.extend(SubgoalStatus::ALL.map(|s| (s.as_str().to_owned(), t.get(status_key(s.as_str())).to_owned())));
    view! {
        <section class="section" aria-labelledby="record-heading">
            <h2 id="record-heading">{t.get("admin.progress.record")}</h2>
            <p class="hint">{t.get("admin.progress.record_hint")}</p>
            {move || failure.get().map(|text| view! { <Notice kind="error" message=text/> })}
            <form class="form" novalidate on:submit=submit>
                <ErrorSummary errors labels=record_label/>
                <crate::ui::FieldMessage id="field-measurements" error=errors.of("measurements")/>
                {new.then(|| view! { <TextInput name="name" label=t.get("admin.progress.name") hint=t.get("admin.progress.name_hint") value=name errors/> })}
                <TextInput name="measured_on" label=t.get("admin.progress.measured_on") value=measured_on errors input_type="date"/>
                {lines.into_iter().map(|line| {
                    let n = line.subgoal;
                    view! {
                        <fieldset class="field subgoal-line">
                            <legend class="label">{texts().format("admin.progress.subgoal_n", &[("n", &n.to_string()), ("name", t.get(subgoal_key(n)))])}</legend>
                            <SelectInput name=format!("subgoal.{n}.status") label=t.get("admin.progress.status") options=options.clone() value=line.status errors/>
                            <TextInput name=format!("subgoal.{n}.note") label=t.get("admin.progress.note") hint=t.get("admin.optional") value=line.note errors/>
                            <TextInput name=format!("subgoal.{n}.evidence_url") label=t.get("admin.progress.evidence") hint=t.get("admin.progress.evidence_hint") value=line.evidence errors input_type="url"/>
                        </fieldset>
                    }
                }).collect_view()}
                <button type="submit" class="button primary" aria-disabled=move || busy.get().then_some("true")>{t.get("admin.progress.save")}</button>
            </form>
        </section>
    }
}
