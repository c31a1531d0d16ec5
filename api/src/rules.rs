//! The rules every resource shares: ids, text lengths, web links, dates, the check against simple bots, and the
//! one way an enum names its variants outside JSON (in the database, CSV and catalogue keys).

use crate::problem::{FieldError, FieldErrorCode};

/// The longest id (of a poll, option, scan, form, task or municipality).
pub const ID_MAX_LEN: usize = 64;
/// The longest link a resource may hold.
pub const URL_MAX_LEN: usize = 500;

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
            format!("{name} must be 1 to {ID_MAX_LEN} of a-z, 0-9 and '-', not starting with '-'"),
        ));
    }
}

/// Adds an error when `value` is blank but `required`, or longer than `max` characters.
pub fn check_text(errors: &mut Vec<FieldError>, name: &str, value: &str, max: usize, required: bool) {
    if required && value.trim().is_empty() {
        errors.push(FieldError::new(name, FieldErrorCode::Required, format!("{name} is required")));
    } else if value.chars().count() > max {
        errors.push(FieldError::new(name, FieldErrorCode::TooLong, format!("{name} is longer than {max} characters")));
    }
}

/// Whether `url` is an absolute http or https URL without spaces: the only links a widget will show.
pub fn is_web_url(url: &str) -> bool {
    is_url(url, &["https://", "http://"])
}

/// Whether `url` is an absolute https URL without spaces.
pub fn is_https_url(url: &str) -> bool {
    is_url(url, &["https://"])
}

fn is_url(url: &str, schemes: &[&str]) -> bool {
    let rest = schemes.iter().find_map(|scheme| url.strip_prefix(scheme));
    url.len() <= URL_MAX_LEN
        && rest.is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Whether `url` may receive webhooks: https, or plain http to this machine (for tests and a local case system).
pub fn is_webhook_url(url: &str) -> bool {
    if is_https_url(url) {
        return true;
    }
    let Some(rest) = url.strip_prefix("http://") else { return false };
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or("");
    // `http://localhost:80@evil.example/` goes to evil.example: no user-info at all.
    if authority.contains('@') {
        return false;
    }
    let host = authority.rsplit_once(':').map_or(authority, |(host, _port)| host);
    matches!(host, "localhost" | "127.0.0.1" | "[::1]") && !url.chars().any(|c| c.is_whitespace() || c.is_control())
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
                format!("{name} must be an RFC 3339 date-time such as 2026-12-01T09:00:00+01:00"),
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
            format!("sent within {min_seconds} seconds of opening the {what}; check the answers and send again"),
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
