//! `inspraak-server poll …`: create polls from files, list them, and make voting codes to hand out.

use std::path::PathBuf;

use clap::Subcommand;

use super::Outcome;
use crate::{Db, HashKey, clock, csv_export, polls, seed};

#[derive(Subcommand)]
pub enum Command {
    /// Create a poll from a JSON file (the body of POST /v1/admin/polls).
    Create { file: PathBuf },
    /// List the polls with their status and number of voters.
    List,
    /// Make single-use voting codes for a poll and print them as CSV, to print and hand out. They are shown this
    /// once: the database keeps only keyed hashes.
    Codes {
        poll: String,
        #[arg(long, default_value_t = 100)]
        count: u32,
    },
}

pub async fn run(command: Command, db: &Db, key: &crate::keys::KeySource) -> Outcome {
    use polls::store;
    match command {
        Command::Create { file } => {
            let id = seed::poll(db, &file).await?.ok_or("a poll with this id exists already")?;
            println!("created poll {id}");
        }
        Command::List => {
            let mut conn = db.reader().await?;
            let now = clock::now();
            for id in store::poll_ids(&mut conn).await? {
                let poll = store::get_poll(&mut conn, &id, now).await?;
                let voters = store::voters(&mut conn, &id).await?;
                println!("{id}\t{:?}\t{voters} voters\t{}", poll.status, poll.question);
            }
        }
        Command::Codes { poll, count } => {
            let key = HashKey::load(db, key).await?;
            let mut tx = db.begin().await?;
            store::get_poll(&mut tx, &poll, clock::now()).await?;
            let codes = polls::admin::make_codes(&mut tx, &key, &poll, count).await?;
            tx.commit().await?;
            let mut rows = vec![vec!["poll".to_owned(), "code".to_owned()]];
            rows.extend(codes.into_iter().map(|code| vec![poll.clone(), code]));
            print!("{}", csv_export::to_csv(&rows)?);
        }
    }
    Ok(())
}
