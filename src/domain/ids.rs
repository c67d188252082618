//! Identifiers. Event ids double as share links, so they are random and unguessable; slot and
//! place ids are short per-event sequences because they appear in every answer cell.

use rand::Rng;

const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Length of an event id: 12 base62 characters hold about 71 bits, too many to guess.
pub const EVENT_ID_LEN: usize = 12;

/// A fresh random base62 string of `len` characters.
pub fn random_id(len: usize) -> String {
    let mut rng = rand::rng();
    (0..len).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

/// A fresh event id (also the share link).
pub fn new_event_id() -> String {
    random_id(EVENT_ID_LEN)
}

/// A fresh id for a participant, comment or user.
pub fn new_entity_id() -> String {
    random_id(16)
}

/// True when `id` could be an id we issued: short and URL-safe. Anything else is a 404 without
/// touching the store.
pub fn looks_like_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_ids_are_url_safe_and_distinct() {
        let a = new_event_id();
        let b = new_event_id();
        assert_eq!(a.len(), EVENT_ID_LEN);
        assert!(looks_like_id(&a));
        assert_ne!(a, b);
    }

    #[test]
    fn odd_ids_are_rejected_early() {
        assert!(!looks_like_id(""));
        assert!(!looks_like_id("../etc/passwd"));
        assert!(!looks_like_id(&"a".repeat(65)));
        assert!(looks_like_id("s12"));
    }
}
