//! Password hashing with argon2id (the crate's default algorithm and parameters).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// Hashes a password into a PHC string (`$argon2id$…`). Slow on purpose: call it off the
/// async runtime.
pub fn hash(password: &str) -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    rand::Rng::fill(&mut rand::rng(), &mut bytes);
    let salt = SaltString::encode_b64(&bytes).map_err(|e| anyhow::anyhow!("{e}"))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// Shortest password accepted.
pub const MIN_LEN: usize = 8;
/// Longest new password accepted, so hashing cannot be used to burn CPU.
pub const MAX_LEN: usize = 256;
/// Longest password checked at sign-in: accounts made before the 256 limit may have up to 1024.
pub const MAX_CHECKED_LEN: usize = 1024;

/// What is wrong with a new password, if anything: too short, too long, or on the list of
/// the most common passwords.
pub fn problem(password: &str) -> Option<&'static str> {
    let length = password.chars().count();
    if length < MIN_LEN {
        Some("must be at least 8 characters")
    } else if length > MAX_LEN {
        Some("must be at most 256 characters")
    } else if super::common_passwords::is_common(password) {
        Some("is one of the most common passwords; pick one nobody would guess at the bar")
    } else {
        None
    }
}

/// Checks a password against a stored PHC string. Malformed hashes simply do not match.
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A valid hash of a password nobody has, checked when the email is unknown so that a login
/// takes as long whether or not the account exists.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash("decoy password that never matches").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argon2id_round_trip() {
        let phc = hash("correct horse battery").unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &phc));
        assert!(!verify("wrong horse battery", &phc));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn new_passwords_are_long_enough_short_enough_and_uncommon() {
        assert!(problem("short").is_some());
        assert!(problem(&"x".repeat(257)).is_some());
        assert!(problem("Password123").is_some());
        assert_eq!(problem("correct horse battery"), None);
        assert_eq!(problem(&"ж".repeat(256)), None, "characters, not bytes, are counted");
    }
}
