//! The rules every resource shares: ids, text lengths, web links, dates, the check against simple bots, and the
//! one way an enum names its variants outside JSON (in the database, CSV and catalogue keys).

use crate::problem::{FieldError, FieldErrorCode};

/// The longest id (of a poll, option, scan, form, task or municipality).
pub const ID_MAX_LEN: usize = 64;
/// The longest link a resource may hold, in characters.
pub const URL_MAX_LEN: usize = 500;

/// The characters `str::trim` removes (Unicode White_Space), as the inside of a regular expression class. Every
/// pattern below is written out of such classes rather than `\s`, whose members differ between regex engines.
macro_rules! whitespace {
    () => {
        r"\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
    };
}
/// What follows `scheme://` in a URI as [`authority`] reads it: userinfo, a host name and port, then the path,
/// query and fragment (RFC 3986, with a registered name as host).
macro_rules! uri_rest {
    () => {
        concat!(
            r"(?:(?:[A-Za-z0-9._~!$&'()*+,;=:-]|%[0-9A-Fa-f]{2})*@)?",
            r"(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})+(?::[0-9]*)?",
            uri_path!()
        )
    };
}
macro_rules! uri_path {
    () => {
        concat!(
            r"(?:/(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})*)*",
            r"(?:\?(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*)?",
            r"(?:#(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*)?"
        )
    };
}
pub(crate) use whitespace;

// The patterns below say in the OpenAPI document (ECMA-262 regular expressions, without look-around so that every
// engine reads them alike) what the checks in this crate accept; the tests hold the two together.

/// [`is_valid_id`] as a pattern; the length is the schema's maxLength.
pub const ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]*$";
/// A text that [`check_text`] accepts as filled in: at least one character that is not whitespace.
pub const NOT_BLANK_PATTERN: &str = concat!("[^", whitespace!(), "]");
/// [`is_web_url`] as a pattern; the length is the schema's maxLength.
pub const WEB_URL_PATTERN: &str = concat!("^https?://", uri_rest!(), "$");
/// [`is_https_url`] as a pattern.
pub const HTTPS_URL_PATTERN: &str = concat!("^https://", uri_rest!(), "$");
/// [`is_webhook_url`] as a pattern: https, or http to localhost, 127.0.0.1 or [::1].
pub const WEBHOOK_URL_PATTERN: &str = concat!(
    "^(?:https://",
    uri_rest!(),
    "|http://(?:localhost|127\\.0\\.0\\.1|\\[::1\\])(?::[0-9]*)?",
    uri_path!(),
    ")$"
);

/// Whether `id` is a valid id: 1 to `max` of `a-z`, `0-9`, `-`, starting with a letter or digit, so it reads well
/// in a URL.
pub fn is_valid_id(id: &str, max: usize) -> bool {
    !id.is_empty()
        && id.len() <= max
        && !id.starts_with('-')
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Adds an error on `name` when `id` is not a valid id.
pub fn check_id(errors: &mut Vec<FieldError>, name: &str, id: &str) {
    if !is_valid_id(id, ID_MAX_LEN) {
        errors.push(FieldError::new(
            name,
            FieldErrorCode::Format,
            crate::problem::reason!("{name} must be 1 to {ID_MAX_LEN} of a-z, 0-9 and '-', not starting with '-'"),
        ));
    }
}

/// Adds an error when `value` is blank but `required`, or longer than `max` characters.
pub fn check_text(errors: &mut Vec<FieldError>, name: &str, value: &str, max: usize, required: bool) {
    if required && value.trim().is_empty() {
        errors.push(FieldError::new(name, FieldErrorCode::Required, crate::problem::reason!("{name} is required")));
    } else if value.chars().count() > max {
        errors.push(FieldError::new(
            name,
            FieldErrorCode::TooLong,
            crate::problem::reason!("{name} is longer than {max} characters"),
        ));
    }
}

/// Whether `url` is an absolute http or https URI (RFC 3986, with a host name): the only links a widget will show.
pub fn is_web_url(url: &str) -> bool {
    is_url(url, &["https://", "http://"])
}

/// Whether `url` is an absolute https URI with a host name.
pub fn is_https_url(url: &str) -> bool {
    is_url(url, &["https://"])
}

fn is_url(url: &str, schemes: &[&str]) -> bool {
    let rest = schemes.iter().find_map(|scheme| url.strip_prefix(scheme));
    url.len() <= URL_MAX_LEN && rest.and_then(authority).is_some_and(|a| !a.host.is_empty() && !a.host.starts_with('['))
}

/// Whether `url` may receive webhooks: https, or plain http to this machine (for tests and a local case system).
pub fn is_webhook_url(url: &str) -> bool {
    if is_https_url(url) {
        return true;
    }
    let Some(authority) = url.strip_prefix("http://").and_then(authority) else { return false };
    authority.userinfo.is_none() && matches!(authority.host, "localhost" | "127.0.0.1" | "[::1]")
}

/// The parts of an RFC 3986 authority.
struct Authority<'a> {
    userinfo: Option<&'a str>,
    /// A registered name, or an IP literal in brackets (not checked further).
    host: &'a str,
}

