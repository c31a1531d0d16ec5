//! The Right to Challenge intake in headless Chromium: the field table against the shared rules, a specific message
//! for every reason a field can be wrong, drafts (without contact details unless asked), and a full application
//! against a live reference server (scripts/test.sh seeds tests/fixtures/challenges/wasm-challenge.json there).

#![cfg(target_arch = "wasm32")]

use inspraak_api::{ChallengeForm, ChallengeStep, FieldErrorCode, NewChallengeForm};
use inspraak_challenge::{
    Draft,
    fields::{Answers, FIELDS, control_id, field_of, fields_of, parse_count},
    messages::{message, message_key},
};
use inspraak_widget_core::testing::{self as common, OwnTexts, Widget, sleep};
use inspraak_widget_core::{
    api_client::ApiClient,
    form::Sending,
    i18n::{Lang, Texts},
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const TEXTS: OwnTexts = (include_str!("../texts/nl.txt"), include_str!("../texts/en.txt"));

/// `<inspraak-challenge attributes…>` as the loader mounts it.
fn challenge_widget_with(attributes: &[(&str, &str)]) -> Widget {
    Widget::mount("inspraak-challenge", attributes, common::api(), TEXTS, inspraak_challenge::widget)
}

const TODAY: &str = "2026-11-30";

fn form() -> ChallengeForm {
    let json = include_str!("../../../tests/fixtures/challenges/wasm-challenge.json");
    serde_json::from_str::<NewChallengeForm>(json).unwrap().public()
}

/// A complete application, as the widget keeps it.
fn complete() -> Answers {
    let mut answers = Answers::default();
    for (name, typed) in [
        ("initiative.title", "Groen in de Lindenbuurt"),
        ("initiative.area", "Lindenbuurt"),
        ("plan.what", "Wij onderhouden het plantsoen."),
        ("plan.why_better", "Wij wonen er."),
        ("plan.social_value", "Samen."),
        ("organisation.name", "Buurtvereniging De Linde"),
        ("organisation.experience", "Tien jaar geveltuinen."),
        ("organisation.address", "Lindenlaan 1"),
        ("organisation.postcode", "1234 AB"),
        ("organisation.place", "Proefdorp"),
        ("support.supporters", "1.200"),
        ("support.how_shown", "Handtekeningen"),
        ("costs.estimate", "€ 12.500,50"),
        ("costs.budget", "10.000"),
        ("costs.start_date", "1-3-2027"),
        ("costs.term_months", "24"),
        ("cooperation.support_needed", "Gereedschap"),
        ("cooperation.quality", "Schouw"),
        ("cooperation.continuity", "Reservevrijwilligers"),
        ("contact.name", "Fatima de Vries"),
        ("contact.email", "fatima@example.nl"),
        ("contact.address", "Lindenlaan 12"),
        ("contact.postcode", "1234 ab"),
        ("contact.place", "Proefdorp"),
    ] {
        answers.set(name, typed.to_owned());
    }
    answers.application.initiative.task = "groenonderhoud".into();
    answers.application.organisation.kind = Some(inspraak_api::OrganisationType::Vereniging);
    answers.application.contact.consent = true;
    answers.application.contact.authorised = true;
    answers
}

fn errors(answers: &Answers, step: ChallengeStep) -> Vec<(String, FieldErrorCode)> {
    answers.check(step, &form(), TODAY).into_iter().map(|e| (e.name, e.code)).collect()
}

#[wasm_bindgen_test]
fn every_field_belongs_to_the_step_the_server_names_it_by() {
    for field in FIELDS {
        assert!(ChallengeStep::of_field(field.name).is_some(), "{}", field.name);
        assert_eq!(field_of(field.name), Some(&field));
    }
    let per_step: Vec<usize> = ChallengeStep::ALL.into_iter().map(|s| fields_of(s).count()).collect();
    assert_eq!(per_step, [4, 5, 7, 3, 5, 3, 8]);
    assert_eq!(field_of("support.attachments[1]").map(|f| f.name), Some("support.attachments"));
    assert_eq!(field_of("initiative.task_other").map(|f| f.name), Some("initiative.task"));
    assert_eq!(field_of("fill_seconds"), None);
    assert_eq!(control_id("support.attachments[1]"), "support-attachments");
    assert_eq!(control_id("costs.start_date"), "costs-start-date");
    // Every error the empty application has is about a field the widget draws.
    for step in ChallengeStep::ALL {
        for (name, _) in errors(&Answers::default(), step) {
            assert!(field_of(&name).is_some(), "{name} has no field");
        }
        assert!(errors(&complete(), step).is_empty(), "{step:?}: {:?}", errors(&complete(), step));
    }
}

#[wasm_bindgen_test]
fn numbers_are_read_as_people_type_them() {
    assert_eq!(parse_count("1.200"), Some(1200));
    assert_eq!(parse_count(" 85 "), Some(85));
    assert_eq!(parse_count("twee"), None);
    assert_eq!(parse_count("99999999999"), Some(u32::MAX));
    let mut answers = complete();
    answers.set("costs.term_months", "twee jaar".into());
    assert_eq!(errors(&answers, ChallengeStep::Costs), [("costs.term_months".into(), FieldErrorCode::Format)]);
    answers.set("costs.term_months", "".into());
    assert_eq!(errors(&answers, ChallengeStep::Costs), [("costs.term_months".into(), FieldErrorCode::Required)]);
    answers.set("support.supporters", "99999999999".into());
    assert_eq!(errors(&answers, ChallengeStep::Support), [("support.supporters".into(), FieldErrorCode::OutOfRange)]);
}

/// Each broken answer, the step it is on, and the Dutch message the resident reads.
#[wasm_bindgen_test]
fn every_reason_gets_its_own_plain_dutch_message() {
    let nl = Texts::load("challenge", Lang::Nl, &common::texts(Lang::Nl, TEXTS));
    let cases: [(&str, &str, &str); 22] = [
        ("initiative.title", "", "Geef jullie initiatief een naam, bijvoorbeeld ‘Groen in de Lindenbuurt’."),
        ("initiative.title", &"x".repeat(121), "Deze tekst is te lang. Gebruik maximaal 120 tekens."),
        (
            "organisation.kvk",
            "1234",
            "Een nummer van de Kamer van Koophandel heeft 8 cijfers, bijvoorbeeld 12345678. Hebben jullie er geen? Laat het veld dan leeg.",
        ),
        ("support.supporters", "0", "Vul een aantal in van 1 tot en met 1.000.000."),
        ("support.supporters", "veel", "Vul alleen cijfers in, bijvoorbeeld 120."),
        (
            "costs.estimate",
            "12,500.50",
            "Het bedrag is niet duidelijk: gebruik een komma voor centen en punten voor duizendtallen, zoals 12.500,50.",
        ),
        ("costs.estimate", "twaalf", "Het bedrag is niet duidelijk: schrijf 12.500,50 of 12500."),
        ("costs.estimate", "0", "De kosten moeten meer dan 0 euro zijn."),
        ("costs.estimate", "100.000.001", "Het bedrag is hoger dan 100 miljoen euro. Kijk het bedrag nog eens na."),
        (
            "costs.budget",
            "20.000",
            "Het gevraagde bedrag is hoger dan de kosten. Vraag maximaal het bedrag van de kosten.",
        ),
        ("costs.start_date", "29-11-2026", "De startdatum ligt in het verleden. Kies vandaag of een latere datum."),
        ("costs.start_date", "1-1-2040", "De startdatum ligt meer dan 10 jaar vooruit. Kies een eerdere datum."),
        ("costs.start_date", "31-4-2027", "Deze datum bestaat niet. Kijk de dag en de maand na."),
        ("costs.start_date", "4/1/27", "Schrijf de datum als dag-maand-jaar, bijvoorbeeld 1-3-2027."),
        ("contact.address", "", "Vul je straat en huisnummer in."),
        ("contact.place", " ", "Vul je woonplaats in."),
        ("organisation.postcode", "", "Vul de postcode van de organisatie in."),
        ("costs.term_months", "121", "Vul een aantal maanden in van 1 tot en met 120."),
        ("contact.email", "fatima@", "Vul een e-mailadres in zoals naam@voorbeeld.nl."),
        (
            "contact.phone",
            "12345",
            "Vul een Nederlands telefoonnummer in, zoals 06 12345678 of 020 1234567, of laat het veld leeg.",
        ),
        ("contact.postcode", "12345", "Vul een postcode in zoals 1234 AB."),
        ("contact.postcode", "", "Vul je postcode in."),
    ];
    for (name, typed, expected) in cases {
        let mut answers = complete();
        answers.set(name, typed.to_owned());
        let step = ChallengeStep::of_field(name).unwrap();
        let found = answers.check(step, &form(), TODAY);
        let error = found.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("{name}={typed:?}: {found:?}"));
        assert_eq!(message(nl, &form(), &answers, error), expected, "{name}={typed:?}");
    }
    // No field error of the shared rules falls back to the general message.
    for step in ChallengeStep::ALL {
        for error in Answers::default().check(step, &form(), TODAY) {
            assert_ne!(message_key(&error.name, error.code, &form()), "challenge.error.other", "{}", error.name);
        }
    }
    // Typed the Dutch way, kept as YYYY-MM-DD for the server.
    let typed = complete();
    assert_eq!(typed.application.costs.start_date, "2027-03-01");
    assert_eq!(typed.value("costs.start_date"), "1-3-2027");
    // A residents' group without legal form has no organisation address to give.
    let mut group = complete();
    group.application.organisation.kind = Some(inspraak_api::OrganisationType::Bewonersgroep);
    group.set("organisation.address", String::new());
    assert!(errors(&group, ChallengeStep::Organisation).is_empty());
    // The signatory's statement is needed.
    let mut unsigned = complete();
    unsigned.application.contact.authorised = false;
    let error = unsigned.check(ChallengeStep::Contact, &form(), TODAY).remove(0);
    assert_eq!(
        message(nl, &form(), &unsigned, &error),
        "Zet een vinkje als je deze aanvraag mag doen namens de groep of organisatie."
    );
    // A minimum lead time: the earliest date is named.
    let mut strict = form();
    strict.lead_weeks = 18;
    let mut soon = complete();
    soon.set("costs.start_date", "1-12-2026".into());
    let error = soon.check(ChallengeStep::Costs, &strict, TODAY).remove(0);
    assert_eq!(error.code, FieldErrorCode::TooSoon);
    assert!(message(nl, &strict, &soon, &error).starts_with("De gemeente vraagt minstens 18 weken"));
    // "Een andere taak" chosen but not described: the text field is what is missing.
    let mut other = complete();
    other.application.initiative.task.clear();
    other.other_task = true;
    assert_eq!(errors(&other, ChallengeStep::Initiative), [("initiative.task_other".into(), FieldErrorCode::Required)]);
    // An upload the server no longer has is named by its file.
    let mut gone = complete();
    gone.set_files(vec![inspraak_api::ChallengeAttachment {
        id: "ab".repeat(16),
        file_name: "handtekeningen.pdf".into(),
        content_type: "application/pdf".into(),
        bytes: 2000,
    }]);
    let error = inspraak_api::FieldError::new("support.attachments[0]", FieldErrorCode::Unknown, "gone");
    assert!(message(nl, &form(), &gone, &error).starts_with("De bijlage handtekeningen.pdf is niet meer op de server"));
    assert_eq!(
        message(
            Texts::load("challenge", Lang::En, &common::texts(Lang::En, TEXTS)),
            &form(),
            &complete(),
            &inspraak_api::FieldError::new("contact.postcode", FieldErrorCode::Format, "")
        ),
        "Fill in a postcode like 1234 AB."
    );
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn challenge_widget() -> Widget {
    challenge_widget_with(&[("form", "wasm-challenge")])
}

fn stored_draft() -> Draft {
    let api = ApiClient::new(common::api());
    inspraak_challenge::draft_store(&api, "wasm-challenge").load::<Draft>().expect("a draft is kept")
}

#[wasm_bindgen_test]
async fn a_draft_keeps_the_answers_and_contact_details_only_when_asked() {
    storage().clear().unwrap();
    let widget = challenge_widget();
    widget.shows("Stap 1 van 8").await;
    widget.type_into("initiative-title", "Groen in de Lindenbuurt");
    sleep(20).await;
    assert_eq!(stored_draft().answers.application.initiative.title, "Groen in de Lindenbuurt");

    // At the contact step, without "onthoud mijn gegevens", nothing of the contact is kept.
    let mut draft = stored_draft();
    draft.answers = complete();
    draft.step = 6;
    let api = ApiClient::new(common::api());
    inspraak_challenge::draft_store(&api, "wasm-challenge").save(&draft);
    drop(widget);
    let widget = challenge_widget();
    widget.shows("teruggezet").await;
    widget.shows("Contact en ondertekening").await;
    widget.type_into("contact-name", "Jan Jansen");
    sleep(20).await;
    assert_eq!(stored_draft().answers.application.contact, Default::default());
    assert_eq!(stored_draft().answers.application.plan.what, "Wij onderhouden het plantsoen.");

    widget.input("remember").click();
    sleep(20).await;
    assert!(stored_draft().remember);
    assert_eq!(stored_draft().answers.application.contact.name, "Jan Jansen");
    drop(widget);
    let widget = challenge_widget();
    widget.shows("Contact en ondertekening").await;
    assert_eq!(widget.input("contact-name").value(), "Jan Jansen");
    storage().clear().unwrap();
}

/// Drafts that residents' browsers hold were written by serde before the widget read and wrote them by hand: such a
/// draft is restored as it was, and the widget writes the same shape back.
#[wasm_bindgen_test]
async fn a_draft_in_the_shape_earlier_versions_kept_is_restored() {
    storage().clear().unwrap();
    let api = ApiClient::new(common::api());
    let mut application = complete().application;
    application.plan.execution = Some(inspraak_api::challenge::Execution::Zelf);
    let value = serde_json::json!({
        "answers": {
            "application": serde_json::to_value(&application).unwrap(),
            "counts": {"support.supporters": "veertig"},
            "other_task": true,
            "files": [{"id": "a".repeat(32), "file_name": "plan.pdf", "content_type": "application/pdf", "bytes": 2048}],
        },
        "step": 2,
        "remember": true,
        "sending": {"key": "eerder-gezet", "started_ms": 1_700_000_000_000_u64, "sent_seconds": 42},
    });
    let kept = serde_json::json!({"saved_ms": js_sys::Date::now(), "value": value});
    let key = format!("inspraak:challenge:draft:{}:wasm-challenge", api.base());
    storage().set_item(&key, &kept.to_string()).unwrap();
    let draft = stored_draft();
    assert_eq!(draft.answers.application, application);
    assert_eq!(draft.answers.counts["support.supporters"], "veertig");
    assert!(draft.answers.other_task && draft.remember && draft.step == 2);
    assert_eq!((draft.answers.files[0].bytes, draft.sending.key.as_str()), (2048, "eerder-gezet"));
    assert_eq!(draft.sending.sent_seconds, Some(42));
    let written: serde_json::Value = serde_json::from_str(&inspraak_widget_core::json::write(&draft).unwrap()).unwrap();
    assert_eq!(written, value);
    let widget = challenge_widget();
    widget.shows("teruggezet").await;
    widget.shows("Stap 3 van 8").await;
    drop(widget);

    // A sent application as remembered before: read, and written back the same.
    let receipt = serde_json::json!({"reference": "UR-2026-0042", "form": "wasm-challenge", "submitted_on": "2026-12-01",
        "decision_weeks": 8, "decision_by": "2027-01-26"});
    let done = serde_json::json!({"receipt": receipt, "answers": value["answers"]});
    let read: inspraak_challenge::Done = inspraak_widget_core::json::read(&done.to_string()).unwrap();
    assert_eq!((read.receipt.reference.as_str(), &read.answers.application), ("UR-2026-0042", &application));
    let written: serde_json::Value = serde_json::from_str(&inspraak_widget_core::json::write(&read).unwrap()).unwrap();
    assert_eq!(written, done);
    storage().clear().unwrap();
}

#[wasm_bindgen_test]
async fn a_group_sends_its_application_and_keeps_the_reference() {
    storage().clear().unwrap();
    let api = ApiClient::new(common::api());
    let draft = Draft {
        answers: complete(),
        step: 7,
        remember: true,
        sending: Sending { started_ms: js_sys::Date::now() - 60_000.0, ..Default::default() },
    };
    inspraak_challenge::draft_store(&api, "wasm-challenge").save(&draft);
    let widget = challenge_widget();
    widget.shows("Controleer je aanvraag").await;
    assert!(widget.text().contains("€ 12.500,50"), "{}", widget.text());
    widget.button("Verstuur je aanvraag").click();
    widget.shows("Je aanvraag is verstuurd").await;
    let reference = widget.find(".reference").unwrap().text_content().unwrap();
    assert!(reference.starts_with("UR-") && reference.len() == 12, "{reference}");
    widget.shows("uitdaagrecht@proef.nl").await;
    // The draft is gone; a new widget (a reload) shows the confirmation again.
    assert!(inspraak_challenge::draft_store(&api, "wasm-challenge").load::<Draft>().is_none());
    drop(widget);
    let widget = challenge_widget();
    widget.shows(&reference).await;
    storage().clear().unwrap();
}

#[wasm_bindgen_test]
async fn an_unknown_form_says_so() {
    let widget = challenge_widget_with(&[("form", "bestaat-niet")]);
    widget.shows("Dit formulier bestaat niet of niet meer.").await;
}

#[wasm_bindgen_test]
async fn address_u_speaks_with_u_and_je_stays_the_default() {
    storage().clear().unwrap();
    let widget = challenge_widget_with(&[("form", "wasm-challenge"), ("address", "u")]);
    widget.shows("Vertel ons stap voor stap wat u wilt doen.").await;
    assert!(widget.text().contains("Wat u invult, bewaren we 14 dagen op dit apparaat"), "{}", widget.text());
    storage().clear().unwrap();
    let je = challenge_widget();
    je.shows("Vertel ons stap voor stap wat jullie willen doen.").await;
}

#[wasm_bindgen_test]
async fn the_form_s_address_is_the_default_and_the_element_s_attribute_wins() {
    storage().clear().unwrap();
    // The form says u and the element says nothing: the u-forms.
    let u = challenge_widget_with(&[("form", "wasm-challenge-u")]);
    u.shows("Vertel ons stap voor stap wat u wilt doen.").await;
    storage().clear().unwrap();
    let je = challenge_widget_with(&[("form", "wasm-challenge-u"), ("address", "je")]);
    je.shows("Vertel ons stap voor stap wat jullie willen doen.").await;
    storage().clear().unwrap();
}
