//! The per-address limiter's memory stays bounded however many addresses come: a million distinct clients (IPv4
//! and IPv6 /64s) pass one limit, it keeps at most `MAX_ADDRESSES` buckets, and the process grows by a few MiB. The
//! figure is printed for SECURITY.md; in a test binary of its own, so no other test's memory is counted.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use axum::http::HeaderMap;
use inspraak_server::{
    Config,
    rate_limit::{Limit, MAX_ADDRESSES, PerAddress},
};

/// The resident memory of this process, in bytes (Linux).
fn resident() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    let pages: u64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4096
}

#[tokio::test]
async fn a_million_addresses_cost_the_limiter_a_bounded_few_mebibytes() {
    let config = Config { votes_per_minute: 30, ..Config::defaults() };
    let limit = PerAddress::new(&config, Limit::Writes);
    let headers = HeaderMap::new();
    let before = resident();
    for n in 0..1_000_000u32 {
        let address = if n % 2 == 0 {
            IpAddr::V4(Ipv4Addr::from(0x0b00_0000 + n))
        } else {
            // A different /64 each time (the limiter counts an IPv6 client by its /64).
            IpAddr::V6(Ipv6Addr::from((0x2001_0db8u128 << 96) | (u128::from(n) << 64) | 1))
        };
        assert!(limit.count(address, &headers).is_ok(), "a new address has a full bucket");
    }
    let grown = resident().saturating_sub(before);
    println!(
        "1,000,000 addresses: {} buckets kept, resident memory grew by {:.1} MiB",
        limit.store.len(),
        grown as f64 / (1024.0 * 1024.0)
    );
    assert_eq!(limit.store.len(), MAX_ADDRESSES);
    assert!(grown < 32 * 1024 * 1024, "the limiter grew the process by {grown} bytes");
}
