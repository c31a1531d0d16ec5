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
}
