//! The real `inspraak-server` binary as a process on a loopback port, for tests over a real socket.

use std::{
    io::{BufRead, BufReader},
    path::Path,
    process::{Child, Command, Stdio},
};

/// A running server; killed (SIGKILL) when dropped or when `kill` is called.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    /// Kills the process without warning, as a power cut or the OOM killer would.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The admin token of a server started by [`start`].
pub const SOCKET_TOKEN: &str = "socket-test-token-0123456789abcdef";

pub fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_inspraak-server"))
}

/// The log file a server started by [`start`] writes to (stderr, at info level), beside its database.
pub fn log_file(database: &Path) -> std::path::PathBuf {
    database.with_extension("log")
}

/// Starts `inspraak-server serve` with `args` on a free port and waits for its "listening on" line.
pub fn start(database: &Path, args: &[&std::ffi::OsStr]) -> Server {
    let log = std::fs::OpenOptions::new().create(true).append(true).open(log_file(database)).unwrap();
    let mut child = binary()
        .args(["serve", "--listen", "127.0.0.1:0", "--database"])
        .arg(database)
        .args(args)
        .env("INSPRAAK_ADMIN_TOKEN", SOCKET_TOKEN)
        // Tests that vote thousands of times from one address; the limit's own test sets it with a flag.
        .env("INSPRAAK_VOTES_PER_MINUTE", "0")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .expect("start the server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let base = line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("unexpected: {line}")).to_owned();
    Server { child, base }
}

/// Creates `poll` (the body of POST /v1/admin/polls) in `database` with the CLI, as a back office would.
pub fn create_poll(database: &Path, poll: &serde_json::Value) {
    let file = database.with_file_name(format!("{}.json", poll["id"].as_str().unwrap()));
    std::fs::write(&file, poll.to_string()).unwrap();
    let output = binary().args(["poll", "create"]).arg(&file).arg("--database").arg(database).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

/// Sends `request` and reads its answer as JSON, whatever its status (a test asserts on the body itself).
pub async fn json(request: reqwest::RequestBuilder) -> serde_json::Value {
    request.send().await.unwrap().json().await.unwrap()
}

/// Sends one write with its Idempotency-Key, as a widget does: the answer of a 201 (JSON, or null when the body was
/// cut off), or None when no answer came because the server died with the request in flight. Any other status
/// fails the test.
pub async fn send_keyed(
    client: &reqwest::Client,
    url: &str,
    key: &str,
    body: &serde_json::Value,
) -> Option<serde_json::Value> {
    match client.post(url).header("idempotency-key", key).json(body).send().await {
        Ok(reply) if reply.status() == 201 => Some(reply.json().await.unwrap_or_default()),
        Ok(reply) => panic!("{url} with key {key} answered {}", reply.status()),
        Err(_) => None,
    }
}
