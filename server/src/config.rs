//! How the server is configured: command-line flags, each with an `INSPRAAK_*` environment variable and a default.

use std::{
    net::{IpAddr, SocketAddr},
    path::PathBuf,
};

use clap::Args;
use ipnet::IpNet;

use crate::keys::KeySource;

/// The highest per-minute rate a limit takes: one request every 6 ms per address.
pub const MAX_PER_MINUTE: u32 = 10_000;

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "INSPRAAK_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// The SQLite database file or PostgreSQL URL: the command line's global `--database`, set by `serve`.
    #[arg(skip)]
    pub database: PathBuf,

    /// Where the key of the stored hashes is: the command line's global `--key-file` or `INSPRAAK_HASH_KEY`.
    #[arg(skip)]
    pub key: KeySource,

    /// The built widget bundle, served at /widgets/.
    #[arg(long, env = "INSPRAAK_WIDGETS_DIR", default_value = "pkg")]
    pub widgets_dir: PathBuf,

    /// The demo page, served at /.
    #[arg(long, env = "INSPRAAK_DEMO_DIR", default_value = "demo")]
    pub demo_dir: PathBuf,

    /// The origin this server is reached at, e.g. https://inspraak.gemeente.nl (default: from --listen).
    #[arg(long, env = "INSPRAAK_PUBLIC_ORIGIN")]
    pub public_origin: Option<String>,

    /// Origins of the municipal sites whose pages may call the API (comma-separated).
    #[arg(long = "allowed-origin", env = "INSPRAAK_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,

    /// Refuse pages on loopback addresses (127.0.0.1, localhost, [::1]) even when listening on loopback.
    #[arg(long, env = "INSPRAAK_NO_LOOPBACK_ORIGINS")]
    pub no_loopback_origins: bool,

    /// Development only: allow pages on loopback addresses although the server listens on another address (they
    /// are allowed by default only when it listens on loopback itself).
    #[arg(long, env = "INSPRAAK_ALLOW_LOOPBACK_ORIGINS", conflicts_with = "no_loopback_origins")]
    pub allow_loopback_origins: bool,

    /// The admin API token, from INSPRAAK_ADMIN_TOKEN or --admin-token-file (never a flag, which `ps` shows); at
    /// least 32 characters. Without it the admin routes are off.
    #[arg(skip)]
    pub admin_token: Option<Secret>,

    /// A file holding the admin API token (readable by the server's user only).
    #[arg(long, env = "INSPRAAK_ADMIN_TOKEN_FILE")]
    pub admin_token_file: Option<PathBuf>,

    /// Refused: a token on the command line is visible to every user of the machine.
    #[arg(long = "admin-token", hide = true)]
    pub admin_token_flag: Option<String>,

    /// Votes one client address may cast per minute (as a burst, then refilled evenly), and as many quick scan
    /// responses, drafts and draft look-ups, and challenge applications; 0 turns the limit off. The address is held
    /// in memory only, never stored or logged.
    #[arg(long, env = "INSPRAAK_VOTES_PER_MINUTE", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(0..=i64::from(MAX_PER_MINUTE)))]
    pub votes_per_minute: u32,

    /// Challenge attachments one client address may upload per hour (as a burst, then refilled evenly); 0 turns
    /// the limit off.
    #[arg(long, env = "INSPRAAK_UPLOADS_PER_HOUR", default_value_t = 20,
          value_parser = clap::value_parser!(u32).range(0..=i64::from(MAX_PER_MINUTE)))]
    pub uploads_per_hour: u32,

    /// The most bytes of attachments that no application has taken yet, from all clients together (MiB); past it
    /// uploads are answered 503 with Retry-After until older ones are taken or deleted after a day.
    #[arg(long, env = "INSPRAAK_UNLINKED_UPLOADS_MIB", default_value_t = 512,
          value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    pub unlinked_uploads_mib: u64,

    /// Wrong admin tokens one client address may send per minute (as a burst, then refilled evenly); past it that
    /// address waits before it may try again, with a right token too.
    #[arg(long, env = "INSPRAAK_ADMIN_FAILURES_PER_MINUTE", default_value_t = crate::admin_auth::FAILURES_PER_MINUTE,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_PER_MINUTE)))]
    pub admin_failures_per_minute: u32,

    /// Requests per minute each limited route takes from all addresses together, a backstop against many
    /// addresses at once; past it 503 with Retry-After. 0 turns it off.
    #[arg(long, env = "INSPRAAK_GLOBAL_PER_MINUTE", default_value_t = 6_000,
          value_parser = clap::value_parser!(u32).range(0..=600_000))]
    pub global_per_minute: u32,

    /// A reverse proxy in front of this server (an address or CIDR range such as 10.0.0.0/8; repeat the flag, or
    /// separate with commas). Only for requests from these addresses is the client address read from the
    /// forwarding header, from the right, skipping the trusted hops.
    #[arg(long = "trusted-proxy", env = "INSPRAAK_TRUSTED_PROXIES", value_delimiter = ',', value_parser = parse_net)]
    pub trusted_proxies: Vec<IpNet>,

    /// The header the trusted proxies put the client address in.
    #[arg(long, env = "INSPRAAK_CLIENT_ADDRESS_HEADER", value_enum, default_value_t = ForwardedHeader::XForwardedFor)]
    pub client_address_header: ForwardedHeader,

    /// Refused: it believed the first X-Forwarded-For address, which the client chooses. Use --trusted-proxy.
    #[arg(long, env = "INSPRAAK_TRUST_PROXY", hide = true)]
    pub trust_proxy: bool,

    /// Seconds a client may take to send a JSON request body; 408 after that.
    #[arg(long, env = "INSPRAAK_BODY_TIMEOUT", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub body_timeout: u64,

    /// Seconds a client may take to send an attachment; 408 after that.
    #[arg(long, env = "INSPRAAK_UPLOAD_TIMEOUT", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub upload_timeout: u64,

    /// Seconds a whole request may take, reading the body included; 408 after that (at least --upload-timeout).
    #[arg(long, env = "INSPRAAK_REQUEST_TIMEOUT", default_value_t = 150, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout: u64,

    /// Requests handled at once; more are answered 503 with Retry-After at once.
    #[arg(long, env = "INSPRAAK_MAX_CONCURRENT_REQUESTS", default_value_t = 512,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_concurrent_requests: u32,

    /// Milliseconds to wait before retrying a failed webhook delivery of a challenge application; doubled after
    /// each further failure, up to six hours.
    #[arg(long, env = "INSPRAAK_WEBHOOK_FIRST_RETRY_MS", default_value_t = 30_000)]
    pub webhook_first_retry_ms: u64,

    /// Development only: let webhooks go over plain http and to this machine (loopback). Private, link-local and
    /// other internal addresses stay refused.
    #[arg(long, env = "INSPRAAK_DEV_WEBHOOKS")]
    pub dev_webhooks: bool,

    /// The mail server for the acknowledgement of receipt and status mails to applicants: smtp://host:587
    /// (STARTTLS required), smtps://host:465 (TLS), or smtp://127.0.0.1:port?tls=none for a server on this machine
    /// only. A user name in the URL, its password there or in INSPRAAK_SMTP_PASSWORD. Without it no mail is sent.
    #[arg(long, env = "INSPRAAK_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The sender of mails to applicants, e.g. "Gemeente Voorbeeld <uitdaagrecht@voorbeeld.nl>".
    #[arg(long, env = "INSPRAAK_MAIL_FROM")]
    pub mail_from: Option<String>,

    /// Milliseconds to wait before retrying a mail the mail server did not take; doubled after each further
    /// failure, up to six hours.
    #[arg(long, env = "INSPRAAK_MAIL_FIRST_RETRY_MS", default_value_t = 60_000)]
    pub mail_first_retry_ms: u64,

    /// The back office's web page and its sessions.
    #[command(flatten)]
    pub backoffice: BackOfficeConfig,

    /// Adds POST /v1/bench/baseline, a fixed 201 that touches nothing, for load benchmarks to compare against.
    #[arg(long, hide = true)]
    pub bench_routes: bool,
}

