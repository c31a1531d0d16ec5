//! `inspraak-server challenge …`: the back office of the Right to Challenge from the shell: forms from files, and
//! the applications received (list, move on in the workflow, export, erase).

use std::path::PathBuf;

use clap::Subcommand;
use inspraak_api::{ChallengeOutcome, ChallengeStatus, StatusChange};

use super::{Failure, Outcome};
use crate::{Db, challenges, csv_export, seed};

#[derive(Subcommand)]
pub enum Command {
    /// Create or replace forms.
    #[command(subcommand)]
    Form(FormCommand),
    /// List the applications to a form: reference, status, date, title.
    List { form: String },
    /// Move an application on, as the back office does: in_behandeling, aanvulling_gevraagd (with --term and
    /// --missing), besluit_genomen (with --outcome), buiten_behandeling or ingetrokken. Where the form mails the
    /// applicant on each change, the mail is queued with the server's INSPRAAK_SMTP_URL and INSPRAAK_MAIL_FROM
    /// (the running server sends it), or left out with --no-mail.
    Status {
        reference: String,
        /// in_behandeling, aanvulling_gevraagd, besluit_genomen, buiten_behandeling or ingetrokken
        status: String,
        /// toegekend or afgewezen, with besluit_genomen
        #[arg(long)]
        outcome: Option<String>,
        #[arg(long)]
        note: Option<String>,
        /// With aanvulling_gevraagd: the last day to complete the application, YYYY-MM-DD.
        #[arg(long)]
        term: Option<String>,
        /// With aanvulling_gevraagd: what is missing, in words the applicant reads in the mail.
        #[arg(long)]
        missing: Option<String>,
        /// Change the status without the mail the form sends the applicant on each change.
        #[arg(long)]
        no_mail: bool,
        /// The form, when more than one form has an application with this reference.
        #[arg(long)]
        form: Option<String>,
    },
    /// Print the applications to a form as CSV (formulas neutralised).
    Export { form: String },
    /// Delete an application and its attachments (right to erasure).
    Delete {
        reference: String,
        /// The form, when more than one form has an application with this reference.
        #[arg(long)]
        form: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum FormCommand {
    /// Create or replace a form from a JSON file (the body of PUT /v1/admin/challenge-forms/{id}).
    Create {
        file: PathBuf,
        /// Development only: allow a webhook over plain http or to this machine.
        #[arg(long, env = "INSPRAAK_DEV_WEBHOOKS")]
        dev_webhooks: bool,
    },
}

/// The mailer for a status change from the command line: the server's own mail settings, from its environment
/// (never a flag, which `ps` shows), so that the mail is queued as the back office queues it.
fn status_mailer() -> Result<challenges::mail::Mailer, Failure> {
    let url = std::env::var("INSPRAAK_SMTP_URL").ok().filter(|url| !url.is_empty()).ok_or(
        "this form mails the applicant on each status change: set INSPRAAK_SMTP_URL and INSPRAAK_MAIL_FROM as the \
         server has them (the running server sends the mail), or pass --no-mail to change the status without it",
    )?;
    let from = std::env::var("INSPRAAK_MAIL_FROM").ok();
    let settings =
        challenges::mail::MailSettings::parse(&url, from.as_deref(), std::env::var("INSPRAAK_SMTP_PASSWORD").ok())?;
    Ok(challenges::mail::Mailer::queue_only(settings))
}

pub async fn run(command: Command, db: &Db) -> Outcome {
    use challenges::{admin, store};
    match command {
        Command::Form(FormCommand::Create { file, dev_webhooks }) => {
            let (id, created) = seed::challenge_form(db, &file, false, dev_webhooks).await?;
            println!("{} challenge form {id}", if created { "created" } else { "replaced" });
        }
        Command::List { form } => {
            let mut conn = db.reader().await?;
            store::get_form(&mut conn, &form).await?;
            for record in store::submissions(&mut conn, &form).await? {
                let outcome = record.outcome.map(|o| format!(" ({})", o.as_str())).unwrap_or_default();
                println!(
                    "{}\t{}{outcome}\t{}\t{}",
                    record.reference,
                    record.status.as_str(),
                    record.submitted_on,
                    record.application.initiative.title
                );
            }
        }
        Command::Status { reference, status, outcome, note, term, missing, no_mail, form } => {
            let status = ChallengeStatus::from_name(&status).ok_or(
                "the status is one of in_behandeling, aanvulling_gevraagd, besluit_genomen, buiten_behandeling, \
                 ingetrokken",
            )?;
            let outcome = outcome
                .map(|o| ChallengeOutcome::from_name(&o).ok_or("the outcome is toegekend or afgewezen"))
                .transpose()?;
            let mut tx = db.begin().await?;
            let form = form_of(&mut tx, &reference, form).await?;
            let mails = store::get_form(&mut tx, &form).await?.public.status_mail && !no_mail;
            let mailer = if mails { status_mailer()? } else { challenges::mail::Mailer::off() };
            let change = StatusChange { outcome, note, term, missing, ..StatusChange::to(status) };
            let record = admin::change_status(&mut tx, &form, &reference, &change, &mailer).await?;
            tx.commit().await?;
            let mailed = if mails { "; the mail to the applicant is queued" } else { "" };
            println!("{} is now {}{mailed}", record.reference, record.status.as_str());
        }
        Command::Export { form } => {
            let mut conn = db.reader().await?;
            store::get_form(&mut conn, &form).await?;
            let records = store::submissions(&mut conn, &form).await?;
            print!("{}", csv_export::to_csv(&admin::csv_rows(&records))?);
        }
        Command::Delete { reference, form } => {
            let mut tx = db.begin().await?;
            let form = form_of(&mut tx, &reference, form).await?;
            let files = store::delete_submission(&mut tx, &form, &reference).await?.unwrap_or_default();
            tx.commit().await?;
            store::delete_files(db, &files).await?;
            db.forget_old_pages().await;
            println!("deleted {reference} of {form} with its attachments");
        }
    }
    Ok(())
}

/// The form of an application: the one given, or the only one that has this reference.
async fn form_of(conn: &mut crate::db::Conn, reference: &str, form: Option<String>) -> Result<String, Failure> {
    let forms = challenges::store::forms_with_reference(conn, reference).await?;
    match (form, forms.as_slice()) {
        (Some(form), _) if forms.contains(&form) => Ok(form),
        (Some(form), _) => Err(Failure(format!("form {form} has no application {reference}"))),
        (None, [only]) => Ok(only.clone()),
        (None, []) => Err(Failure(format!("no application {reference}"))),
        (None, many) => {
            Err(Failure(format!("{reference} exists in several forms ({}); choose one with --form", many.join(", "))))
        }
    }
}
