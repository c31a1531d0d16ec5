//! Quick scans: the list, and a scan's page with its rounds (open a new one, close the open one), the number of
//! responses per role while a round runs, the report per theme and role, the rounds side by side, the CSV of all
//! responses and a printable report. The anonymity rules of the API hold here too: a group too small to show is
//! named as hidden, never counted.

use inspraak_api::{
    NewRound, Quickscan, QuickscanReport, QuickscanResults, Role, Round, RoundStatus, Text, ThemeResult,
};
use leptos::{prelude::*, task::spawn_local};

use super::Breadcrumbs;
use crate::{
    api::{self, Failure},
    router::{Link, Page},
    ui::{
        ConfirmButton, ErrorSummary, FormErrors, Notice, PageHeading, TextInput, date_time, failure_message, load,
        loaded, one_decimal, texts,
    },
};

fn text(text: &Text) -> String {
    match (texts().lang, &text.en) {
        (inspraak_widget_core::i18n::Lang::En, Some(en)) if !en.is_empty() => en.clone(),
        _ => text.nl.clone(),
    }
}

pub fn role_key(role: Role) -> &'static str {
    match role {
        Role::Inwoner => "admin.scan.role.inwoner",
        Role::Raadslid => "admin.scan.role.raadslid",
        Role::Collegelid => "admin.scan.role.collegelid",
        Role::Ambtenaar => "admin.scan.role.ambtenaar",
        Role::Anders => "admin.scan.role.anders",
    }
}

