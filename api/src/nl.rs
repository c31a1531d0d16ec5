//! Dutch notations as people type them: amounts in euros, postcodes, phone numbers, KvK numbers and e-mail
//! addresses, each read leniently and normalised, or refused when it cannot be what it says.

pub const EMAIL_MAX_LEN: usize = 254;
pub const PHONE_MAX_LEN: usize = 32;
pub const POSTCODE_MAX_LEN: usize = 16;
/// Amounts up to 100 million euros: more is a typing error, not a neighbourhood plan.
pub const AMOUNT_CENTS_MAX: u64 = 100_000_000 * 100;

/// Surrounding whitespace, as `str::trim` takes it off.
const WS: &str = concat!("[", crate::rules::whitespace!(), "]*");

/// [`parse_euro_cents`] as a pattern, for an amount it reads: an optional € or EUR, whole euros with or without dots
/// between thousands, one or two decimals after a comma or ",-", and at most [`AMOUNT_CENTS_MAX`]. Stricter than
/// the parser in one way only: more than eight digits before the comma (100.000.000 aside) are not taken, also
/// when they start with zeros.
pub fn amount_pattern() -> String {
    let euros = 10u64.pow(8);
    assert_eq!(AMOUNT_CENTS_MAX, euros * 100, "the pattern below spells out 100.000.000");
    let whole = "[0-9]{1,8}|[0-9]{1,3}\\.[0-9]{3}|(?:[0-9]{1,2}|0[0-9]{2})\\.[0-9]{3}\\.[0-9]{3}";
    let most = "(?:100000000|100\\.000\\.000)(?:,00?)?";
    let sp = concat!("[", crate::rules::whitespace!(), "]*");
    format!("^{sp}(?:(?:€|EUR|eur|Eur){sp})?(?:(?:{whole})(?:,[0-9]{{1,2}})?|{most})(?:{sp},--?)?{sp}$")
}

/// [`normalise_postcode`] as a pattern.
pub fn postcode_pattern() -> String {
    // Two letters, but not SA, SD or SS.
    format!("^{WS}[1-9][0-9]{{3}} ?(?:[A-RT-Za-rt-z][A-Za-z]|[Ss][B-CE-RT-Zb-ce-rt-z]){WS}$")
}

/// [`normalise_phone`] as a pattern, or blank (a phone number is optional). Stricter than the check in one way: at
/// most one space, dash or dot between two characters, which keeps a number within [`PHONE_MAX_LEN`].
pub fn optional_phone_pattern() -> String {
    let s = "[ .-]?";
    // After +31 or 0031: nine digits, not starting with 0, perhaps after "(0)".
    let nine = format!("(?:\\({s}0{s}\\){s})?[1-9](?:{s}[0-9]){{8}}");
    let national = format!("0{s}[1-9](?:{s}[0-9]){{8}}");
    let plus = format!("\\+{s}3{s}1{s}{nine}");
    let double_zero = format!("0{s}0{s}3{s}1{s}{nine}");
    // "(020) 123 45 67": an opening bracket, ten digits, and the closing one before or after any of them.
    let ten = ["0", "[1-9]", "[0-9]", "[0-9]", "[0-9]", "[0-9]", "[0-9]", "[0-9]", "[0-9]", "[0-9]"];
    let bracketed: Vec<String> = (0..=ten.len())
        .map(|close| {
            let mut parts = ten.to_vec();
            parts.insert(close, "\\)");
            parts.join(s)
        })
        .collect();
    let area = format!("\\({s}(?:{})", bracketed.join("|"));
    format!("^{WS}(?:{national}|{plus}|{double_zero}|{area})?{WS}$")
}

/// [`valid_kvk`] as a pattern, or blank (a KvK number is optional): eight digits, not all zero.
pub fn optional_kvk_pattern() -> String {
    let not_all_zero: Vec<String> = (0..8).map(|zeros| format!("0{{{zeros}}}[1-9][0-9]{{{}}}", 7 - zeros)).collect();
    format!("^{WS}(?:{})?{WS}$", not_all_zero.join("|"))
}

