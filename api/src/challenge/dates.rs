//! Dates as the Right to Challenge counts them: a date typed the Dutch way (1-3-2027), whatever the browser's
//! language, and the days and weeks of the terms (the minimum lead time, the decision term and its suspension).
//! On the wire and in the database a date is always YYYY-MM-DD.

use crate::rules::is_calendar_date;

/// Why a typed date is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Nothing typed.
    Empty,
    /// Not day-month-year in digits.
    Format,
    /// Day, month and year in digits, but no such day (31-4-2027, 29-2-2027).
    NoSuchDay,
}

/// A date typed the Dutch way, as YYYY-MM-DD: day, month and year (four digits) in that order, separated by `-`,
/// `/`, `.` or spaces; day and month with or without a leading zero ("1-3-2027", "01/03/2027", "1 3 2027"). An ISO
/// date (2027-03-01, as a browser's date control or an API client sends it) is accepted as well.
pub fn parse_dutch_date(typed: &str) -> Result<String, DateError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(DateError::Empty);
    }
    if is_calendar_date(typed) {
        return Ok(typed.to_owned());
    }
    let parts: Vec<&str> = typed.split(['-', '/', '.', ' ']).filter(|part| !part.is_empty()).collect();
    let digits =
        |part: &str, max: usize| !part.is_empty() && part.len() <= max && part.bytes().all(|b| b.is_ascii_digit());
    let [day, month, year] = parts[..] else { return Err(DateError::Format) };
    if !digits(day, 2) || !digits(month, 2) || year.len() != 4 || !digits(year, 4) {
        return Err(DateError::Format);
    }
    let pad = |part: &str| if part.len() == 1 { crate::text::cat(&["0", part]) } else { part.to_owned() };
    let iso = crate::text::cat(&[year, "-", &pad(month), "-", &pad(day)]);
    if is_calendar_date(&iso) { Ok(iso) } else { Err(DateError::NoSuchDay) }
}

/// A YYYY-MM-DD date the Dutch way: "2027-03-01" → "1-3-2027". Anything else comes back as it is.
pub fn dutch_date(iso: &str) -> String {
    if !is_calendar_date(iso) {
        return iso.to_owned();
    }
    let number = |range: std::ops::Range<usize>| iso[range].trim_start_matches('0').to_owned();
    crate::text::cat(&[&number(8..10), "-", &number(5..7), "-", &iso[..4]])
}

/// Days since 1970-01-01 of a YYYY-MM-DD date (the proleptic Gregorian calendar), or None for anything else.
pub fn day_number(iso: &str) -> Option<i64> {
    if !is_calendar_date(iso) {
        return None;
    }
    let year: i64 = iso[..4].parse().ok()?;
    let month: i64 = iso[5..7].parse().ok()?;
    let day: i64 = iso[8..10].parse().ok()?;
    // Howard Hinnant's days_from_civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The YYYY-MM-DD date of a day number ([`day_number`]); None outside the years 0 to 9999.
pub fn date_of_day(days: i64) -> Option<String> {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (0..=9999)
        .contains(&year)
        .then(|| crate::text::iso_date(year.unsigned_abs(), month.unsigned_abs(), day.unsigned_abs()))
}

/// `iso` plus `days` (which may be negative); None when `iso` is not a date or the result leaves the years 0–9999.
pub fn add_days(iso: &str, days: i64) -> Option<String> {
    date_of_day(day_number(iso)?.checked_add(days)?)
}

/// Days from `from` to `to` (negative when `to` is earlier); None unless both are YYYY-MM-DD dates.
pub fn days_between(from: &str, to: &str) -> Option<i64> {
    Some(day_number(to)? - day_number(from)?)
}

/// The decision date of an application: received on `submitted_on`, decided within `weeks`, the term suspended
/// for `suspended_days` while the applicant was asked to complete it (Awb 4:15).
pub fn decision_date(submitted_on: &str, weeks: u32, suspended_days: i64) -> Option<String> {
    add_days(submitted_on, i64::from(weeks) * 7 + suspended_days.max(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_typed_the_dutch_way() {
        for (typed, iso) in [
            ("1-3-2027", "2027-03-01"),
            ("01-03-2027", "2027-03-01"),
            ("1/3/2027", "2027-03-01"),
            (" 1.3.2027 ", "2027-03-01"),
            ("1 3 2027", "2027-03-01"),
            ("29-2-2028", "2028-02-29"),
            ("2027-03-01", "2027-03-01"),
        ] {
            assert_eq!(parse_dutch_date(typed).as_deref(), Ok(iso), "{typed}");
        }
        for (typed, error) in [
            ("", DateError::Empty),
            ("  ", DateError::Empty),
            ("3/1/27", DateError::Format),
            ("1-3", DateError::Format),
            ("maart 2027", DateError::Format),
            ("1-3-2027-1", DateError::Format),
            ("001-3-2027", DateError::Format),
            ("31-4-2027", DateError::NoSuchDay),
            ("29-2-2027", DateError::NoSuchDay),
            ("1-13-2027", DateError::NoSuchDay),
            ("0-1-2027", DateError::NoSuchDay),
        ] {
            assert_eq!(parse_dutch_date(typed), Err(error), "{typed}");
        }
        assert_eq!(dutch_date("2027-03-01"), "1-3-2027");
        assert_eq!(dutch_date("2027-12-31"), "31-12-2027");
        assert_eq!(dutch_date("1-3-2027"), "1-3-2027");
    }

    #[test]
    fn days_are_counted_across_months_years_and_leap_days() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01"), Some(11_017));
        for iso in ["2026-11-30", "2028-02-29", "2000-02-29", "1999-12-31", "0001-01-01", "9999-12-31"] {
            assert_eq!(date_of_day(day_number(iso).unwrap()).as_deref(), Some(iso));
        }
        assert_eq!(add_days("2026-11-30", 1).as_deref(), Some("2026-12-01"));
        assert_eq!(add_days("2028-02-28", 1).as_deref(), Some("2028-02-29"));
        assert_eq!(add_days("2026-12-31", 1).as_deref(), Some("2027-01-01"));
        assert_eq!(add_days("2027-03-01", -1).as_deref(), Some("2027-02-28"));
        assert_eq!(add_days("9999-12-31", 1), None);
        assert_eq!(days_between("2026-11-30", "2027-01-25"), Some(56));
        assert_eq!(decision_date("2026-12-01", 8, 0).as_deref(), Some("2027-01-26"));
        assert_eq!(decision_date("2026-12-01", 8, 10).as_deref(), Some("2027-02-05"));
    }
}
