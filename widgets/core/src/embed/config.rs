//! A widget's configuration, read in one place from its element: `<inspraak-poll poll="…">` or, where a CMS
//! strips unknown tags, `<div data-inspraak="poll" data-poll="…">`. Each key has an explicit default.

use web_sys::HtmlElement;

use crate::i18n::{Address, Lang};

/// What a webmaster configured on one element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetConfig {
    /// The widget asked for: `poll` for `<inspraak-poll>` or `<div data-inspraak="poll">`.
    pub kind: String,
    /// The API root; default: the backend that served the script.
    pub api: String,
    /// The language the loader chose: `lang` on the element, else the nearest ancestor's (normally `<html lang>`),
    /// else Dutch.
    pub lang: Lang,
    /// `address="u"` or `address="je"` on the element: how the Dutch texts address the resident. None when the
    /// element does not say (or says something else): then the poll's or form's default from the API, else *je*.
    pub address: Option<Address>,
    element: HtmlElement,
}

/// Why an element cannot become a widget, worded for the webmaster reading the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl ConfigError {
    /// The element asks for a widget this module does not hold.
    pub fn unknown_kind(kind: &str) -> ConfigError {
        ConfigError(crate::cat(&[
            "unknown widget '",
            kind,
            "'; use <inspraak-poll>, <inspraak-progress>, <inspraak-quickscan>, <inspraak-challenge> or data-inspraak=\"poll\"",
        ]))
    }
}

impl WidgetConfig {
    pub fn read(element: &HtmlElement, default_api: &str, lang: Lang) -> Result<WidgetConfig, ConfigError> {
        let tag = element.tag_name().to_ascii_lowercase();
        let kind = match tag.strip_prefix("inspraak-") {
            Some(name) => name.to_owned(),
            None => element.get_attribute("data-inspraak").unwrap_or_default().trim().to_owned(),
        };
        if kind.is_empty() {
            return Err(ConfigError::unknown_kind(&kind));
        }
        let mut config = WidgetConfig { kind, api: String::new(), lang, address: None, element: element.clone() };
        config.api = config.attribute("api").unwrap_or_else(|| default_api.to_owned());
        config.address = config.attribute("address").and_then(|name| Address::from_name(&name));
        Ok(config)
    }

    /// An attribute by its name (`poll`) or, on a `data-inspraak` element, its `data-` name; blank counts as absent.
    pub fn attribute(&self, name: &str) -> Option<String> {
        self.element
            .get_attribute(name)
            .or_else(|| self.element.get_attribute(&crate::cat(&["data-", name])))
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    }

    /// A required attribute, or an error that shows the webmaster the markup to write.
    pub fn required(&self, name: &str) -> Result<String, ConfigError> {
        self.attribute(name).ok_or_else(|| {
            let kind = self.kind.as_str();
            ConfigError(crate::cat(&[
                "<inspraak-",
                kind,
                "> needs a ",
                name,
                " attribute, e.g. <inspraak-",
                kind,
                " ",
                name,
                "=\"...\"> or <div data-inspraak=\"",
                kind,
                "\" data-",
                name,
                "=\"...\">",
            ]))
        })
    }
}
