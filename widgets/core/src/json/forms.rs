//! The API types the quick scan and the Right to Challenge intake read and write, field by field as their serde
//! attributes say (`api/src/quickscan`, `api/src/challenge`), like `api.rs` beside this file for the poll and the
//! badge: `#[serde(default)]` may be absent, an `Option` may be absent or null, `skip_serializing_if` is left out
//! when it holds. Each reader builds its type with every field named, so a field added to the API type does not
//! compile until it is read here; `widgets/core/tests/json.rs` checks each against what serde_json writes.

use inspraak_api::{
    Agreement, ChallengeAttachment, ChallengeForm, ChallengeReceipt, ChallengeSubmission, ChallengeTask, CustomAnswer,
    CustomKind, CustomQuestion, DraftCode, GroupScore, OrganisationType, Quickscan, QuickscanAnswers, QuickscanResults,
    ResponseReceipt, Role, Round, RoundStatus, SaveDraft, SavedDraft, Statement, Text, Theme, ThemeResult, ThemeScore,
    challenge::{
        ApplicantType, ChallengeQuestion, Contact, Cooperation, Costs, Execution, Initiative, Organisation, Plan,
        Support, duration_only, every_applicant,
    },
};
use js_sys::Object;
use wasm_bindgen::{JsCast, JsValue};

use super::{
    JsonError,
    typed::{
        FromJson, JsonKey, ToJson, field, field_or_absent, field_or_default, lookup, mismatch, named, object, unless,
        write_object,
    },
};

named_enums!(Role, Agreement, CustomKind, RoundStatus, ApplicantType, ChallengeQuestion, OrganisationType, Execution);

impl JsonKey for Role {
    fn from_key(key: &str) -> Option<Role> {
        Role::from_name(key)
    }

    fn key(&self) -> &str {
        self.as_str()
    }
}

// The quick scan.

impl FromJson for Text {
    fn from_json(value: &JsValue) -> Result<Text, JsonError> {
        let o = object(value)?;
        Ok(Text { nl: field(o, "nl")?, en: field(o, "en")? })
    }
}

impl FromJson for Statement {
    fn from_json(value: &JsValue) -> Result<Statement, JsonError> {
        let o = object(value)?;
        Ok(Statement {
            id: field(o, "id")?,
            text: field(o, "text")?,
            by_role: field_or_default(o, "by_role")?,
            roles: field_or_default(o, "roles")?,
        })
    }
}

impl FromJson for Theme {
    fn from_json(value: &JsValue) -> Result<Theme, JsonError> {
        let o = object(value)?;
        Ok(Theme {
            id: field(o, "id")?,
            subgoal: field(o, "subgoal")?,
            title: field(o, "title")?,
            subtitle: field(o, "subtitle")?,
            intro: field(o, "intro")?,
            explanation: field(o, "explanation")?,
            statements: field(o, "statements")?,
            open_question: field(o, "open_question")?,
        })
    }
}

impl FromJson for CustomQuestion {
    fn from_json(value: &JsValue) -> Result<CustomQuestion, JsonError> {
        let o = object(value)?;
        Ok(CustomQuestion { id: field(o, "id")?, text: field(o, "text")?, kind: field(o, "kind")? })
    }
}

impl FromJson for Round {
    fn from_json(value: &JsValue) -> Result<Round, JsonError> {
        let o = object(value)?;
        Ok(Round {
            id: field(o, "id")?,
            name: field(o, "name")?,
            status: field(o, "status")?,
            opened_at: field(o, "opened_at")?,
            closed_at: field(o, "closed_at")?,
        })
    }
}

impl FromJson for Quickscan {
    fn from_json(value: &JsValue) -> Result<Quickscan, JsonError> {
        let o = object(value)?;
        Ok(Quickscan {
            id: field(o, "id")?,
            title: field(o, "title")?,
            description: field(o, "description")?,
            round: field(o, "round")?,
            themes: field(o, "themes")?,
            custom_questions: field_or_default(o, "custom_questions")?,
            grades: field(o, "grades")?,
            priorities: field_or_default(o, "priorities")?,
            min_group: field(o, "min_group")?,
            invitation_roles: field_or_default(o, "invitation_roles")?,
            role_min_group: field_or_default(o, "role_min_group")?,
            address: field_or_default(o, "address")?,
        })
    }
}

