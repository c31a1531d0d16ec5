//! Invitation codes per role: a scan can let a role (the council, the college, the civil service) answer only with
//! a single-use code of that role, so nobody can answer as a councillor, or outnumber the college with made-up
//! responses. The server keeps a keyed hash of each code and whether it was used, never which response used it.

use serde::{Deserialize, Serialize};

use super::Role;

/// An invitation code: three groups of four from [`crate::codes::ALPHABET`], printed as `ABCD-EFGH-JKMN`.
pub const INVITATION_CODE_GROUPS: usize = 3;
/// The most invitation codes one request makes (a large municipality's civil service fits).
pub const INVITATIONS_MAX: u32 = 5_000;

/// The header a response carries its invitation code in: not in the body, so neither the stored answers nor the
/// fingerprint kept for a retried request hold anything that could lead back to the code.
pub const INVITATION_HEADER: &str = "Inspraak-Invitation";

/// An invitation code as typed (any case, with or without dashes or spaces) in its canonical form.
pub fn normalise_invitation(typed: &str) -> Option<String> {
    crate::codes::normalise(typed, INVITATION_CODE_GROUPS)
}

/// The `Inspraak-Invitation` header as a pattern: empty (no code, for a role that answers without one) or a code
/// as [`normalise_invitation`] reads it.
pub fn invitation_pattern() -> String {
    format!("^[{}]*$|{}", crate::rules::whitespace!(), crate::codes::pattern(INVITATION_CODE_GROUPS))
}

/// How many codes to make, and for which role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewInvitations {
    pub role: Role,
    pub count: u32,
}

/// Invitation codes just made for the open round: shown this once (the server keeps only keyed hashes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitations {
    pub scan: String,
    pub round: String,
    pub role: Role,
    pub codes: Vec<String>,
}

/// One role in a round, as the scan's owner follows it while the round runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleTurnout {
    pub role: Role,
    /// Whether this role answers only with an invitation code.
    pub invitation_only: bool,
    /// The smallest group of this role the results show.
    pub min_group: u32,
    /// Responses in this role so far.
    pub responses: u32,
    /// Invitation codes made for this round and role.
    pub issued: u32,
    /// Of those, how many have been used.
    pub used: u32,
}

/// The responses and invitation codes of a scan's current round, per role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Turnout {
    pub scan: String,
    pub round: String,
    /// In the order of [`Role::ALL`], every role.
    pub roles: Vec<RoleTurnout>,
}

/// What the OpenAPI document says of invitations beyond their types.
#[cfg(feature = "openapi")]
pub(crate) fn schemas(schemas: &mut crate::schema::Schemas) {
    use serde_json::json;

    use crate::schema::{any_u32, id, range};

    schemas
        .object("NewInvitations")
        .field("count", range(1, INVITATIONS_MAX.into()))
        .describes("count", "How many codes to make.")
        .describes("role", "A role the scan's invitation_roles lists.");
    schemas
        .object("Invitations")
        .field("scan", id())
        .field("round", id())
        .items("codes", json!({ "pattern": crate::codes::pattern(INVITATION_CODE_GROUPS) }));
    let min_group = range((*super::MIN_GROUP_RANGE.start()).into(), (*super::MIN_GROUP_RANGE.end()).into());
    schemas
        .object("RoleTurnout")
        .field("min_group", min_group)
        .field("responses", any_u32())
        .field("issued", any_u32())
        .field("used", any_u32());
    schemas.object("Turnout").field("scan", id()).field("round", id());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_pattern_accepts_what_the_server_reads() {
        let pattern = regex::Regex::new(&invitation_pattern()).unwrap();
        for typed in ["", "  ", "abcd efgh jkmn", "ABCD-EFGH-JKMN", "ABCD-EFGH", "ABCD-EFGH-JKM0", "x"] {
            let read = typed.trim().is_empty() || normalise_invitation(typed).is_some();
            assert_eq!(pattern.is_match(typed), read, "{typed:?}");
        }
    }

    #[test]
    fn codes_are_read_however_typed() {
        assert_eq!(normalise_invitation(" abcd efgh jkmn ").as_deref(), Some("ABCD-EFGH-JKMN"));
        assert_eq!(normalise_invitation("ABCD-EFGH"), None);
    }
}
