//! Access tokens: HS256 JWTs with issuer, audience and expiry, checked strictly so `alg=none`,
//! other algorithms, tampered or expired tokens are all refused.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};

/// Who issues and who accepts our tokens.
pub const ISSUER: &str = "prost";
/// The audience our API checks.
pub const AUDIENCE: &str = "prost-api";
/// Access token lifetime in seconds: short, because refresh tokens renew them.
pub const ACCESS_TTL_SECS: u64 = 15 * 60;
/// Clock skew tolerated on `exp`, `nbf` and `iat`.
const LEEWAY_SECS: u64 = 5;

/// The claims of an access token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    /// User id.
    pub sub: String,
    /// Display name, so handlers need no lookup to name the organiser.
    pub name: String,
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// Issued at (seconds); a token from the future is refused.
    pub iat: u64,
    /// Not before (seconds).
    pub nbf: u64,
    /// Expiry (seconds).
    pub exp: u64,
}

/// Signs and checks access tokens with one shared secret.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKeys(<redacted>)")
    }
}

fn now_secs() -> u64 {
    jiff::Timestamp::now().as_second().max(0) as u64
}

impl TokenKeys {
    /// Keys from the shared secret.
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECS;
        TokenKeys { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret), validation }
    }

    /// A fresh access token for a user.
    pub fn issue(&self, user_id: &str, name: &str) -> anyhow::Result<String> {
        self.issue_with_ttl(user_id, name, ACCESS_TTL_SECS as i64)
    }

    /// A token with any lifetime (negative for tests of expiry).
    pub fn issue_with_ttl(&self, user_id: &str, name: &str, ttl_secs: i64) -> anyhow::Result<String> {
        let iat = now_secs();
        let claims = Claims {
            sub: user_id.into(),
            name: name.into(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat,
            nbf: iat,
            exp: (iat as i64 + ttl_secs).max(0) as u64,
        };
        Ok(encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?)
    }

    /// Checks a token and returns its claims.
    /// The library's error text says why; it belongs in logs, not in answers to clients.
    pub fn verify(&self, token: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
        let claims = decode::<Claims>(token, &self.decoding, &self.validation)?.claims;
        // jsonwebtoken checks `nbf` but not `iat`: a token issued in the future was not ours.
        if claims.iat > now_secs() + LEEWAY_SECS {
            return Err(jsonwebtoken::errors::ErrorKind::ImmatureSignature.into());
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn keys() -> TokenKeys {
        TokenKeys::new(b"test secret that is long enough for hs256")
    }

    #[test]
    fn issued_tokens_verify() {
        let token = keys().issue("u1", "Anya").unwrap();
        let claims = keys().verify(&token).unwrap();
        assert_eq!(claims.sub, "u1");
        assert_eq!(claims.name, "Anya");
    }

    #[test]
    fn expired_tampered_foreign_and_unsigned_tokens_fail() {
        assert!(keys().verify(&keys().issue_with_ttl("u1", "A", -60).unwrap()).is_err(), "expired");
        assert!(TokenKeys::new(b"another secret").verify(&keys().issue("u1", "A").unwrap()).is_err(), "foreign key");

        let token = keys().issue("u1", "A").unwrap();
        let mut parts: Vec<String> = token.split('.').map(String::from).collect();
        let mut claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
        claims["sub"] = "admin".into();
        parts[1] = URL_SAFE_NO_PAD.encode(claims.to_string());
        assert!(keys().verify(&parts.join(".")).is_err(), "tampered payload");

        let none_header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        assert!(keys().verify(&format!("{none_header}.{}.", parts[1])).is_err(), "alg=none");

        let mut wrong_aud = claims.clone();
        wrong_aud["sub"] = "u1".into();
        wrong_aud["aud"] = "someone-else".into();
        let forged = encode(
            &Header::new(Algorithm::HS256),
            &wrong_aud,
            &EncodingKey::from_secret(b"test secret that is long enough for hs256"),
        )
        .unwrap();
        assert!(keys().verify(&forged).is_err(), "wrong audience");

        let secret = EncodingKey::from_secret(b"test secret that is long enough for hs256");
        let mut future = wrong_aud.clone();
        future["aud"] = AUDIENCE.into();
        let now = now_secs();
        future["exp"] = (now + 3600).into();
        future["nbf"] = (now + 600).into();
        future["iat"] = now.into();
        let early = encode(&Header::new(Algorithm::HS256), &future, &secret).unwrap();
        assert!(keys().verify(&early).is_err(), "not yet valid (nbf)");
        future["nbf"] = now.into();
        future["iat"] = (now + 600).into();
        let from_the_future = encode(&Header::new(Algorithm::HS256), &future, &secret).unwrap();
        assert!(keys().verify(&from_the_future).is_err(), "issued in the future (iat)");
        future["iat"] = now.into();
        let fine = encode(&Header::new(Algorithm::HS256), &future, &secret).unwrap();
        assert!(keys().verify(&fine).is_ok(), "the same claims with sane times pass");
        let mut no_nbf = future.clone();
        no_nbf.as_object_mut().unwrap().remove("nbf");
        let missing = encode(&Header::new(Algorithm::HS256), &no_nbf, &secret).unwrap();
        assert!(keys().verify(&missing).is_err(), "nbf is required");
    }
}
