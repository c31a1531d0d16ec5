//! The API types the poll and the progress badge read and write, field by field as their serde attributes say
//! (`api/src`): a field with `#[serde(default)]` may be absent, an `Option` may be absent or null, `rename` gives
//! the JSON name. Each reader builds its type with every field named, so a field added to the API type does not
//! compile until it is read here; `widgets/core/tests/json.rs` checks each against what serde_json writes.

use inspraak_api::{
    Address, ChoiceMode, FieldError, FieldErrorCode, MunicipalityProgress, OptionImage, OptionResult, OutcomeKind,
    Poll, PollOption, PollOutcome, PollResults, PollStatus, PreviousMeasurement, Problem, ResultsVisibility,
    SubgoalProgress, SubgoalStatus, VoteReceipt, VoteRequest,
};
use wasm_bindgen::JsValue;

use super::{
    JsonError,
    typed::{FromJson, ToJson, field, field_or_absent, named, object, write_object},
};

named_enums!(ChoiceMode, ResultsVisibility, PollStatus, FieldErrorCode, SubgoalStatus, OutcomeKind, Address);

impl FromJson for OptionImage {
    fn from_json(value: &JsValue) -> Result<OptionImage, JsonError> {
        let o = object(value)?;
        Ok(OptionImage {
            url: field(o, "url")?,
            alt: field(o, "alt")?,
            width: field(o, "width")?,
            height: field(o, "height")?,
        })
    }
}

impl FromJson for PollOption {
    fn from_json(value: &JsValue) -> Result<PollOption, JsonError> {
        let o = object(value)?;
        Ok(PollOption {
            id: field(o, "id")?,
            label: field(o, "label")?,
            description: field(o, "description")?,
            link: field(o, "link")?,
            image: field(o, "image")?,
        })
    }
}

impl FromJson for PollOutcome {
    fn from_json(value: &JsValue) -> Result<PollOutcome, JsonError> {
        let o = object(value)?;
        Ok(PollOutcome {
            kind: field(o, "kind")?,
            decided_by: field(o, "decided_by")?,
            published_on: field(o, "published_on")?,
            published_where: field(o, "published_where")?,
        })
    }
}

impl FromJson for Poll {
    fn from_json(value: &JsValue) -> Result<Poll, JsonError> {
        let o = object(value)?;
        Ok(Poll {
            id: field(o, "id")?,
            question: field(o, "question")?,
            description: field(o, "description")?,
            options: field(o, "options")?,
            choice: field(o, "choice")?,
            max_choices: field(o, "max_choices")?,
            opens_at: field(o, "opens_at")?,
            closes_at: field(o, "closes_at")?,
            results: field(o, "results")?,
            status: field(o, "status")?,
            requires_code: field_or_absent(o, "requires_code")?.unwrap_or_default(),
            outcome: field(o, "outcome")?,
            eligibility: field(o, "eligibility")?,
            feedback: field(o, "feedback")?,
            address: field_or_absent(o, "address")?.unwrap_or_default(),
        })
    }
}

impl FromJson for OptionResult {
    fn from_json(value: &JsValue) -> Result<OptionResult, JsonError> {
        let o = object(value)?;
        Ok(OptionResult { id: field(o, "id")?, votes: field(o, "votes")? })
    }
}

impl FromJson for PollResults {
    fn from_json(value: &JsValue) -> Result<PollResults, JsonError> {
        let o = object(value)?;
        Ok(PollResults { poll: field(o, "poll")?, voters: field(o, "voters")?, options: field(o, "options")? })
    }
}

impl FromJson for VoteReceipt {
    fn from_json(value: &JsValue) -> Result<VoteReceipt, JsonError> {
        let o = object(value)?;
        Ok(VoteReceipt { poll: field(o, "poll")?, results: field(o, "results")? })
    }
}

impl ToJson for VoteRequest {
    fn to_json(&self) -> JsValue {
        write_object(&[
            ("choices", Some(self.choices.to_json())),
            ("voter", Some(self.voter.to_json())),
            ("code", self.code.as_ref().map(ToJson::to_json)),
        ])
    }
}

impl FromJson for FieldError {
    fn from_json(value: &JsValue) -> Result<FieldError, JsonError> {
        let o = object(value)?;
        Ok(FieldError { name: field(o, "name")?, code: field(o, "code")?, reason: field(o, "reason")? })
    }
}

impl FromJson for Problem {
    fn from_json(value: &JsValue) -> Result<Problem, JsonError> {
        let o = object(value)?;
        Ok(Problem {
            type_uri: field_or_absent(o, "type")?.unwrap_or_else(|| "about:blank".to_owned()),
            title: field(o, "title")?,
            status: field(o, "status")?,
            detail: field(o, "detail")?,
            instance: field(o, "instance")?,
            invalid_params: field_or_absent(o, "invalidParams")?.unwrap_or_default(),
            retry_after: field(o, "retryAfter")?,
        })
    }
}

impl FromJson for PreviousMeasurement {
    fn from_json(value: &JsValue) -> Result<PreviousMeasurement, JsonError> {
        let o = object(value)?;
        Ok(PreviousMeasurement { status: field(o, "status")?, measured_on: field(o, "measured_on")? })
    }
}

impl FromJson for SubgoalProgress {
    fn from_json(value: &JsValue) -> Result<SubgoalProgress, JsonError> {
        let o = object(value)?;
        Ok(SubgoalProgress {
            subgoal: field(o, "subgoal")?,
            status: field(o, "status")?,
            note: field(o, "note")?,
            evidence_url: field(o, "evidence_url")?,
            measured_on: field(o, "measured_on")?,
            previous: field(o, "previous")?,
        })
    }
}

impl FromJson for MunicipalityProgress {
    fn from_json(value: &JsValue) -> Result<MunicipalityProgress, JsonError> {
        let o = object(value)?;
        Ok(MunicipalityProgress {
            municipality: field_or_absent(o, "municipality")?.unwrap_or_default(),
            name: field(o, "name")?,
            subgoals: field(o, "subgoals")?,
        })
    }
}
