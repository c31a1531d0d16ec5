//! What a poll tells residents besides its question: who may vote and what happens with the result, and per option
//! its image, description and a link for more. A poll without any of it renders nothing of it.

use inspraak_api::{OutcomeKind, Poll, PollOption};
use leptos::prelude::*;

use inspraak_widget_core::{browser, cat, i18n::Texts, num};

/// Who may vote and what happens with the result, as a list of questions and answers; None when the poll says
/// neither.
pub fn about(texts: Texts, poll: &Poll) -> Option<impl IntoView + use<>> {
    if poll.eligibility.is_none() && poll.outcome.is_none() {
        return None;
    }
    let row = |question: &'static str, answer: String| {
        view! { <div class="context-row"><dt>{texts.get(question)}</dt><dd>{answer}</dd></div> }
    };
    let eligibility = poll.eligibility.clone().map(|who| row("poll.context.eligibility", who));
    let outcome = poll.outcome.as_ref().map(|outcome| {
        let kind = match outcome.kind {
            OutcomeKind::Advisory => "poll.context.advisory",
            OutcomeKind::Binding => "poll.context.binding",
        };
        let date = outcome.published_on.as_deref().map(|date| browser::long_date(date, texts.lang));
        let published = match (date, outcome.published_where.clone()) {
            (Some(date), Some(place)) => {
                Some(texts.format("poll.context.published_both", &[("date", &date), ("place", &place)]))
            }
            (Some(date), None) => Some(texts.format("poll.context.published_on", &[("date", &date)])),
            (None, place) => place,
        };
        view! {
            {row("poll.context.outcome", texts.format(kind, &[("who", &outcome.decided_by)]))}
            {published.map(|text| row("poll.context.published", text))}
        }
    });
    Some(view! { <dl class="context" part="context">{eligibility}{outcome}</dl> })
}

/// An option's image, description and link, under its label; None for an option with none of them. The image's
/// size is known from its upload, so the space is kept before it arrives and nothing shifts.
pub fn option_more(
    texts: Texts,
    base: &str,
    option: &PollOption,
    description_id: Option<String>,
) -> Option<impl IntoView + use<>> {
    if option.description.is_none() && option.link.is_none() && option.image.is_none() {
        return None;
    }
    let image = option.image.as_ref().map(|image| {
        view! {
            <img class="option-image" part="image" src=cat(&[base, "/", &image.url]) alt=image.alt.clone()
                width=image.width.map(|w| num(w.into())) height=image.height.map(|h| num(h.into()))
                loading="lazy" decoding="async"/>
        }
    });
    let description = option.description.clone().map(|text| {
        view! {
            <p id=description_id class="option-description">{text}</p>
        }
    });
    let link = option.link.clone().map(|href| {
        view! {
            <a class="option-link" part="link" href=href target="_blank" rel="noopener">
                {texts.format("poll.option.more", &[("option", &option.label)])}
                <span class="visually-hidden">{texts.get("poll.option.new_tab")}</span>
            </a>
        }
    });
    Some(view! { <div class="option-more" part="option-more">{image}{description}{link}</div> })
}
