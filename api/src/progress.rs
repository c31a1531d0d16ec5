//! Progress on the seven subgoals of the programme Democratie in actie: where a municipality stands on each,
//! as the backend reports it or a site without a backend writes it inline, and the rules both must meet.

use serde::{Deserialize, Serialize};

use crate::{
    problem::{FieldError, FieldErrorCode},
    rules::{is_calendar_date, is_web_url, names},
};

/// The number of subgoals of Democratie in actie (1 Krachtige gemeenteraad … 7 Weerbaar bestuur).
pub const SUBGOALS: u8 = 7;
pub const NOTE_MAX_LEN: usize = 500;
pub const NAME_MAX_LEN: usize = 120;

/// How far a municipality is with one subgoal, from not started to embedded in how it works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubgoalStatus {
    /// niet gestart
    NotStarted,
    /// verkend
    Explored,
    /// in uitvoering
    InProgress,
    /// verankerd
    Embedded,
}

names!(SubgoalStatus {
    NotStarted => "not_started",
    Explored => "explored",
    InProgress => "in_progress",
    Embedded => "embedded",
});

impl SubgoalStatus {
    /// In progress or embedded: what the badge counts.
    pub fn is_under_way(self) -> bool {
        self >= SubgoalStatus::InProgress
    }
}

/// An earlier measurement of a subgoal, to show the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviousMeasurement {
    pub status: SubgoalStatus,
    /// YYYY-MM-DD
    pub measured_on: String,
}

/// Where a municipality stands on one subgoal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubgoalProgress {
    /// 1 to 7, in the programme's order.
    pub subgoal: u8,
    pub status: SubgoalStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// An http(s) link to a document or page that shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_url: Option<String>,
    /// YYYY-MM-DD; absent for a subgoal never measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousMeasurement>,
}

/// A municipality's progress on all seven subgoals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MunicipalityProgress {
    /// The municipality's id on the backend; inline data may leave it out.
    #[serde(default)]
    pub municipality: String,
    /// The name to show, e.g. "Gemeente Voorbeeld".
    pub name: String,
    /// Exactly seven, one per subgoal, in order.
    pub subgoals: Vec<SubgoalProgress>,
}

impl MunicipalityProgress {
    /// How many subgoals are in progress or embedded.
    pub fn under_way(&self) -> usize {
        self.subgoals.iter().filter(|s| s.status.is_under_way()).count()
    }

    /// How many subgoals have each status, in the order of [`SubgoalStatus::ALL`].
    pub fn tally(&self) -> [(SubgoalStatus, usize); 4] {
        SubgoalStatus::ALL.map(|status| (status, self.subgoals.iter().filter(|s| s.status == status).count()))
    }

    /// Every reason this progress cannot be shown: each subgoal once, in order, with sound dates and links. The reasons
    /// are kept in WebAssembly too ([`FieldError::kept`]): the badge quotes them to the webmaster.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.name.trim().is_empty() {
            errors.push(FieldError::kept("name", FieldErrorCode::Required, "name is required"));
        }
        for number in 1..=SUBGOALS {
            match self.subgoals.iter().filter(|s| s.subgoal == number).count() {
                0 => errors.push(FieldError::kept(
                    "subgoals",
                    FieldErrorCode::TooFew,
                    crate::text::cat(&["subgoal ", &crate::text::num(number.into()), " is missing"]),
                )),
                1 => {}
                _ => errors.push(FieldError::kept(
                    "subgoals",
                    FieldErrorCode::Duplicate,
                    crate::text::cat(&["subgoal ", &crate::text::num(number.into()), " is given more than once"]),
                )),
            }
        }
        for (index, subgoal) in self.subgoals.iter().enumerate() {
            let field = |name: &str| crate::text::cat(&["subgoals[", &crate::text::num(index as u64), "].", name]);
            if !(1..=SUBGOALS).contains(&subgoal.subgoal) {
                errors.push(FieldError::kept(field("subgoal"), FieldErrorCode::OutOfRange, "subgoal must be 1 to 7"));
            }
            if let Some(url) = &subgoal.evidence_url
                && !is_web_url(url)
            {
                errors.push(FieldError::kept(field("evidence_url"), FieldErrorCode::Format, "must be an http(s) URL"));
            }
            for (name, date) in [
                ("measured_on", subgoal.measured_on.as_deref()),
                ("previous.measured_on", subgoal.previous.as_ref().map(|p| p.measured_on.as_str())),
            ] {
                if date.is_some_and(|date| !is_calendar_date(date)) {
                    errors.push(FieldError::kept(field(name), FieldErrorCode::Format, "must be a date as YYYY-MM-DD"));
                }
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// The subgoals in order 1 to 7 (a site may write them in any order). An insertion sort, stable like
    /// `sort_by_key`: for seven items the standard library's sort only adds its code to the progress widget (1 KB
    /// brotli, measured).
    pub fn sorted(mut self) -> Self {
        for end in 1..self.subgoals.len() {
            let mut at = end;
            while at > 0 && self.subgoals[at - 1].subgoal > self.subgoals[at].subgoal {
                self.subgoals.swap(at - 1, at);
                at -= 1;
            }
        }
        self
    }
}

/// One subgoal's new status, as the back office records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewMeasurement {
    pub subgoal: u8,
    pub status: SubgoalStatus,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub evidence_url: Option<String>,
    /// YYYY-MM-DD, not in the future.
    pub measured_on: String,
}

