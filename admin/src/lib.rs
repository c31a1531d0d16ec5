//! The back office at `/admin/`: the web page where a communication adviser runs polls, a griffier the quick scan
//! and progress, and a case handler the Right to Challenge applications. Dutch by default, English switchable; it
//! speaks only the `/v1/admin` API (docs/backoffice.md), so another backend that serves that API serves this page.
//!
//! The page asks who is logged in (`GET /v1/admin/session`); without a session it shows the login and comes back to
//! the address that was asked for. Each account sees the sections of its role.

pub mod api;
pub mod pages;
pub mod router;
pub mod ui;

use inspraak_api::{AccountRole, SessionInfo};
use inspraak_widget_core::i18n::{Lang, Texts};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use router::{Link, Nav, Page};

const NL: &str = include_str!("../texts/nl.txt");
const EN: &str = include_str!("../texts/en.txt");
const LANG_KEY: &str = "inspraak:admin:lang";

/// Who is logged in; None before the page knows, or after logging out.
#[derive(Clone, Copy)]
pub struct Me(pub RwSignal<Option<SessionInfo>>);

impl Me {
    pub fn role(self) -> Option<AccountRole> {
        self.0.with(|me| me.as_ref().map(|me| me.role))
    }
}

/// A message the login page shows once (the session ended, you logged out).
#[derive(Clone, Copy)]
pub struct LoginMessage(pub RwSignal<Option<&'static str>>);

/// The roles that may open `page`; None for pages anyone may open.
pub fn roles_for(page: &Page) -> &'static [AccountRole] {
    match page {
        Page::Polls | Page::PollNew | Page::Poll(_) | Page::PollEdit(_) => AccountRole::EDITORS,
        Page::Quickscans | Page::Quickscan(_) | Page::Progress | Page::ProgressOf(_) => AccountRole::EDITORS,
        Page::Challenges | Page::Inbox(_) | Page::Application(..) => AccountRole::HANDLERS,
        Page::Audit | Page::Accounts => AccountRole::ADMINS,
        Page::Login | Page::Home | Page::NotFound => AccountRole::ANYONE,
    }
}

/// The first page of a role: its main work.
pub fn home_of(role: AccountRole) -> Page {
    match role {
        AccountRole::Behandelaar => Page::Challenges,
        AccountRole::Beheerder | AccountRole::Redacteur => Page::Polls,
    }
}

fn stored_lang() -> Lang {
    inspraak_widget_core::browser::stored(LANG_KEY).map_or(Lang::Nl, |tag| Lang::from_tag(&tag))
}

/// Mounts the back office on the page's body.
#[wasm_bindgen(start)]
pub fn start() {
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    let nav = Nav::start();
    provide_context(nav);
    let me = Me(RwSignal::new(None));
    provide_context(me);
    let message = LoginMessage(RwSignal::new(None));
    provide_context(message);
    let lang = RwSignal::new(stored_lang());
    provide_context(lang);
    let checked = RwSignal::new(false);

    // A request that finds the session ended sends the reader to the login, to come back here after it.
    api::on_session_ended(move || {
        if nav.0.with_untracked(|l| l.page()) == Page::Login {
            return;
        }
        me.0.set(None);
        api::set_csrf(None);
        message.0.set(Some("admin.login.ended"));
        let back = nav.0.with_untracked(|l| l.full());
        nav.go(&login_href(&back), true);
    });

    leptos::task::spawn_local(async move {
        match api::whoami::<SessionInfo>().await {
            Ok(session) => {
                api::set_csrf(session.csrf_token.clone());
                me.0.set(Some(session));
            }
            Err(_) => {
                if nav.0.with_untracked(|l| l.page()) != Page::Login {
                    let back = nav.0.with_untracked(|l| l.full());
                    nav.go(&login_href(&back), true);
                }
            }
        }
        checked.set(true);
    });

    move || {
        let lang = lang.get();
        let texts = Texts::load("admin", lang, if lang == Lang::En { EN } else { NL });
        ui::set_texts(texts);
        document().document_element().map(|html| html.set_attribute("lang", lang.tag()));
        view! { <Shell checked/> }
    }
}

/// The login page's address, coming back to `back` after it.
pub fn login_href(back: &str) -> String {
    let back = if back.starts_with(router::ROOT) && !back.starts_with(&Page::Login.href()) { back } else { "" };
    if back.is_empty() || back == format!("{}/", router::ROOT) {
        Page::Login.href()
    } else {
        format!("{}?terug={}", Page::Login.href(), String::from(js_sys::encode_uri_component(back)))
    }
}

