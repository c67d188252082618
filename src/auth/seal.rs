//! Sealing and signing short secrets with HMAC-SHA256 alone.
//!
//! - [`seal`]/[`open`] XOR a secret with an HMAC keystream bound to a key and a context, so a
//!   record can carry a secret only the key's holder can read: a refresh token's successor is
//!   sealed under the token itself, a mailed link's token under the server secret.
//! - [`sign`]/[`verify`] put an HMAC tag on a value the browser keeps (the OpenID Connect flow
//!   cookie), so it comes back unchanged or not at all.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Longest secret sealed (keystream blocks are cheap, but nothing of ours is longer).
const MAX_SEALED: usize = 1024;

fn mac(key: &[u8]) -> Hmac<Sha256> {
    <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length")
}

fn keystream(key: &[u8], context: &str, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 32);
    let mut block = 0u32;
    while out.len() < len {
        let mut m = mac(key);
        m.update(context.as_bytes());
        m.update(&block.to_be_bytes());
        out.extend_from_slice(&m.finalize().into_bytes());
        block += 1;
    }
    out.truncate(len);
    out
}

/// Seals `secret` under `key` for `context` (each key and context pair seals one secret).
pub fn seal(key: &[u8], context: &str, secret: &str) -> String {
    let bytes = secret.as_bytes();
    let sealed: Vec<u8> = bytes.iter().zip(keystream(key, context, bytes.len())).map(|(b, k)| b ^ k).collect();
    URL_SAFE_NO_PAD.encode(sealed)
}

/// Opens what [`seal`] made with the same key and context; `None` for anything else.
pub fn open(key: &[u8], context: &str, sealed: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(sealed).ok().filter(|b| b.len() <= MAX_SEALED)?;
    let plain: Vec<u8> = bytes.iter().zip(keystream(key, context, bytes.len())).map(|(b, k)| b ^ k).collect();
    String::from_utf8(plain).ok()
}

/// `value.tag`, where the tag is HMAC-SHA256 of `context` and `value` under `key`.
pub fn sign(key: &[u8], context: &str, value: &str) -> String {
    let mut m = mac(key);
    m.update(context.as_bytes());
    m.update(b"\n");
    m.update(value.as_bytes());
    format!("{value}.{}", URL_SAFE_NO_PAD.encode(m.finalize().into_bytes()))
}

/// The value of a [`sign`]ed string whose tag is right (compared in constant time).
pub fn verify<'a>(key: &[u8], context: &str, signed: &'a str) -> Option<&'a str> {
    let (value, tag) = signed.rsplit_once('.')?;
    let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
    let mut m = mac(key);
    m.update(context.as_bytes());
    m.update(b"\n");
    m.update(value.as_bytes());
    m.verify_slice(&tag).ok().map(|_| value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sealed_secrets_open_only_with_their_key_and_context() {
        let sealed = seal(b"old token", "refresh-next", "the next token");
        assert_ne!(sealed, "the next token");
        assert_eq!(open(b"old token", "refresh-next", &sealed).as_deref(), Some("the next token"));
        assert_ne!(open(b"another", "refresh-next", &sealed).as_deref(), Some("the next token"));
        assert_ne!(open(b"old token", "mail", &sealed).as_deref(), Some("the next token"));
    }

    #[test]
    fn signatures_catch_tampering() {
        let signed = sign(b"k", "flow", "payload");
        assert_eq!(verify(b"k", "flow", &signed), Some("payload"));
        assert_eq!(verify(b"other", "flow", &signed), None);
        assert_eq!(verify(b"k", "other", &signed), None);
        assert_eq!(verify(b"k", "flow", &signed.replace("payload", "paylaod")), None);
        assert_eq!(verify(b"k", "flow", "no tag"), None);
    }

    proptest! {
        #[test]
        fn seal_round_trips(key in proptest::collection::vec(any::<u8>(), 0..64), secret in "\\PC{0,100}") {
            prop_assert_eq!(open(&key, "c", &seal(&key, "c", &secret)), Some(secret));
        }

        #[test]
        fn any_text_is_a_bad_signature_or_opens_without_panic(text in "\\PC{0,200}") {
            prop_assert_eq!(verify(b"k", "flow", &text), None);
            let _ = open(b"k", "c", &text);
        }
    }
}
