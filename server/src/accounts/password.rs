//! Passwords as argon2id hashes (the argon2 crate's defaults: 19 MiB, two passes, one lane, as OWASP advises), and
//! the secrets the server makes: passwords to show once, bearer tokens, session ids and CSRF tokens.

use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};

use crate::error::{Error, Result};

/// The PHC string of `password`'s argon2id hash with a fresh salt. Slow on purpose: call it off the async threads.
pub fn hash(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| Error::Internal(format!("argon2: {e}")))
}

/// Whether `password` matches the stored PHC string; a string that does not read is no match.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
}

/// `hash` on the blocking pool.
pub async fn hash_blocking(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || hash(&password))
        .await
        .map_err(|e| Error::Internal(format!("argon2 task: {e}")))?
}

/// `verify` on the blocking pool; without a stored hash (no such account) a dummy is checked, so an unknown name
/// takes as long as a wrong password.
pub async fn verify_blocking(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || match stored {
        Some(stored) => verify(&password, &stored),
        None => {
            let _ = verify(&password, dummy_hash());
            false
        }
    })
    .await
    .unwrap_or(false)
}

fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash("no account has this password").unwrap_or_default())
}

/// Characters of a made password: no look-alikes (0/O, 1/l/I), so it can be read aloud or typed over.
const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A new password of 20 characters (about 116 bits), in groups of five for reading: `abcde-fghij-…`.
pub fn new_password() -> String {
    let chars: Vec<char> = (0..20).map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char).collect();
    chars.chunks(5).map(|group| group.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// 32 random bytes as hex, with a prefix that says what it is (`insp_` for a bearer token).
pub fn new_secret(prefix: &str) -> String {
    let bytes: [u8; 32] = rand::random();
    format!("{prefix}{}", hex::encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_argon2id_salted_and_checks_only_its_password() {
        let one = hash("correct horse battery").unwrap();
        let two = hash("correct horse battery").unwrap();
        assert!(one.starts_with("$argon2id$v=19$"), "{one}");
        assert_ne!(one, two, "each hash has its own salt");
        assert!(verify("correct horse battery", &one));
        assert!(!verify("correct horse batterY", &one));
        assert!(!verify("anything", "not a phc string"));
    }

    #[test]
    fn made_passwords_are_long_and_readable() {
        let password = new_password();
        assert_eq!(password.len(), 23);
        assert!(password.chars().all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
        assert_ne!(new_password(), password);
        assert!(new_secret("insp_").starts_with("insp_") && new_secret("").len() == 64);
    }
}