/// Where trusted proxies put the client's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ForwardedHeader {
    /// `X-Forwarded-For: client, proxy1, proxy2`
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=client, for=proxy1`
    Forwarded,
    /// `X-Real-IP: client`, one address set by the proxy
    XRealIp,
}

/// A secret that no `Debug` output shows.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// The shortest admin token the server starts with.
pub const ADMIN_TOKEN_MIN_CHARS: usize = 32;

fn parse_net(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("'{text}' is not an address or CIDR range such as 10.0.0.0/8 or 2001:db8::/32"))
}

/// The back office's web page at /admin/ and its login sessions.
#[derive(Debug, Clone, Args)]
pub struct BackOfficeConfig {
    /// The built back office (scripts/build.sh writes it), served at /admin/.
    #[arg(long, env = "INSPRAAK_ADMIN_DIR", default_value = "pkg-admin")]
    pub admin_dir: PathBuf,

    /// Seconds without a request after which a back office session ends.
    #[arg(long, env = "INSPRAAK_SESSION_IDLE_SECONDS", default_value_t = 30 * 60)]
    pub session_idle_seconds: u64,

    /// Seconds after logging in at which a back office session ends, however busy.
    #[arg(long, env = "INSPRAAK_SESSION_MAX_SECONDS", default_value_t = 10 * 60 * 60)]
    pub session_max_seconds: u64,
}

impl Default for BackOfficeConfig {
    fn default() -> Self {
        BackOfficeConfig {
            admin_dir: PathBuf::from("pkg-admin"),
            session_idle_seconds: 30 * 60,
            session_max_seconds: 10 * 60 * 60,
        }
    }
}

impl Config {
    /// The defaults of every flag, as `serve` without flags has them (for tests and tools).
    pub fn defaults() -> Config {
        #[derive(clap::Parser)]
        struct Only {
            #[command(flatten)]
            config: Config,
        }
        <Only as clap::Parser>::parse_from(["inspraak-server"]).config
    }

    /// Reads the admin token from the environment or its file and refuses what a server must not start with: the
    /// flags that are gone, a token or an SMTP password on the command line, a token shorter than 32 characters,
    /// timeouts that cannot hold. `smtp_url_from_env` is INSPRAAK_SMTP_URL: an `smtp_url` that differs from it came
    /// from the command line.
    pub fn finish(&mut self, token_from_env: Option<String>, smtp_url_from_env: Option<String>) -> Result<(), String> {
        if self.trust_proxy {
            return Err(
                "--trust-proxy (INSPRAAK_TRUST_PROXY) is gone: it believed an address any client can make up. \
                        Name your reverse proxies with --trusted-proxy <CIDR> (INSPRAAK_TRUSTED_PROXIES), e.g. \
                        --trusted-proxy 10.0.0.5"
                    .into(),
            );
        }
        if self.admin_token_flag.is_some() {
            return Err("--admin-token shows the token to every user of this machine (ps): set INSPRAAK_ADMIN_TOKEN \
                        or --admin-token-file FILE instead"
                .into());
        }
        let flagged_password = |url: &String| url::Url::parse(url).is_ok_and(|url| url.password().is_some());
        if self.smtp_url.as_ref().is_some_and(flagged_password) && self.smtp_url != smtp_url_from_env {
            return Err(
                "--smtp-url shows the SMTP password in it to every user of this machine (ps): leave it out of \
                        the flag and set INSPRAAK_SMTP_PASSWORD (or the whole URL in INSPRAAK_SMTP_URL)"
                    .into(),
            );
        }
        let token = match (token_from_env.filter(|t| !t.is_empty()), &self.admin_token_file) {
            (Some(_), Some(_)) => {
                return Err("set the admin token once: INSPRAAK_ADMIN_TOKEN or --admin-token-file, not both".into());
            }
            (Some(token), None) => Some(token),
            (None, Some(file)) => Some(read_token_file(file)?),
            (None, None) => None,
        };
        if let Some(token) = &token {
            let chars = token.chars().count();
            if chars < ADMIN_TOKEN_MIN_CHARS {
                return Err(format!(
                    "the admin token has {chars} characters; it needs at least {ADMIN_TOKEN_MIN_CHARS} (make one with \
                     `openssl rand -hex 24`)"
                ));
            }
        }
        self.admin_token = token.map(Secret);
        if self.request_timeout < self.upload_timeout || self.request_timeout < self.body_timeout {
            return Err(format!(
                "--request-timeout ({} s) must be at least --upload-timeout ({} s) and --body-timeout ({} s)",
                self.request_timeout, self.upload_timeout, self.body_timeout
            ));
        }
        Ok(())
    }

    /// The origin of this server itself.
    pub fn own_origin(&self) -> String {
        self.public_origin.clone().unwrap_or_else(|| format!("http://{}", self.listen))
    }

    /// Whether pages on loopback may call the API: when the server listens on loopback itself (a local demo), or
    /// when a development flag says so.
    pub fn loopback_origins(&self) -> bool {
        !self.no_loopback_origins && (self.allow_loopback_origins || self.listen.ip().is_loopback())
    }

    /// Whether a page at `origin` may call the API from a browser.
    pub fn origin_allowed(&self, origin: &str) -> bool {
        // Scheme and host are case-insensitive; a configured list may carry spaces after its commas.
        let same = |configured: &str| configured.trim().trim_end_matches('/').eq_ignore_ascii_case(origin);
        if same(&self.own_origin()) || self.allowed_origins.iter().any(|allowed| same(allowed)) {
            return true;
        }
        self.loopback_origins() && is_loopback_origin(origin)
    }
}

fn read_token_file(file: &std::path::Path) -> Result<String, String> {
    use std::os::unix::fs::PermissionsExt;
    let cannot = |e: std::io::Error| format!("cannot read the admin token file {}: {e}", file.display());
    let mode = std::fs::metadata(file).map_err(cannot)?.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(format!(
            "the admin token file {} can be read by others (mode {mode:o}): run chmod 600 {}",
            file.display(),
            file.display()
        ));
    }
    Ok(std::fs::read_to_string(file).map_err(cannot)?.trim().to_owned())
}

fn is_loopback_origin(origin: &str) -> bool {
    let Some(rest) = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) else {
        return false;
    };
    let host = match rest.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => rest.split(':').next().unwrap_or(""),
    };
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        config: Config,
    }

    fn config(args: &[&str]) -> Config {
        Cli::parse_from([&["test"], args].concat()).config
    }

    #[test]
    fn own_configured_and_loopback_origins_are_allowed() {
        let config =
            config(&["--listen", "127.0.0.1:9000", "--allowed-origin", "https://www.utrecht.nl, https://A.nl/"]);
        assert!(config.origin_allowed("https://a.nl"));
        assert!(config.origin_allowed("http://127.0.0.1:9000"));
        assert!(config.origin_allowed("https://www.utrecht.nl"));
        assert!(config.origin_allowed("http://localhost:3000"));
        assert!(config.origin_allowed("http://[::1]:3000"));
        assert!(!config.origin_allowed("https://evil.example"));
        assert!(!config.origin_allowed("http://127.0.0.1.evil.example"));
    }

    #[test]
    fn an_smtp_password_on_the_command_line_is_refused_at_start() {
        let url = "smtps://uitdaagrecht:geheim@mail.voorbeeld.nl";
        let refused = config(&["--smtp-url", url]).finish(None, None).unwrap_err();
        assert!(refused.contains("INSPRAAK_SMTP_PASSWORD") && !refused.contains("geheim"), "{refused}");
        assert_eq!(config(&["--smtp-url", url]).finish(None, Some(url.into())), Ok(()), "from the environment");
        let user_only = "smtps://uitdaagrecht@mail.voorbeeld.nl";
        assert_eq!(config(&["--smtp-url", user_only]).finish(None, None), Ok(()), "the password comes from elsewhere");
    }

    #[test]
    fn loopback_can_be_switched_off() {
        let config = config(&["--no-loopback-origins"]);
        assert!(!config.origin_allowed("http://localhost:3000"));
        assert!(config.origin_allowed("http://127.0.0.1:8080"));
    }

    #[test]
    fn loopback_pages_need_a_loopback_listener_or_the_development_flag() {
        let public = config(&["--listen", "0.0.0.0:8080", "--public-origin", "https://inspraak.gemeente.nl"]);
        assert!(!public.origin_allowed("http://localhost:3000") && !public.origin_allowed("http://127.0.0.1:8080"));
        assert!(public.origin_allowed("https://inspraak.gemeente.nl"));
        let dev = config(&["--listen", "0.0.0.0:8080", "--allow-loopback-origins"]);
        assert!(dev.origin_allowed("http://localhost:3000"));
    }
}