/// The authority of `rest`, what follows `scheme://`, when all of `rest` is the rest of an RFC 3986 URI:
/// `[userinfo@]host[:port]`, then a path, query and fragment of the characters each may hold, with every `%`
/// followed by two hex digits.
fn authority(rest: &str) -> Option<Authority<'_>> {
    let (authority, tail) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
    let (userinfo, host_port) = match authority.split_once('@') {
        Some((userinfo, host_port)) => (Some(userinfo), host_port),
        None => (None, authority),
    };
    let (host, port) = match host_port.strip_prefix('[') {
        Some(literal) => {
            let close = literal.find(']')? + 2;
            let port = match &host_port[close..] {
                "" => Some(""),
                after => after.strip_prefix(':'),
            };
            (&host_port[..close], port)
        }
        None => match host_port.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, Some("")),
        },
    };
    let port = port?;
    let literal_ok = !host.starts_with('[') || (host.ends_with(']') && uri_chars(&host[1..host.len() - 1], ":"));
    let host_ok = host.starts_with('[') || uri_chars(host, "");
    let (path, query_fragment) = tail.split_at(tail.find(['?', '#']).unwrap_or(tail.len()));
    let (query, fragment) = match query_fragment.split_once('#') {
        Some((query, fragment)) => (query, Some(fragment)),
        None => (query_fragment, None),
    };
    let ok = userinfo.is_none_or(|u| uri_chars(u, ":"))
        && literal_ok
        && host_ok
        && port.bytes().all(|b| b.is_ascii_digit())
        && uri_chars(path, ":@/")
        && uri_chars(query.strip_prefix('?').unwrap_or(query), ":@/?")
        && fragment.is_none_or(|f| uri_chars(f, ":@/?"));
    ok.then_some(Authority { userinfo, host })
}

