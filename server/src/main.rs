//! The `inspraak-server` command: serve the API, widgets and demo, or manage polls from the shell.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use inspraak_api::{
    ChallengeOutcome, ChallengeStatus, NewChallengeForm, NewPoll, NewQuickscan, NewRound, RecordProgress, StatusChange,
};
use inspraak_server::{AppState, Config, Db, challenges, error::ApiError, polls::store, progress, quickscans};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(name = "inspraak-server", version, about = "The Inspraak reference backend")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API, the widget bundle and the demo page.
    Serve {
        #[command(flatten)]
        config: Config,
        /// Poll files (JSON, as for `poll create`) to create at start when their id does not exist yet.
        #[arg(long = "seed")]
        seed: Vec<PathBuf>,
        /// Progress files (JSON, as for `progress record`) to record at start when the municipality is new.
        #[arg(long = "seed-progress")]
        seed_progress: Vec<PathBuf>,
        /// Challenge form files (JSON, as for `challenge form create`) to create at start when their id is new.
        #[arg(long = "seed-challenge")]
        seed_challenge: Vec<PathBuf>,
        /// Quick scan files (JSON, as for `quickscan create`) to create at start when their id does not exist yet.
        #[arg(long = "seed-quickscan")]
        seed_quickscan: Vec<PathBuf>,
    },
    /// Run quick scans: create them, open and close rounds, report and export.
    #[command(subcommand)]
    Quickscan(QuickscanCommand),
    /// Right to Challenge: forms and the applications received.
    #[command(subcommand)]
    Challenge(ChallengeCommand),
    /// Manage polls directly in the database file.
    #[command(subcommand)]
    Poll(PollCommand),
    /// Record and export progress on the seven subgoals.
    #[command(subcommand)]
    Progress(ProgressCommand),
    /// Write a consistent copy of the database to FILE while the server keeps running (restore: stop the
    /// server, put the copy in place of the database file, start it again).
    Backup {
        file: PathBuf,
        #[arg(long, env = "INSPRAAK_DATABASE", default_value = "inspraak.sqlite")]
        database: PathBuf,
    },
}

#[derive(Subcommand)]
enum ProgressCommand {
    /// Record measurement rounds from a JSON file: {"municipality", "name", "rounds": [{"measurements": [...]}]}.
    Record {
        file: PathBuf,
        #[arg(long, env = "INSPRAAK_DATABASE", default_value = "inspraak.sqlite")]
        database: PathBuf,
    },
    /// Print every measurement of a municipality as CSV.
    History {
        municipality: String,
        #[arg(long, env = "INSPRAAK_DATABASE", default_value = "inspraak.sqlite")]
        database: PathBuf,
    },
}

/// A file of measurement rounds for one municipality, oldest round first.
#[derive(serde::Deserialize)]
struct ProgressFile {
    municipality: String,
    name: String,
    rounds: Vec<RecordProgress>,
}

#[derive(Subcommand)]
enum ChallengeCommand {
    /// Create or replace forms.
    #[command(subcommand)]
    Form(ChallengeFormCommand),
    /// List the applications to a form: reference, status, date, title.
    List {
        form: String,
        #[arg(long, env = "INSPRAAK_DATABASE", default_value = "inspraak.sqlite")]
        database: PathBuf,
    },
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
        #[arg(long, env = "INSPRAAK_DATABASE", default_value = "inspraak.sqlite")]
        database: PathBuf,
    },
    /// Print the applications to a form as CSV (formulas neutralised).
    Export {
        form: String,
        #[arg(long, env = "INSPRAAK_DATABASE", default_value = "inspraak.sqlite")]
        database: PathBuf,
    },
    /// Delete an application and its attachments (right to erasure).
    Delete {
        reference: String,
        /// The form, when more than one form has an application with this reference.
        #[arg(long)]
        form: Option<String>,
        #[arg(long, env = "INSPRAAK_DATABASE", default_value = "inspraak.sqlite")]
        database: PathBuf,
    },
}

