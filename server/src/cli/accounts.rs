//! `inspraak-server account …`: the back office's accounts from the shell, the first one above all (a beheerder, who
//! then makes the others on the web page). A password is typed (without echo), read from stdin, or made and shown once.

use std::io::{BufRead, IsTerminal};

use clap::Subcommand;
use inspraak_api::{AccountRole, NewAccount, admin::check_password};

use super::{Failure, Outcome};
use crate::{Db, HashKey, accounts};

#[derive(Subcommand)]
pub enum Command {
    /// Make an account. At a terminal you are asked for the password (leave it empty to have one made); otherwise
    /// one is made and printed once, unless --password-stdin reads it from the first line of stdin.
    Create {
        name: String,
        #[arg(long, value_parser = parse_role)]
        role: AccountRole,
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the accounts with their role.
    List,
    /// Give an account a new password (typed, from stdin or made, as for create); its sessions end.
    Password {
        name: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Make a new bearer token for an account (printed once; the old one stops working).
    Token {
        name: String,
    },
    /// Switch an account off or on again.
    Disable {
        name: String,
    },
    Enable {
        name: String,
    },
}

fn parse_role(value: &str) -> Result<AccountRole, String> {
    AccountRole::from_name(value).ok_or_else(|| "the role is beheerder, redacteur or behandelaar".to_owned())
}

/// The password to set: None to have one made.
fn read_password(from_stdin: bool) -> Result<Option<String>, Failure> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        let password = line.trim_end_matches(['\r', '\n']).to_owned();
        return Ok(Some(password));
    }
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let first = rpassword::prompt_password("Wachtwoord (leeg laten: er wordt er een gemaakt): ")?;
    if first.is_empty() {
        return Ok(None);
    }
    let errors = check_password("password", &first);
    if let Some(error) = errors.first() {
        return Err(Failure(error.reason.clone()));
    }
    if rpassword::prompt_password("Nog een keer: ")? != first {
        return Err(Failure("the two passwords differ".to_owned()));
    }
    Ok(Some(first))
}

pub async fn run(command: Command, db: &Db, key: &crate::keys::KeySource) -> Outcome {
    use accounts::store;
    match command {
        Command::Create { name, role, password_stdin } => {
            let password = read_password(password_stdin)?;
            let mut tx = db.begin().await?;
            let issued = accounts::create(&mut tx, &NewAccount { name, role, password }).await?;
            tx.commit().await?;
            println!("created account {} ({})", issued.account.name, issued.account.role.as_str());
            if let Some(password) = issued.password {
                println!("password (shown this once): {password}");
            }
        }
        Command::List => {
            let mut conn = db.reader().await?;
            for account in store::accounts(&mut conn).await? {
                let state = if account.disabled { "\tdisabled" } else { "" };
                let token = if account.has_token { "\ttoken" } else { "" };
                println!("{}\t{}{state}{token}", account.name, account.role.as_str());
            }
        }
        Command::Password { name, password_stdin } => {
            let password = read_password(password_stdin)?;
            let mut tx = db.begin().await?;
            let issued = accounts::reset_password(&mut tx, &name, password).await?;
            tx.commit().await?;
            println!("new password set for {name}");
            if let Some(password) = issued.password {
                println!("password (shown this once): {password}");
            }
        }
        Command::Token { name } => {
            let key = HashKey::load(db, key).await?;
            let mut tx = db.begin().await?;
            let issued = accounts::issue_token(&mut tx, &key, &name).await?;
            tx.commit().await?;
            println!("{}", issued.token.unwrap_or_default());
        }
        Command::Disable { name } => switch(db, &name, true).await?,
        Command::Enable { name } => switch(db, &name, false).await?,
    }
    Ok(())
}

async fn switch(db: &Db, name: &str, disable: bool) -> Outcome {
    use accounts::store;
    {
        {
            let mut tx = db.begin().await?;
            store::get_account(&mut tx, name).await?;
            store::set_disabled(&mut tx, name, disable).await?;
            if disable {
                store::delete_sessions_of(&mut tx, name).await?;
            }
            tx.commit().await?;
            println!("{name} is {}", if disable { "disabled" } else { "enabled" });
        }
    }
    Ok(())
}
