//! The report of a quick scan for its owner: per round and theme the figures of each role side by side with the
//! largest differences marked, the open answers, the improvement priorities, and each round against the one before
//! on the statements both asked. As JSON (the API), as a printable HTML page rendered here (no script), and as CSV.
//!
//! The figures are the public ones of each round (`store::results`, with its suppression of small groups and of
//! any group that subtraction would reveal); priorities are counted over the same groups; open answers carry a role
//! only when that role's group is shown (docs/privacy.md).

use std::collections::BTreeSet;

use crate::db::Conn;
use inspraak_api::{
    GroupScore, Quickscan, QuickscanAnswers, QuickscanReport, QuickscanResults, Role, Round, RoundStatus, SortedMap,
    Text,
    quickscan::{
        GroupChange, OpenAnswer, PriorityCount, RoleSpread, RoundComparison, RoundReport, ThemeChange, ThemeReport,
        round2,
    },
};

use super::store::{self, Visible};
use crate::error::Result;

/// What every rendering of the report says first.
pub fn notice() -> Text {
    Text {
        nl: "Deze quick scan is niet representatief. De uitkomsten laten zien hoe de mensen die meededen de lokale \
             democratie zien. Ze zijn een begin voor het gesprek, geen meting van hoe het echt is."
            .to_owned(),
        en: Some(
            "This quick scan is not representative. The outcomes show how the people who took part see local \
             democracy. They are a start for the conversation, not a measurement of how things really are."
                .to_owned(),
        ),
    }
}

/// A spread of at least this many tenths on the 1–5 scale can be marked as one of the largest differences.
const MARK_FROM_TENTHS: i64 = 5;
/// At most this many themes of a round are marked (more on a tie).
const MARKED_THEMES: usize = 3;

/// One round as the report reads it: the scan as that round asked it, its public figures, who may be seen.
struct RoundData {
    scan: Quickscan,
    results: QuickscanResults,
    visible: Visible,
    answers: Vec<(Role, QuickscanAnswers)>,
}

impl RoundData {
    /// Whether a response of `role` counts in a group (`None`: everyone) as the figures show it.
    fn counts_in(&self, role: Role, group: Option<Role>) -> bool {
        match group {
            None => self.visible.all && self.visible.included.contains(&role),
            Some(group) => group == role && self.visible.shown.contains(&role),
        }
    }
}

fn tenths(value: f64) -> i64 {
    (value * 10.0).round() as i64
}

/// The mean of theme scores summed in hundredths, with one decimal, as the public figures round it.
fn mean_of_centi(sum_centi: i64, count: i64) -> Option<f64> {
    (count > 0).then(|| ((sum_centi as f64 / 100.0) / count as f64 * 10.0).round() / 10.0)
}

/// Builds the report of scan `id`: every round, oldest first.
pub async fn build(conn: &mut Conn, id: &str) -> Result<QuickscanReport> {
    let current = store::get_scan(conn, id).await?;
    let rounds = store::rounds(conn, id).await?;
    let mut data = Vec::with_capacity(rounds.len());
    for round in &rounds {
        let scan = store::scan_in_round(conn, id, &round.id).await?;
        let results = store::results(conn, &scan, round).await?;
        let counts = store::role_counts(conn, id, &round.id).await?;
        let visible = store::visible_groups(&counts, &scan, round.status == RoundStatus::Closed);
        let answers = store::answers_of_round(conn, id, &round.id).await?;
        data.push(RoundData { scan, results, visible, answers });
    }
    let details = data.iter().map(round_report).collect();
    let comparisons = data.windows(2).map(|pair| compare(&pair[0], &pair[1])).collect();
    Ok(QuickscanReport {
        scan: current.id,
        results: data.iter().map(|d| d.results.clone()).collect(),
        rounds,
        title: current.title,
        notice: notice(),
        details,
        comparisons,
    })
}