#[derive(Subcommand)]
enum ChallengeFormCommand {
    /// Create or replace a form from a JSON file (the body of PUT /v1/admin/challenge-forms/{id}).
    Create {
        file: PathBuf,
        #[arg(long, env = "INSPRAAK_DATABASE", default_value = "inspraak.sqlite")]
        database: PathBuf,
    },
}

#[derive(Subcommand)]
enum QuickscanCommand {
    /// Create a scan from a JSON file (the body of POST /v1/admin/quickscans; without "themes" it gets the
    /// questionnaire shipped with the server).
    Create {
        file: PathBuf,
        #[arg(long, env = "INSPRAAK_DATABASE", default_value = "inspraak.sqlite")]
        database: PathBuf,
    },
    /// List the scans with their current round and number of responses.
    List {
        #[arg(long, env = "INSPRAAK_DATABASE", default_value = "inspraak.sqlite")]
        database: PathBuf,
    },
    /// Open a new round (closing the open one), e.g. `quickscan open-round mijn-scan meting-2027 "voortgangsmeting 2027"`.
    OpenRound {
        scan: String,
        round: String,
        name: String,
        #[arg(long, env = "INSPRAAK_DATABASE", default_value = "inspraak.sqlite")]
        database: PathBuf,
    },
    /// Close a round: it takes no more responses.
    CloseRound {
        scan: String,
        round: String,
        #[arg(long, env = "INSPRAAK_DATABASE", default_value = "inspraak.sqlite")]
        database: PathBuf,
    },
    /// Print the report (every round, per theme and role) as JSON.
    Report {
        scan: String,
        #[arg(long, env = "INSPRAAK_DATABASE", default_value = "inspraak.sqlite")]
        database: PathBuf,
    },
    /// Print every response as CSV.
    Export {
        scan: String,
        #[arg(long, env = "INSPRAAK_DATABASE", default_value = "inspraak.sqlite")]
        database: PathBuf,
    },
    /// Delete one response by its number (the first column of the export).
    Delete {
        scan: String,
        response: i64,
        #[arg(long, env = "INSPRAAK_DATABASE", default_value = "inspraak.sqlite")]
        database: PathBuf,
    },
}

