//! Mounting a widget into the open shadow root the loader gave its element: the config is read, and the view the
//! widget makes of it is rendered with the catalogue and the host element in context.

pub mod config;

use leptos::{mount::mount_to, prelude::*};
use send_wrapper::SendWrapper;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

use crate::{
    api_client::{ApiError, Primed},
    browser,
    i18n::{Lang, Texts},
};
pub use config::{ConfigError, WidgetConfig};

/// The element a widget lives in, for the events it dispatches to the host page.
#[derive(Clone)]
pub struct Host(pub SendWrapper<HtmlElement>);

/// What makes a widget's view from its element's configuration; an error tells the webmaster what to fix.
pub type MakeView = fn(&WidgetConfig) -> Result<AnyView, ConfigError>;

/// Renders the widget `host` asks for into its shadow root: `lang` and `texts` are the language and the catalogue the
/// loader fetched for it, `primed` the response to the widget's first request it asked for already (see [`Primed`]),
/// `make` turns its configuration into a view (the entry picks it by the element's kind). The returned handle
/// unmounts it when dropped.
pub fn mount_widget(
    host: &HtmlElement,
    default_api: &str,
    lang: &str,
    texts: &str,
    primed: Primed,
    make: impl FnOnce(&WidgetConfig) -> Result<AnyView, ConfigError> + 'static,
) -> Result<Box<dyn std::any::Any>, JsValue> {
    let shadow = match host.shadow_root() {
        Some(shadow) => shadow,
        None => host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?,
    };
    let document = host.owner_document().ok_or("element has no document")?;
    let container: HtmlElement = document.create_element("div")?.unchecked_into();
    container.set_class_name("inspraak");
    container.set_attribute("part", "root")?;
    shadow.set_inner_html("");
    shadow.append_child(&container)?;

    let lang = Lang::from_tag(lang);
    container.set_attribute("lang", lang.tag())?;
    let config = WidgetConfig::read(host, default_api, lang);
    let texts = Texts::load(config.as_ref().map_or("", |c| c.kind.as_str()), lang, texts)
        .addressed(config.as_ref().ok().and_then(|c| c.address));
    let host = Host(SendWrapper::new(host.clone()));
    let handle = mount_to(container, move || {
        provide_context(texts);
        provide_context(host);
        provide_context(primed);
        match config.and_then(|config| make(&config)) {
            Ok(view) => view,
            Err(error) => {
                browser::warn(&error.0);
                view! { <Misconfigured/> }.into_any()
            }
        }
    });
    Ok(Box::new(handle))
}

/// Shown to the resident when the webmaster's markup is wrong; the console says what to fix.
#[component]
fn Misconfigured() -> impl IntoView {
    let texts = expect_context::<Texts>();
    view! { <p class="notice" part="notice">{texts.get("widget.misconfigured")}</p> }
}

/// A widget's data from the backend: `loading` while it comes, [`LoadFailed`] (with a retry) when it does not,
/// else `show(data, after_retry)`. A retry keeps the error (and the focused button) on screen until it answers;
/// `after_retry` tells `show` to move focus, since that button is then gone. A signal and a task rather than
/// `LocalResource` and `<Transition>`: the same behaviour for 14 KB less brotli in each widget (measured on the poll).
pub fn load_view<T, Fut>(
    fetch: impl Fn() -> Fut + 'static,
    loading: &'static str,
    not_found: &'static str,
    show: impl Fn(T, bool) -> AnyView + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, ApiError>> + 'static,
{
    let texts = expect_context::<Texts>();
    let loaded = RwSignal::new(None::<Result<T, ApiError>>);
    let fetch = StoredValue::new_local(fetch);
    let load = move || {
        let answer = fetch.with_value(|fetch| fetch());
        // try_set: the widget may have left the page while its data was on the way.
        leptos::task::spawn_local(async move {
            loaded.try_set(Some(answer.await));
        });
    };
    load();
    let retried = StoredValue::new(false);
    let retry = move || {
        retried.set_value(true);
        load();
    };
    move || match loaded.get() {
        None => view! { <p class="notice loading" part="notice" role="status">{texts.get(loading)}</p> }.into_any(),
        Some(Ok(data)) => show(data, retried.get_value()),
        Some(Err(error)) => view! { <LoadFailed error not_found on_retry=retry/> }.into_any(),
    }
}

/// A widget's data could not be loaded: say why in the resident's words and offer to try again, except when the
/// thing asked for does not exist (`not_found` is the catalogue key for that case).
#[component]
pub fn LoadFailed(error: ApiError, not_found: &'static str, on_retry: impl Fn() + 'static) -> impl IntoView {
    let texts = expect_context::<Texts>();
    let missing = error.kind() == Some(inspraak_api::ProblemKind::NotFound);
    let message = if missing { texts.get(not_found) } else { texts.get(error.message_key()) };
    // Shown until the new attempt answers, so a click always visibly does something.
    let retrying = RwSignal::new(false);
    view! {
        <div class="load-failed">
            <p class="notice error" part="notice" role="alert">{message}</p>
            {(!missing).then(|| view! {
                <div class="actions">
                    <button type="button" class="button" part="button"
                        aria-disabled=move || retrying.get().then_some("true")
                        on:click=move |_| if !retrying.get_untracked() { retrying.set(true); on_retry() }>
                        {texts.get("action.retry")}
                    </button>
                    <span class="status" role="status">{move || retrying.get().then(|| texts.get("widget.loading"))}</span>
                </div>
            })}
        </div>
    }
}
