//! The live preview beside the poll editor: the real poll component (`inspraak_poll::PollPreview`) in a shadow root
//! with the widget's own stylesheet and texts, as a resident's page would show it, drawn again on every change. A
//! vote in the preview goes nowhere: its API address answers nothing.

use inspraak_api::Poll;
use inspraak_widget_core::{
    api_client::ApiClient,
    embed::Host,
    i18n::{Lang, Texts},
};
use leptos::{html, mount::mount_to, prelude::*};
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use crate::ui::texts;

const CORE_NL: &str = include_str!("../../../../widgets/core/texts/nl.txt");
const CORE_EN: &str = include_str!("../../../../widgets/core/texts/en.txt");
const POLL_NL: &str = include_str!("../../../../widgets/poll/texts/nl.txt");
const POLL_EN: &str = include_str!("../../../../widgets/poll/texts/en.txt");

/// The poll widget's catalogue in `lang`, as the widget build joins it.
fn poll_texts(lang: Lang) -> Texts {
    let source = if lang == Lang::En { [CORE_EN, POLL_EN].join("\n") } else { [CORE_NL, POLL_NL].join("\n") };
    Texts::load("admin-preview-poll", lang, &source)
}

#[component]
pub fn PollPreviewFrame(poll: Signal<Poll>) -> impl IntoView {
    let host = NodeRef::<html::Div>::new();
    let lang = texts().lang;
    let mounted = StoredValue::new_local(None::<Box<dyn std::any::Any>>);
    Effect::new(move |_| {
        let poll = poll.get();
        let Some(host) = host.get() else { return };
        let host: web_sys::HtmlElement = host.unchecked_into();
        let shadow = match host.shadow_root() {
            Some(shadow) => shadow,
            None => {
                let Ok(shadow) = host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
                else {
                    return;
                };
                if let Ok(link) = document().create_element("link") {
                    let _ = link.set_attribute("rel", "stylesheet");
                    let _ = link.set_attribute("href", "/admin/inspraak-poll.css");
                    let _ = shadow.append_child(&link);
                }
                shadow
            }
        };
        // The old view goes before the new one is drawn.
        mounted.set_value(None);
        if let Some(old) = shadow.query_selector(".inspraak").ok().flatten() {
            old.remove();
        }
        let Ok(container) = document().create_element("div") else { return };
        container.set_class_name("inspraak");
        let _ = container.set_attribute("part", "root");
        let _ = container.set_attribute("lang", lang.tag());
        let _ = shadow.append_child(&container);
        let texts = poll_texts(lang);
        let host = Host(SendWrapper::new(host.clone()));
        let handle = mount_to(container.unchecked_into(), move || {
            provide_context(texts);
            provide_context(host);
            // A vote from the preview goes to an address that does not exist, and is never counted.
            let api = ApiClient::new("/v1/admin/preview-does-not-vote");
            view! { <inspraak_poll::PollPreview api poll/> }
        });
        mounted.set_value(Some(Box::new(handle)));
    });
    view! { <div class="preview-host" node_ref=host></div> }
}
