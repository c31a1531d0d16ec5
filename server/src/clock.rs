//! The server's clock: now in seconds and milliseconds, times as RFC 3339, today's date in UTC, and the date as a
//! Dutch municipality counts it (CET/CEST), so an application sent at 00:30 on 1 January counts in the new year.

use time::{Date, Duration, Month, OffsetDateTime, format_description::well_known::Rfc3339};

use crate::error::{Error, Result};

/// Seconds since 1970, UTC.
pub fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Milliseconds since 1970, UTC.
pub fn now_ms() -> i64 {
    i64::try_from(OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// The date in the Netherlands at `unix` seconds.
pub fn netherlands_date(unix: i64) -> Date {
    let utc = OffsetDateTime::from_unix_timestamp(unix).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    (utc + Duration::hours(netherlands_offset_hours(utc))).date()
}

/// Summer time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October (EU rule).
fn netherlands_offset_hours(utc: OffsetDateTime) -> i64 {
    let year = utc.year();
    let starts = last_sunday(year, Month::March).midnight().assume_utc() + Duration::hours(1);
    let ends = last_sunday(year, Month::October).midnight().assume_utc() + Duration::hours(1);
    if utc >= starts && utc < ends { 2 } else { 1 }
}

fn last_sunday(year: i32, month: Month) -> Date {
    let last = Date::from_calendar_date(year, month, month.length(year)).unwrap_or(Date::MIN);
    let back = last.weekday().number_days_from_sunday();
    last - Duration::days(i64::from(back))
}

/// The decision deadline: `submitted` plus the decision term.
pub fn decision_by(submitted: Date, weeks: u32) -> Date {
    submitted.checked_add(Duration::weeks(i64::from(weeks))).unwrap_or(Date::MAX)
}

/// A stored time as RFC 3339 in UTC.
pub fn rfc3339(unix: i64) -> Result<String> {
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .ok_or_else(|| Error::Internal(format!("stored time {unix} cannot be shown")))
}

/// Seconds since 1970 of an RFC 3339 time that validation has already accepted.
pub fn unix(time: Option<&str>) -> Result<Option<i64>> {
    time.map(|t| {
        OffsetDateTime::parse(t, &Rfc3339)
            .map(OffsetDateTime::unix_timestamp)
            .map_err(|e| Error::Internal(format!("unvalidated time {t}: {e}")))
    })
    .transpose()
}

/// Today's date in UTC as YYYY-MM-DD: the date a quick scan response keeps, and the latest a measurement may carry.
pub fn utc_today() -> String {
    OffsetDateTime::now_utc().date().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_dutch_date_follows_winter_and_summer_time() {
        // 23:30 UTC on 31 December is 00:30 on 1 January in Amsterdam.
        assert_eq!(netherlands_date(datetime!(2026-12-31 23:30 UTC).unix_timestamp()).to_string(), "2027-01-01");
        assert_eq!(netherlands_date(datetime!(2026-12-31 22:59 UTC).unix_timestamp()).to_string(), "2026-12-31");
        // Summer: 22:30 UTC on 30 June is 00:30 on 1 July.
        assert_eq!(netherlands_date(datetime!(2026-06-30 22:30 UTC).unix_timestamp()).to_string(), "2026-07-01");
        assert_eq!(netherlands_date(datetime!(2026-06-30 21:59 UTC).unix_timestamp()).to_string(), "2026-06-30");
        assert_eq!(last_sunday(2026, Month::March).weekday(), time::Weekday::Sunday);
        assert_eq!(last_sunday(2026, Month::March).day(), 29);
        assert_eq!(last_sunday(2026, Month::October).day(), 25);
    }

    #[test]
    fn the_decision_deadline_is_whole_weeks_later() {
        let submitted = Date::from_calendar_date(2026, Month::December, 1).unwrap();
        assert_eq!(decision_by(submitted, 8).to_string(), "2027-01-26");
    }
}
