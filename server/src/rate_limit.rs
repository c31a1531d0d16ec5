//! The limits on the writes and look-ups by code that one client could use to flood the database or guess codes
//! (votes, quick scan responses and drafts, challenge uploads and applications, wrong admin tokens): a token bucket
//! per client address, held in memory only (the address is never stored or logged), answered with 429
//! problem+json and `Retry-After` when empty, and behind it a bucket per route for all addresses together (503).
//!
//! The client address is the peer's, unless the peer is one of the `--trusted-proxy` ranges: then it is read from
//! the forwarding header, from the right, skipping trusted hops, so what a client writes in the header itself
//! never counts. IPv6 clients are counted by their /64, the smallest network one subscriber gets. The buckets of at
//! most [`MAX_ADDRESSES`] addresses are kept; the one used longest ago goes first.

use std::{
    hash::Hash,
    net::{IpAddr, Ipv6Addr, SocketAddr},
    num::NonZeroU32,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::MethodRouter,
};
use governor::{
    Quota, RateLimiter,
    clock::{Clock, DefaultClock},
    nanos::Nanos,
    state::{InMemoryState, NotKeyed, StateStore},
};
use inspraak_api::{Problem, ProblemKind};
use ipnet::IpNet;

use crate::{
    AppState,
    config::{Config, ForwardedHeader},
    problem::{ApiError, problem_response},
};

/// The most client addresses whose bucket one limit keeps in memory (about 5 MiB); past it the bucket used longest
/// ago is dropped, so a flood of new addresses costs no more memory but meets the per-route backstop.
pub const MAX_ADDRESSES: usize = 65_536;

/// How a request's client is found: the peer, or behind a trusted proxy the address the proxy forwarded.
#[derive(Debug, Clone)]
pub struct ClientAddress {
    trusted: Vec<IpNet>,
    header: ForwardedHeader,
}

impl ClientAddress {
    pub fn new(config: &Config) -> ClientAddress {
        ClientAddress { trusted: config.trusted_proxies.clone(), header: config.client_address_header }
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.trusted.iter().any(|net| net.contains(&address))
    }

    /// The client's address: the peer's, or when the peer is a trusted proxy, the first address from the right of
    /// the forwarded chain that is not a trusted proxy (an unreadable entry stops the walk at the hop after it).
    pub fn of(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return canonical(peer);
        }
        let chain: Vec<Option<IpAddr>> = match self.header {
            ForwardedHeader::XForwardedFor => values(headers, "x-forwarded-for")
                .flat_map(|v| v.split(',').map(parse_node).collect::<Vec<_>>())
                .collect(),
            ForwardedHeader::Forwarded => {
                values(headers, "forwarded").flat_map(|v| v.split(',').map(forwarded_for).collect::<Vec<_>>()).collect()
            }
            ForwardedHeader::XRealIp => values(headers, "x-real-ip").last().map(parse_node).into_iter().collect(),
        };
        let mut client = canonical(peer);
        for hop in chain.into_iter().rev() {
            match hop {
                Some(address) if self.trusts(address) => client = canonical(address),
                Some(address) => return canonical(address),
                None => return client,
            }
        }
        client
    }
}

fn values<'a>(headers: &'a HeaderMap, name: &str) -> impl DoubleEndedIterator<Item = &'a str> + 'a {
    headers.get_all(name).iter().filter_map(|value| value.to_str().ok()).collect::<Vec<_>>().into_iter()
}

/// An address as a proxy writes it: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1` or `[2001:db8::1]:4711`.
fn parse_node(text: &str) -> Option<IpAddr> {
    let text = text.trim().trim_matches('"');
    if let Ok(address) = text.parse::<IpAddr>() {
        return Some(address);
    }
    if let Ok(socket) = text.parse::<SocketAddr>() {
        return Some(socket.ip());
    }
    text.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')).and_then(|v6| v6.parse().ok())
}

/// The `for=` of one element of RFC 7239's `Forwarded`; None for `unknown`, an obfuscated name or none at all.
fn forwarded_for(element: &str) -> Option<IpAddr> {
    element.split(';').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        name.trim().eq_ignore_ascii_case("for").then(|| parse_node(value)).flatten()
    })
}

