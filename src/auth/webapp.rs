//! Telegram Mini App sign-in: checks `initData` exactly as Telegram documents it. The secret key
//! is HMAC-SHA256 of the bot token under the key `WebAppData`; the hash is HMAC-SHA256, under
//! that secret, of every other field as sorted `key=value` lines joined by `\n`.

use hmac::{Hmac, Mac};
use jiff::Timestamp;
use serde::Deserialize;
use sha2::Sha256;

/// How old `initData` may be (API.md: under 24 hours).
pub const MAX_AGE_SECS: i64 = 24 * 3600;
/// Clock skew tolerated for an `auth_date` in the future.
const SKEW_SECS: i64 = 300;
/// Longest `initData` we read (Telegram's are well under 4 KiB).
const MAX_LEN: usize = 8 * 1024;

/// The Telegram user a valid `initData` names.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct WebAppUser {
    /// Telegram user id.
    pub id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// `@username`.
    #[serde(default)]
    pub username: Option<String>,
    /// `language_code`.
    #[serde(default)]
    pub language_code: Option<String>,
}

/// Why `initData` was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WebAppError {
    /// Not `initData` at all (400).
    #[error("initData is malformed: {0}")]
    Malformed(&'static str),
    /// The hash does not match: not signed with our bot's token (401).
    #[error("initData is not signed by this bot")]
    BadSignature,
    /// Signed, but too old (401).
    #[error("initData is too old; reopen the app from Telegram")]
    Stale,
}

fn hmac(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The pairs of a query string, decoded.
fn pairs(init_data: &str) -> Result<Vec<(String, String)>, WebAppError> {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(init_data.as_bytes()).into_owned().collect();
    if pairs.is_empty() {
        return Err(WebAppError::Malformed("no fields"));
    }
    Ok(pairs)
}

/// The string Telegram signs: every field but `hash`, sorted, as `key=value` lines.
pub fn data_check_string(fields: &[(String, String)]) -> String {
    let mut lines: Vec<String> = fields.iter().filter(|(k, _)| k != "hash").map(|(k, v)| format!("{k}={v}")).collect();
    lines.sort();
    lines.join("\n")
}

/// Signs `fields` as Telegram would (tests and the fake Mini App use it).
pub fn sign(fields: &[(String, String)], bot_token: &str) -> String {
    let secret = hmac(b"WebAppData", bot_token.as_bytes());
    hex(&hmac(&secret, data_check_string(fields).as_bytes()))
}

/// Checks `init_data` for `bot_token` at `now`; the user it names.
pub fn verify(init_data: &str, bot_token: &str, now: Timestamp) -> Result<WebAppUser, WebAppError> {
    if init_data.len() > MAX_LEN {
        return Err(WebAppError::Malformed("too long"));
    }
    let fields = pairs(init_data)?;
    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let hash = field("hash").ok_or(WebAppError::Malformed("no hash"))?;
    let auth_date: i64 =
        field("auth_date").and_then(|v| v.parse().ok()).ok_or(WebAppError::Malformed("no auth_date"))?;
    let user = field("user").ok_or(WebAppError::Malformed("no user"))?;
    let expected = sign(&fields, bot_token);
    let matches: bool = subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), hash.to_ascii_lowercase().as_bytes()).into();
    if !matches {
        return Err(WebAppError::BadSignature);
    }
    let age = now.as_second() - auth_date;
    if !(-SKEW_SECS..=MAX_AGE_SECS).contains(&age) {
        return Err(WebAppError::Stale);
    }
    serde_json::from_str(user).map_err(|_| WebAppError::Malformed("the user field is not a Telegram user"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TOKEN: &str = "123456:TEST-token";

    fn init_data(auth_date: i64, token: &str) -> String {
        let fields = vec![
            ("query_id".to_string(), "AAH".to_string()),
            (
                "user".to_string(),
                r#"{"id":5001,"first_name":"Аня","username":"anya","language_code":"ru"}"#.to_string(),
            ),
            ("auth_date".to_string(), auth_date.to_string()),
        ];
        let hash = sign(&fields, token);
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &fields {
            out.append_pair(k, v);
        }
        out.append_pair("hash", &hash);
        out.finish()
    }

    fn now() -> Timestamp {
        Timestamp::from_second(1_800_000_000).unwrap()
    }

    #[test]
    fn signed_fresh_data_names_the_user() {
        let user = verify(&init_data(1_800_000_000 - 60, TOKEN), TOKEN, now()).unwrap();
        assert_eq!(user.id, 5001);
        assert_eq!(user.first_name, "Аня");
        assert_eq!(user.language_code.as_deref(), Some("ru"));
    }

    #[test]
    fn another_bots_signature_tampering_and_age_are_refused() {
        assert_eq!(verify(&init_data(1_800_000_000, "999:other"), TOKEN, now()), Err(WebAppError::BadSignature));
        let tampered = init_data(1_800_000_000, TOKEN).replace("5001", "5002");
        assert_eq!(verify(&tampered, TOKEN, now()), Err(WebAppError::BadSignature));
        let stale = init_data(1_800_000_000 - MAX_AGE_SECS - 1, TOKEN);
        assert_eq!(verify(&stale, TOKEN, now()), Err(WebAppError::Stale));
        assert!(matches!(verify("user=x", TOKEN, now()), Err(WebAppError::Malformed(_))));
        assert!(matches!(verify("", TOKEN, now()), Err(WebAppError::Malformed(_))));
    }

    proptest! {
        #[test]
        fn any_text_is_refused_without_panicking(text in "\\PC{0,300}") {
            prop_assert!(verify(&text, TOKEN, now()).is_err());
        }
    }
}
