//! Strings put together without `core::fmt`. The widgets' WebAssembly is measured in bytes residents download, and
//! `format!`, `to_string` on a number and `join` each bring their own machinery (the formatter, its padding, one
//! copy of `join` per separator type); these loops do the same work in a fraction of it. The server uses them too
//! where a widget shares its code, so both build the same strings.

/// `parts` joined into one string: `[…].concat()` by a loop.
pub fn cat(parts: &[&str]) -> String {
    let mut joined = String::with_capacity(parts.iter().map(|part| part.len()).sum());
    for part in parts {
        joined.push_str(part);
    }
    joined
}

/// `parts` with `separator` between them, as `join` writes it.
pub fn joined<S: AsRef<str>>(parts: &[S], separator: &str) -> String {
    let mut joined = String::new();
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            joined.push_str(separator);
        }
        joined.push_str(part.as_ref());
    }
    joined
}

/// `n` in decimal digits, as `n.to_string()` writes it.
pub fn num(n: u64) -> String {
    padded(n, 1)
}

/// `n` in decimal digits, with leading zeros to at least `width` digits (up to 20): `padded(7, 2)` is "07".
pub fn padded(mut n: u64, width: usize) -> String {
    let mut digits = [b'0'; 20];
    let mut start = digits.len();
    while n > 0 || start == digits.len() {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    ascii(&digits[start.min(digits.len().saturating_sub(width))..])
}

/// ASCII bytes as a string (pushing them as `char`s would bring in UTF-8 encoding).
fn ascii(bytes: &[u8]) -> String {
    std::str::from_utf8(bytes).unwrap_or_default().to_owned()
}

/// `n` in decimal digits with `separator` between each group of three from the right: `grouped(1250050, ".")` is
/// "1.250.050".
pub fn grouped(n: u64, separator: &str) -> String {
    let digits = num(n);
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for index in 0..digits.len() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push_str(&digits[index..=index]);
    }
    out
}

/// A date as YYYY-MM-DD, each part padded with zeros as `{:04}-{:02}-{:02}` pads it.
pub fn iso_date(year: u64, month: u64, day: u64) -> String {
    cat(&[&padded(year, 4), "-", &padded(month, 2), "-", &padded(day, 2)])
}

/// `bytes` as lower-case hexadecimal, two digits each.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let digits: Vec<u8> =
        bytes.iter().flat_map(|byte| [DIGITS[usize::from(byte >> 4)], DIGITS[usize::from(byte & 15)]]).collect();
    ascii(&digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strings_are_the_ones_the_standard_library_writes() {
        assert_eq!(cat(&["a", "", "bc"]), ["a", "", "bc"].concat());
        assert_eq!(joined(&["a", "b", "c"], ", "), ["a", "b", "c"].join(", "));
        assert_eq!(joined::<&str>(&[], ", "), "");
        for n in [0, 1, 9, 10, 99, 100, 12_345, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(num(n), n.to_string());
            assert_eq!(padded(n, 4), format!("{n:04}"));
        }
        assert_eq!(padded(7, 2), "07");
        assert_eq!(padded(0, 0), "0");
        assert_eq!(hex(&[0, 15, 16, 255]), "000f10ff");
        assert_eq!(iso_date(987, 3, 9), format!("{:04}-{:02}-{:02}", 987, 3, 9));
        assert_eq!(iso_date(2026, 12, 31), "2026-12-31");
        assert_eq!(
            (grouped(0, "."), grouped(999, "."), grouped(1000, ".")),
            ("0".into(), "999".into(), "1.000".into())
        );
        assert_eq!(grouped(1_250_050, ","), "1,250,050");
    }
}