#[derive(Subcommand)]
enum PollCommand {
    /// Create a poll from a JSON file (the body of POST /v1/admin/polls).
    Create {
        file: PathBuf,
        #[arg(long, env = "INSPRAAK_DATABASE", default_value = "inspraak.sqlite")]
        database: PathBuf,
    },
    /// List the polls with their status and number of voters.
    List {
        #[arg(long, env = "INSPRAAK_DATABASE", default_value = "inspraak.sqlite")]
        database: PathBuf,
    },
    /// Make single-use voting codes for a poll and print them as CSV, to print and hand out. They are shown this
    /// once: the database keeps only keyed hashes.
    Codes {
        poll: String,
        #[arg(long, default_value_t = 100)]
        count: u32,
        #[arg(long, env = "INSPRAAK_DATABASE", default_value = "inspraak.sqlite")]
        database: PathBuf,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse().command).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("[inspraak] {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Serve { config, seed, seed_progress, seed_challenge, seed_quickscan } => {
            serve(
                config,
                Seeds { polls: seed, progress: seed_progress, challenges: seed_challenge, quickscans: seed_quickscan },
            )
            .await
        }
        Command::Quickscan(command) => quickscan(command).await,
        Command::Challenge(command) => challenge(command).await,
        Command::Progress(ProgressCommand::Record { file, database }) => {
            let db = open(&database).await?;
            let municipality = record_progress(&db, &file, false).await?;
            println!("recorded progress of {}", municipality.unwrap_or_default());
            Ok(())
        }
        Command::Backup { file, database } => {
            if file.exists() {
                return Err(format!("{} exists already; choose a new file for the backup", file.display()));
            }
            let db = open(&database).await?;
            let target = file.to_str().ok_or("the backup path must be valid UTF-8")?;
            // VACUUM INTO reads one snapshot of the database: a consistent copy, however busy the server is.
            sqlx::query("VACUUM INTO ?")
                .bind(target)
                .execute(&db.read)
                .await
                .map_err(|e| format!("backup failed: {e}"))?;
            println!("backed up {} to {}", database.display(), file.display());
            Ok(())
        }
        Command::Progress(ProgressCommand::History { municipality, database }) => {
            let db = open(&database).await?;
            let mut conn = db.read.acquire().await.map_err(|e| e.to_string())?;
            let rows = progress::store::history(&mut conn, &municipality).await.map_err(|e| format!("{e:?}"))?;
            println!("subgoal,status,measured_on,recorded_at");
            for row in rows {
                println!("{},{},{},{}", row.subgoal, row.status, row.measured_on, row.recorded_at);
            }
            Ok(())
        }
        Command::Poll(PollCommand::Create { file, database }) => {
            let db = open(&database).await?;
            let id = create_poll(&db, &file).await?.ok_or("a poll with this id exists already")?;
            println!("created poll {id}");
            Ok(())
        }
        Command::Poll(PollCommand::Codes { poll, count, database }) => {
            let db = open(&database).await?;
            let key = inspraak_server::HashKey::load(&db).await.map_err(|e| e.to_string())?;
            let mut tx = db.write.begin().await.map_err(|e| e.to_string())?;
            store::get(&mut tx, &poll, store::now()).await.map_err(problem_text)?;
            let codes =
                inspraak_server::polls::admin::make_codes(&mut tx, &key, &poll, count).await.map_err(problem_text)?;
            tx.commit().await.map_err(|e| e.to_string())?;
            let mut rows = vec![vec!["poll".to_owned(), "code".to_owned()]];
            rows.extend(codes.into_iter().map(|code| vec![poll.clone(), code]));
            print!("{}", inspraak_server::csv_export::to_csv(&rows).map_err(problem_text)?);
            Ok(())
        }
        Command::Poll(PollCommand::List { database }) => {
            let db = open(&database).await?;
            let mut conn = db.read.acquire().await.map_err(|e| e.to_string())?;
            let now = store::now();
            for id in store::list_ids(&mut conn).await.map_err(|e| format!("{e:?}"))? {
                let poll = store::get(&mut conn, &id, now).await.map_err(|e| format!("{e:?}"))?;
                let voters = store::voters(&mut conn, &id).await.map_err(|e| format!("{e:?}"))?;
                println!("{id}\t{:?}\t{voters} voters\t{}", poll.status, poll.question);
            }
            Ok(())
        }
    }
}

async fn challenge(command: ChallengeCommand) -> Result<(), String> {
    match command {
        ChallengeCommand::Form(ChallengeFormCommand::Create { file, database }) => {
            let db = open(&database).await?;
            let (id, created) = save_challenge_form(&db, &file, false).await?;
            println!("{} challenge form {id}", if created { "created" } else { "replaced" });
            Ok(())
        }
        ChallengeCommand::List { form, database } => {
            let db = open(&database).await?;
            let mut conn = db.read.acquire().await.map_err(|e| e.to_string())?;
            challenges::store::get_form(&mut conn, &form).await.map_err(problem_text)?;
            for record in challenges::store::records(&mut conn, &form).await.map_err(problem_text)? {
                let outcome = record.outcome.map(|o| format!(" ({})", o.as_str())).unwrap_or_default();
                println!(
                    "{}\t{}{outcome}\t{}\t{}",
                    record.reference,
                    record.status.as_str(),
                    record.submitted_on,
                    record.application.initiative.title
                );
            }
            Ok(())
        }
        ChallengeCommand::Status { reference, status, outcome, note, form, database } => {
            let status = ChallengeStatus::from_name(&status)
                .ok_or("the status is one of ontvangen, in_behandeling, besluit_genomen")?;
            let outcome = outcome
                .map(|o| ChallengeOutcome::from_name(&o).ok_or("the outcome is toegekend or afgewezen"))
                .transpose()?;
            let db = open(&database).await?;
            let mut tx = db.write.begin().await.map_err(|e| e.to_string())?;
            let form = form_of(&mut tx, &reference, form).await?;
            let change = StatusChange { status, outcome, note };
            let record =
                challenges::admin::change_status(&mut tx, &form, &reference, &change).await.map_err(problem_text)?;
            tx.commit().await.map_err(|e| e.to_string())?;
            println!("{} is now {}", record.reference, record.status.as_str());
            Ok(())
        }
        ChallengeCommand::Export { form, database } => {
            let db = open(&database).await?;
            let mut conn = db.read.acquire().await.map_err(|e| e.to_string())?;
            challenges::store::get_form(&mut conn, &form).await.map_err(problem_text)?;
            let records = challenges::store::records(&mut conn, &form).await.map_err(problem_text)?;
            let csv =
                inspraak_server::csv_export::to_csv(&challenges::admin::csv_rows(&records)).map_err(problem_text)?;
            print!("{csv}");
            Ok(())
        }
        ChallengeCommand::Delete { reference, form, database } => {
            let db = open(&database).await?;
            let mut tx = db.write.begin().await.map_err(|e| e.to_string())?;
            let form = form_of(&mut tx, &reference, form).await?;
            challenges::store::delete_submission(&mut tx, &form, &reference).await.map_err(problem_text)?;
            tx.commit().await.map_err(|e| e.to_string())?;
            println!("deleted {reference} of {form} with its attachments");
            Ok(())
        }
    }
}