/// Why an amount is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    /// Nothing typed.
    Empty,
    /// Not an amount of euros at all.
    Format,
    /// Could be read two ways ("12,500", "12.50", "12,500.50"): Dutch notation is asked for.
    Ambiguous,
    /// More than [`AMOUNT_CENTS_MAX`].
    TooLarge,
}

/// An amount of euros in Dutch notation, in cents: "€ 12.500,50", "12500", "12.500", "12500,5", "€ 250,-".
/// Dots group thousands, a comma marks 1 or 2 decimals. English notation that a Dutch reader would misread is
/// refused as ambiguous rather than guessed: "12,500.50", "12,500", "12.50".
pub fn parse_euro_cents(input: &str) -> Result<u64, AmountError> {
    let mut s = input.trim();
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    for prefix in ["€", "EUR", "eur", "Eur"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim_start();
            break;
        }
    }
    // "12.500,-" and "12.500,--": whole euros.
    let s = s.strip_suffix(",--").or_else(|| s.strip_suffix(",-")).map_or(s, |whole| whole.trim_end());
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return Err(AmountError::Format);
    }
    if !s.as_bytes()[0].is_ascii_digit() {
        return Err(AmountError::Format);
    }
    let commas = s.matches(',').count();
    let (whole, decimals) = match commas {
        0 => (s, ""),
        1 => s.split_once(',').unwrap_or((s, "")),
        // "12,500,000": English thousands.
        _ => return Err(AmountError::Ambiguous),
    };
    if decimals.contains('.') {
        // "12,500.50": English notation.
        return Err(AmountError::Ambiguous);
    }
    match decimals.len() {
        0 if commas == 1 => return Err(AmountError::Format),
        // "12,500": twelve and a half, or twelve thousand five hundred?
        3 if !whole.contains('.') => return Err(AmountError::Ambiguous),
        0..=2 => {}
        _ => return Err(AmountError::Format),
    }
    let mut groups = whole.split('.');
    let first = groups.next().unwrap_or("");
    let rest: Vec<&str> = groups.collect();
    if first.is_empty() {
        return Err(AmountError::Format);
    }
    if !rest.is_empty() {
        if rest.len() == 1 && rest[0].len() <= 2 && commas == 0 {
            // "12.5", "12.50": an English decimal point.
            return Err(AmountError::Ambiguous);
        }
        if first.len() > 3 || rest.iter().any(|group| group.len() != 3) {
            return Err(AmountError::Format);
        }
    }
    let mut cents: u64 = 0;
    for digit in whole.bytes().filter(u8::is_ascii_digit).chain(decimals.bytes().chain(b"00".iter().copied()).take(2)) {
        cents =
            cents.checked_mul(10).and_then(|c| c.checked_add(u64::from(digit - b'0'))).ok_or(AmountError::TooLarge)?;
    }
    if cents > AMOUNT_CENTS_MAX { Err(AmountError::TooLarge) } else { Ok(cents) }
}

/// Cents as a Dutch amount: 1250050 → "€ 12.500,50".
pub fn format_euro_cents(cents: u64) -> String {
    let euros = crate::text::grouped(cents / 100, ".");
    crate::text::cat(&["€ ", &euros, ",", &crate::text::padded(cents % 100, 2)])
}

/// A Dutch postcode as "1234 AB": four digits (not starting with 0), an optional space, two letters in any
/// case, except the combinations SA, SD and SS that PostNL does not use.
pub fn normalise_postcode(input: &str) -> Option<String> {
    let s = input.trim();
    if s.len() > POSTCODE_MAX_LEN {
        return None;
    }
    let bytes = s.as_bytes();
    let (digits, letters) = match bytes.len() {
        6 => (&bytes[..4], &bytes[4..]),
        7 if bytes[4] == b' ' => (&bytes[..4], &bytes[5..]),
        _ => return None,
    };
    if digits[0] == b'0' || !digits.iter().all(u8::is_ascii_digit) || !letters.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let letters = [letters[0].to_ascii_uppercase(), letters[1].to_ascii_uppercase()];
    if matches!(&letters, b"SA" | b"SD" | b"SS") {
        return None;
    }
    Some(crate::text::cat(&[std::str::from_utf8(digits).ok()?, " ", std::str::from_utf8(&letters).ok()?]))
}

