//! The results of a poll as bars that are decoration only: every figure is also in the text,
//! so a screen reader hears "Speeltuin Wilhelminapark, 12 stemmen (40%)".

use inspraak_api::{Poll, PollResults};
use leptos::prelude::*;

use inspraak_widget_core::{cat, i18n::Texts, num};

#[component]
pub fn PollResultsView(
    /// the poll, for the option labels and their order
    poll: Poll,
    /// the counts to show
    results: PollResults,
    /// the options this browser chose, marked as "jouw keuze"
    #[prop(optional)]
    choices: Vec<String>,
) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let rows = poll.options.into_iter().map(|option| {
        let votes = results.options.iter().find(|counted| counted.id == option.id).map_or(0, |counted| counted.votes);
        let percent = results.percent(&inspraak_api::OptionResult { id: option.id.clone(), votes });
        let mine = choices.contains(&option.id);
        view! {
            <li class="result" class:mine=mine part="result">
                <span class="result-label">
                    {option.label}
                    {mine.then(|| view! { <span class="your-choice">" ("{texts.get("poll.results.your_choice")}")"</span> })}
                </span>
                <span class="result-count">
                    {texts.plural("poll.results.votes", votes, &[("percent", &num(percent))])}
                </span>
                <span class="bar" aria-hidden="true">
                    <span class="bar-fill" part="bar" style:width=cat(&[&num(percent), "%"])></span>
                </span>
            </li>
        }
    }).collect_view();
    view! {
        <div class="results" part="results">
            <h3 class="results-heading">{texts.get("poll.results.heading")}</h3>
            <ul class="result-list" role="list">{rows}</ul>
            <p class="result-total">{texts.plural("poll.results.voters", results.voters, &[])}</p>
        </div>
    }
}