fn round_report(data: &RoundData) -> RoundReport {
    let scan = &data.scan;
    let open = scan.round.status == RoundStatus::Open;
    let mut themes: Vec<ThemeReport> = scan
        .themes
        .iter()
        .map(|theme| {
            let result = data.results.themes.iter().find(|t| t.theme == theme.id);
            let by_role: SortedMap<Role, GroupScore> = result.map(|r| r.by_role.clone()).unwrap_or_default();
            let scored: Vec<(Role, i64)> =
                by_role.iter().filter_map(|(role, group)| Some((*role, tenths(group.score?)))).collect();
            let spread = (scored.len() >= 2).then(|| {
                let (highest, high) = scored.iter().copied().fold(scored[0], |a, b| if b.1 > a.1 { b } else { a });
                let (lowest, low) = scored.iter().copied().fold(scored[0], |a, b| if b.1 < a.1 { b } else { a });
                RoleSpread { highest, lowest, difference: (high - low) as f64 / 10.0 }
            });
            // Invitation-only roles are held back while the round runs, as their figures are; a role too small to
            // show is not named with its answers.
            let mut open_answers: Vec<OpenAnswer> = data
                .answers
                .iter()
                .filter(|(role, _)| !(open && scan.invitation_only(*role)))
                .filter_map(|(role, answers)| {
                    let text = answers.open_answers.get(&theme.id)?.trim();
                    (!text.is_empty()).then(|| OpenAnswer {
                        role: data.visible.shown.contains(role).then_some(*role),
                        text: text.to_owned(),
                    })
                })
                .collect();
            open_answers.sort_by(|a, b| a.text.cmp(&b.text).then(a.role.cmp(&b.role)));
            ThemeReport {
                theme: theme.id.clone(),
                title: theme.title.clone(),
                subtitle: theme.subtitle.clone(),
                all: result.and_then(|r| r.all.clone()),
                by_role,
                spread,
                marked: false,
                open_answers,
            }
        })
        .collect();
    // The largest differences: the three largest spreads (more on a tie), from half a point up.
    let mut spreads: Vec<i64> = themes.iter().filter_map(|t| t.spread.as_ref().map(|s| tenths(s.difference))).collect();
    spreads.sort_unstable_by(|a, b| b.cmp(a));
    if let Some(&cut) = spreads.get(MARKED_THEMES - 1).or(spreads.last()) {
        for theme in &mut themes {
            theme.marked = theme.spread.as_ref().is_some_and(|s| {
                let d = tenths(s.difference);
                d >= cut && d >= MARK_FROM_TENTHS
            });
        }
    }
    let (priorities, priority_respondents) = if scan.priorities { priorities(data) } else { (Vec::new(), 0) };
    RoundReport { round: scan.round.id.clone(), themes, priorities, priority_respondents }
}

/// Per theme, how many picked it as needing work most, for everyone and each role shown; most picked first.
fn priorities(data: &RoundData) -> (Vec<PriorityCount>, u32) {
    let picked = |theme: &str, group: Option<Role>| -> u32 {
        data.answers
            .iter()
            .filter(|(role, answers)| data.counts_in(*role, group) && answers.priorities.iter().any(|p| p == theme))
            .count() as u32
    };
    let mut counts: Vec<PriorityCount> = data
        .scan
        .themes
        .iter()
        .map(|theme| PriorityCount {
            theme: theme.id.clone(),
            all: data.visible.all.then(|| picked(&theme.id, None)),
            by_role: data.visible.shown.iter().map(|role| (*role, picked(&theme.id, Some(*role)))).collect(),
        })
        .collect();
    // A stable sort: on a tie, the questionnaire's order.
    counts.sort_by_key(|count| std::cmp::Reverse(count.all.unwrap_or(0)));
    let respondents = if data.visible.all {
        data.answers.iter().filter(|(role, a)| data.counts_in(*role, None) && !a.priorities.is_empty()).count() as u32
    } else {
        0
    };
    (counts, respondents)
}

/// `later` against `earlier` on the statements both rounds asked.
fn compare(earlier: &RoundData, later: &RoundData) -> RoundComparison {
    let ids = |scan: &Quickscan| -> Vec<String> {
        scan.themes.iter().flat_map(|t| t.statements.iter().map(|s| s.id.clone())).collect()
    };
    let (before, after) = (ids(&earlier.scan), ids(&later.scan));
    let before_set: BTreeSet<&String> = before.iter().collect();
    let after_set: BTreeSet<&String> = after.iter().collect();
    let shared: Vec<String> = after.iter().filter(|id| before_set.contains(id)).cloned().collect();
    let left_out: Vec<String> = before
        .iter()
        .filter(|id| !after_set.contains(id))
        .chain(after.iter().filter(|id| !before_set.contains(id)))
        .cloned()
        .collect();
    let themes = later
        .scan
        .themes
        .iter()
        .filter_map(|theme| {
            let old = earlier.scan.theme(&theme.id)?;
            let statements: Vec<&str> = theme
                .statements
                .iter()
                .filter(|s| old.statements.iter().any(|o| o.id == s.id))
                .map(|s| s.id.as_str())
                .collect();
            if statements.is_empty() {
                return None;
            }
            let change = |group: Option<Role>| {
                let from = score_on(earlier, &statements, group);
                let to = score_on(later, &statements, group);
                let change = from.zip(to).map(|(from, to)| (tenths(to) - tenths(from)) as f64 / 10.0);
                GroupChange { from, to, change }
            };
            let both_all = earlier.visible.all && later.visible.all;
            let by_role = later
                .visible
                .shown
                .iter()
                .filter(|role| earlier.visible.shown.contains(role))
                .map(|role| (*role, change(Some(*role))))
                .collect();
            Some(ThemeChange {
                theme: theme.id.clone(),
                statements: statements.len() as u32,
                all: both_all.then(|| change(None)),
                by_role,
            })
        })
        .collect();
    RoundComparison { from: earlier.scan.round.id.clone(), to: later.scan.round.id.clone(), shared, left_out, themes }
}

