//! The short-lived cookie that binds a login in progress to the browser that started it: the
//! `state`, `nonce` and PKCE verifier, where to return, and the account being linked, signed
//! with the server's secret so it comes back unchanged or not at all.

use crate::auth::seal;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

/// The cookie's name.
pub const COOKIE: &str = "prost_oidc";
/// Where it is sent: only the OpenID Connect routes.
pub const COOKIE_PATH: &str = "/api/v1/auth/oidc";
/// How long a login may take at the provider.
pub const TTL_SECS: i64 = 600;
/// Longest cookie value read.
const MAX_LEN: usize = 4096;
/// The signing context.
const CONTEXT: &str = "oidc-flow";

/// One login in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flow {
    /// Provider id.
    #[serde(rename = "p")]
    pub provider: String,
    /// The `state` sent to the provider.
    #[serde(rename = "s")]
    pub state: String,
    /// The `nonce` the ID token must carry.
    #[serde(rename = "n")]
    pub nonce: String,
    /// The PKCE verifier.
    #[serde(rename = "v")]
    pub verifier: String,
    /// Where to send the browser afterwards (a same-site path).
    #[serde(rename = "r")]
    pub return_to: Option<String>,
    /// The account to link the identity to (from the refresh cookie at start).
    #[serde(rename = "l")]
    pub link_user: Option<String>,
    /// Guests' participant tokens to claim afterwards.
    #[serde(rename = "t", default)]
    pub participant_tokens: Vec<String>,
    /// Organiser tokens of events made without an account, to claim afterwards.
    #[serde(rename = "o", default)]
    pub organizer_tokens: Vec<String>,
    /// Expiry (unix seconds).
    #[serde(rename = "e")]
    pub expires_at: i64,
}

impl Flow {
    /// The signed cookie value.
    pub fn encode(&self, key: &[u8]) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        seal::sign(key, CONTEXT, &URL_SAFE_NO_PAD.encode(json))
    }

    /// A cookie value that is ours, intact and not expired at `now` (unix seconds).
    pub fn decode(key: &[u8], value: &str, now: i64) -> Option<Flow> {
        if value.len() > MAX_LEN {
            return None;
        }
        let payload = seal::verify(key, CONTEXT, value)?;
        let flow: Flow = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()?;
        (flow.expires_at > now).then_some(flow)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn flow() -> Flow {
        Flow {
            provider: "local".into(),
            state: "st".into(),
            nonce: "no".into(),
            verifier: "ve".into(),
            return_to: Some("/e/abc".into()),
            link_user: None,
            participant_tokens: vec![],
            organizer_tokens: vec!["ev.secret".into()],
            expires_at: 1_000,
        }
    }

    #[test]
    fn a_flow_round_trips_until_it_expires_and_not_under_another_key() {
        let value = flow().encode(b"key");
        assert_eq!(Flow::decode(b"key", &value, 999), Some(flow()));
        assert_eq!(Flow::decode(b"key", &value, 1_000), None, "expired");
        assert_eq!(Flow::decode(b"other", &value, 999), None, "forged");
        let (payload, tag) = value.rsplit_once('.').unwrap();
        let mut forged: Flow = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
        forged.link_user = Some("victim".into());
        let forged = format!("{}.{tag}", URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).unwrap()));
        assert_eq!(Flow::decode(b"key", &forged, 999), None, "tampered payload");
    }

    proptest! {
        #[test]
        fn any_cookie_text_is_refused(text in "\\PC{0,300}") {
            prop_assert_eq!(Flow::decode(b"key", &text, 0), None);
        }
    }
}