#[component]
pub fn ScanList() -> impl IntoView {
    let t = texts();
    let (state, retry) = load(|| api::get::<Vec<Quickscan>>(&api::path(&["quickscans"])));
    view! {
        <PageHeading title=t.get("admin.scans.title")/>
        <p class="intro">{t.get("admin.scans.intro")}</p>
        {loaded(state, retry, move |scans: Vec<Quickscan>| {
            if scans.is_empty() {
                return view! { <p>{t.get("admin.scans.none")}</p> }.into_any();
            }
            view! {
                <table class="table">
                    <caption class="visually-hidden">{t.get("admin.scans.title")}</caption>
                    <thead><tr>
                        <th scope="col">{t.get("admin.scan.title")}</th>
                        <th scope="col">{t.get("admin.scan.round")}</th>
                        <th scope="col">{t.get("admin.scan.round_status")}</th>
                    </tr></thead>
                    <tbody>
                        {scans.into_iter().map(|scan| view! {
                            <tr>
                                <td><Link href=Page::Quickscan(scan.id.clone()).href()>{text(&scan.title)}</Link>
                                    <br/><span class="meta">{scan.id.clone()}</span></td>
                                <td>{scan.round.name.clone()}</td>
                                <td><RoundBadge status=scan.round.status/></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        })}
    }
}

#[component]
fn RoundBadge(status: RoundStatus) -> impl IntoView {
    let t = texts();
    let (class, key) = match status {
        RoundStatus::Open => ("badge badge-open", "admin.scan.round.open"),
        RoundStatus::Closed => ("badge badge-closed", "admin.scan.round.closed"),
    };
    view! { <span class=class>{t.get(key)}</span> }
}

#[derive(Clone)]
struct ScanData {
    scan: Quickscan,
    report: QuickscanReport,
}

async fn scan_data(id: String) -> Result<ScanData, Failure> {
    let scans: Vec<Quickscan> = api::get(&api::path(&["quickscans"])).await?;
    let scan = scans.into_iter().find(|s| s.id == id).ok_or(Failure::Unexpected(404))?;
    let report = api::get(&api::path(&["quickscans", &id, "report"])).await?;
    Ok(ScanData { scan, report })
}

#[component]
pub fn ScanDetail(id: String) -> impl IntoView {
    let t = texts();
    let fetch_id = id.clone();
    let (state, retry) = load(move || scan_data(fetch_id.clone()));
    let message = RwSignal::new(None::<(String, String)>);
    view! {
        <Breadcrumbs trail=vec![(Page::Quickscans.href(), t.get("admin.scans.title").to_owned()), (Page::Quickscan(id.clone()).href(), id.clone())]/>
        {loaded(state, retry, move |data: ScanData| {
            let ScanData { scan, report } = data;
            let open = report.rounds.iter().find(|r| r.status == RoundStatus::Open).cloned();
            let current = report.results.last().cloned();
            let scan_id = scan.id.clone();
            let close = {
                let scan_id = scan_id.clone();
                let round = open.as_ref().map(|r| r.id.clone()).unwrap_or_default();
                Callback::new(move |()| {
                    let (scan_id, round) = (scan_id.clone(), round.clone());
                    spawn_local(async move {
                        match api::post_empty::<Round>(&api::path(&["quickscans", &scan_id, "rounds", &round, "close"])).await {
                            Ok(_) => {
                                message.set(Some(("success".into(), texts().get("admin.scan.closed_now").into())));
                                retry();
                            }
                            Err(error) => message.set(Some(("error".into(), failure_message(&error)))),
                        }
                    });
                })
            };
            let csv = api::path(&["quickscans", &scan.id, "responses.csv"]);
            let report_page = api::path(&["quickscans", &scan.id, "report.html"]);
            let report_csv = api::path(&["quickscans", &scan.id, "report.csv"]);
            view! {
                <PageHeading title=text(&scan.title)/>
                {move || message.get().map(|(kind, text)| view! { <Notice kind message=text/> })}
                <div class="actions no-print">
                    <a href=report_page class="button secondary">{t.get("admin.scan.report_page")}</a>
                    <a href=report_csv class="button secondary" download>{t.get("admin.scan.report_csv")}</a>
                    <a href=csv class="button secondary" download>{t.get("admin.scan.csv")}</a>
                    <button type="button" class="button secondary" on:click=move |_| inspraak_widget_core::browser::print()>{t.get("admin.scan.print")}</button>
                </div>
                <section class="section" aria-labelledby="rounds-heading">
                    <h2 id="rounds-heading">{t.get("admin.scan.rounds")}</h2>
                    <table class="table">
                        <caption class="visually-hidden">{t.get("admin.scan.rounds")}</caption>
                        <thead><tr>
                            <th scope="col">{t.get("admin.scan.round")}</th>
                            <th scope="col">{t.get("admin.scan.round_status")}</th>
                            <th scope="col">{t.get("admin.scan.opened_at")}</th>
                            <th scope="col">{t.get("admin.scan.closed_at")}</th>
                            <th scope="col" class="number">{t.get("admin.scan.respondents")}</th>
                        </tr></thead>
                        <tbody>
                            {report.rounds.iter().zip(report.results.iter()).map(|(round, results)| view! {
                                <tr>
                                    <th scope="row">{round.name.clone()}<br/><span class="meta">{round.id.clone()}</span></th>
                                    <td><RoundBadge status=round.status/></td>
                                    <td>{date_time(&round.opened_at)}</td>
                                    <td>{round.closed_at.as_deref().map(date_time).unwrap_or_else(|| "–".into())}</td>
                                    <td class="number">{results.respondents}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <div class="no-print">
                        {open.clone().map(|round| view! {
                            <ConfirmButton label=texts().format("admin.scan.close", &[("name", &round.name)])
                                question=t.get("admin.scan.close_question") confirm=t.get("admin.scan.close_confirm") on_confirm=close/>
                        })}
                        <NewRoundForm scan=scan_id.clone() has_open=open.is_some() on_opened=Callback::new(move |()| retry())/>
                    </div>
                </section>
                {current.map(|results| view! { <RoleCounts results/> })}
                <Comparison scan=scan.clone() report=report.clone()/>
                {report.results.last().cloned().map(|results| view! { <ByRole scan=scan.clone() results/> })}
            }
        })}
    }
}

/// How many responded in the latest round, per role; roles too small to show are named, not counted.
#[component]
fn RoleCounts(results: QuickscanResults) -> impl IntoView {
    let t = texts();
    let first: Option<ThemeResult> = results.themes.first().cloned();
    view! {
        <section class="section" aria-labelledby="counts-heading">
            <h2 id="counts-heading">{texts().format("admin.scan.counts", &[("name", &results.round_name)])}</h2>
            <p>{t.plural("admin.scan.respondents_total", u64::from(results.respondents), &[])}</p>
            <ul>
                {results.roles.iter().map(|role| {
                    let count = first.as_ref().and_then(|theme| theme.by_role.get(role)).map_or(0, |g| g.respondents);
                    view! { <li>{t.get(role_key(*role))}": "{count}</li> }
                }).collect_view()}
            </ul>
            {(!results.hidden_roles.is_empty()).then(|| {
                let names: Vec<&str> = results.hidden_roles.iter().map(|r| t.get(role_key(*r))).collect();
                view! { <p class="hint">{texts().format("admin.scan.hidden_roles", &[("roles", &names.join(", ")), ("min", &results.min_group.to_string())])}</p> }
            })}
        </section>
    }
}

fn score(results: &QuickscanResults, theme: &str) -> String {
    results
        .themes
        .iter()
        .find(|t| t.theme == theme)
        .and_then(|t| t.all.as_ref())
        .and_then(|g| g.score)
        .map_or_else(|| "–".to_owned(), one_decimal)
}

/// Every round side by side: the average score per theme (1 to 5).
#[component]
fn Comparison(scan: Quickscan, report: QuickscanReport) -> impl IntoView {
    let t = texts();
    view! {
        // Not a landmark itself: the table's scrolling region inside carries the name (one landmark per name).
        <section class="section">
            <h2 id="compare-heading">{t.get("admin.scan.compare")}</h2>
            <p class="hint">{texts().format("admin.scan.compare_hint", &[("min", &scan.min_group.to_string())])}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="compare-heading">
                <table class="table">
                    <caption class="visually-hidden">{t.get("admin.scan.compare")}</caption>
                    <thead><tr>
                        <th scope="col">{t.get("admin.scan.theme")}</th>
                        {report.rounds.iter().map(|r| view! { <th scope="col" class="number">{r.name.clone()}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {scan.themes.iter().map(|theme| view! {
                            <tr>
                                <th scope="row">{text(&theme.title)}</th>
                                {report.results.iter().map(|results| view! { <td class="number">{score(results, &theme.id)}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// The latest round per theme and role.
#[component]
fn ByRole(scan: Quickscan, results: QuickscanResults) -> impl IntoView {
    let t = texts();
    let roles = results.roles.clone();
    view! {
        <section class="section">
            <h2 id="roles-heading">{texts().format("admin.scan.by_role", &[("name", &results.round_name)])}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="roles-heading">
                <table class="table">
                    <caption class="visually-hidden">{texts().format("admin.scan.by_role", &[("name", &results.round_name)])}</caption>
                    <thead><tr>
                        <th scope="col">{t.get("admin.scan.theme")}</th>
                        <th scope="col" class="number">{t.get("admin.scan.everyone")}</th>
                        {roles.iter().map(|r| view! { <th scope="col" class="number">{t.get(role_key(*r))}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {scan.themes.iter().map(|theme| {
                            let found = results.themes.iter().find(|r| r.theme == theme.id).cloned();
                            let cell = |group: Option<&inspraak_api::GroupScore>| group.and_then(|g| g.score).map_or_else(|| "–".to_owned(), one_decimal);
                            view! {
                                <tr>
                                    <th scope="row">{text(&theme.title)}</th>
                                    <td class="number">{cell(found.as_ref().and_then(|f| f.all.as_ref()))}</td>
                                    {roles.iter().map(|role| view! {
                                        <td class="number">{cell(found.as_ref().and_then(|f| f.by_role.get(role)))}</td>
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

fn round_label(name: &str) -> Option<&'static str> {
    match name {
        "id" => Some("admin.scan.new_round_id"),
        "name" => Some("admin.scan.new_round_name"),
        _ => None,
    }
}

/// Opens a new round (the open one, if any, closes).
#[component]
fn NewRoundForm(scan: String, has_open: bool, on_opened: Callback<()>) -> impl IntoView {
    let t = texts();
    let id = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let key = StoredValue::new(api::idempotency_key());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let round = NewRound {
            id: id.get_untracked().trim().to_owned(),
            name: name.get_untracked().trim().to_owned(),
            themes: None,
        };
        busy.set(true);
        let scan = scan.clone();
        spawn_local(async move {
            let answer =
                api::send_once::<_, Round>(&api::path(&["quickscans", &scan, "rounds"]), &round, &key.get_value())
                    .await;
            busy.set(false);
            match answer {
                Ok(_) => {
                    key.set_value(api::idempotency_key());
                    errors.clear();
                    on_opened.run(());
                }
                Err(error) => {
                    errors.set(error.fields().to_vec());
                    if error.fields().is_empty() {
                        message.set(Some(failure_message(&error)));
                    }
                    key.set_value(api::idempotency_key());
                }
            }
        });
    };
    view! {
        <h3>{t.get("admin.scan.new_round")}</h3>
        {has_open.then(|| view! { <p class="hint">{t.get("admin.scan.new_round_closes")}</p> })}
        {move || message.get().map(|text| view! { <Notice kind="error" message=text/> })}
        <form class="form" novalidate on:submit=submit>
            <ErrorSummary errors labels=round_label/>
            <TextInput name="name" label=t.get("admin.scan.new_round_name") hint=t.get("admin.scan.new_round_name_hint") value=name errors/>
            <TextInput name="id" label=t.get("admin.scan.new_round_id") hint=t.get("admin.scan.new_round_id_hint") value=id errors/>
            <button type="submit" class="button primary" aria-disabled=move || busy.get().then_some("true")>{t.get("admin.scan.open_round")}</button>
        </form>
    }
}
