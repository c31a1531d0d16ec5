//! The one catalogue of user-visible text: Dutch by default, English complete. The texts live in `texts/nl.txt` and
//! `texts/en.txt` of the core and of each widget, so that a translator edits text, not Rust. The build joins the
//! core's and a widget's file into one per widget and language, and the loader fetches just the one the element
//! needs and hands it to the widget: a page pays for one language of one widget's texts, not for all of them in
//! every module.

use std::cell::RefCell;

pub use inspraak_api::Address;

/// A language a widget can speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Nl,
    En,
}

impl Lang {
    /// The language for a BCP 47 tag such as `en-GB`; Dutch for anything we do not speak.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("en") { Lang::En } else { Lang::Nl }
    }

    /// `tenths` / 10 with one decimal, as a reader of this language writes it: "3,5" in Dutch, "3.5" in English. In
    /// whole numbers on purpose: formatting a float would compile 18 KB of float formatting into the module.
    pub fn tenths(self, tenths: i64) -> String {
        let separator = if self == Lang::Nl { "," } else { "." };
        decimal(tenths, separator)
    }

    /// The tag to give `Intl` and the `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Nl => "nl-NL",
            Lang::En => "en-GB",
        }
    }
}

/// A catalogue read from its `key = text` lines (blanks and `#` comments skipped), in the order of the file.
pub type Catalogue = Vec<(&'static str, &'static str)>;

/// Parses `key = text` lines, skipping blanks and `#` comments.
pub fn parse(source: &'static str) -> Catalogue {
    source
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_once('='))
        .map(|(key, text)| (key.trim(), text.trim()))
        .collect()
}

thread_local! {
    /// The catalogues handed in so far, by widget kind and language: parsed once, kept for the page's lifetime (a
    /// few kilobytes each, at most one per widget and language), so remounting a widget costs nothing.
    static LOADED: RefCell<Vec<(String, Lang, &'static Catalogue)>> = const { RefCell::new(Vec::new()) };
}

/// The texts of one language, handed to components through context. In Dutch they address the resident with *je*
/// unless `address` is `u`: then a text `key.u` takes the place of `key` where the catalogue has one (only the texts
/// whose words differ have one; English has none, and reads the same either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Texts {
    pub lang: Lang,
    catalogue: &'static Catalogue,
    /// The element's `address`, or once chosen the API's default; None: not chosen, *je*.
    address: Option<Address>,
}

impl Texts {
    /// The texts `source` holds for a widget of `kind` in `lang`; parsed the first time they are handed in.
    pub fn load(kind: &str, lang: Lang, source: &str) -> Texts {
        let catalogue = LOADED.with(|loaded| {
            let mut loaded = loaded.borrow_mut();
            if let Some((_, _, catalogue)) = loaded.iter().find(|(k, l, _)| k == kind && *l == lang) {
                return *catalogue;
            }
            let source: &'static str = Box::leak(source.to_owned().into_boxed_str());
            let catalogue: &'static Catalogue = Box::leak(Box::new(parse(source)));
            loaded.push((kind.to_owned(), lang, catalogue));
            catalogue
        });
        Texts { lang, catalogue, address: None }
    }

    /// These texts addressing the resident as the element's `address` attribute says (None: it says nothing).
    pub fn addressed(self, address: Option<Address>) -> Texts {
        Texts { address, ..self }
    }

    /// These texts with `default` (the API's, for this poll or form) unless the element chose already: the
    /// webmaster's attribute on the page wins over the default the municipality set for the whole poll or form.
    pub fn or_address(self, default: Address) -> Texts {
        Texts { address: Some(self.address.unwrap_or(default)), ..self }
    }

    /// How these texts address the resident.
    pub fn address(self) -> Address {
        self.address.unwrap_or_default()
    }

    /// The text for `key`; the key itself when the catalogue lacks it (a test keeps that from happening).
    pub fn get(self, key: &'static str) -> &'static str {
        self.lookup(key).unwrap_or(key)
    }

    fn lookup(self, key: &str) -> Option<&'static str> {
        let find = |key: &str| self.catalogue.iter().find(|(k, _)| *k == key).map(|(_, text)| *text);
        if self.address == Some(Address::U)
            && let Some(text) = find(&crate::cat(&[key, ".u"]))
        {
            return Some(text);
        }
        find(key)
    }

