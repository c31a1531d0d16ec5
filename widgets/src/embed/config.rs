//! A widget's configuration, read in one place from its element: `<inspraak-poll poll="…">` or, where a CMS
//! strips unknown tags, `<div data-inspraak="poll" data-poll="…">`. Each key has an explicit default.

use web_sys::HtmlElement;

use crate::i18n::Lang;

/// Which widget an element asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WidgetKind {
    Poll,
    Progress,
    Quickscan,
    Challenge,
}

impl WidgetKind {
    pub fn from_name(name: &str) -> Option<WidgetKind> {
        match name {
            "poll" => Some(WidgetKind::Poll),
            "progress" => Some(WidgetKind::Progress),
            "quickscan" => Some(WidgetKind::Quickscan),
            "challenge" => Some(WidgetKind::Challenge),
            _ => None,
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            WidgetKind::Poll => "inspraak-poll",
            WidgetKind::Progress => "inspraak-progress",
            WidgetKind::Quickscan => "inspraak-quickscan",
            WidgetKind::Challenge => "inspraak-challenge",
        }
    }
}

/// What a webmaster configured on one element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetConfig {
    pub kind: WidgetKind,
    /// The API root; default: the backend that served the script.
    pub api: String,
    /// `lang` on the element, else the nearest ancestor's (normally `<html lang>`), else Dutch.
    pub lang: Lang,
    element: HtmlElement,
}

/// Why an element cannot become a widget, worded for the webmaster reading the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl WidgetConfig {
    pub fn read(element: &HtmlElement, default_api: &str) -> Result<WidgetConfig, ConfigError> {
        let tag = element.tag_name().to_ascii_lowercase();
        let kind_name = match tag.strip_prefix("inspraak-") {
            Some(name) => name.to_owned(),
            None => element.get_attribute("data-inspraak").unwrap_or_default(),
        };
        let kind = WidgetKind::from_name(kind_name.trim()).ok_or_else(|| {
            ConfigError(format!(
                "unknown widget '{kind_name}'; use <inspraak-poll>, <inspraak-progress>, <inspraak-quickscan>, <inspraak-challenge> or data-inspraak=\"poll\""
            ))
        })?;
        let mut config = WidgetConfig { kind, api: String::new(), lang: Lang::Nl, element: element.clone() };
        config.api = config.attribute("api").unwrap_or_else(|| default_api.to_owned());
        let page_lang = || element.closest("[lang]").ok().flatten().and_then(|e| e.get_attribute("lang"));
        config.lang = config.attribute("lang").or_else(page_lang).map_or(Lang::Nl, |tag| Lang::from_tag(&tag));
        Ok(config)
    }

    /// An attribute by its name (`poll`) or, on a `data-inspraak` element, its `data-` name; blank counts as absent.
    pub fn attribute(&self, name: &str) -> Option<String> {
        self.element
            .get_attribute(name)
            .or_else(|| self.element.get_attribute(&format!("data-{name}")))
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    }

    /// A required attribute, or an error that shows the webmaster the markup to write.
    pub fn required(&self, name: &str) -> Result<String, ConfigError> {
        self.attribute(name).ok_or_else(|| {
            ConfigError(format!(
                "<{tag}> needs a {name} attribute, e.g. <{tag} {name}=\"...\"> or <div data-inspraak=\"{kind}\" data-{name}=\"...\">",
                tag = self.kind.tag(),
                kind = self.kind.tag().trim_start_matches("inspraak-"),
            ))
        })
    }
}