/// A Dutch phone number in international form ("+31612345678"), from the ways people write one:
/// 06-12345678, 06 1234 5678, +31 6 12345678, +31 (0)6 12345678, 0031 6 12345678, 020-1234567, (020) 123 45 67.
/// Ten digits nationally, starting with 0 and then not 0; other countries are refused.
pub fn normalise_phone(input: &str) -> Option<String> {
    let s = input.trim();
    if s.len() > PHONE_MAX_LEN {
        return None;
    }
    let compact: String = s.chars().filter(|c| !matches!(c, ' ' | '-' | '.')).collect();
    let national = if let Some(rest) = compact.strip_prefix("+31").or_else(|| compact.strip_prefix("0031")) {
        crate::text::cat(&["0", rest.strip_prefix("(0)").unwrap_or(rest)])
    } else if let Some(rest) = compact.strip_prefix('(') {
        // "(020)1234567": an area code in brackets.
        let (area, number) = rest.split_once(')')?;
        crate::text::cat(&[area, number])
    } else {
        compact
    };
    let bytes = national.as_bytes();
    let valid = bytes.len() == 10 && bytes[0] == b'0' && bytes[1] != b'0' && bytes.iter().all(u8::is_ascii_digit);
    valid.then(|| crate::text::cat(&["+31", &national[1..]]))
}

/// Whether `input` is a KvK (Chamber of Commerce) number: exactly eight digits, not all zero. KvK numbers carry no
/// check digit, so no more can be checked without asking the KvK.
pub fn valid_kvk(input: &str) -> bool {
    let s = input.trim();
    s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) && s != "00000000"
}