/// IPv4-mapped IPv6 addresses as IPv4, so one client is one key however it reached us.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// What a client is counted by: an IPv4 address, or the /64 of an IPv6 one.
pub fn bucket_key(address: IpAddr) -> IpAddr {
    match canonical(address) {
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(Ipv6Addr::from(bits))
        }
        v4 => v4,
    }
}

/// The state of at most [`MAX_ADDRESSES`] buckets (governor's GCRA state, one number per address), the one used
/// longest ago dropped first.
pub struct BoundedStore<K = IpAddr>(Arc<Mutex<lru::LruCache<K, Nanos>>>);

impl<K> Clone for BoundedStore<K> {
    fn clone(&self) -> Self {
        BoundedStore(self.0.clone())
    }
}

impl<K: Hash + Eq> BoundedStore<K> {
    pub fn new(capacity: usize) -> BoundedStore<K> {
        let capacity = capacity.try_into().unwrap_or(std::num::NonZeroUsize::MIN);
        BoundedStore(Arc::new(Mutex::new(lru::LruCache::new(capacity))))
    }

    /// How many addresses it holds now.
    pub fn len(&self) -> usize {
        self.0.lock().map_or(0, |cache| cache.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<K: Hash + Eq + Clone> StateStore for BoundedStore<K> {
    type Key = K;

    fn measure_and_replace<T, F, E>(&self, key: &K, f: F) -> Result<T, E>
    where
        F: Fn(Option<Nanos>) -> Result<(T, Nanos), E>,
    {
        let mut cache = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (result, state) = f(cache.get(key).copied())?;
        cache.put(key.clone(), state);
        Ok(result)
    }
}

/// A limit on failures (wrong admin tokens per address, wrong resume codes per scan): once `per` failures in a
/// `period` have used up the bucket, the key waits until it refills, and what it sends meanwhile is not even looked
/// at. Successes cost nothing.
pub struct FailureLimit<K: Hash + Eq + Clone> {
    limiter: Arc<RateLimiter<K, BoundedStore<K>, DefaultClock>>,
    blocked: Arc<Mutex<lru::LruCache<K, Instant>>>,
}

impl<K: Hash + Eq + Clone> Clone for FailureLimit<K> {
    fn clone(&self) -> Self {
        FailureLimit { limiter: self.limiter.clone(), blocked: self.blocked.clone() }
    }
}

impl<K: Hash + Eq + Clone> FailureLimit<K> {
    /// `per` failures (at least 2) a `period`: the one that uses the bucket up is the last looked at.
    pub fn new(per: u32, period: Duration) -> FailureLimit<K> {
        // The bucket holds one failure less and refills at the same pace: the failure it cannot take blocks.
        let quota = quota(per - 1, period / per * (per - 1)).expect("a failure limit of at least 2");
        let capacity = std::num::NonZeroUsize::new(MAX_ADDRESSES).expect("not 0");
        FailureLimit {
            limiter: Arc::new(RateLimiter::new(quota, BoundedStore::new(MAX_ADDRESSES), DefaultClock::default())),
            blocked: Arc::new(Mutex::new(lru::LruCache::new(capacity))),
        }
    }

    /// Seconds `key` must still wait, when it failed too often.
    pub fn waiting(&self, key: &K) -> Option<u64> {
        let mut blocked = self.blocked.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let until = *blocked.get(key)?;
        match until.checked_duration_since(Instant::now()) {
            Some(wait) if !wait.is_zero() => Some(seconds(wait)),
            _ => {
                blocked.pop(key);
                None
            }
        }
    }

    /// Counts a failure of `key`; past the limit it waits until its bucket has room again.
    pub fn failed(&self, key: K) {
        if let Err(not_until) = self.limiter.check_key(&key) {
            let wait = not_until.wait_time_from(self.limiter.clock().now());
            let mut blocked = self.blocked.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            blocked.put(key, Instant::now() + wait);
        }
    }
}

/// A limit per client address with its quota, shared by the routes it guards.
pub type PerAddressLimiter = RateLimiter<IpAddr, BoundedStore, DefaultClock>;

/// `per` requests per `period` as a burst, refilled evenly; None for 0 (no limit).
pub fn quota(per: u32, period: Duration) -> Option<Quota> {
    let burst = NonZeroU32::new(per)?;
    let every = (period / per).max(Duration::from_millis(1));
    Some(Quota::with_period(every)?.allow_burst(burst))
}

/// A per-address limit shared by a resource's routes, and for each route a backstop for all addresses.
#[derive(Clone)]
pub struct PerAddress {
    limiter: Option<Arc<PerAddressLimiter>>,
    /// The limiter's buckets, to see how many addresses it holds.
    pub store: BoundedStore,
    global: Option<Quota>,
    clients: ClientAddress,
    /// What a client that is over the limit is told.
    words: &'static str,
}

/// Which quota a route is counted against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// `--votes-per-minute`: votes, quick scan responses, drafts and look-ups, applications.
    Writes,
    /// `--uploads-per-hour`: challenge attachments.
    Uploads,
}

impl PerAddress {
    pub fn new(config: &Config, which: Limit) -> PerAddress {
        let (per_address, words) = match which {
            Limit::Writes => (quota(config.votes_per_minute, Duration::from_secs(60)), "requests"),
            Limit::Uploads => (quota(config.uploads_per_hour, Duration::from_secs(3600)), "uploads"),
        };
        PerAddress::with(config, per_address, words)
    }

    /// A limit of `per_address` (None: none) with the configured backstop per route.
    pub fn with(config: &Config, per_address: Option<Quota>, words: &'static str) -> PerAddress {
        let store = BoundedStore::new(MAX_ADDRESSES);
        PerAddress {
            limiter: per_address.map(|quota| Arc::new(RateLimiter::new(quota, store.clone(), DefaultClock::default()))),
            store,
            global: quota(config.global_per_minute, Duration::from_secs(60)),
            clients: ClientAddress::new(config),
            words,
        }
    }

    /// `endpoint` counted against this limit and against a backstop of its own.
    pub fn guard(&self, endpoint: MethodRouter<AppState>) -> MethodRouter<AppState> {
        if self.limiter.is_none() && self.global.is_none() {
            return endpoint;
        }
        let guard = Arc::new(RouteGuard { limit: self.clone(), global: self.global.map(RateLimiter::direct) });
        endpoint.layer(middleware::from_fn_with_state(guard, check))
    }

    /// Counts one request of `client`: the seconds to wait when it is over the limit.
    pub fn count(&self, peer: IpAddr, headers: &HeaderMap) -> Result<(), u64> {
        let Some(limiter) = &self.limiter else { return Ok(()) };
        let key = bucket_key(self.clients.of(peer, headers));
        limiter.check_key(&key).map_err(|not_until| seconds(not_until.wait_time_from(limiter.clock().now())))
    }
}

struct RouteGuard {
    limit: PerAddress,
    global: Option<RateLimiter<NotKeyed, InMemoryState, DefaultClock>>,
}

async fn check(State(guard): State<Arc<RouteGuard>>, request: Request, next: Next) -> Response {
    let Some(ConnectInfo(peer)) = request.extensions().get::<ConnectInfo<SocketAddr>>().copied() else {
        return ApiError::Internal("no client address to rate-limit by; serve with connect info".into())
            .into_response();
    };
    if let Err(wait) = guard.limit.count(peer.ip(), request.headers()) {
        return too_many(guard.limit.words, wait);
    }
    if let Some(global) = &guard.global
        && let Err(not_until) = global.check()
    {
        return busy(seconds(not_until.wait_time_from(global.clock().now())));
    }
    next.run(request).await
}

/// Whole seconds to wait, rounded up.
pub fn seconds(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

/// 429 with `Retry-After`: this client should wait `wait` seconds.
pub fn too_many(what: &str, wait: u64) -> Response {
    let mut problem = Problem::new(ProblemKind::TooManyRequests, 429, "Too many requests")
        .with_detail(format!("Too many {what} from this address; try again in {wait} s."));
    problem.retry_after = Some(wait);
    with_retry_after(problem_response(&problem), wait)
}

/// 503 with `Retry-After`: the server takes no more of these requests from anyone for `wait` seconds.
pub fn busy(wait: u64) -> Response {
    let mut problem = Problem::new(ProblemKind::Busy, 503, "Busy")
        .with_detail(format!("This server takes no more of these requests now; try again in {wait} s."));
    problem.retry_after = Some(wait);
    with_retry_after(problem_response(&problem), wait)
}

pub fn with_retry_after(mut response: Response, wait: u64) -> Response {
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait));
    response
}

/// The status of [`busy`], for the OpenAPI document.
pub const BUSY: StatusCode = StatusCode::SERVICE_UNAVAILABLE;

#[cfg(test)]
mod tests {
    use super::*;