/// Externally tagged, as serde writes an enum with data: `{"scale": "agree"}` or `{"text": "…"}`.
impl FromJson for CustomAnswer {
    fn from_json(value: &JsValue) -> Result<CustomAnswer, JsonError> {
        let o = object(value)?;
        let keys = Object::keys(o.unchecked_ref::<Object>());
        let tag = if keys.length() == 1 { keys.get(0).as_string() } else { None };
        let item = |key: &str| lookup(o, key).unwrap_or(JsValue::UNDEFINED);
        match tag.as_deref() {
            Some("scale") => Agreement::from_json(&item("scale")).map(CustomAnswer::Scale),
            Some("text") => String::from_json(&item("text")).map(CustomAnswer::Text),
            _ => Err(mismatch(value)),
        }
    }
}

impl ToJson for CustomAnswer {
    fn to_json(&self) -> JsValue {
        match self {
            CustomAnswer::Scale(agreement) => write_object(&[("scale", Some(agreement.to_json()))]),
            CustomAnswer::Text(text) => write_object(&[("text", Some(text.to_json()))]),
        }
    }
}

impl FromJson for QuickscanAnswers {
    fn from_json(value: &JsValue) -> Result<QuickscanAnswers, JsonError> {
        let o = object(value)?;
        Ok(QuickscanAnswers {
            role: field(o, "role")?,
            statements: field_or_default(o, "statements")?,
            grades: field_or_default(o, "grades")?,
            custom: field_or_default(o, "custom")?,
            open_answers: field_or_default(o, "open_answers")?,
            priorities: field_or_default(o, "priorities")?,
            website: field_or_default(o, "website")?,
            fill_seconds: field_or_default(o, "fill_seconds")?,
        })
    }
}

impl ToJson for QuickscanAnswers {
    fn to_json(&self) -> JsValue {
        write_object(&[
            ("role", self.role.as_ref().map(ToJson::to_json)),
            ("statements", Some(self.statements.to_json())),
            ("grades", unless(self.grades.is_empty(), &self.grades)),
            ("custom", unless(self.custom.is_empty(), &self.custom)),
            ("open_answers", unless(self.open_answers.is_empty(), &self.open_answers)),
            ("priorities", unless(self.priorities.is_empty(), &self.priorities)),
            ("website", unless(self.website.is_empty(), &self.website)),
            ("fill_seconds", unless(self.fill_seconds == 0, &self.fill_seconds)),
        ])
    }
}

impl FromJson for ThemeScore {
    fn from_json(value: &JsValue) -> Result<ThemeScore, JsonError> {
        let o = object(value)?;
        Ok(ThemeScore {
            theme: field(o, "theme")?,
            score: field(o, "score")?,
            answered: field(o, "answered")?,
            grade: field(o, "grade")?,
        })
    }
}

impl ToJson for ThemeScore {
    fn to_json(&self) -> JsValue {
        write_object(&[
            ("theme", Some(self.theme.to_json())),
            ("score", self.score.as_ref().map(ToJson::to_json)),
            ("answered", Some(self.answered.to_json())),
            ("grade", self.grade.as_ref().map(ToJson::to_json)),
        ])
    }
}

impl FromJson for GroupScore {
    fn from_json(value: &JsValue) -> Result<GroupScore, JsonError> {
        let o = object(value)?;
        Ok(GroupScore { respondents: field(o, "respondents")?, score: field(o, "score")?, grade: field(o, "grade")? })
    }
}

impl ToJson for GroupScore {
    fn to_json(&self) -> JsValue {
        write_object(&[
            ("respondents", Some(self.respondents.to_json())),
            ("score", self.score.as_ref().map(ToJson::to_json)),
            ("grade", self.grade.as_ref().map(ToJson::to_json)),
        ])
    }
}

impl FromJson for ThemeResult {
    fn from_json(value: &JsValue) -> Result<ThemeResult, JsonError> {
        let o = object(value)?;
        Ok(ThemeResult { theme: field(o, "theme")?, all: field(o, "all")?, by_role: field_or_default(o, "by_role")? })
    }
}

impl ToJson for ThemeResult {
    fn to_json(&self) -> JsValue {
        write_object(&[
            ("theme", Some(self.theme.to_json())),
            ("all", self.all.as_ref().map(ToJson::to_json)),
            ("by_role", Some(self.by_role.to_json())),
        ])
    }
}