/// Whether `input` looks like an e-mail address that can receive mail: one @, a local part without spaces, and a
/// domain of letters, digits and dashes with a dot and a top-level domain of at least two letters.
pub fn valid_email(input: &str) -> bool {
    let s = input.trim();
    if s.is_empty() || s.len() > EMAIL_MAX_LEN {
        return false;
    }
    let Some((local, domain)) = s.rsplit_once('@') else { return false };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| {
            !c.is_whitespace()
                && !c.is_control()
                && !matches!(c, '@' | '<' | '>' | ',' | ';' | '"' | '(' | ')' | '[' | ']' | '\\')
        });
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic));
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regex(pattern: &str) -> regex::Regex {
        regex::Regex::new(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"))
    }

    /// Strings built from `alphabet`, every one up to `len` characters: what a pattern and its check must agree on.
    fn all_strings(alphabet: &[&str], len: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..len {
            last = last.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    #[test]
    fn the_patterns_accept_what_the_checks_accept() {
        let amounts = [
            "€ 12.500,50",
            "12500",
            "12.500",
            "12500,5",
            "€12.500",
            "  € 250,-  ",
            "€ 1.000,--",
            "EUR 99,99",
            "1.234.567,89",
            "0",
            "0,05",
            "100.000.000",
            "100000000,00",
            "100000000,01",
            "100.000.001",
            "99999999,99",
            "12,500.50",
            "12,500",
            "12.50",
            "12.5",
            "12.",
            "12,",
            "12,-",
            "12 ,-",
            "12,50,-",
            "12,---",
            ",50",
            "€",
            "€EUR 1",
            "eur\u{3000}5",
            "1.2345",
            "1234.567",
            "-100",
            "12 500",
            "$ 100",
            "012.500",
            "000.000.001",
        ];
        let amount_pattern = regex(&amount_pattern());
        for amount in amounts {
            assert_eq!(amount_pattern.is_match(amount), parse_euro_cents(amount).is_ok(), "{amount:?}");
        }
        for amount in all_strings(&["1", "0", ".", ",", "-", " ", "€"], 6) {
            let pattern = amount_pattern.is_match(&amount);
            assert!(!pattern || parse_euro_cents(&amount).is_ok(), "pattern takes {amount:?}");
            // The one place the pattern is stricter: leading zeros past eight digits.
            assert!(
                pattern || parse_euro_cents(&amount).is_err() || amount.matches(['0', '1']).count() > 8,
                "{amount:?}"
            );
        }
        let postcodes = [
            "1234 AB",
            "1234AB",
            "1234ab",
            " 9999 zz ",
            "1000 SB",
            "1234 sd",
            "1234 SA",
            "1234SS",
            "0123 AB",
            "1234  AB",
            "1234-AB",
            "1234 Å1",
            "1234 A",
            "\u{a0}1234ab\u{2003}",
        ];
        let postcode_pattern = regex(&postcode_pattern());
        for postcode in postcodes {
            assert_eq!(postcode_pattern.is_match(postcode), normalise_postcode(postcode).is_some(), "{postcode:?}");
        }
        for postcode in all_strings(&["1", "0", "s", "A", "d", " "], 7) {
            let expected = normalise_postcode(&postcode).is_some();
            assert_eq!(postcode_pattern.is_match(&postcode), expected, "{postcode:?}");
        }
        let phones = [
            "06-12345678",
            "0612345678",
            "06 1234 5678",
            "+31 6 12345678",
            "+31612345678",
            "+31 (0)6 12345678",
            "0031 6 12345678",
            "020-1234567",
            "(020) 123 45 67",
            "0575-123456",
            "085.123.4567",
            "(0)612345678",
            "(0612345678)",
            "",
            "  ",
            "12345678",
            "061234567",
            "+32 470 12 34 56",
            "0031 06 12345678",
            "06-1234567a",
            "(06 12345678",
            "+3106 12345678",
            "06--12345678",
        ];
        for phone in phones {
            let check = phone.trim().is_empty() || normalise_phone(phone).is_some();
            // "06--12345678": two separators in a row, which the pattern does not take.
            assert_eq!(regex(&optional_phone_pattern()).is_match(phone), check && phone != "06--12345678", "{phone:?}");
        }
        for kvk in ["12345678", " 69599084 ", "01234567", "", "  ", "1234567", "123456789", "00000000", "1234 5678"] {
            let check = kvk.trim().is_empty() || valid_kvk(kvk);
            assert_eq!(regex(&optional_kvk_pattern()).is_match(kvk), check, "{kvk:?}");
        }
    }

    #[test]
    fn amounts_in_dutch_notation_become_cents() {
        for (typed, cents) in [
            ("€ 12.500,50", 1_250_050),
            ("12500", 1_250_000),
            ("12.500", 1_250_000),
            ("12500,5", 1_250_050),
            ("12500,50", 1_250_050),
            ("€12.500", 1_250_000),
            ("  € 250,-  ", 25_000),
            ("€ 1.000,--", 100_000),
            ("EUR 99,99", 9_999),
            ("1.234.567,89", 123_456_789),
            ("0", 0),
            ("0,05", 5),
            ("100.000.000", AMOUNT_CENTS_MAX),
        ] {
            assert_eq!(parse_euro_cents(typed), Ok(cents), "{typed}");
        }
        for (typed, error) in [
            ("", AmountError::Empty),
            ("   ", AmountError::Empty),
            ("12,500.50", AmountError::Ambiguous),
            ("12,500", AmountError::Ambiguous),
            ("1,250,000", AmountError::Ambiguous),
            ("12.50", AmountError::Ambiguous),
            ("12.5", AmountError::Ambiguous),
            ("12.500,505", AmountError::Format),
            ("12,", AmountError::Format),
            ("1.2345", AmountError::Format),
            ("12.34.567", AmountError::Format),
            ("1234.567", AmountError::Format),
            (".50", AmountError::Format),
            (",50", AmountError::Format),
            ("-100", AmountError::Format),
            ("€", AmountError::Format),
            ("twaalf", AmountError::Format),
            ("12 500", AmountError::Format),
            ("$ 100", AmountError::Format),
            ("100.000.001", AmountError::TooLarge),
            ("99999999999999999999999", AmountError::TooLarge),
        ] {
            assert_eq!(parse_euro_cents(typed), Err(error), "{typed}");
        }
        assert_eq!(format_euro_cents(1_250_050), "€ 12.500,50");
        assert_eq!(format_euro_cents(5), "€ 0,05");
        assert_eq!(format_euro_cents(123_456_789), "€ 1.234.567,89");
    }

    #[test]
    fn postcodes_are_normalised_and_impossible_ones_refused() {
        for (typed, normal) in [
            ("1234 AB", "1234 AB"),
            ("1234AB", "1234 AB"),
            ("1234ab", "1234 AB"),
            (" 9999 zz ", "9999 ZZ"),
            ("1000 SB", "1000 SB"),
        ] {
            assert_eq!(normalise_postcode(typed).as_deref(), Some(normal), "{typed}");
        }
        for typed in [
            "", "0123 AB", "123 AB", "12345 AB", "1234 A", "1234 ABC", "1234 SA", "1234 sd", "1234SS", "1234  AB",
            "1234-AB", "ABCD 12", "1234 Å1",
        ] {
            assert_eq!(normalise_postcode(typed), None, "{typed}");
        }
    }

    #[test]
    fn dutch_phone_numbers_in_their_usual_forms() {
        for (typed, normal) in [
            ("06-12345678", "+31612345678"),
            ("0612345678", "+31612345678"),
            ("06 1234 5678", "+31612345678"),
            ("+31 6 12345678", "+31612345678"),
            ("+31612345678", "+31612345678"),
            ("+31 (0)6 12345678", "+31612345678"),
            ("0031 6 12345678", "+31612345678"),
            ("020-1234567", "+31201234567"),
            ("(020) 123 45 67", "+31201234567"),
            ("0575-123456", "+31575123456"),
            ("085.123.4567", "+31851234567"),
        ] {
            assert_eq!(normalise_phone(typed).as_deref(), Some(normal), "{typed}");
        }
        for typed in [
            "",
            "12345678",
            "061234567",
            "06123456789",
            "+32 470 12 34 56",
            "0031 06 12345678x",
            "00 12345678",
            "0012345678",
            "06-1234567a",
            "+31 6 1234 56789",
            "(06 12345678",
        ] {
            assert_eq!(normalise_phone(typed), None, "{typed}");
        }
    }

    #[test]
    fn kvk_numbers_are_eight_digits() {
        for good in ["12345678", " 69599084 ", "01234567"] {
            assert!(valid_kvk(good), "{good}");
        }
        for bad in ["", "1234567", "123456789", "1234 5678", "1234567a", "00000000", "１２３４５６７８"] {
            assert!(!valid_kvk(bad), "{bad}");
        }
    }

    #[test]
    fn email_addresses_that_can_receive_mail() {
        for good in ["fatima@example.nl", "a.b+c@sub.voorbeeld.nl", " jan@gemeente.amsterdam ", "ö@bücher.de"] {
            assert!(valid_email(good), "{good}");
        }
        for bad in [
            "",
            "fatima",
            "fatima@",
            "@example.nl",
            "fatima@example",
            "fatima@example.n",
            "fa tima@example.nl",
            "fatima@@example.nl",
            "fatima@exam_ple.nl",
            "fatima@-example.nl",
            "fatima@example..nl",
            ".fatima@example.nl",
            "fa..tima@example.nl",
            "fatima@example.123",
            "<a>@example.nl",
        ] {
            assert!(!valid_email(bad), "{bad}");
        }
    }
}

/// How a widget addresses residents in Dutch: with the informal *je* or the formal *u*. English has one form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Address {
    #[default]
    Je,
    U,
}

crate::rules::names!(Address {
    Je => "je",
    U => "u",
});

impl Address {
    /// Whether this is the default form, which the API leaves out.
    pub fn is_je(&self) -> bool {
        *self == Address::Je
    }
}