/// A group's mean score on these statements: each respondent's mean of them (to two decimals, as a theme score),
/// then the mean of those (to one decimal, as the public figures).
fn score_on(data: &RoundData, statements: &[&str], group: Option<Role>) -> Option<f64> {
    let (mut sum_centi, mut count) = (0i64, 0i64);
    for (role, answers) in &data.answers {
        if !data.counts_in(*role, group) {
            continue;
        }
        let values: Vec<u8> =
            statements.iter().filter_map(|id| answers.statements.get(*id).and_then(|a| a.score())).collect();
        if values.is_empty() {
            continue;
        }
        let mean = round2(values.iter().map(|&v| f64::from(v)).sum::<f64>() / values.len() as f64);
        sum_centi += (mean * 100.0).round() as i64;
        count += 1;
    }
    mean_of_centi(sum_centi, count)
}

/// The report's figures as CSV: one row per round, theme and group shown (everyone, then each role), with the
/// respondents, score and grade (a point for the decimal), how often the theme was picked as a priority, and
/// whether the theme is marked for a large difference between roles.
pub fn csv_rows(report: &QuickscanReport) -> Vec<Vec<String>> {
    let header = ["round", "theme", "group", "respondents", "score", "grade", "picked_as_priority", "large_difference"];
    let mut rows = vec![header.iter().map(|s| (*s).to_owned()).collect::<Vec<String>>()];
    let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for (round, detail) in report.rounds.iter().zip(&report.details) {
        for theme in &detail.themes {
            let picked = detail.priorities.iter().find(|p| p.theme == theme.theme);
            let groups = theme.all.iter().map(|g| ("iedereen", g, picked.and_then(|p| p.all))).chain(
                theme
                    .by_role
                    .iter()
                    .map(|(role, g)| (role.as_str(), g, picked.and_then(|p| p.by_role.get(role).copied()))),
            );
            for (group, score, picked) in groups {
                rows.push(vec![
                    round.id.clone(),
                    theme.theme.clone(),
                    group.to_owned(),
                    score.respondents.to_string(),
                    number(score.score),
                    number(score.grade),
                    picked.map(|n| n.to_string()).unwrap_or_default(),
                    if theme.marked { "ja" } else { "" }.to_owned(),
                ]);
            }
        }
    }
    rows
}

/// A role's group, as the report names it.
fn group_name(role: Role) -> &'static str {
    match role {
        Role::Inwoner => "Inwoners",
        Role::Raadslid => "Raadsleden",
        Role::Collegelid => "Collegeleden",
        Role::Ambtenaar => "Ambtenaren",
        Role::Anders => "Anders",
    }
}

/// A role as one person, in a sentence.
fn role_name(role: Role) -> &'static str {
    match role {
        Role::Inwoner => "inwoner",
        Role::Raadslid => "raadslid",
        Role::Collegelid => "collegelid",
        Role::Ambtenaar => "ambtenaar",
        Role::Anders => "anders",
    }
}

/// HTML-escapes text for an element or a quoted attribute.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A figure with one decimal, the Dutch way ("3,5"); a dash for none.
fn dutch(value: Option<f64>) -> String {
    match value {
        Some(value) => {
            let t = tenths(value);
            let sign = if t < 0 { "-" } else { "" };
            format!("{sign}{},{}", t.abs() / 10, t.abs() % 10)
        }
        None => "–".to_owned(),
    }
}

