//! The result of the quick scan: the respondent's score per theme beside the average of everyone (and of each role
//! with enough respondents), as an SVG chart for the eye and the same figures as a table for everyone else.

use inspraak_api::{GroupScore, QuickscanResults, ResponseReceipt, Role, ThemeResult};
use leptos::{html, prelude::*};

use super::{ScanContext, steps::role_key};
use inspraak_widget_core::{
    browser,
    i18n::{self, Lang, Texts},
    joined, num,
};

/// A score or grade as the resident writes numbers, with one decimal: "3,5" in Dutch, "3.5" in English.
pub fn decimal(value: f64, lang: Lang) -> String {
    lang.tenths((value * 10.0).round() as i64)
}

/// The share of the 1–5 scale a score fills, for a bar: 1 is a sliver, 5 is full.
fn width(score: f64) -> f64 {
    (score / 5.0 * 100.0).clamp(0.0, 100.0)
}

fn theme_result<'a>(results: &'a QuickscanResults, theme: &str) -> Option<&'a ThemeResult> {
    results.themes.iter().find(|t| t.theme == theme)
}

#[component]
pub fn ResultView(receipt: ResponseReceipt, just_now: bool) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let context = expect_context::<ScanContext>();
    let english = context.english();
    let scan = context.scan.get_value();
    let heading = NodeRef::<html::H2>::new();
    // Focus follows the resident's own submit; a result shown again on a later visit leaves focus (and the page's
    // scroll position) where the page has it.
    // A result shown again is announced instead, politely: a live region that is there from the start and filled
    // once drawn, so a screen reader notices the change.
    let announced = RwSignal::new("");
    if just_now {
        browser::focus_soon(move || heading.get().map(Into::into));
    } else {
        let text = texts.get("quickscan.result.restored");
        set_timeout(move || announced.set(text), std::time::Duration::from_millis(300));
    }
    let results = receipt.results.clone();
    let none = || view! { <span aria-hidden="true">"–"</span><span class="visually-hidden">{texts.get("quickscan.result.none")}</span> };
    let cell = move |value: Option<f64>| match value {
        Some(value) => decimal(value, texts.lang).into_any(),
        None => none().into_any(),
    };

    let everyone = results.themes.first().and_then(|t| t.all.as_ref()).map(|all| all.respondents);
    let chart_rows = scan
        .themes
        .iter()
        .map(|theme| {
            let own = receipt.scores.iter().find(|s| s.theme == theme.id).and_then(|s| s.score);
            let all = theme_result(&results, &theme.id).and_then(|t| t.all.as_ref()).and_then(|a| a.score);
            let bar = |score: Option<f64>, class: &'static str, y: &'static str| {
                score.map(|score| {
                    view! { <rect class=class x="0" y=y height="8" width=i18n::decimal((width(score) * 10.0).round() as i64, ".")></rect> }
                })
            };
            view! {
                <div class="chart-row">
                    <span class="chart-label">{theme.title.pick(english).to_owned()}</span>
                    <svg class="chart-bars" viewBox="0 0 100 20" preserveAspectRatio="none" focusable="false">
                        <line class="chart-grid" x1="20" x2="20" y1="0" y2="20"></line>
                        <line class="chart-grid" x1="40" x2="40" y1="0" y2="20"></line>
                        <line class="chart-grid" x1="60" x2="60" y1="0" y2="20"></line>
                        <line class="chart-grid" x1="80" x2="80" y1="0" y2="20"></line>
                        {bar(own, "chart-own", "1")}
                        {bar(all, "chart-average", "11")}
                    </svg>
                    <span class="chart-values">
                        {own.map(|v| decimal(v, texts.lang)).unwrap_or_else(|| "–".into())}
                        " / "
                        {all.map(|v| decimal(v, texts.lang)).unwrap_or_else(|| "–".into())}
                    </span>
                </div>
            }
        })
        .collect_view();

    // Per theme, the groups side by side once they may be shown: a bar and the figure for each, the same figures as
    // the table (which is what a screen reader reads).
    let compared = (!results.roles.is_empty()).then(|| {
        let rows = scan
            .themes
            .iter()
            .map(|theme| {
                let result = theme_result(&results, &theme.id);
                let bars = results
                    .roles
                    .iter()
                    .map(|role| {
                        let score = result.and_then(|t| t.by_role.get(role)).and_then(|g| g.score);
                        view! {
                            <div class="chart-row">
                                <span class="chart-label">{texts.get(role_key(*role))}</span>
                                <svg class="chart-bars" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false">
                                    {score.map(|score| view! {
                                        <rect class="chart-average" x="0" y="1" height="8" width=i18n::decimal((width(score) * 10.0).round() as i64, ".")></rect>
                                    })}
                                </svg>
                                <span class="chart-values">{score.map(|v| decimal(v, texts.lang)).unwrap_or_else(|| "–".into())}</span>
                            </div>
                        }
                    })
                    .collect_view();
                view! { <p class="chart-theme">{theme.title.pick(english).to_owned()}</p>{bars} }
            })
            .collect_view();
        view! {
            <figure class="chart roles" part="chart">
                <figcaption>{texts.get("quickscan.result.roles_chart")}</figcaption>
                <div class="chart-rows" aria-hidden="true">{rows}</div>
            </figure>
        }
    });
    let role_header = |role: Role, group: Option<&GroupScore>| {
        let count = num(group.map_or(0, |g| g.respondents).into());
        texts.format("quickscan.result.group", &[("group", texts.get(role_key(role))), ("count", &count)])
    };
    let first_theme = results.themes.first().cloned();
    let role_columns: Vec<(Role, String)> = results
        .roles
        .iter()
        .map(|role| (*role, role_header(*role, first_theme.as_ref().and_then(|t| t.by_role.get(role)))))
        .collect();
    let show_all = everyone.is_some();
    let everyone_header = everyone.map(|count| {
        texts.format(
            "quickscan.result.group",
            &[("group", texts.get("quickscan.result.everyone")), ("count", &num(count.into()))],
        )
    });
    // Each cell names its column too: on a narrow screen the rows stack and the header row is out of sight.
    let you = texts.get("quickscan.result.you");
    let everyone_label = everyone_header.clone().unwrap_or_default();
    let table_rows = scan
        .themes
        .iter()
        .map(|theme| {
            let own = receipt.scores.iter().find(|s| s.theme == theme.id);
            let result = theme_result(&results, &theme.id);
            let roles = results
                .roles
                .iter()
                .zip(&role_columns)
                .map(|(role, (_, label))| {
                    view! { <td role="cell" data-label=label.clone()>{cell(result.and_then(|t| t.by_role.get(role)).and_then(|g| g.score))}</td> }
                })
                .collect_view();
            let everyone_label = everyone_label.clone();
            let grades = scan.grades.then(|| {
                view! {
                    <td role="cell" data-label=texts.get("quickscan.result.your_grade")>{cell(own.and_then(|s| s.grade).map(f64::from))}</td>
                    {show_all.then(|| view! {
                        <td role="cell" data-label=texts.get("quickscan.result.average_grade")>
                            {cell(result.and_then(|t| t.all.as_ref()).and_then(|a| a.grade))}
                        </td>
                    })}
                }
            });
            view! {
                <tr role="row">
                    <th scope="row" role="rowheader">{theme.title.pick(english).to_owned()}</th>
                    <td role="cell" data-label=you>{cell(own.and_then(|s| s.score))}</td>
                    {show_all.then(|| view! {
                        <td role="cell" data-label=everyone_label>{cell(result.and_then(|t| t.all.as_ref()).and_then(|a| a.score))}</td>
                    })}
                    {roles}
                    {grades}
                </tr>
            }
        })
        .collect_view();
    let grade_headers = scan.grades.then(|| {
        view! {
            <th scope="col" role="columnheader">{texts.get("quickscan.result.your_grade")}</th>
            {show_all.then(|| view! { <th scope="col" role="columnheader">{texts.get("quickscan.result.average_grade")}</th> })}
        }
    });

    let min = num(results.min_group.into());
    let too_few = (!show_all).then(|| {
        texts.format("quickscan.result.too_few", &[("min", &min), ("count", &num(results.respondents.into()))])
    });
    let hidden = (!results.hidden_roles.is_empty() && show_all).then(|| {
        let names: Vec<&str> = results.hidden_roles.iter().map(|r| texts.get(role_key(*r))).collect();
        texts.format("quickscan.result.hidden_roles", &[("roles", &joined(&names, ", ")), ("min", &min)])
    });
    let explanations = scan
        .themes
        .iter()
        .map(|theme| {
            view! {
                <dt>{theme.title.pick(english).to_owned()}</dt>
                <dd>{theme.explanation.pick(english).to_owned()}</dd>
            }
        })
        .collect_view();

    view! {
        <div class="scan-result" part="result">
            <h2 class="step-title" tabindex="-1" node_ref=heading>{texts.get("quickscan.result.heading")}</h2>
            <p class="visually-hidden" role="status">{move || announced.get()}</p>
            {just_now.then(|| view! { <p class="notice success" part="notice">{texts.get("quickscan.result.thanks")}</p> })}
            <p class="meta">{texts.format("quickscan.result.round", &[("round", &results.round_name)])}</p>
            <p>{texts.get("quickscan.result.scale")}</p>
            {too_few.map(|text| view! { <p class="notice" part="notice">{text}</p> })}

            <figure class="chart" part="chart">
                <figcaption id="chart-caption">
                    {texts.get(if show_all { "quickscan.result.chart" } else { "quickscan.result.chart_own" })}
                </figcaption>
                <div class="chart-legend" aria-hidden="true">
                    <span class="legend-own">{texts.get("quickscan.result.you")}</span>
                    {show_all.then(|| view! { <span class="legend-average">{texts.get("quickscan.result.everyone")}</span> })}
                </div>
                <div class="chart-rows" aria-hidden="true">{chart_rows}</div>
            </figure>

            {compared}
            <div class="table-scroll" role="region" tabindex="0" aria-labelledby="result-caption">
                <table class="result-table" part="table" role="table">
                    <caption id="result-caption">{texts.get("quickscan.result.table")}</caption>
                    <thead role="rowgroup">
                        <tr role="row">
                            <th scope="col" role="columnheader">{texts.get("quickscan.result.theme")}</th>
                            <th scope="col" role="columnheader">{texts.get("quickscan.result.you")}</th>
                            {everyone_header.map(|h| view! { <th scope="col" role="columnheader">{h}</th> })}
                            {role_columns.into_iter().map(|(_, h)| view! { <th scope="col" role="columnheader">{h}</th> }).collect_view()}
                            {grade_headers}
                        </tr>
                    </thead>
                    <tbody role="rowgroup">{table_rows}</tbody>
                </table>
            </div>
            {hidden.map(|text| view! { <p class="meta">{text}</p> })}

            <h3>{texts.get("quickscan.result.explanations")}</h3>
            <dl class="explanations">{explanations}</dl>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_written_as_the_resident_writes_numbers() {
        assert_eq!(decimal(3.45, Lang::Nl), "3,5");
        assert_eq!(decimal(4.0, Lang::En), "4.0");
        assert_eq!(width(5.0), 100.0);
        assert_eq!(width(2.5), 50.0);
    }
}
