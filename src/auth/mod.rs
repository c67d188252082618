//! Accounts: argon2id password hashes, JWT access tokens, and rotating refresh tokens.

pub mod common_passwords;
pub mod hashing;
pub mod jwt;
pub mod oidc;
pub mod password;
pub mod refresh;
pub mod return_to;
pub mod seal;
pub mod secret;
pub mod services;
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

/// A secret for one event (an organiser or a guest participant token): `<event id>.<secret>`.
/// The event id is no secret (it is the share link), and carrying it lets signing up claim the
/// token's event without an index over every token ever issued.
pub fn event_token(event_id: &str) -> String {
    format!("{event_id}.{}", random_token())
}

/// The event an [`event_token`] belongs to; `None` for tokens of another shape (older guest
/// tokens have no event id).
pub fn event_of_token(token: &str) -> Option<&str> {
    let (event_id, secret) = token.trim().split_once('.')?;
    (crate::domain::ids::looks_like_id(event_id) && !secret.is_empty()).then_some(event_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_tokens_name_their_event_and_differ() {
        let (a, b) = (event_token("k3J9xQ2pLm"), event_token("k3J9xQ2pLm"));
        assert_ne!(a, b);
        assert_eq!(event_of_token(&a), Some("k3J9xQ2pLm"));
        assert!(a.len() > 40, "the secret part is 32 random bytes");
        assert_eq!(event_of_token("no-dot-here"), None);
        assert_eq!(event_of_token("bad id!.secret"), None);
        assert_eq!(event_of_token("abc."), None);
        assert_ne!(token_hash(&a), token_hash(&b));
    }
}
