//! A closed round of the quick scan recorded as a progress measurement on the ambities of Democratie in Actie: the
//! scan's owner judges the status of each ambitie the scan measured, and the evidence is the municipality's own scan.

use serde::{Deserialize, Serialize};

use crate::progress::SubgoalStatus;

/// The owner's judgement of one ambitie after the round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AmbitionStatus {
    pub subgoal: u8,
    pub status: SubgoalStatus,
    /// Shown with the status; without it the note names the round and its number of respondents.
    #[serde(default)]
    pub note: Option<String>,
}

/// A closed round as a progress measurement of a municipality.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundAsProgress {
    /// The municipality id of the progress badge.
    pub municipality: String,
    /// Needed when the municipality is new.
    #[serde(default)]
    pub name: Option<String>,
    /// One or more ambities the scan's themes measure, each once.
    pub statuses: Vec<AmbitionStatus>,
}

#[cfg(feature = "openapi")]
pub(crate) fn schemas(schemas: &mut crate::schema::Schemas) {
    use serde_json::json;

    use crate::schema::{filled, id, range, text};

    schemas
        .object("AmbitionStatus")
        .field("subgoal", range(1, crate::progress::SUBGOALS.into()))
        .describes("subgoal", "An ambitie (subgoal) one of the scan's themes measures.")
        .field("note", text(crate::progress::NOTE_MAX_LEN));
    schemas
        .object("RoundAsProgress")
        .field("municipality", id())
        .field("name", filled(crate::progress::NAME_MAX_LEN))
        .field("statuses", json!({ "minItems": 1, "maxItems": crate::progress::SUBGOALS }))
        .describes("statuses", "Each ambitie once.");
}
