//! Failed logins slow down the next try for that account name: after five failures in a row each further try waits
//! twice as long (30 s, 1 min, 2 min, … at most 15 min), without the password being checked. Held in memory, like the
//! per-address limit the login route also has; a success clears the name.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// Failures allowed before a name has to wait.
pub const FREE_FAILURES: u32 = 5;
const FIRST_WAIT: Duration = Duration::from_secs(30);
const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    until: Option<Instant>,
}

/// The failed logins per account name.
#[derive(Clone, Default)]
pub struct LoginThrottle(Arc<Mutex<HashMap<String, Failures>>>);

impl LoginThrottle {
    /// How long `name` must wait before its password is checked again, if it must.
    pub fn wait(&self, name: &str, now: Instant) -> Option<Duration> {
        let failures = self.0.lock().ok()?.get(name).copied()?;
        failures.until.and_then(|until| until.checked_duration_since(now)).filter(|d| !d.is_zero())
    }

    /// A wrong pair for `name`; returns the wait it now has, if any.
    pub fn failed(&self, name: &str, now: Instant) -> Option<Duration> {
        let mut all = self.0.lock().ok()?;
        // Forget names whose wait ran out long ago, so memory stays bounded by recent tries.
        if all.len() > 10_000 {
            all.retain(|_, f| f.until.is_some_and(|until| until > now));
        }
        let failures = all.entry(name.to_owned()).or_insert(Failures { count: 0, until: None });
        failures.count += 1;
        if failures.count < FREE_FAILURES {
            return None;
        }
        let doublings = (failures.count - FREE_FAILURES).min(10);
        let wait = (FIRST_WAIT * 2u32.pow(doublings)).min(LONGEST_WAIT);
        failures.until = Some(now + wait);
        Some(wait)
    }

    pub fn succeeded(&self, name: &str) {
        if let Ok(mut all) = self.0.lock() {
            all.remove(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_then_waits_that_double() {
        let throttle = LoginThrottle::default();
        let start = Instant::now();
        for _ in 1..FREE_FAILURES {
            assert_eq!(throttle.failed("anna", start), None);
        }
        assert_eq!(throttle.wait("anna", start), None);
        assert_eq!(throttle.failed("anna", start), Some(Duration::from_secs(30)));
        assert_eq!(throttle.wait("anna", start), Some(Duration::from_secs(30)));
        assert_eq!(throttle.wait("bert", start), None, "another name is not slowed down");
        assert_eq!(throttle.failed("anna", start), Some(Duration::from_secs(60)));
        assert_eq!(throttle.wait("anna", start + Duration::from_secs(61)), None);
        for _ in 0..20 {
            throttle.failed("anna", start);
        }
        assert_eq!(throttle.wait("anna", start), Some(LONGEST_WAIT));
        throttle.succeeded("anna");
        assert_eq!(throttle.wait("anna", start), None);
    }
}