#[component]
fn Shell(checked: RwSignal<bool>) -> impl IntoView {
    let t = ui::texts();
    let nav = expect_context::<Nav>();
    let me = expect_context::<Me>();
    let page = Memo::new(move |_| nav.0.with(|l| l.page()));
    let body = move || {
        let page = page.get();
        if page == Page::Login {
            return view! { <pages::login::LoginPage/> }.into_any();
        }
        let Some(role) = me.role() else {
            return if checked.get() {
                ().into_any()
            } else {
                view! { <p class="loading" role="status">{t.get("admin.loading")}</p> }.into_any()
            };
        };
        if !roles_for(&page).contains(&role) {
            return view! { <pages::Forbidden/> }.into_any();
        }
        pages::page(page, role)
    };
    view! {
        <a class="skip-link" href="#main">{t.get("admin.skip")}</a>
        <Header/>
        <main id="main" class="main" tabindex="-1">{body}</main>
        <footer class="footer"><p>{t.get("admin.footer")}</p></footer>
    }
}

#[component]
fn Header() -> impl IntoView {
    let t = ui::texts();
    let nav = expect_context::<Nav>();
    let me = expect_context::<Me>();
    let lang = expect_context::<RwSignal<Lang>>();
    let sections = move || {
        let role = me.role()?;
        let current = nav.0.with(|l| l.page());
        let links: Vec<(Page, &str)> = [
            (Page::Polls, "admin.nav.polls"),
            (Page::Quickscans, "admin.nav.quickscans"),
            (Page::Challenges, "admin.nav.challenges"),
            (Page::Progress, "admin.nav.progress"),
            (Page::Accounts, "admin.nav.accounts"),
            (Page::Audit, "admin.nav.audit"),
        ]
        .into_iter()
        .filter(|(page, _)| roles_for(page).contains(&role))
        .collect();
        Some(view! {
            <nav class="nav" aria-label=t.get("admin.nav.label")>
                <ul>
                    {links.into_iter().map(|(page, key)| {
                        let here = section_of(&current) == page;
                        view! { <li><Link href=page.href() current=Signal::derive(move || here)>{t.get(key)}</Link></li> }
                    }).collect_view()}
                </ul>
            </nav>
        })
    };
    let switch = move |_| {
        let next = if lang.get_untracked() == Lang::En { Lang::Nl } else { Lang::En };
        inspraak_widget_core::browser::store(LANG_KEY, next.tag());
        lang.set(next);
    };
    let message = expect_context::<LoginMessage>();
    let logout = move |_| {
        leptos::task::spawn_local(async move {
            let _ = api::delete(&api::path(&["session"])).await;
            api::set_csrf(None);
            me.0.set(None);
            message.0.set(Some("admin.login.logged_out"));
            nav.to(&Page::Login);
        });
    };
    view! {
        <header class="header">
            <div class="header-bar">
                <Link href=Page::Home.href() class="brand">{t.get("admin.app.name")}</Link>
                <div class="header-tools">
                    {move || me.0.get().map(|me| view! {
                        <span class="who">{t.format("admin.logged_in_as", &[("name", &me.name), ("role", t.get(role_key(me.role)))])}</span>
                        <button type="button" class="button subtle" on:click=logout>{t.get("admin.logout")}</button>
                    })}
                    <button type="button" class="button subtle" lang=move || if lang.get() == Lang::En { "nl" } else { "en" } on:click=switch>
                        {move || if lang.get() == Lang::En { "Nederlands" } else { "English" }}
                    </button>
                </div>
            </div>
            {sections}
        </header>
    }
}

/// The section a page belongs to, for the navigation's current link.
fn section_of(page: &Page) -> Page {
    match page {
        Page::Polls | Page::PollNew | Page::Poll(_) | Page::PollEdit(_) => Page::Polls,
        Page::Quickscans | Page::Quickscan(_) => Page::Quickscans,
        Page::Challenges | Page::Inbox(_) | Page::Application(..) => Page::Challenges,
        Page::Progress | Page::ProgressOf(_) => Page::Progress,
        other => other.clone(),
    }
}

/// The catalogue key of a role's name.
pub fn role_key(role: AccountRole) -> &'static str {
    match role {
        AccountRole::Beheerder => "admin.role.beheerder",
        AccountRole::Redacteur => "admin.role.redacteur",
        AccountRole::Behandelaar => "admin.role.behandelaar",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_catalogue_is_complete_in_both_languages() {
        inspraak_widget_core::i18n::check_catalogue(env!("CARGO_MANIFEST_DIR"), Some("admin"), super::NL, super::EN);
    }
}