    fn clients(trusted: &[&str], header: ForwardedHeader) -> ClientAddress {
        ClientAddress { trusted: trusted.iter().map(|t| t.parse().unwrap()).collect(), header }
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn the_chain_is_read_from_the_right_and_only_behind_a_trusted_proxy() {
        let xff = clients(&["10.0.0.0/8", "2001:db8:ffff::/48"], ForwardedHeader::XForwardedFor);
        let forged = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.7, 10.0.0.2")]);
        assert_eq!(xff.of(ip("10.0.0.1"), &forged), ip("203.0.113.7"));
        assert_eq!(xff.of(ip("198.51.100.1"), &forged), ip("198.51.100.1"), "an untrusted peer's header is ignored");
        let split = headers(&[("x-forwarded-for", "6.6.6.6"), ("x-forwarded-for", "203.0.113.8:5555")]);
        assert_eq!(xff.of(ip("10.0.0.1"), &split), ip("203.0.113.8"));
        let garbage = headers(&[("x-forwarded-for", "203.0.113.9, nonsense, 10.0.0.3")]);
        assert_eq!(xff.of(ip("10.0.0.1"), &garbage), ip("10.0.0.3"), "an unreadable hop stops the walk");
        assert_eq!(xff.of(ip("::ffff:10.0.0.1"), &forged), ip("203.0.113.7"), "a mapped address is the IPv4 one");
        assert_eq!(xff.of(ip("10.0.0.1"), &headers(&[])), ip("10.0.0.1"));
        let forwarded = headers(&[("forwarded", "for=6.6.6.6, for=\"[2001:db8::7]:4711\";proto=https")]);
        assert_eq!(xff.of(ip("10.0.0.1"), &forwarded), ip("10.0.0.1"), "Forwarded only when configured");
        let rfc = clients(&["10.0.0.0/8"], ForwardedHeader::Forwarded);
        assert_eq!(rfc.of(ip("10.0.0.1"), &forwarded), ip("2001:db8::7"));
        let real = clients(&["10.0.0.0/8"], ForwardedHeader::XRealIp);
        assert_eq!(real.of(ip("10.0.0.1"), &headers(&[("x-real-ip", "203.0.113.5")])), ip("203.0.113.5"));
        assert_eq!(real.of(ip("10.0.0.1"), &forged), ip("10.0.0.1"), "X-Forwarded-For is not X-Real-IP");
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        assert_eq!(bucket_key(ip("2001:db8:1:2:aaaa::1")), ip("2001:db8:1:2::"));
        assert_eq!(bucket_key(ip("2001:db8:1:2:ffff:ffff:ffff:ffff")), ip("2001:db8:1:2::"));
        assert_ne!(bucket_key(ip("2001:db8:1:3::1")), ip("2001:db8:1:2::"));
        assert_eq!(bucket_key(ip("192.0.2.1")), ip("192.0.2.1"));
        assert_eq!(bucket_key(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
    }

    #[test]
    fn the_store_keeps_at_most_its_capacity_dropping_the_oldest() {
        let store = BoundedStore::new(3);
        let limiter: PerAddressLimiter =
            RateLimiter::new(quota(1, Duration::from_secs(60)).unwrap(), store.clone(), DefaultClock::default());
        for n in 1..=3u8 {
            assert!(limiter.check_key(&IpAddr::from([192, 0, 2, n])).is_ok());
        }
        assert!(limiter.check_key(&IpAddr::from([192, 0, 2, 1])).is_err(), "its bucket is empty");
        assert!(limiter.check_key(&IpAddr::from([192, 0, 2, 4])).is_ok());
        assert_eq!(store.len(), 3);
        // .1 was used last of the three, so .2 went when .4 came.
        assert!(limiter.check_key(&IpAddr::from([192, 0, 2, 1])).is_err(), "still empty");
        assert!(limiter.check_key(&IpAddr::from([192, 0, 2, 2])).is_ok(), "dropped, so it is new again");
    }
}