impl FromJson for QuickscanResults {
    fn from_json(value: &JsValue) -> Result<QuickscanResults, JsonError> {
        let o = object(value)?;
        Ok(QuickscanResults {
            scan: field(o, "scan")?,
            round: field(o, "round")?,
            round_name: field(o, "round_name")?,
            min_group: field(o, "min_group")?,
            respondents: field(o, "respondents")?,
            roles: field(o, "roles")?,
            hidden_roles: field_or_default(o, "hidden_roles")?,
            themes: field(o, "themes")?,
        })
    }
}

impl ToJson for QuickscanResults {
    fn to_json(&self) -> JsValue {
        write_object(&[
            ("scan", Some(self.scan.to_json())),
            ("round", Some(self.round.to_json())),
            ("round_name", Some(self.round_name.to_json())),
            ("min_group", Some(self.min_group.to_json())),
            ("respondents", Some(self.respondents.to_json())),
            ("roles", Some(self.roles.to_json())),
            ("hidden_roles", Some(self.hidden_roles.to_json())),
            ("themes", Some(self.themes.to_json())),
        ])
    }
}

impl FromJson for ResponseReceipt {
    fn from_json(value: &JsValue) -> Result<ResponseReceipt, JsonError> {
        let o = object(value)?;
        Ok(ResponseReceipt {
            scan: field(o, "scan")?,
            round: field(o, "round")?,
            scores: field(o, "scores")?,
            results: field(o, "results")?,
        })
    }
}

impl ToJson for ResponseReceipt {
    fn to_json(&self) -> JsValue {
        write_object(&[
            ("scan", Some(self.scan.to_json())),
            ("round", Some(self.round.to_json())),
            ("scores", Some(self.scores.to_json())),
            ("results", Some(self.results.to_json())),
        ])
    }
}

impl ToJson for SaveDraft {
    fn to_json(&self) -> JsValue {
        write_object(&[("answers", Some(self.answers.to_json())), ("step", Some(self.step.to_json()))])
    }
}

impl FromJson for DraftCode {
    fn from_json(value: &JsValue) -> Result<DraftCode, JsonError> {
        let o = object(value)?;
        Ok(DraftCode { code: field(o, "code")?, expires_at: field(o, "expires_at")? })
    }
}

impl FromJson for SavedDraft {
    fn from_json(value: &JsValue) -> Result<SavedDraft, JsonError> {
        let o = object(value)?;
        Ok(SavedDraft { answers: field(o, "answers")?, step: field(o, "step")?, expires_at: field(o, "expires_at")? })
    }
}

// The Right to Challenge intake.

impl FromJson for ChallengeTask {
    fn from_json(value: &JsValue) -> Result<ChallengeTask, JsonError> {
        let o = object(value)?;
        Ok(ChallengeTask { id: field(o, "id")?, label: field(o, "label")?, cost: field_or_default(o, "cost")? })
    }
}

impl FromJson for ChallengeForm {
    fn from_json(value: &JsValue) -> Result<ChallengeForm, JsonError> {
        let o = object(value)?;
        Ok(ChallengeForm {
            id: field(o, "id")?,
            municipality: field(o, "municipality")?,
            tasks: field(o, "tasks")?,
            free_text_task: field(o, "free_text_task")?,
            decision_weeks: field(o, "decision_weeks")?,
            privacy_url: field(o, "privacy_url")?,
            retention_days: field(o, "retention_days")?,
            contact_email: field(o, "contact_email")?,
            max_attachment_bytes: field(o, "max_attachment_bytes")?,
            max_attachments: field(o, "max_attachments")?,
            applicant_types: field_or_absent(o, "applicant_types")?.unwrap_or_else(every_applicant),
            neighbourhood_tie: field_or_default(o, "neighbourhood_tie")?,
            lead_weeks: field_or_default(o, "lead_weeks")?,
            questions: field_or_absent(o, "questions")?.unwrap_or_else(duration_only),
            status_mail: field_or_default(o, "status_mail")?,
            address: field_or_default(o, "address")?,
        })
    }
}

impl FromJson for ChallengeReceipt {
    fn from_json(value: &JsValue) -> Result<ChallengeReceipt, JsonError> {
        let o = object(value)?;
        Ok(ChallengeReceipt {
            reference: field(o, "reference")?,
            form: field(o, "form")?,
            submitted_on: field(o, "submitted_on")?,
            decision_weeks: field(o, "decision_weeks")?,
            decision_by: field(o, "decision_by")?,
        })
    }
}