/// A change with its sign ("+0,4", "-0,2", "0,0").
fn signed(value: Option<f64>) -> String {
    match value {
        Some(v) if tenths(v) > 0 => format!("+{}", dutch(Some(v))),
        other => dutch(other),
    }
}

/// The report's stylesheet: for the screen, and for paper (the browser's print makes a PDF).
pub const STYLE: &str = "body{font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;background:#fff;margin:0}\
main{max-width:60rem;margin:0 auto;padding:1rem}\
h1{font-size:1.75rem;margin:0 0 .5rem}h2{font-size:1.4rem;margin:2rem 0 .5rem;border-top:2px solid #1a1a1a;padding-top:1rem}\
h3{font-size:1.15rem;margin:1.5rem 0 .5rem}h4{font-size:1rem;margin:1rem 0 .25rem}\
.notice{border:2px solid #1a1a1a;padding:.75rem 1rem;background:#fff8dc}\
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}caption{text-align:left;font-weight:bold;padding:.25rem 0}\
th,td{border:1px solid #555;padding:.3rem .5rem;text-align:left;vertical-align:top}\
td.n{text-align:right;font-variant-numeric:tabular-nums}thead th{background:#eee}\
tr.marked th,tr.marked td{background:#fde8e8}.mark{font-weight:bold}\
.sub{display:block;font-weight:normal;font-size:.9em;color:#333}.meta{color:#333}\
ul.answers{padding-left:1.25rem}ul.answers li{margin:.25rem 0}\
@media print{body{font-size:10.5pt}main{max-width:none;padding:0}a{color:inherit;text-decoration:none}\
h2{break-before:page;border-top:none;padding-top:0}section:first-of-type h2{break-before:auto}\
table,tr,li{break-inside:avoid}thead{display:table-header-group}\
thead th,tr.marked th,tr.marked td,.notice{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\
body{overflow-wrap:anywhere}\
@media screen and (max-width:40rem){table,thead,tbody,tr,th,td{display:block}\
thead tr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}\
tr{border:1px solid #555;margin-bottom:.5rem}th,td{border:none}\
td[data-label]::before{content:attr(data-label) \": \";font-weight:bold}td.n{text-align:left}}";

/// Gives a table's parts their roles, so it stays a table to assistive technology where a narrow screen stacks it.
fn with_roles(html: &str) -> String {
    html.replace("<table>", "<table role=\"table\">")
        .replace("<thead>", "<thead role=\"rowgroup\">")
        .replace("<tbody>", "<tbody role=\"rowgroup\">")
        .replace("<tr>", "<tr role=\"row\">")
        .replace("<tr class=\"marked\">", "<tr role=\"row\" class=\"marked\">")
        .replace("<th scope=\"col\">", "<th scope=\"col\" role=\"columnheader\">")
        .replace("<th scope=\"row\">", "<th scope=\"row\" role=\"rowheader\">")
}

/// A cell that names its column, for a narrow screen where the header row is out of sight.
fn cell(out: &mut String, class: &str, label: &str, content: &str) {
    out.push_str(&format!("<td role=\"cell\"{class} data-label=\"{}\">{content}</td>", esc(label)));
}

/// The report as a page to read and print: no script, one inline stylesheet the Content-Security-Policy allows by
/// its hash.
pub fn html(report: &QuickscanReport) -> String {
    let mut out = String::new();
    let title = esc(&report.title.nl);
    out.push_str(&format!(
        "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Rapport quick scan: {title}</title><style>{STYLE}</style></head><body><main>\
         <h1>Rapport quick scan: {title}</h1>\
         <p class=\"notice\"><strong>Let op:</strong> {}</p>",
        esc(&report.notice.nl)
    ));
    out.push_str(
        "<p>Scores gaan van 1 (helemaal oneens) tot 5 (helemaal eens). Een groep die te klein is, tonen we niet \
         apart: dan kan niemand zien wat één persoon antwoordde. Een groot verschil tussen rollen is gemarkeerd \
         met <span class=\"mark\">Groot verschil</span>.</p>",
    );
    // The newest round first: that is the one the conversation is about.
    for (index, (round, detail)) in report.rounds.iter().zip(&report.details).enumerate().rev() {
        let Some(results) = report.results.get(index) else { continue };
        round_html(&mut out, round, results, detail);
        if index > 0
            && let Some(comparison) = report.comparisons.get(index - 1)
        {
            comparison_html(&mut out, report, comparison);
        }
    }
    out.push_str("</main></body></html>");
    with_roles(&out)
}

