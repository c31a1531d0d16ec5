//! The pages of the back office, one module per section.

pub mod accounts;
pub mod audit;
pub mod challenges;
pub mod login;
pub mod polls;
pub mod progress;
pub mod quickscans;

use inspraak_api::AccountRole;
use leptos::prelude::*;

use crate::{
    home_of,
    router::{Link, Nav, Page},
    ui::{PageHeading, texts},
};

/// The view of `page` for an account with `role` (which may open it).
pub fn page(page: Page, role: AccountRole) -> AnyView {
    match page {
        Page::Home => {
            let nav = expect_context::<Nav>();
            nav.go(&home_of(role).href(), true);
            ().into_any()
        }
        Page::Polls => view! { <polls::PollList/> }.into_any(),
        Page::PollNew => view! { <polls::PollEditor id=None/> }.into_any(),
        Page::PollEdit(id) => view! { <polls::PollEditor id=Some(id)/> }.into_any(),
        Page::Poll(id) => view! { <polls::PollDetail id/> }.into_any(),
        Page::Quickscans => view! { <quickscans::ScanList/> }.into_any(),
        Page::Quickscan(id) => view! { <quickscans::ScanDetail id/> }.into_any(),
        Page::Challenges => view! { <challenges::FormList/> }.into_any(),
        Page::Inbox(form) => view! { <challenges::Inbox form/> }.into_any(),
        Page::Application(form, reference) => view! { <challenges::ApplicationPage form reference/> }.into_any(),
        Page::Progress => view! { <progress::MunicipalityList/> }.into_any(),
        Page::ProgressOf(id) => view! { <progress::ProgressPage id/> }.into_any(),
        Page::Audit => view! { <audit::AuditPage/> }.into_any(),
        Page::Accounts => view! { <accounts::AccountsPage/> }.into_any(),
        Page::Login => view! { <login::LoginPage/> }.into_any(),
        Page::NotFound => view! { <NotFound/> }.into_any(),
    }
}

/// A page this account's role may not open.
#[component]
pub fn Forbidden() -> impl IntoView {
    let t = texts();
    view! {
        <PageHeading title=t.get("admin.forbidden.title")/>
        <p>{t.get("admin.forbidden.text")}</p>
        <p><Link href=Page::Home.href()>{t.get("admin.forbidden.home")}</Link></p>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let t = texts();
    view! {
        <PageHeading title=t.get("admin.not_found.title")/>
        <p><Link href=Page::Home.href()>{t.get("admin.forbidden.home")}</Link></p>
    }
}

/// A breadcrumb trail above a page's heading: (address, label) pairs, the last one is the page itself.
#[component]
pub fn Breadcrumbs(trail: Vec<(String, String)>) -> impl IntoView {
    let t = texts();
    view! {
        <nav class="breadcrumbs" aria-label=t.get("admin.breadcrumbs")>
            <ol>
                {trail.into_iter().map(|(href, label)| view! { <li><Link href>{label}</Link></li> }).collect_view()}
            </ol>
        </nav>
    }
}
