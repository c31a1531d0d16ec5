//! Codes a person types from paper or another screen: letters and digits without look-alikes (no 0/O, 1/I/L),
//! shown in groups of four (`K7M4-PXQ2`), read back however they were typed.

/// The characters of every code.
pub const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const GROUP: usize = 4;

/// A code as typed (any case, with or without dashes or spaces) in its canonical form of `groups` groups of four,
/// or None when it cannot be such a code.
pub fn normalise(typed: &str, groups: usize) -> Option<String> {
    // ASCII upper case: a code is ASCII, and Unicode case tables would weigh on every widget that reads codes.
    let letters: String =
        typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_ascii_uppercase();
    let valid = letters.len() == groups * GROUP && letters.bytes().all(|b| ALPHABET.contains(&b));
    valid.then(|| format_groups(&letters))
}

/// A code of `groups` groups as [`normalise`] reads it, as a pattern: the characters of [`ALPHABET`] in either case,
/// with any whitespace or dashes between them.
pub fn pattern(groups: usize) -> String {
    assert_eq!(ALPHABET, b"ABCDEFGHJKMNPQRSTUVWXYZ23456789", "the class below spells out the alphabet");
    let gap = concat!("[-", crate::rules::whitespace!(), "]*");
    format!("^(?:{gap}[A-HJKMNP-Za-hjkmnp-z2-9]){{{}}}{gap}$", groups * GROUP)
}

/// `letters` (ASCII) in groups of four joined by dashes.
pub fn format_groups(letters: &str) -> String {
    letters.as_bytes().chunks(GROUP).map(|chunk| String::from_utf8_lossy(chunk)).collect::<Vec<_>>().join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_however_they_are_typed() {
        assert_eq!(normalise("abcd-efgh", 2).as_deref(), Some("ABCD-EFGH"));
        assert_eq!(normalise(" K7M4 PXQ2 ", 2).as_deref(), Some("K7M4-PXQ2"));
        assert_eq!(normalise("k7m4pxq2abcd", 3).as_deref(), Some("K7M4-PXQ2-ABCD"));
        for bad in ["", "ABCD-EFG", "ABCD-EFGHJ", "ABCD-EFG0", "ABCD-EFGI", "ABCD-EFG!", "ÀBCD-EFGH"] {
            assert_eq!(normalise(bad, 2), None, "{bad:?}");
        }
        assert_eq!(normalise("ABCD-EFGH", 3), None);
    }

    #[test]
    fn the_pattern_accepts_what_normalise_reads() {
        let pattern = regex::Regex::new(&pattern(2)).unwrap();
        for typed in [
            "abcd-efgh",
            " K7M4 PXQ2 ",
            "K7M4\u{3000}PXQ2",
            "--ab-cd-ef-gh--",
            "",
            "ABCD-EFG",
            "ABCD-EFGHJ",
            "ABCD-EFG0",
            "ABCD-EFGI",
            "abcd-efgl",
            "ABCD-EFG!",
            "ÀBCD-EFGH",
            "ABCD_EFGH",
        ] {
            assert_eq!(pattern.is_match(typed), normalise(typed, 2).is_some(), "{typed:?}");
        }
    }
}