impl ToJson for ChallengeReceipt {
    fn to_json(&self) -> JsValue {
        write_object(&[
            ("reference", Some(self.reference.to_json())),
            ("form", Some(self.form.to_json())),
            ("submitted_on", Some(self.submitted_on.to_json())),
            ("decision_weeks", Some(self.decision_weeks.to_json())),
            ("decision_by", Some(self.decision_by.to_json())),
        ])
    }
}

impl FromJson for ChallengeAttachment {
    fn from_json(value: &JsValue) -> Result<ChallengeAttachment, JsonError> {
        let o = object(value)?;
        Ok(ChallengeAttachment {
            id: field(o, "id")?,
            file_name: field(o, "file_name")?,
            content_type: field(o, "content_type")?,
            bytes: field(o, "bytes")?,
        })
    }
}

impl ToJson for ChallengeAttachment {
    fn to_json(&self) -> JsValue {
        write_object(&[
            ("id", Some(self.id.to_json())),
            ("file_name", Some(self.file_name.to_json())),
            ("content_type", Some(self.content_type.to_json())),
            ("bytes", Some(self.bytes.to_json())),
        ])
    }
}

// An application: every field has a default (`#[serde(default)]` on each struct), so a half-filled draft reads.

impl FromJson for Initiative {
    fn from_json(value: &JsValue) -> Result<Initiative, JsonError> {
        let o = object(value)?;
        Ok(Initiative {
            title: field_or_default(o, "title")?,
            task: field_or_default(o, "task")?,
            task_other: field_or_default(o, "task_other")?,
            area: field_or_default(o, "area")?,
            tie: field_or_default(o, "tie")?,
        })
    }
}

impl ToJson for Initiative {
    fn to_json(&self) -> JsValue {
        write_object(&[
            ("title", Some(self.title.to_json())),
            ("task", Some(self.task.to_json())),
            ("task_other", Some(self.task_other.to_json())),
            ("area", Some(self.area.to_json())),
            ("tie", Some(self.tie.to_json())),
        ])
    }
}

impl FromJson for Plan {
    fn from_json(value: &JsValue) -> Result<Plan, JsonError> {
        let o = object(value)?;
        Ok(Plan {
            what: field_or_default(o, "what")?,
            why_better: field_or_default(o, "why_better")?,
            social_value: field_or_default(o, "social_value")?,
            target_group: field_or_default(o, "target_group")?,
            execution: field(o, "execution")?,
        })
    }
}

impl ToJson for Plan {
    fn to_json(&self) -> JsValue {
        write_object(&[
            ("what", Some(self.what.to_json())),
            ("why_better", Some(self.why_better.to_json())),
            ("social_value", Some(self.social_value.to_json())),
            ("target_group", Some(self.target_group.to_json())),
            ("execution", self.execution.as_ref().map(ToJson::to_json)),
        ])
    }
}

impl FromJson for Organisation {
    fn from_json(value: &JsValue) -> Result<Organisation, JsonError> {
        let o = object(value)?;
        Ok(Organisation {
            name: field_or_default(o, "name")?,
            kind: field(o, "type")?,
            type_other: field_or_default(o, "type_other")?,
            kvk: field_or_default(o, "kvk")?,
            experience: field_or_default(o, "experience")?,
            address: field_or_default(o, "address")?,
            postcode: field_or_default(o, "postcode")?,
            place: field_or_default(o, "place")?,
        })
    }
}

impl ToJson for Organisation {
    fn to_json(&self) -> JsValue {
        write_object(&[
            ("name", Some(self.name.to_json())),
            ("type", self.kind.as_ref().map(ToJson::to_json)),
            ("type_other", Some(self.type_other.to_json())),
            ("kvk", Some(self.kvk.to_json())),
            ("experience", Some(self.experience.to_json())),
            ("address", Some(self.address.to_json())),
            ("postcode", Some(self.postcode.to_json())),
            ("place", Some(self.place.to_json())),
        ])
    }
}