/// Whether `part` holds only RFC 3986 unreserved characters, sub-delims, `extra` and percent-encoded bytes.
fn uri_chars(part: &str, extra: &str) -> bool {
    let bytes = part.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            if !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            {
                return false;
            }
            i += 3;
            continue;
        }
        if !(b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=".contains(&b) || extra.as_bytes().contains(&b)) {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether `date` is a real calendar date written YYYY-MM-DD.
pub fn is_calendar_date(date: &str) -> bool {
    let bytes = date.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let number = |range: std::ops::Range<usize>| {
        date.get(range).filter(|s| s.bytes().all(|b| b.is_ascii_digit()))?.parse::<u32>().ok()
    };
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// An RFC 3339 date-time, or an error on `name` when `value` is not one.
#[cfg(feature = "admin")]
pub fn parse_date_time(errors: &mut Vec<FieldError>, name: &str, value: Option<&str>) -> Option<time::OffsetDateTime> {
    let value = value?;
    match time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc3339) {
        Ok(parsed) => Some(parsed),
        Err(_) => {
            errors.push(FieldError::new(
                name,
                FieldErrorCode::Format,
                crate::problem::reason!("{name} must be an RFC 3339 date-time such as 2026-12-01T09:00:00+01:00"),
            ));
            None
        }
    }
}

/// The two checks every public form makes against simple bots: `website`, a field people do not see (a honeypot),
/// must be empty, and the form must not come back within `min_seconds` of being opened.
pub fn check_human(errors: &mut Vec<FieldError>, website: &str, fill_seconds: u32, min_seconds: u32, what: &str) {
    if !website.is_empty() {
        errors.push(FieldError::new("website", FieldErrorCode::NotEmpty, "this field must stay empty"));
    }
    if fill_seconds < min_seconds {
        errors.push(FieldError::new(
            "fill_seconds",
            FieldErrorCode::TooFast,
            crate::problem::reason!(
                "sent within {min_seconds} seconds of opening the {what}; check the answers and send again"
            ),
        ));
    }
}

/// Names the variants of an enum once, for everywhere outside JSON: `ALL` (in the order given), `as_str` and
/// `from_name`. The names are serde's (`rename_all = "snake_case"`); a test in `lib.rs` keeps the two equal.
macro_rules! names {
    ($type:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $type {
            pub const ALL: [$type; [$($name),+].len()] = [$($type::$variant),+];

            /// The name in the API, the database, CSV and catalogue keys.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($type::$variant => $name),+
                }
            }

            /// The variant with this name, if any.
            pub fn from_name(name: &str) -> Option<$type> {
                match name {
                    $($name => Some($type::$variant),)+
                    _ => None,
                }
            }
        }
    };
}
pub(crate) use names;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lowercase_url_words() {
        assert!(is_valid_id("speeltuin-2026", ID_MAX_LEN));
        for bad in ["", "-x", "Speeltuin", "a b", "é"] {
            assert!(!is_valid_id(bad, ID_MAX_LEN), "{bad:?}");
        }
        assert!(!is_valid_id(&"a".repeat(ID_MAX_LEN + 1), ID_MAX_LEN));
    }

    #[test]
    fn links_are_absolute_web_links_and_webhooks_https_or_local() {
        assert!(is_web_url("https://www.voorbeeld.nl/raad") && is_web_url("http://voorbeeld.nl"));
        for bad in ["https://", "//evil.example", "javascript:alert(1)", "https:///x", "https://a b.nl"] {
            assert!(!is_web_url(bad), "{bad}");
        }
        assert!(!is_web_url(&format!("https://x.nl/{}", "a".repeat(URL_MAX_LEN))));
        assert!(is_https_url("https://x.nl/p") && !is_https_url("http://x.nl/p"));
        assert!(is_webhook_url("https://zaken.voorbeeld.nl/hook") && is_webhook_url("http://127.0.0.1:9999/hook"));
        assert!(is_webhook_url("http://localhost/hook") && is_webhook_url("http://[::1]:80/x"));
        assert!(!is_webhook_url("http://zaaksysteem.voorbeeld.nl/hook") && !is_webhook_url("http://localhost.evil/x"));
        assert!(
            !is_webhook_url("http://localhost:80@evil.example/") && !is_webhook_url("http://127.0.0.1@evil.example")
        );
    }

    #[test]
    fn dates_are_real_calendar_dates() {
        assert!(is_calendar_date("2024-02-29") && !is_calendar_date("2023-02-29") && !is_calendar_date("2026-1-01"));
        assert!(!is_calendar_date("2026-13-01") && !is_calendar_date("2026-04-31") && !is_calendar_date("2026-04-3x"));
    }

    /// Whether a string is an RFC 3986 URI, as far as these tests need to know: the characters of [`uri_chars`]
    /// with the delimiters, and valid percent-encoding.
    fn jsonschema_uri() -> impl Fn(&str) -> bool {
        let uri = regex::Regex::new(concat!(
            r"^[a-z][a-z0-9+.-]*:",
            r"(?:[A-Za-z0-9._~!$&'()*+,;=:@/?#\[\]-]|%[0-9A-Fa-f]{2})*$"
        ))
        .unwrap();
        move |s| uri.is_match(s)
    }

    /// Whether `pattern`, as the OpenAPI document has it, matches `value`.
    pub(crate) fn matches(pattern: &str, value: &str) -> bool {
        regex::Regex::new(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}")).is_match(value)
    }

    #[test]
    fn the_patterns_accept_what_the_checks_accept() {
        let ids = ["speeltuin-2026", "a", "0", "", "-x", "x-", "Speeltuin", "a b", "é", "a_b", "a--b"];
        for id in ids {
            assert_eq!(matches(ID_PATTERN, id), !id.is_empty() && is_valid_id(id, usize::MAX), "{id:?}");
        }
        for text in ["", " ", "\u{85}", "\u{3000}\t", "\u{feff}", "\u{1c}", "a", " a ", "\u{a0}x"] {
            let mut errors = Vec::new();
            check_text(&mut errors, "t", text, 100, true);
            assert_eq!(matches(NOT_BLANK_PATTERN, text), errors.is_empty(), "{text:?}");
        }
        let urls = [
            "https://www.voorbeeld.nl/raad",
            "http://voorbeeld.nl",
            "https://",
            "//evil.example",
            "javascript:alert(1)",
            "https:///x",
            "https://a b.nl",
            "https://a\u{85}b",
            "https://a\u{7f}",
            "HTTPS://x.nl",
            "https://bücher.de/ü",
            "http://localhost",
            "http://localhost:8080/hook",
            "http://localhost:/x",
            "http://localhost:80:90/x",
            "http://127.0.0.1?x=1",
            "http://127.0.0.1:9999#x",
            "http://[::1]:80/x",
            "http://[::1]/x",
            "http://localhost.evil/x",
            "http://127.0.0.1.evil",
            "http://zaaksysteem.voorbeeld.nl/hook",
            "http://localhost:8 0/x",
            "ftp://x.nl",
            "https://a:b",
            "https://a]",
            "https://a%zz",
            "https://a%20b/%2F",
            "https://a<b",
            "https://a|b",
            "https://a/{x}",
            "https://a/\"",
            "https://user:pw@x.nl:8443/p;q=1?a=b/c?d#f/g?h",
            "https://@x.nl",
            "https://@",
            "https://?x",
            "https://x.nl?x",
            "https://x.nl#",
            "https://x.nl:",
            "https://[::1]/x",
            "http://user@localhost/x",
            "http://LOCALHOST/x",
            "http://[::1]x",
            "http://[::1]",
        ];
        for url in urls {
            assert_eq!(matches(WEB_URL_PATTERN, url), is_web_url(url), "web {url:?}");
            assert_eq!(matches(HTTPS_URL_PATTERN, url), is_https_url(url), "https {url:?}");
            assert_eq!(matches(WEBHOOK_URL_PATTERN, url), is_webhook_url(url), "webhook {url:?}");
        }
        let validator = jsonschema_uri();
        for url in urls {
            assert!(!is_web_url(url) || validator(url), "a web link is a URI as JSON Schema reads one: {url:?}");
        }
    }

    #[test]
    fn text_is_required_and_counted_in_characters() {
        let mut errors = Vec::new();
        check_text(&mut errors, "a", " ", 3, true);
        check_text(&mut errors, "b", "éééé", 3, false);
        check_text(&mut errors, "c", "ééé", 3, true);
        check_text(&mut errors, "d", "", 3, false);
        let named: Vec<_> = errors.iter().map(|e| (e.name.as_str(), e.code)).collect();
        assert_eq!(named, [("a", FieldErrorCode::Required), ("b", FieldErrorCode::TooLong)]);
    }
}