    /// The text for `key` with each `{name}` replaced by its value.
    pub fn format(self, key: &'static str, values: &[(&str, &str)]) -> String {
        fill(self.get(key), values)
    }

    /// The singular (`key.one`) or plural (`key.other`) form for `count`, with `{count}` and `values` filled in.
    pub fn plural(self, key: &'static str, count: u64, values: &[(&str, &str)]) -> String {
        let form = if count == 1 { ".one" } else { ".other" };
        let text = self.lookup(&crate::cat(&[key, form])).unwrap_or(key);
        let count = crate::num(count);
        let mut all = values.to_vec();
        all.push(("count", &count));
        fill(text, &all)
    }
}

/// `tenths` / 10 with one decimal and `separator` between the whole part and the tenths ("-0.5", "12.0").
pub fn decimal(tenths: i64, separator: &str) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    let (whole, tenth) = (tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10);
    crate::cat(&[sign, &crate::num(whole), separator, &crate::num(tenth)])
}

/// `text` with each `{name}` of `values` replaced, in one pass by hand: `str::replace` with a string pattern brings in
/// the standard library's substring searcher. A `{…}` not in `values` stays as written.
fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            values.iter().find(|(name, _)| *name == &after[..close]).map(|(_, value)| (close, *value))
        });
        match value {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The core's catalogue files, for the checks below and the widgets' browser tests.
#[cfg(any(test, feature = "testing"))]
pub mod sources {
    pub const CORE_NL: &str = include_str!("../../texts/nl.txt");
    pub const CORE_EN: &str = include_str!("../../texts/en.txt");
}

/// The words and phrases the texts avoid (`widgets/core/texts/avoid.txt`, docs/domain.md), each with what to write
/// instead: `avoid => write instead` per line.
#[cfg(any(test, feature = "testing"))]
pub const AVOID: &str = include_str!("../../texts/avoid.txt");

/// The words of a Dutch text that address the resident as *je*: a text holding one needs a `.u` form.
#[cfg(any(test, feature = "testing"))]
pub const JE_WORDS: [&str; 6] = ["je", "jij", "jou", "jouw", "jullie", "jezelf"];

/// The lower-cased words of `text` (letters, accented ones too; apostrophes and digits split words).
#[cfg(any(test, feature = "testing"))]
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect()
}

/// What `text` holds of the words to avoid, as (avoided, instead); an entry with a capital letter is matched as
/// written ("Democratie in actie"), any other in any case ("n.v.t.").
#[cfg(any(test, feature = "testing"))]
pub fn avoided(text: &str) -> Vec<(&'static str, &'static str)> {
    let lower = text.to_lowercase();
    AVOID
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_once("=>").map(|(avoid, instead)| (avoid.trim(), instead.trim())))
        .filter(
            |(avoid, _)| {
                if avoid.chars().any(char::is_uppercase) { holds(text, avoid) } else { holds(&lower, avoid) }
            },
        )
        .collect()
}

/// Whether `text` holds `phrase` as whole words: "indien" is not found in "indienen".
#[cfg(any(test, feature = "testing"))]
fn holds(text: &str, phrase: &str) -> bool {
    let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
    text.match_indices(phrase).any(|(at, _)| {
        let (before, after) = (text[..at].chars().next_back(), text[at + phrase.len()..].chars().next());
        let glued_before = letter(phrase.chars().next()) && letter(before);
        let glued_after = letter(phrase.chars().next_back()) && letter(after);
        !glued_before && !glued_after
    })
}