/// The form of an application: the one given, or the only one that has this reference.
async fn form_of(conn: &mut sqlx::SqliteConnection, reference: &str, form: Option<String>) -> Result<String, String> {
    let forms = challenges::store::forms_with_reference(conn, reference).await.map_err(problem_text)?;
    match (form, forms.as_slice()) {
        (Some(form), _) if forms.contains(&form) => Ok(form),
        (Some(form), _) => Err(format!("form {form} has no application {reference}")),
        (None, [only]) => Ok(only.clone()),
        (None, []) => Err(format!("no application {reference}")),
        (None, many) => {
            Err(format!("{reference} exists in several forms ({}); choose one with --form", many.join(", ")))
        }
    }
}

/// An API error as a line for the shell.
fn problem_text(error: ApiError) -> String {
    match error {
        ApiError::Client(problem) => {
            let fields: Vec<String> =
                problem.invalid_params.iter().map(|f| format!("{}: {}", f.name, f.reason)).collect();
            match (problem.detail, fields.is_empty()) {
                (_, false) => fields.join("; "),
                (Some(detail), true) => detail,
                (None, true) => problem.title,
            }
        }
        ApiError::Internal(cause) => cause,
    }
}

/// Creates or replaces the form in `file` (with `only_new`, leaves an existing one alone); its id and whether it
/// was created.
async fn save_challenge_form(db: &Db, file: &Path, only_new: bool) -> Result<(String, bool), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let new: NewChallengeForm =
        serde_json::from_str(&text).map_err(|e| format!("{} is not a challenge form: {e}", file.display()))?;
    let mut tx = db.write.begin().await.map_err(|e| e.to_string())?;
    if only_new && challenges::store::form(&mut tx, &new.id).await.map_err(problem_text)?.is_some() {
        return Ok((new.id, false));
    }
    let created = challenges::admin::save_form(&mut tx, &new)
        .await
        .map_err(|e| format!("{} is not a valid challenge form: {}", file.display(), problem_text(e)))?;
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok((new.id, created))
}

