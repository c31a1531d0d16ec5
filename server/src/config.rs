//! How the server is configured: command-line flags, each with an `INSPRAAK_*` environment variable and a default.

use std::{net::SocketAddr, path::PathBuf};

use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "INSPRAAK_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// The SQLite database file: the command line's global `--database`, set by `serve`.
    #[arg(skip)]
    pub database: PathBuf,

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

    /// Refuse pages on loopback addresses (127.0.0.1, localhost, [::1]), which are allowed for local demos by default.
    #[arg(long, env = "INSPRAAK_NO_LOOPBACK_ORIGINS")]
    pub no_loopback_origins: bool,

    /// The admin API token; without it the admin routes are off.
    #[arg(long, env = "INSPRAAK_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,

    /// Votes one client address may cast per minute (as a burst, then refilled evenly), and as many quick scan
    /// responses, drafts and draft look-ups, and challenge uploads and applications; 0 turns the limit off. The
    /// address is held in memory only, never stored or logged.
    #[arg(long, env = "INSPRAAK_VOTES_PER_MINUTE", default_value_t = 30)]
    pub votes_per_minute: u32,

    /// Take the client address from X-Forwarded-For / Forwarded, as set by a reverse proxy in front of this server.
    /// Only switch this on behind such a proxy: otherwise any client can claim any address.
    #[arg(long, env = "INSPRAAK_TRUST_PROXY")]
    pub trust_proxy: bool,

    /// Milliseconds to wait before retrying a failed webhook delivery of a challenge application; doubled after
    /// each further failure, up to six hours.
    #[arg(long, env = "INSPRAAK_WEBHOOK_FIRST_RETRY_MS", default_value_t = 30_000)]
    pub webhook_first_retry_ms: u64,

    /// The back office's web page and its sessions.
    #[command(flatten)]
    pub backoffice: BackOfficeConfig,

    /// Adds POST /v1/bench/baseline, a fixed 201 that touches nothing, for load benchmarks to compare against.
    #[arg(long, hide = true)]
    pub bench_routes: bool,
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
    /// The origin of this server itself.
    pub fn own_origin(&self) -> String {
        self.public_origin.clone().unwrap_or_else(|| format!("http://{}", self.listen))
    }

    /// Whether a page at `origin` may call the API from a browser.
    pub fn origin_allowed(&self, origin: &str) -> bool {
        // Scheme and host are case-insensitive; a configured list may carry spaces after its commas.
        let same = |configured: &str| configured.trim().trim_end_matches('/').eq_ignore_ascii_case(origin);
        if same(&self.own_origin()) || self.allowed_origins.iter().any(|allowed| same(allowed)) {
            return true;
        }
        !self.no_loopback_origins && is_loopback_origin(origin)
    }
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
    fn loopback_can_be_switched_off() {
        let config = config(&["--no-loopback-origins"]);
        assert!(!config.origin_allowed("http://localhost:3000"));
        assert!(config.origin_allowed("http://127.0.0.1:8080"));
    }
}
