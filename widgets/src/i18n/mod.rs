//! The one catalogue of user-visible text: Dutch by default, English complete.
//! The texts live in `nl.txt` and `en.txt` so that a translator edits text, not Rust; a test checks both agree.

use std::{cell::OnceCell, collections::HashMap};

/// A language a widget can speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Nl,
    En,
}

impl Lang {
    /// The language for a BCP 47 tag such as `en-GB`; Dutch for anything we do not speak.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        if primary == "en" { Lang::En } else { Lang::Nl }
    }

    /// The tag to give `Intl` and the `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Nl => "nl-NL",
            Lang::En => "en-GB",
        }
    }
}

pub const NL_SOURCE: &str = include_str!("nl.txt");
pub const EN_SOURCE: &str = include_str!("en.txt");

/// Parses `key = text` lines, skipping blanks and `#` comments.
pub fn parse(source: &'static str) -> HashMap<&'static str, &'static str> {
    source
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_once('='))
        .map(|(key, text)| (key.trim(), text.trim()))
        .collect()
}

thread_local! {
    static NL: OnceCell<HashMap<&'static str, &'static str>> = const { OnceCell::new() };
    static EN: OnceCell<HashMap<&'static str, &'static str>> = const { OnceCell::new() };
}

/// The texts of one language, handed to components through context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Texts {
    pub lang: Lang,
}

impl Texts {
    pub fn new(lang: Lang) -> Texts {
        Texts { lang }
    }

    /// The text for `key` in this language, else in Dutch.
    fn lookup(self, key: &str) -> Option<&'static str> {
        fn find(
            table: &'static std::thread::LocalKey<OnceCell<HashMap<&'static str, &'static str>>>,
            source: &'static str,
            key: &str,
        ) -> Option<&'static str> {
            table.with(|cell| cell.get_or_init(|| parse(source)).get(key).copied())
        }
        let found = match self.lang {
            Lang::En => find(&EN, EN_SOURCE, key),
            Lang::Nl => None,
        };
        found.or_else(|| find(&NL, NL_SOURCE, key))
    }

    /// The text for `key`; the key itself when the catalogue lacks it (a test keeps that from happening).
    pub fn get(self, key: &'static str) -> &'static str {
        self.lookup(key).unwrap_or(key)
    }

    /// The text for `key` with each `{name}` replaced by its value.
    pub fn format(self, key: &'static str, values: &[(&str, &str)]) -> String {
        fill(self.get(key), values)
    }

    /// The singular (`key.one`) or plural (`key.other`) form for `count`, with `{count}` and `values` filled in.
    pub fn plural(self, key: &'static str, count: u64, values: &[(&str, &str)]) -> String {
        let form = if count == 1 { "one" } else { "other" };
        let text = self.lookup(&format!("{key}.{form}")).unwrap_or(key);
        fill(&text.replace("{count}", &count.to_string()), values)
    }
}

fn fill(text: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(text.to_owned(), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(text: &str) -> BTreeSet<&str> {
        text.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect()
    }

    #[test]
    fn english_has_every_dutch_key_with_the_same_placeholders() {
        let (nl, en) = (parse(NL_SOURCE), parse(EN_SOURCE));
        let missing_en: Vec<_> = nl.keys().filter(|k| !en.contains_key(*k)).collect();
        let missing_nl: Vec<_> = en.keys().filter(|k| !nl.contains_key(*k)).collect();
        assert!(missing_en.is_empty(), "keys missing in en.txt: {missing_en:?}");
        assert!(missing_nl.is_empty(), "keys missing in nl.txt: {missing_nl:?}");
        for (key, text) in &nl {
            assert!(!text.is_empty() && !en[key].is_empty(), "{key} is empty");
            assert_eq!(placeholders(text), placeholders(en[key]), "placeholders of {key} differ");
        }
    }

    /// The first part of every catalogue key.
    const KEY_PREFIXES: [&str; 8] = ["widget", "error", "action", "poll", "progress", "form", "quickscan", "challenge"];

    /// Every key the code names (any string literal shaped like `poll.submit`) is in the catalogue.
    #[test]
    fn every_key_used_in_the_code_exists() {
        let nl = parse(NL_SOURCE);
        let mut sources = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        let mut used = BTreeSet::new();
        while let Some(path) = sources.pop() {
            if path.is_dir() {
                sources.extend(std::fs::read_dir(&path).unwrap().map(|entry| entry.unwrap().path()));
            } else if path.extension().is_some_and(|ext| ext == "rs") && !path.ends_with("i18n/mod.rs") {
                // Every string literal that looks like a catalogue key, wherever it is used.
                let code = std::fs::read_to_string(&path).unwrap();
                for literal in code.split('"').skip(1).step_by(2) {
                    let prefix = literal.split('.').next().unwrap();
                    let looks_like_key = literal.contains('.')
                        && KEY_PREFIXES.contains(&prefix)
                        && literal
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_');
                    if looks_like_key {
                        used.insert(literal.to_owned());
                    }
                }
            }
        }
        assert!(used.len() > 30, "the scan found too few keys: {used:?}");
        for key in used {
            let known = nl.contains_key(key.as_str())
                || (nl.contains_key(format!("{key}.one").as_str()) && nl.contains_key(format!("{key}.other").as_str()));
            assert!(known, "{key} is used in the code but not in nl.txt");
        }
    }

    #[test]
    fn texts_fall_back_to_dutch_and_fill_in_plurals() {
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("fy"), Lang::Nl);
        let en = Texts::new(Lang::En);
        assert_eq!(en.get("poll.submit"), "Vote");
        assert_eq!(en.plural("poll.results.votes", 1, &[("percent", "50")]), "1 vote (50%)");
        assert_eq!(Texts::new(Lang::Nl).plural("poll.results.votes", 3, &[("percent", "75")]), "3 stemmen (75%)");
        assert_eq!(en.format("poll.hint.multiple", &[("max", "2")]), "Choose up to 2 answers.");
    }
}