async fn quickscan(command: QuickscanCommand) -> Result<(), String> {
    use quickscans::{admin, store};
    match command {
        QuickscanCommand::Create { file, database } => {
            let db = open(&database).await?;
            let id = create_quickscan(&db, &file).await?.ok_or("a quick scan with this id exists already")?;
            println!("created quick scan {id}");
        }
        QuickscanCommand::List { database } => {
            let db = open(&database).await?;
            let mut conn = db.read.acquire().await.map_err(|e| e.to_string())?;
            for id in store::list_ids(&mut conn).await.map_err(problem_text)? {
                let scan = store::get(&mut conn, &id).await.map_err(problem_text)?;
                let results = store::results(&mut conn, &scan, &scan.round).await.map_err(problem_text)?;
                println!(
                    "{id}\t{} ({:?})\t{} responses\t{}",
                    scan.round.name, scan.round.status, results.respondents, scan.title.nl
                );
            }
        }
        QuickscanCommand::OpenRound { scan, round, name, database } => {
            let db = open(&database).await?;
            let new = NewRound { id: round, name };
            let errors = new.validate("");
            if !errors.is_empty() {
                let list: Vec<String> = errors.iter().map(|e| format!("{}: {}", e.name, e.reason)).collect();
                return Err(list.join("; "));
            }
            let mut tx = db.write.begin().await.map_err(|e| e.to_string())?;
            store::get(&mut tx, &scan).await.map_err(problem_text)?;
            let round = store::open_round(&mut tx, &scan, &new).await.map_err(problem_text)?;
            tx.commit().await.map_err(|e| e.to_string())?;
            println!("opened round {} of {scan}", round.id);
        }
        QuickscanCommand::CloseRound { scan, round, database } => {
            let db = open(&database).await?;
            let mut tx = db.write.begin().await.map_err(|e| e.to_string())?;
            store::close_round(&mut tx, &scan, &round).await.map_err(problem_text)?.ok_or("no such scan or round")?;
            tx.commit().await.map_err(|e| e.to_string())?;
            println!("closed round {round} of {scan}");
        }
        QuickscanCommand::Report { scan, database } => {
            let db = open(&database).await?;
            let mut conn = db.read.acquire().await.map_err(|e| e.to_string())?;
            let report = admin::build_report(&mut conn, &scan).await.map_err(problem_text)?;
            println!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
        }
        QuickscanCommand::Export { scan, database } => {
            let db = open(&database).await?;
            let mut conn = db.read.acquire().await.map_err(|e| e.to_string())?;
            let rows = admin::responses_rows(&mut conn, &scan).await.map_err(problem_text)?;
            print!("{}", inspraak_server::csv_export::to_csv(&rows).map_err(problem_text)?);
        }
        QuickscanCommand::Delete { scan, response, database } => {
            let db = open(&database).await?;
            let mut tx = db.write.begin().await.map_err(|e| e.to_string())?;
            if !store::delete_response(&mut tx, &scan, response).await.map_err(problem_text)? {
                return Err(format!("{scan} has no response {response}"));
            }
            tx.commit().await.map_err(|e| e.to_string())?;
            println!("deleted response {response} of {scan}");
        }
    }
    Ok(())
}

/// Creates the quick scan in `file`; None when its id exists already.
async fn create_quickscan(db: &Db, file: &Path) -> Result<Option<String>, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let new: NewQuickscan =
        serde_json::from_str(&text).map_err(|e| format!("{} is not a quick scan: {e}", file.display()))?;
    let mut tx = db.write.begin().await.map_err(|e| e.to_string())?;
    match quickscans::admin::create(&mut tx, &new).await {
        Ok(_) => {}
        Err(inspraak_server::error::ApiError::Client(problem))
            if problem.kind() == Some(inspraak_api::ProblemKind::AlreadyExists) =>
        {
            return Ok(None);
        }
        Err(inspraak_server::error::ApiError::Client(problem)) => {
            let list: Vec<String> =
                problem.invalid_params.iter().map(|e| format!("{}: {}", e.name, e.reason)).collect();
            return Err(format!("{} is not a valid quick scan: {}", file.display(), list.join("; ")));
        }
        Err(other) => return Err(format!("{other:?}")),
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(Some(new.id))
}

async fn open(database: &Path) -> Result<Db, String> {
    Db::open(database).await.map_err(|e| format!("cannot open database {}: {e}", database.display()))
}

/// Creates the poll in `file`; None when its id exists already.
async fn create_poll(db: &Db, file: &Path) -> Result<Option<String>, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let new: NewPoll = serde_json::from_str(&text).map_err(|e| format!("{} is not a poll: {e}", file.display()))?;
    if let Err(errors) = new.validate() {
        let list: Vec<String> = errors.iter().map(|e| format!("{}: {}", e.name, e.reason)).collect();
        return Err(format!("{} is not a valid poll: {}", file.display(), list.join("; ")));
    }
    let mut tx = db.write.begin().await.map_err(|e| e.to_string())?;
    let created = store::insert(&mut tx, &new).await.map_err(|e| format!("{e:?}"))?;
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(created.then_some(new.id))
}