impl FromJson for Support {
    fn from_json(value: &JsValue) -> Result<Support, JsonError> {
        let o = object(value)?;
        Ok(Support {
            supporters: field(o, "supporters")?,
            how_shown: field_or_default(o, "how_shown")?,
            attachments: field_or_default(o, "attachments")?,
        })
    }
}

impl ToJson for Support {
    fn to_json(&self) -> JsValue {
        write_object(&[
            ("supporters", self.supporters.as_ref().map(ToJson::to_json)),
            ("how_shown", Some(self.how_shown.to_json())),
            ("attachments", Some(self.attachments.to_json())),
        ])
    }
}

impl FromJson for Costs {
    fn from_json(value: &JsValue) -> Result<Costs, JsonError> {
        let o = object(value)?;
        Ok(Costs {
            estimate: field_or_default(o, "estimate")?,
            budget: field_or_default(o, "budget")?,
            start_date: field_or_default(o, "start_date")?,
            term_months: field(o, "term_months")?,
            funding: field_or_default(o, "funding")?,
        })
    }
}

impl ToJson for Costs {
    fn to_json(&self) -> JsValue {
        write_object(&[
            ("estimate", Some(self.estimate.to_json())),
            ("budget", Some(self.budget.to_json())),
            ("start_date", Some(self.start_date.to_json())),
            ("term_months", self.term_months.as_ref().map(ToJson::to_json)),
            ("funding", Some(self.funding.to_json())),
        ])
    }
}

impl FromJson for Cooperation {
    fn from_json(value: &JsValue) -> Result<Cooperation, JsonError> {
        let o = object(value)?;
        Ok(Cooperation {
            support_needed: field_or_default(o, "support_needed")?,
            quality: field_or_default(o, "quality")?,
            continuity: field_or_default(o, "continuity")?,
        })
    }
}

impl ToJson for Cooperation {
    fn to_json(&self) -> JsValue {
        write_object(&[
            ("support_needed", Some(self.support_needed.to_json())),
            ("quality", Some(self.quality.to_json())),
            ("continuity", Some(self.continuity.to_json())),
        ])
    }
}

impl FromJson for Contact {
    fn from_json(value: &JsValue) -> Result<Contact, JsonError> {
        let o = object(value)?;
        Ok(Contact {
            name: field_or_default(o, "name")?,
            email: field_or_default(o, "email")?,
            phone: field_or_default(o, "phone")?,
            address: field_or_default(o, "address")?,
            postcode: field_or_default(o, "postcode")?,
            place: field_or_default(o, "place")?,
            authorised: field_or_default(o, "authorised")?,
            consent: field_or_default(o, "consent")?,
        })
    }
}

impl ToJson for Contact {
    fn to_json(&self) -> JsValue {
        write_object(&[
            ("name", Some(self.name.to_json())),
            ("email", Some(self.email.to_json())),
            ("phone", Some(self.phone.to_json())),
            ("address", Some(self.address.to_json())),
            ("postcode", Some(self.postcode.to_json())),
            ("place", Some(self.place.to_json())),
            ("authorised", Some(self.authorised.to_json())),
            ("consent", Some(self.consent.to_json())),
        ])
    }
}

impl FromJson for ChallengeSubmission {
    fn from_json(value: &JsValue) -> Result<ChallengeSubmission, JsonError> {
        let o = object(value)?;
        Ok(ChallengeSubmission {
            initiative: field_or_default(o, "initiative")?,
            plan: field_or_default(o, "plan")?,
            organisation: field_or_default(o, "organisation")?,
            support: field_or_default(o, "support")?,
            costs: field_or_default(o, "costs")?,
            cooperation: field_or_default(o, "cooperation")?,
            contact: field_or_default(o, "contact")?,
            website: field_or_default(o, "website")?,
            fill_seconds: field_or_default(o, "fill_seconds")?,
        })
    }
}

impl ToJson for ChallengeSubmission {
    fn to_json(&self) -> JsValue {
        write_object(&[
            ("initiative", Some(self.initiative.to_json())),
            ("plan", Some(self.plan.to_json())),
            ("organisation", Some(self.organisation.to_json())),
            ("support", Some(self.support.to_json())),
            ("costs", Some(self.costs.to_json())),
            ("cooperation", Some(self.cooperation.to_json())),
            ("contact", Some(self.contact.to_json())),
            ("website", Some(self.website.to_json())),
            ("fill_seconds", Some(self.fill_seconds.to_json())),
        ])
    }
}
