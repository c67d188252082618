//! Accounts: argon2id password hashes, JWT access tokens, and rotating refresh tokens.

pub mod jwt;
pub mod password;
pub mod refresh;
pub mod secret;
pub mod webapp;

use sha2::{Digest, Sha256};

/// Hex SHA-256, used to store bearer secrets (refresh and participant tokens) so the database
/// never holds anything that works as a credential.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh random secret: 32 bytes, URL-safe base64.
pub fn random_token() -> String {
    use base64::Engine;
    let mut bytes = [0u8; 32];
    rand::Rng::fill(&mut rand::rng(), &mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
