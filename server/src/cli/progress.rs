//! `inspraak-server progress …`: record measurement rounds from a file, print a municipality's history.

use std::path::PathBuf;

use clap::Subcommand;

use super::Outcome;
use crate::{Db, progress, seed};

#[derive(Subcommand)]
pub enum Command {
    /// Record measurement rounds from a JSON file: {"municipality", "name", "rounds": [{"measurements": [...]}]}.
    Record { file: PathBuf },
    /// Print every measurement of a municipality as CSV.
    History { municipality: String },
}

pub async fn run(command: Command, db: &Db) -> Outcome {
    match command {
        Command::Record { file } => {
            let municipality = seed::progress(db, &file, false).await?;
            println!("recorded progress of {}", municipality.unwrap_or_default());
        }
        Command::History { municipality } => {
            let mut conn = db.reader().await?;
            let rows = progress::store::history(&mut conn, &municipality).await?;
            println!("subgoal,status,measured_on,recorded_at");
            for row in rows {
                println!("{},{},{},{}", row.subgoal, row.status, row.measured_on, row.recorded_at);
            }
        }
    }
    Ok(())
}
