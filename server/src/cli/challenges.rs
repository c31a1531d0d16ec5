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
    /// Move an application on: ontvangen → in_behandeling → besluit_genomen (with --outcome).
    Status {
        reference: String,
        /// in_behandeling or besluit_genomen
        status: String,
        /// toegekend or afgewezen, with besluit_genomen
        #[arg(long)]
        outcome: Option<String>,
        #[arg(long)]
        note: Option<String>,
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
        Command::Status { reference, status, outcome, note, form } => {
            let status = ChallengeStatus::from_name(&status)
                .ok_or("the status is one of ontvangen, in_behandeling, besluit_genomen, ingetrokken (a request to complete and buiten_behandeling: use the back office)")?;
            let outcome = outcome
                .map(|o| ChallengeOutcome::from_name(&o).ok_or("the outcome is toegekend or afgewezen"))
                .transpose()?;
            let mut tx = db.begin().await?;
            let form = form_of(&mut tx, &reference, form).await?;
            let record = admin::change_status(
                &mut tx,
                &form,
                &reference,
                &StatusChange { outcome, note, ..StatusChange::to(status) },
                &crate::challenges::mail::Mailer::off(),
            )
            .await?;
            tx.commit().await?;
            println!("{} is now {}", record.reference, record.status.as_str());
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
