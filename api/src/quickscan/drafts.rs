//! Drafts kept on the server behind a resume code, so a respondent can continue on another device.

use serde::{Deserialize, Serialize};

use super::QuickscanAnswers;

/// A resume code: three groups of four from [`crate::codes::ALPHABET`], shown as `ABCD-EFGH-JKMN` (59 bits).
pub const RESUME_CODE_GROUPS: usize = 3;

/// The two groups of the codes made before: their drafts still open with them until they expire.
pub const OLD_RESUME_CODE_GROUPS: usize = 2;

/// A draft kept on the server so a respondent can continue on another device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveDraft {
    pub answers: QuickscanAnswers,
    /// The step the respondent was on (0 is the role).
    #[serde(default)]
    pub step: u32,
}

/// The code to continue a draft with, and until when it works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DraftCode {
    /// `ABCD-EFGH-JKMN`; type it in on another device.
    pub code: String,
    /// RFC 3339.
    pub expires_at: String,
}

/// A draft as stored, returned for its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedDraft {
    pub answers: QuickscanAnswers,
    pub step: u32,
    pub expires_at: String,
}

/// A resume code as typed (any case, with or without dashes or spaces) in its canonical `ABCD-EFGH-JKMN` form (or
/// `ABCD-EFGH`, as codes were made before), or None when it cannot be a code.
pub fn normalise_resume_code(typed: &str) -> Option<String> {
    crate::codes::normalise(typed, RESUME_CODE_GROUPS)
        .or_else(|| crate::codes::normalise(typed, OLD_RESUME_CODE_GROUPS))
}
