//! `inspraak-server quickscan …`: create scans from files, run their rounds, and print reports, exports and
//! deletions for the back office.

use std::path::PathBuf;

use clap::Subcommand;
use inspraak_api::NewRound;

use super::{Failure, Outcome};
use crate::{Db, csv_export, error::Error, quickscans, seed};

#[derive(Subcommand)]
pub enum Command {
    /// Create a scan from a JSON file (the body of POST /v1/admin/quickscans; without "themes" it gets the
    /// questionnaire shipped with the server).
    Create { file: PathBuf },
    /// List the scans with their current round and number of responses.
    List,
    /// Open a new round (closing the open one), e.g. `quickscan open-round mijn-scan meting-2027 "voortgangsmeting 2027"`.
    OpenRound { scan: String, round: String, name: String },
    /// Close a round: it takes no more responses.
    CloseRound { scan: String, round: String },
    /// Print the report (every round, per theme and role) as JSON.
    Report { scan: String },
    /// Print every response as CSV.
    Export { scan: String },
    /// Delete one response by its number (the first column of the export).
    Delete { scan: String, response: i64 },
}

pub async fn run(command: Command, db: &Db) -> Outcome {
    use quickscans::{admin, store};
    match command {
        Command::Create { file } => {
            let id = seed::quickscan(db, &file).await?.ok_or("a quick scan with this id exists already")?;
            println!("created quick scan {id}");
        }
        Command::List => {
            let mut conn = db.read.acquire().await?;
            for id in store::scan_ids(&mut conn).await? {
                let scan = store::get_scan(&mut conn, &id).await?;
                let results = store::results(&mut conn, &scan, &scan.round).await?;
                println!(
                    "{id}\t{} ({:?})\t{} responses\t{}",
                    scan.round.name, scan.round.status, results.respondents, scan.title.nl
                );
            }
        }
        Command::OpenRound { scan, round, name } => {
            let new = NewRound { id: round, name };
            let errors = new.validate("");
            if !errors.is_empty() {
                return Err(Error::Invalid(errors).into());
            }
            let mut tx = db.write.begin().await?;
            store::get_scan(&mut tx, &scan).await?;
            let round = store::open_round(&mut tx, &scan, &new).await?;
            tx.commit().await?;
            println!("opened round {} of {scan}", round.id);
        }
        Command::CloseRound { scan, round } => {
            let mut tx = db.write.begin().await?;
            store::close_round(&mut tx, &scan, &round).await?.ok_or("no such scan or round")?;
            tx.commit().await?;
            println!("closed round {round} of {scan}");
        }
        Command::Report { scan } => {
            let mut conn = db.read.acquire().await?;
            let report = admin::build_report(&mut conn, &scan).await?;
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        Command::Export { scan } => {
            let mut conn = db.read.acquire().await?;
            let rows = admin::responses_rows(&mut conn, &scan).await?;
            print!("{}", csv_export::to_csv(&rows)?);
        }
        Command::Delete { scan, response } => {
            let mut tx = db.write.begin().await?;
            if !store::delete_response(&mut tx, &scan, response).await? {
                return Err(Failure(format!("{scan} has no response {response}")));
            }
            tx.commit().await?;
            println!("deleted response {response} of {scan}");
        }
    }
    Ok(())
}