/// Checks the catalogue files of a crate (with the core's) the way every widget crate wants them checked: its own
/// keys start with `prefix` (the core's: none of the widgets'), the two languages have the same keys with the same
/// placeholders, no text is empty, no Dutch text holds a word of [`AVOID`], every Dutch text with a *je* word has a
/// `.u` form (with the same placeholders and no *je* word) and every `.u` form a text it replaces, and every
/// catalogue key its code names (a string literal shaped like `poll.submit`) exists. Panics with what is wrong.
#[cfg(any(test, feature = "testing"))]
pub fn check_catalogue(crate_dir: &str, prefix: Option<&str>, nl: &'static str, en: &'static str) {
    use std::collections::BTreeSet;
    const CORE_PREFIXES: [&str; 4] = ["widget", "error", "action", "form"];
    let joined = |core: &str, own: &str| -> &'static str { Box::leak(crate::cat(&[core, "\n", own]).into_boxed_str()) };
    let (all_nl, en) = (parse(joined(sources::CORE_NL, nl)), parse(joined(sources::CORE_EN, en)));
    let (u_forms, nl): (Catalogue, Catalogue) = all_nl.into_iter().partition(|(key, _)| key.ends_with(".u"));
    let keys = |catalogue: &Catalogue| catalogue.iter().map(|(k, _)| *k).collect::<BTreeSet<_>>();
    let placeholders = |text: &str| -> BTreeSet<String> {
        text.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned())).collect()
    };
    let has_je = |text: &str| words(text).iter().any(|w| JE_WORDS.contains(&w.as_str()));
    assert_eq!(keys(&nl), keys(&en), "nl.txt and en.txt must have the same keys (besides the .u forms of nl.txt)");
    assert_eq!(keys(&nl).len(), nl.len(), "a key stands twice in nl.txt");
    assert_eq!(keys(&u_forms).len(), u_forms.len(), "a .u key stands twice in nl.txt");
    for (key, nl_text) in &nl {
        let en_text = en.iter().find(|(k, _)| k == key).map_or("", |(_, text)| *text);
        assert!(!nl_text.is_empty() && !en_text.is_empty(), "{key} is empty");
        assert_eq!(placeholders(nl_text), placeholders(en_text), "placeholders of {key} differ");
        let first = key.split('.').next().unwrap_or_default();
        assert!(CORE_PREFIXES.contains(&first) || Some(first) == prefix, "{key} does not belong in {crate_dir}");
        if let Some((avoid, instead)) = avoided(nl_text).into_iter().next() {
            panic!("{key} says \"{avoid}\": write {instead} (widgets/core/texts/avoid.txt)");
        }
        let u_key = crate::cat(&[key, ".u"]);
        let u_text = u_forms.iter().find(|(k, _)| *k == u_key).map(|(_, text)| *text);
        // The back office speaks to municipal staff and has no address setting: only the widgets need u-forms.
        let addressed = prefix != Some("admin");
        assert!(
            !addressed || !has_je(nl_text) || u_text.is_some(),
            "{key} says je (or jij, jouw, jullie): add {u_key}"
        );
    }
    for (u_key, u_text) in &u_forms {
        let key = &u_key[..u_key.len() - 2];
        let Some((_, je_text)) = nl.iter().find(|(k, _)| *k == key) else {
            panic!("{u_key} has no {key} to replace");
        };
        assert!(!u_text.is_empty(), "{u_key} is empty");
        assert_ne!(u_text, je_text, "{u_key} is the same as {key}: leave it out");
        assert!(!has_je(u_text), "{u_key} still says je (or jij, jouw, jullie)");
        assert_eq!(placeholders(u_text), placeholders(je_text), "placeholders of {u_key} and {key} differ");
        if let Some((avoid, instead)) = avoided(u_text).into_iter().next() {
            panic!("{u_key} says \"{avoid}\": write {instead} (widgets/core/texts/avoid.txt)");
        }
    }
    let prefixes: Vec<&str> = CORE_PREFIXES.iter().copied().chain(prefix).collect();
    let mut sources = vec![std::path::PathBuf::from(crate_dir).join("src")];
    let mut used = BTreeSet::new();
    while let Some(path) = sources.pop() {
        if path.is_dir() {
            sources.extend(std::fs::read_dir(&path).unwrap().map(|entry| entry.unwrap().path()));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let code = std::fs::read_to_string(&path).unwrap();
            for literal in code.split('"').skip(1).step_by(2) {
                let first = literal.split('.').next().unwrap();
                let looks_like_key = literal.contains('.')
                    && prefixes.contains(&first)
                    && literal.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_');
                if looks_like_key {
                    used.insert(literal.to_owned());
                }
            }
        }
    }
    assert!(used.len() > 3, "the scan of {crate_dir}/src found too few catalogue keys: {used:?}");
    let known = keys(&nl);
    for key in used {
        let found = known.contains(key.as_str())
            || (known.contains([&key, ".one"].concat().as_str()) && known.contains([&key, ".other"].concat().as_str()));
        assert!(found, "{key} is used in {crate_dir}/src but not in its texts/nl.txt or the core's");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_core_catalogue_is_complete_in_both_languages() {
        check_catalogue(env!("CARGO_MANIFEST_DIR"), None, "", "");
    }

    #[test]
    fn the_checks_find_je_words_and_words_to_avoid() {
        assert_eq!(words("Wil je je antwoorden nakijken?"), ["wil", "je", "je", "antwoorden", "nakijken"]);
        assert!(!words("Jeugd en jouwer, jaja").iter().any(|w| JE_WORDS.contains(&w.as_str())));
        assert!(words("Heb jij gestemd?").contains(&"jij".to_owned()));
        assert_eq!(avoided("Kies N.v.t. als het niet past").len(), 1);
        assert!(avoided("Democratie in actie").iter().any(|(avoid, _)| *avoid == "Democratie in actie"));
        assert!(avoided("Democratie in Actie").is_empty());
        assert!(avoided("Stemmen kan tot en met {date}.").is_empty());
        assert!(avoided("Je aanvraag indienen").is_empty(), "indien is a word of its own");
        assert!(!avoided("Indien nodig").is_empty());
        assert!(!avoided("Stemmen kan tot {date}.").is_empty());
    }

    #[test]
    fn texts_fill_in_values_and_plurals() {
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("EN"), Lang::En);
        assert_eq!(Lang::from_tag("fy"), Lang::Nl);
        assert_eq!(
            (Lang::Nl.tenths(35), Lang::En.tenths(40), Lang::En.tenths(-5)),
            ("3,5".into(), "4.0".into(), "-0.5".into())
        );
        assert_eq!(decimal(1234, "."), "123.4");
        let en = Texts::load(
            "test",
            Lang::En,
            "a.b = Choose up to {max} answers.\nc.one = {count} vote ({percent}%)\nc.other = {count} votes ({percent}%)",
        );
        assert_eq!(en.format("a.b", &[("max", "2")]), "Choose up to 2 answers.");
        assert_eq!(en.plural("c", 1, &[("percent", "50")]), "1 vote (50%)");
        assert_eq!(en.plural("c", 3, &[("percent", "75")]), "3 votes (75%)");
        assert_eq!(en.get("missing.key"), "missing.key");
        assert_eq!(fill("{a}{b} {a} {c} {", &[("a", "1"), ("b", "{a}")]), "1{a} 1 {c} {");
        // The u-form where the catalogue has one; the element's choice wins over the API's default.
        let nl = Texts::load(
            "test-u",
            Lang::Nl,
            "a = Kies je antwoord.\na.u = Kies uw antwoord.\nb = Stem\nc.one = {count} stem\nc.one.u = {count} stem (u)\nc.other = {count} stemmen",
        );
        assert_eq!(nl.get("a"), "Kies je antwoord.");
        assert_eq!(nl.or_address(Address::U).get("a"), "Kies uw antwoord.");
        assert_eq!(nl.or_address(Address::U).get("b"), "Stem");
        assert_eq!(nl.or_address(Address::U).plural("c", 1, &[]), "1 stem (u)");
        assert_eq!(nl.or_address(Address::U).plural("c", 2, &[]), "2 stemmen");
        assert_eq!(nl.addressed(Some(Address::Je)).or_address(Address::U).get("a"), "Kies je antwoord.");
        assert_eq!(nl.addressed(Some(Address::U)).or_address(Address::Je).address(), Address::U);
        // Loaded once per kind and language: a second hand-in of other text for the same pair is not read again.
        assert_eq!(Texts::load("test", Lang::En, "a.b = other").get("a.b"), "Choose up to {max} answers.");
    }
}
