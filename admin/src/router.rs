//! The back office's pages by address: `/admin/peilingen/speeltuin-2026` and the like. Links change the address
//! with the History API and the page follows; the browser's back button works, and every address can be opened
//! directly (the server answers each with the same index.html).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Where the back office lives.
pub const ROOT: &str = "/admin";

/// A page of the back office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    Login,
    Home,
    Polls,
    PollNew,
    Poll(String),
    PollEdit(String),
    Quickscans,
    Quickscan(String),
    Challenges,
    Inbox(String),
    Application(String, String),
    Progress,
    ProgressOf(String),
    Audit,
    Accounts,
    NotFound,
}

fn decode(segment: &str) -> String {
    js_sys::decode_uri_component(segment).map(String::from).unwrap_or_else(|_| segment.to_owned())
}

fn encode(segment: &str) -> String {
    js_sys::encode_uri_component(segment).into()
}

impl Page {
    /// The page at `path` (`/admin/…`).
    pub fn parse(path: &str) -> Page {
        let rest = path.strip_prefix(ROOT).unwrap_or(path);
        let parts: Vec<String> = rest.split('/').filter(|p| !p.is_empty()).map(decode).collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        match parts.as_slice() {
            [] => Page::Home,
            ["inloggen"] => Page::Login,
            ["peilingen"] => Page::Polls,
            ["peilingen", "nieuw"] => Page::PollNew,
            ["peilingen", id] => Page::Poll((*id).to_owned()),
            ["peilingen", id, "bewerken"] => Page::PollEdit((*id).to_owned()),
            ["quickscans"] => Page::Quickscans,
            ["quickscans", id] => Page::Quickscan((*id).to_owned()),
            ["uitdaagrecht"] => Page::Challenges,
            ["uitdaagrecht", form] => Page::Inbox((*form).to_owned()),
            ["uitdaagrecht", form, reference] => Page::Application((*form).to_owned(), (*reference).to_owned()),
            ["voortgang"] => Page::Progress,
            ["voortgang", id] => Page::ProgressOf((*id).to_owned()),
            ["logboek"] => Page::Audit,
            ["accounts"] => Page::Accounts,
            _ => Page::NotFound,
        }
    }

    /// The address of this page.
    pub fn href(&self) -> String {
        let tail = match self {
            Page::Login => "/inloggen".to_owned(),
            Page::Home | Page::NotFound => "/".to_owned(),
            Page::Polls => "/peilingen".to_owned(),
            Page::PollNew => "/peilingen/nieuw".to_owned(),
            Page::Poll(id) => format!("/peilingen/{}", encode(id)),
            Page::PollEdit(id) => format!("/peilingen/{}/bewerken", encode(id)),
            Page::Quickscans => "/quickscans".to_owned(),
            Page::Quickscan(id) => format!("/quickscans/{}", encode(id)),
            Page::Challenges => "/uitdaagrecht".to_owned(),
            Page::Inbox(form) => format!("/uitdaagrecht/{}", encode(form)),
            Page::Application(form, reference) => format!("/uitdaagrecht/{}/{}", encode(form), encode(reference)),
            Page::Progress => "/voortgang".to_owned(),
            Page::ProgressOf(id) => format!("/voortgang/{}", encode(id)),
            Page::Audit => "/logboek".to_owned(),
            Page::Accounts => "/accounts".to_owned(),
        };
        format!("{ROOT}{tail}")
    }
}

/// The current address: path and query (`?status=ontvangen`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: String,
    pub query: String,
}

impl Location {
    pub fn page(&self) -> Page {
        Page::parse(&self.path)
    }

    /// The value of `name` in the query, if given.
    pub fn param(&self, name: &str) -> Option<String> {
        web_sys::UrlSearchParams::new_with_str(&self.query).ok()?.get(name)
    }

    /// Path and query, to come back to.
    pub fn full(&self) -> String {
        format!("{}{}", self.path, self.query)
    }
}

fn current() -> Location {
    let location = window().location();
    Location { path: location.pathname().unwrap_or_default(), query: location.search().unwrap_or_default() }
}

/// The address the whole page follows, in context.
#[derive(Clone, Copy)]
pub struct Nav(pub RwSignal<Location>);

impl Nav {
    /// Starts following the address bar (and its back and forward buttons).
    pub fn start() -> Nav {
        let nav = Nav(RwSignal::new(current()));
        let listener = window_event_listener(leptos::ev::popstate, move |_| nav.0.set(current()));
        // The page lives as long as the tab: the listener too.
        std::mem::forget(listener);
        nav
    }

    /// Goes to `href` (`/admin/…?…`), as a new entry in the history unless `replace`.
    pub fn go(self, href: &str, replace: bool) {
        if let Ok(history) = window().history() {
            let _ = if replace {
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
            } else {
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
            };
        }
        window().scroll_to_with_x_and_y(0.0, 0.0);
        self.0.set(current());
    }

    pub fn to(self, page: &Page) {
        self.go(&page.href(), false);
    }
}

/// A link to a page of the back office: opens in place, unless the reader asked for a new tab.
#[component]
pub fn Link(
    /// the address, `/admin/…`
    #[prop(into)]
    href: String,
    #[prop(optional, into)] class: Option<String>,
    /// `page` when this link is the current page
    #[prop(optional, into)]
    current: Signal<bool>,
    children: Children,
) -> impl IntoView {
    let nav = expect_context::<Nav>();
    let target = href.clone();
    let click = move |event: leptos::ev::MouseEvent| {
        let modified =
            event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key() || event.button() != 0;
        if !modified {
            event.prevent_default();
            nav.go(&target, false);
        }
    };
    view! {
        <a href=href class=class aria-current=move || current.get().then_some("page") on:click=click>{children()}</a>
    }
}

/// The element that was clicked, as an anchor, for links inside rendered text.
pub fn anchor(event: &leptos::ev::MouseEvent) -> Option<web_sys::HtmlAnchorElement> {
    event.target()?.dyn_into::<web_sys::HtmlAnchorElement>().ok()
}