fn round_html(out: &mut String, round: &Round, results: &QuickscanResults, detail: &RoundReport) {
    let status = if round.status == RoundStatus::Open { "loopt nog" } else { "gesloten" };
    out.push_str(&format!(
        "<section><h2>Ronde: {} ({status})</h2><p class=\"meta\">{} deelnemers in deze ronde.</p>",
        esc(&round.name),
        results.respondents
    ));
    if !results.hidden_roles.is_empty() {
        let names: Vec<&str> = results.hidden_roles.iter().map(|r| group_name(*r)).collect();
        out.push_str(&format!(
            "<p>Niet apart getoond, omdat de groep te klein is of de ronde nog loopt: {}.</p>",
            esc(&names.join(", "))
        ));
    }
    let shows_all = detail.themes.iter().any(|t| t.all.is_some());
    if !shows_all {
        out.push_str("<p>Er zijn nog te weinig deelnemers om cijfers te tonen.</p>");
    }
    // Figures per theme and role.
    out.push_str(
        "<table><caption>Score per thema, per rol naast elkaar</caption><thead><tr><th scope=\"col\">Thema</th>",
    );
    let first = results.themes.first();
    let mut labels = Vec::new();
    if shows_all {
        let n = first.and_then(|t| t.all.as_ref()).map_or(0, |g| g.respondents);
        labels.push(format!("Iedereen ({n})"));
    }
    for role in &results.roles {
        let n = first.and_then(|t| t.by_role.get(role)).map_or(0, |g| g.respondents);
        labels.push(format!("{} ({n})", group_name(*role)));
    }
    for label in &labels {
        out.push_str(&format!("<th scope=\"col\">{label}</th>"));
    }
    out.push_str("<th scope=\"col\">Verschil tussen rollen</th></tr></thead><tbody>");
    for theme in &detail.themes {
        out.push_str(if theme.marked { "<tr class=\"marked\">" } else { "<tr>" });
        out.push_str(&format!("<th scope=\"row\">{}", esc(&theme.title.nl)));
        if let Some(subtitle) = &theme.subtitle {
            out.push_str(&format!("<span class=\"sub\">{}</span>", esc(&subtitle.nl)));
        }
        out.push_str("</th>");
        let mut labels = labels.iter();
        if shows_all {
            let label = labels.next().map_or("", |l| l.as_str());
            cell(out, " class=\"n\"", label, &dutch(theme.all.as_ref().and_then(|g| g.score)));
        }
        for role in &results.roles {
            let label = labels.next().map_or("", |l| l.as_str());
            cell(out, " class=\"n\"", label, &dutch(theme.by_role.get(role).and_then(|g| g.score)));
        }
        let spread = match &theme.spread {
            Some(s) => format!(
                "{}{} ({} hoogst, {} laagst)",
                if theme.marked { "<span class=\"mark\">Groot verschil:</span> " } else { "" },
                dutch(Some(s.difference)),
                group_name(s.highest),
                group_name(s.lowest)
            ),
            None => "–".to_owned(),
        };
        cell(out, "", "Verschil tussen rollen", &spread);
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    // Priorities.
    if !detail.priorities.is_empty() {
        out.push_str(&format!(
            "<h3>Wat moet het eerst beter?</h3><p>Iedereen kon maximaal drie thema's kiezen. {} deelnemers kozen \
             er minstens één.</p><table><caption>Hoe vaak een thema gekozen is</caption><thead><tr>\
             <th scope=\"col\">Thema</th><th scope=\"col\">Iedereen</th>",
            detail.priority_respondents
        ));
        for role in &results.roles {
            out.push_str(&format!("<th scope=\"col\">{}</th>", group_name(*role)));
        }
        out.push_str("</tr></thead><tbody>");
        for count in &detail.priorities {
            let title = detail.themes.iter().find(|t| t.theme == count.theme).map_or("", |t| t.title.nl.as_str());
            out.push_str(&format!("<tr><th scope=\"row\">{}</th>", esc(title)));
            cell(out, " class=\"n\"", "Iedereen", &count.all.map_or("–".to_owned(), |n| n.to_string()));
            for role in &results.roles {
                let n = count.by_role.get(role).map_or("–".to_owned(), |n| n.to_string());
                cell(out, " class=\"n\"", group_name(*role), &n);
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
    }
    // Open answers.
    let answered: Vec<&ThemeReport> = detail.themes.iter().filter(|t| !t.open_answers.is_empty()).collect();
    out.push_str("<h3>Open antwoorden</h3>");
    if answered.is_empty() {
        out.push_str("<p>Niemand gaf in deze ronde een open antwoord.</p>");
    } else {
        out.push_str(
            "<p>In alfabetische volgorde. Bij een antwoord staat de rol alleen als die groep groot genoeg is om \
             apart te tonen.</p>",
        );
    }
    for theme in answered {
        out.push_str(&format!("<h4>{}</h4><ul class=\"answers\">", esc(&theme.title.nl)));
        for answer in &theme.open_answers {
            let role = answer.role.map(|r| format!(" <span class=\"meta\">({})</span>", role_name(r)));
            out.push_str(&format!("<li>{}{}</li>", esc(&answer.text), role.unwrap_or_default()));
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
}

fn comparison_html(out: &mut String, report: &QuickscanReport, comparison: &RoundComparison) {
    let name = |id: &str| report.rounds.iter().find(|r| r.id == id).map_or(id.to_owned(), |r| r.name.clone());
    let (from, to) = (esc(&name(&comparison.from)), esc(&name(&comparison.to)));
    out.push_str(&format!(
        "<section><h2>Ronde tegen ronde: {to} en {from}</h2><p>We vergelijken alleen de stellingen die in allebei de \
         rondes gesteld zijn: {} stellingen. {} stellingen staan maar in één van de twee rondes (een stelling die \
         anders gevraagd is, telt als nieuw); die tellen hier niet mee. Daardoor kan een score hier anders zijn dan \
         in de tabel van de ronde zelf.</p>",
        comparison.shared.len(),
        comparison.left_out.len()
    ));
    if comparison.themes.is_empty() {
        out.push_str("<p>Deze rondes hebben geen stellingen samen.</p></section>");
        return;
    }
    let roles: Vec<Role> =
        Role::ALL.into_iter().filter(|role| comparison.themes.iter().any(|t| t.by_role.contains_key(role))).collect();
    let has_all = comparison.themes.iter().any(|t| t.all.is_some());
    out.push_str(&format!(
        "<table><caption>Score per thema: {from}, {to} en het verschil</caption><thead><tr><th scope=\"col\">Thema</th>"
    ));
    let groups: Vec<Option<Role>> = has_all.then_some(None).into_iter().chain(roles.iter().map(|r| Some(*r))).collect();
    for group in &groups {
        let name = group.map_or("Iedereen", group_name);
        out.push_str(&format!("<th scope=\"col\">{name}: {from} → {to}</th>"));
    }
    out.push_str("</tr></thead><tbody>");
    for theme in &comparison.themes {
        let title = report
            .details
            .iter()
            .rev()
            .flat_map(|d| &d.themes)
            .find(|t| t.theme == theme.theme)
            .map_or(theme.theme.clone(), |t| t.title.nl.clone());
        out.push_str(&format!(
            "<tr><th scope=\"row\">{}<span class=\"sub\">{} stellingen</span></th>",
            esc(&title),
            theme.statements
        ));
        for group in &groups {
            let change = match group {
                None => theme.all.as_ref(),
                Some(role) => theme.by_role.get(role),
            };
            let figures = change
                .map_or("–".to_owned(), |c| format!("{} → {} ({})", dutch(c.from), dutch(c.to), signed(c.change)));
            let label = format!(
                "{}: {} → {}",
                group.map_or("Iedereen", group_name),
                name(&comparison.from),
                name(&comparison.to)
            );
            cell(out, " class=\"n\"", &label, &figures);
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></section>");
}

/// The Content-Security-Policy of the report page: nothing but its own inline stylesheet, by hash.
pub fn policy() -> String {
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(STYLE.as_bytes());
    format!(
        "default-src 'none'; style-src 'sha256-{}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        base64(&hash)
    )
}

/// Standard base64 with padding, for the hash in the policy.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_written_the_dutch_way_and_text_is_escaped() {
        assert_eq!(dutch(Some(3.45)), "3,5");
        assert_eq!(dutch(Some(-0.2)), "-0,2");
        assert_eq!(signed(Some(0.4)), "+0,4");
        assert_eq!(signed(Some(0.0)), "0,0");
        assert_eq!(dutch(None), "–");
        assert_eq!(esc("<b>\"x\" & 'y'</b>"), "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;");
    }

    #[test]
    fn the_policy_hash_is_standard_base64() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        assert!(policy().starts_with("default-src 'none'; style-src 'sha256-"));
    }
}
