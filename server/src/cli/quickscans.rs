//! `inspraak-server quickscan …`: create scans from files, run their rounds, and print reports, exports and
//! deletions for the back office.

use std::path::PathBuf;

use clap::Subcommand;
use inspraak_api::{NewRound, Role};

use super::{Failure, Outcome};
use crate::{Db, HashKey, csv_export, quickscans, seed};

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
    /// Print the report (every round, per theme and role): as JSON, as the printable HTML page the back office
    /// shows (`--format html > rapport.html`, then print it to PDF from a browser), or as CSV.
    Report {
        scan: String,
        #[arg(long, value_enum, default_value = "json")]
        format: ReportFormat,
    },
    /// Print every response as CSV.
    Export { scan: String },
    /// Delete one response by its number (the first column of the export).
    Delete { scan: String, response: i64 },
    /// Make single-use invitation codes of one role for the open round and print them as CSV, e.g.
    /// `quickscan invitations mijn-scan --role collegelid --count 7`. They are shown this once: the database keeps
    /// only keyed hashes.
    Invitations {
        scan: String,
        /// inwoner, raadslid, collegelid, ambtenaar or anders (a role the scan makes invitation-only)
        #[arg(long, value_parser = parse_role)]
        role: Role,
        #[arg(long)]
        count: u32,
    },
    /// Show per role of the current round: responses, invitation codes made and used.
    Turnout { scan: String },
}

/// How `quickscan report` prints the report.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ReportFormat {
    Json,
    Html,
    Csv,
}

fn parse_role(name: &str) -> Result<Role, String> {
    Role::from_name(name).ok_or_else(|| "a role is inwoner, raadslid, collegelid, ambtenaar or anders".to_owned())
}

pub async fn run(command: Command, db: &Db, key: &crate::keys::KeySource) -> Outcome {
    use quickscans::{admin, store};
    match command {
        Command::Create { file } => {
            let id = seed::quickscan(db, &file).await?.ok_or("a quick scan with this id exists already")?;
            println!("created quick scan {id}");
        }
        Command::List => {
            let mut conn = db.reader().await?;
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
            let new = NewRound { id: round, name, themes: None };
            let mut tx = db.begin().await?;
            let round = crate::quickscans::admin::open_new_round(&mut tx, &scan, &new).await?;
            tx.commit().await?;
            println!("opened round {} of {scan}", round.id);
        }
        Command::CloseRound { scan, round } => {
            let mut tx = db.begin().await?;
            store::close_round(&mut tx, &scan, &round).await?.ok_or("no such scan or round")?;
            tx.commit().await?;
            println!("closed round {round} of {scan}");
        }
        Command::Report { scan, format } => {
            let mut conn = db.reader().await?;
            let report = admin::build_report(&mut conn, &scan).await?;
            match format {
                ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
                ReportFormat::Html => print!("{}", quickscans::report::html(&report)),
                ReportFormat::Csv => print!("{}", csv_export::to_csv(&quickscans::report::csv_rows(&report))?),
            }
        }
        Command::Export { scan } => {
            let mut conn = db.reader().await?;
            let rows = admin::responses_rows(&mut conn, &scan).await?;
            print!("{}", csv_export::to_csv(&rows)?);
        }
        Command::Delete { scan, response } => {
            let mut tx = db.begin().await?;
            if !store::delete_response(&mut tx, &scan, response).await? {
                return Err(Failure(format!("{scan} has no response {response}")));
            }
            tx.commit().await?;
            println!("deleted response {response} of {scan}");
        }
        Command::Invitations { scan, role, count } => {
            let key = HashKey::load(db, key).await?;
            let mut tx = db.begin().await?;
            let found = store::get_scan(&mut tx, &scan).await?;
            let codes = admin::make_invitations(&mut tx, &key, &found, role, count).await?;
            tx.commit().await?;
            let mut rows = vec![["scan", "round", "role", "code"].map(str::to_owned).to_vec()];
            rows.extend(
                codes
                    .into_iter()
                    .map(|code| vec![scan.clone(), found.round.id.clone(), role.as_str().to_owned(), code]),
            );
            print!("{}", csv_export::to_csv(&rows)?);
        }
        Command::Turnout { scan } => {
            let mut conn = db.reader().await?;
            let turnout = admin::turnout(&mut conn, &scan).await?;
            println!("role\tinvitation_only\tmin_group\tresponses\tissued\tused");
            for r in turnout.roles {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    r.role.as_str(),
                    r.invitation_only,
                    r.min_group,
                    r.responses,
                    r.issued,
                    r.used
                );
            }
        }
    }
    Ok(())
}