/// Records the rounds in `file`; with `only_new`, nothing when the municipality exists already.
async fn record_progress(db: &Db, file: &Path, only_new: bool) -> Result<Option<String>, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let progress: ProgressFile =
        serde_json::from_str(&text).map_err(|e| format!("{} is not a progress file: {e}", file.display()))?;
    let mut tx = db.write.begin().await.map_err(|e| e.to_string())?;
    if only_new && progress::store::name(&mut tx, &progress.municipality).await.map_err(|e| format!("{e:?}"))?.is_some()
    {
        return Ok(None);
    }
    for mut round in progress.rounds {
        round.name = Some(progress.name.clone());
        progress::admin::record_round(&mut tx, &progress.municipality, &round).await.map_err(|e| match e {
            inspraak_server::error::ApiError::Client(problem) => {
                let fields: Vec<String> =
                    problem.invalid_params.iter().map(|f| format!("{}: {}", f.name, f.reason)).collect();
                format!("{} is not valid: {}", file.display(), fields.join("; "))
            }
            other => format!("{other:?}"),
        })?;
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(Some(progress.municipality))
}

/// The sample data `serve` creates when it is not there yet.
struct Seeds {
    polls: Vec<PathBuf>,
    progress: Vec<PathBuf>,
    challenges: Vec<PathBuf>,
    quickscans: Vec<PathBuf>,
}

async fn serve(config: Config, seeds: Seeds) -> Result<(), String> {
    let db = open(&config.database).await?;
    for file in &seeds.polls {
        if let Some(id) = create_poll(&db, file).await? {
            tracing::info!(poll = %id, "created sample poll");
        }
    }
    for file in &seeds.progress {
        if let Some(id) = record_progress(&db, file, true).await? {
            tracing::info!(municipality = %id, "recorded sample progress");
        }
    }
    for file in &seeds.challenges {
        if let (id, true) = save_challenge_form(&db, file, true).await? {
            tracing::info!(form = %id, "created sample challenge form");
        }
    }
    for file in &seeds.quickscans {
        if let Some(id) = create_quickscan(&db, file).await? {
            tracing::info!(quickscan = %id, "created sample quick scan");
        }
    }
    if config.admin_token.is_none() {
        tracing::info!("admin API off: set INSPRAAK_ADMIN_TOKEN to turn it on");
    }
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let state = AppState::new(db.clone(), config).await.map_err(|e| e.to_string())?;
    tokio::spawn(purge_expired(db));
    // Tests and scripts read this line to find the port when they asked for port 0.
    println!("listening on http://{address}");
    // The peer address reaches the vote limit only, which keeps it in memory; nothing stores or logs it.
    let app = inspraak_server::app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await.map_err(|e| e.to_string())
}

/// Ctrl-C or SIGTERM (a service manager stopping us): finish the requests under way, then stop.
async fn shutdown_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate => {}
    }
    tracing::info!("shutting down");
}

/// Forgets stored idempotent answers older than a day, expired quick scan drafts, and challenge applications past
/// their retention period and uploads no application took, at start and every hour after.
async fn purge_expired(db: Db) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        let purged = match db.write.acquire().await {
            Ok(mut conn) => match inspraak_server::idempotency::purge(&mut conn).await {
                Ok(_) => match quickscans::store::purge_drafts(&mut conn).await {
                    Ok(_) => store::purge_closed(&mut conn, store::now()).await.map(drop),
                    Err(error) => Err(error),
                },
                Err(error) => Err(error),
            },
            Err(error) => Err(error.into()),
        };
        if let Err(error) = purged {
            tracing::warn!(?error, "could not purge expired idempotency keys, quick scan drafts or vote rows");
        }
        match challenges::purge(&db).await {
            Ok((0, 0)) => {}
            Ok((applications, uploads)) => {
                tracing::info!(
                    applications,
                    uploads,
                    "deleted challenge applications past retention and unused uploads"
                )
            }
            Err(error) => tracing::warn!(?error, "could not purge challenge applications"),
        }
    }
}
