//! The 7-segment ring and the status icons, drawn in SVG. Colour is never the only signal: each status has its
//! own shape (empty, dot, half, full with a check), the ring has a text alternative, and the list says it in words.

use inspraak_api::SubgoalStatus;
use inspraak_widget_core::{cat, num};
use leptos::prelude::*;

/// The segment length and gap on a circle of path length 70 (7 segments of 10): no trigonometry needed.
const SEGMENT_DASH: &str = "8.6 61.4";

/// The class of a status in the stylesheet: its name with dashes.
pub fn status_class(status: SubgoalStatus) -> &'static str {
    match status {
        SubgoalStatus::NotStarted => "status-not-started",
        SubgoalStatus::Explored => "status-explored",
        SubgoalStatus::InProgress => "status-in-progress",
        SubgoalStatus::Embedded => "status-embedded",
    }
}

/// The badge's ring: one segment per subgoal, clockwise from the top, with the count under way in the middle.
#[component]
pub fn Ring(statuses: Vec<SubgoalStatus>, label: String, under_way: String) -> impl IntoView {
    let segments = statuses
        .into_iter()
        .enumerate()
        .map(|(index, status)| {
            // Each segment starts 10 path units further on, with half the gap before it.
            let offset = cat(&["-", &num(index as u64 * 10), ".7"]);
            view! {
                <circle class=cat(&["segment ", status_class(status)]) cx="21" cy="21" r="16" pathLength="70"
                    stroke-dasharray=SEGMENT_DASH stroke-dashoffset=offset></circle>
            }
        })
        .collect_view();
    view! {
        <svg class="ring" part="ring" viewBox="0 0 42 42" role="img" aria-label=label>
            <g transform="rotate(-90 21 21)">{segments}</g>
            <text x="21" y="21" class="ring-count" text-anchor="middle" dominant-baseline="central">
                {under_way}"/7"
            </text>
        </svg>
    }
}

/// The icon before each subgoal: a shape per status, decoration beside the status in words.
#[component]
pub fn StatusIcon(status: SubgoalStatus) -> impl IntoView {
    let shape = match status {
        SubgoalStatus::NotStarted => view! { <circle cx="8" cy="8" r="6.5" class="outline"></circle> }.into_any(),
        SubgoalStatus::Explored => view! {
            <circle cx="8" cy="8" r="6.5" class="outline"></circle>
            <circle cx="8" cy="8" r="2.5" class="fill"></circle>
        }
        .into_any(),
        SubgoalStatus::InProgress => view! {
            <circle cx="8" cy="8" r="6.5" class="outline"></circle>
            <path d="M8 1.5 A6.5 6.5 0 0 1 8 14.5 Z" class="fill"></path>
        }
        .into_any(),
        SubgoalStatus::Embedded => view! {
            <circle cx="8" cy="8" r="7" class="fill"></circle>
            <path d="M4.5 8.2 L7 10.7 L11.5 5.6" class="check"></path>
        }
        .into_any(),
    };
    view! {
        <svg class=cat(&["status-icon ", status_class(status)]) viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            {shape}
        </svg>
    }
}