/// A measurement round: one or more subgoals measured, and the municipality's name (needed the first time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordProgress {
    #[serde(default)]
    pub name: Option<String>,
    pub measurements: Vec<NewMeasurement>,
}

impl RecordProgress {
    /// Every reason this round cannot be recorded; `today` is YYYY-MM-DD, for dates in the future.
    pub fn validate(&self, today: &str) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if let Some(name) = &self.name {
            if name.trim().is_empty() {
                errors.push(FieldError::new("name", FieldErrorCode::Required, "name must not be blank"));
            } else if name.chars().count() > NAME_MAX_LEN {
                errors.push(FieldError::new(
                    "name",
                    FieldErrorCode::TooLong,
                    crate::problem::reason!("name is longer than {NAME_MAX_LEN} characters"),
                ));
            }
        }
        if self.measurements.is_empty() {
            errors.push(FieldError::new("measurements", FieldErrorCode::Required, "record at least one measurement"));
        }
        for (index, measurement) in self.measurements.iter().enumerate() {
            let field = |name: &str| crate::text::cat(&["measurements[", &crate::text::num(index as u64), "].", name]);
            if !(1..=SUBGOALS).contains(&measurement.subgoal) {
                errors.push(FieldError::new(field("subgoal"), FieldErrorCode::OutOfRange, "subgoal must be 1 to 7"));
            } else if self.measurements[..index].iter().any(|m| m.subgoal == measurement.subgoal) {
                errors.push(FieldError::new(
                    field("subgoal"),
                    FieldErrorCode::Duplicate,
                    "this subgoal is measured twice",
                ));
            }
            if measurement.note.as_ref().is_some_and(|n| n.chars().count() > NOTE_MAX_LEN) {
                errors.push(FieldError::new(
                    field("note"),
                    FieldErrorCode::TooLong,
                    crate::problem::reason!("note is longer than {NOTE_MAX_LEN} characters"),
                ));
            }
            if measurement.evidence_url.as_ref().is_some_and(|url| !is_web_url(url)) {
                errors.push(FieldError::new(field("evidence_url"), FieldErrorCode::Format, "must be an http(s) URL"));
            }
            if !is_calendar_date(&measurement.measured_on) {
                errors.push(FieldError::new(
                    field("measured_on"),
                    FieldErrorCode::Format,
                    "must be a date as YYYY-MM-DD",
                ));
            } else if measurement.measured_on.as_str() > today {
                errors.push(FieldError::new(
                    field("measured_on"),
                    FieldErrorCode::OutOfRange,
                    "must not be in the future",
                ));
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// What the OpenAPI document says of progress beyond its types.
#[cfg(feature = "openapi")]
pub(crate) fn schemas(schemas: &mut crate::schema::Schemas) {
    use serde_json::json;

    use crate::schema::{date, filled, id, range, text, web_url};

    let subgoal = range(1, SUBGOALS.into());
    schemas.object("PreviousMeasurement").field("measured_on", date());
    schemas
        .object("SubgoalProgress")
        .field("subgoal", subgoal.clone())
        .field("note", text(NOTE_MAX_LEN))
        .field("evidence_url", web_url())
        .field("measured_on", date());
    let seven = usize::from(SUBGOALS);
    schemas
        .object("MunicipalityProgress")
        .field("municipality", id())
        .field("name", filled(NAME_MAX_LEN))
        .field("subgoals", json!({ "minItems": seven, "maxItems": seven }))
        .describes("subgoals", "One per subgoal, each once, in order.");
    schemas
        .object("NewMeasurement")
        .field("subgoal", subgoal)
        .field("note", text(NOTE_MAX_LEN))
        .field("evidence_url", web_url())
        .field("measured_on", date())
        .describes("measured_on", "Not in the future.");
    schemas
        .object("RecordProgress")
        .field("name", filled(NAME_MAX_LEN))
        .describes("name", "The name to show; needed when the municipality is new, else it renames it.")
        .field("measurements", json!({ "minItems": 1, "maxItems": seven }))
        .says("measurements", "Each subgoal at most once.");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(statuses: [&str; 7]) -> MunicipalityProgress {
        MunicipalityProgress {
            municipality: "voorbeeld".into(),
            name: "Gemeente Voorbeeld".into(),
            subgoals: statuses
                .iter()
                .enumerate()
                .map(|(i, status)| SubgoalProgress {
                    subgoal: i as u8 + 1,
                    status: SubgoalStatus::from_name(status).unwrap(),
                    note: None,
                    evidence_url: None,
                    measured_on: Some("2026-03-01".into()),
                    previous: None,
                })
                .collect(),
        }
    }

    #[test]
    fn in_progress_and_embedded_count_as_under_way() {
        let p = progress(["embedded", "in_progress", "explored", "not_started", "in_progress", "embedded", "explored"]);
        assert_eq!(p.under_way(), 4);
        assert_eq!(p.tally().map(|(_, n)| n), [1, 2, 2, 2]);
        assert_eq!(p.validate(), Ok(()));
    }

    #[test]
    fn sorting_puts_the_subgoals_in_order_and_keeps_equal_ones_as_they_came() {
        let mut p =
            progress(["embedded", "explored", "in_progress", "not_started", "explored", "embedded", "explored"]);
        for (subgoal, number) in p.subgoals.iter_mut().zip([7, 3, 1, 3, 6, 2, 4]) {
            subgoal.subgoal = number;
        }
        let order: Vec<(u8, SubgoalStatus)> = p.sorted().subgoals.iter().map(|s| (s.subgoal, s.status)).collect();
        use SubgoalStatus::*;
        assert_eq!(
            order,
            [
                (1, InProgress),
                (2, Embedded),
                (3, Explored),
                (3, NotStarted),
                (4, Explored),
                (6, Explored),
                (7, Embedded)
            ]
        );
    }

    #[test]
    fn a_missing_or_doubled_subgoal_is_named() {
        let mut p = progress(["embedded"; 7]);
        p.subgoals[4].subgoal = 3;
        let reasons: Vec<String> = p.validate().unwrap_err().into_iter().map(|e| e.reason).collect();
        assert_eq!(reasons, ["subgoal 3 is given more than once", "subgoal 5 is missing"]);
    }

    #[test]
    fn links_must_be_web_links_and_dates_real() {
        let mut p = progress(["explored"; 7]);
        p.subgoals[0].evidence_url = Some("javascript:alert(1)".into());
        p.subgoals[1].measured_on = Some("2026-02-30".into());
        let names: Vec<String> = p.validate().unwrap_err().into_iter().map(|e| e.name).collect();
        assert_eq!(names, ["subgoals[0].evidence_url", "subgoals[1].measured_on"]);
        assert!(is_web_url("https://www.voorbeeld.nl/raad"));
        assert!(!is_web_url("https://"));
        assert!(!is_web_url("//evil.example"));
        assert!(is_calendar_date("2024-02-29") && !is_calendar_date("2023-02-29") && !is_calendar_date("2026-1-01"));
    }

    #[test]
    fn a_round_names_each_bad_measurement() {
        let round: RecordProgress = serde_json::from_str(
            r#"{"measurements": [
                {"subgoal": 8, "status": "explored", "measured_on": "2026-01-01"},
                {"subgoal": 2, "status": "explored", "measured_on": "2027-01-01"},
                {"subgoal": 2, "status": "embedded", "measured_on": "2026-01-01", "evidence_url": "ftp://x"}
            ]}"#,
        )
        .unwrap();
        let names: Vec<(String, FieldErrorCode)> =
            round.validate("2026-11-30").unwrap_err().into_iter().map(|e| (e.name, e.code)).collect();
        assert_eq!(
            names,
            [
                ("measurements[0].subgoal".into(), FieldErrorCode::OutOfRange),
                ("measurements[1].measured_on".into(), FieldErrorCode::OutOfRange),
                ("measurements[2].subgoal".into(), FieldErrorCode::Duplicate),
                ("measurements[2].evidence_url".into(), FieldErrorCode::Format),
            ]
        );
    }

    #[test]
    fn unknown_statuses_are_refused_by_name() {
        let error = serde_json::from_str::<SubgoalProgress>(r#"{"subgoal": 1, "status": "bezig"}"#).unwrap_err();
        assert!(error.to_string().contains("unknown variant `bezig`"), "{error}");
    }
}
