//! Codes the server hands out (resume codes, voting codes): random, typed by people, stored only as keyed hashes.

use inspraak_api::codes::{ALPHABET, format_groups};
use rand::Rng;

/// A new code of `groups` groups of four characters from the code alphabet, from the OS-seeded CSPRNG.
pub fn new_code(groups: usize) -> String {
    let mut rng = rand::rng();
    let letters: String = (0..groups * 4).map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())])).collect();
    format_groups(&letters)
}
