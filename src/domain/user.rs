//! Accounts and the refresh tokens that keep them signed in.

use super::telegram::TelegramAccount;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A registered account as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserRecord {
    /// Random id.
    pub id: String,
    /// Lower-cased email, unique.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Argon2id PHC string; `None` for accounts made through social login.
    pub password_hash: Option<String>,
    /// The Telegram chat messages go to, once linked through the bot.
    #[serde(default)]
    pub telegram: Option<TelegramAccount>,
    /// When they registered.
    pub created_at: Timestamp,
    /// Whether they proved they read mail at `email` (a changed address starts unverified).
    #[serde(default)]
    pub email_verified: bool,
    /// The language their mail is written in.
    #[serde(default)]
    pub language: Language,
    /// Social-login identities that sign into this account.
    #[serde(default)]
    pub identities: Vec<Identity>,
}

impl UserRecord {
    /// A new account with nothing linked yet.
    pub fn new(id: String, email: String, name: String, password_hash: Option<String>, language: Language) -> Self {
        UserRecord {
            id,
            email,
            name,
            password_hash,
            telegram: None,
            created_at: Timestamp::now(),
            email_verified: false,
            language,
            identities: Vec::new(),
        }
    }

    /// How many ways in the account has on the web: a password and each linked provider.
    pub fn ways_to_sign_in(&self) -> usize {
        usize::from(self.password_hash.is_some()) + self.identities.len()
    }
}

/// The language mail is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English (the default).
    #[default]
    En,
    /// Russian.
    Ru,
}

impl Language {
    /// The caller's language from an `Accept-Language` header: Russian when a Russian tag
    /// ranks highest among ru and en, else English.
    pub fn from_accept_language(header: &str) -> Language {
        let mut best: Option<(f32, Language)> = None;
        for range in header.split(',').take(32) {
            let mut parts = range.split(';');
            let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()))
                .unwrap_or(1.0);
            let language = match tag.split('-').next() {
                Some("ru") => Language::Ru,
                Some("en") => Language::En,
                _ => continue,
            };
            if q.is_finite() && q > 0.0 && best.is_none_or(|(b, _)| q > b) {
                best = Some((q, language));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

/// A social-login identity: who the account is at one OpenID Connect provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    /// The provider's id in `PROST_OIDC_PROVIDERS`.
    pub provider: String,
    /// The provider's stable id for the person (`sub`).
    pub subject: String,
    /// The provider's display name, when linked.
    pub provider_name: String,
    /// The address the provider gave, if any.
    #[serde(default)]
    pub email: Option<String>,
    /// When it was linked.
    pub linked_at: Timestamp,
}

/// One identity as `GET /me` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentityView {
    /// Provider id.
    pub provider: String,
    /// Provider display name.
    pub name: String,
    /// The address the provider gave.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// When it was linked.
    #[schema(value_type = String, format = DateTime)]
    pub linked_at: Timestamp,
}

/// `GET /me` and the `user` in auth responses.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserView {
    /// User id.
    pub id: String,
    /// Email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Whether the address is verified (event mail goes only to verified addresses).
    pub email_verified: bool,
    /// Whether a password signs in (social-only accounts may set one).
    pub has_password: bool,
    /// Linked social-login providers.
    pub identities: Vec<IdentityView>,
    /// Whether reminders can reach them on Telegram.
    pub telegram_linked: bool,
    /// Who they are on Telegram, once linked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telegram: Option<TelegramView>,
}

/// The Telegram side of a linked account, as `GET /me` shows it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TelegramView {
    /// `@username`, when they have one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Their first name on Telegram.
    pub first_name: String,
}

impl From<&UserRecord> for UserView {
    fn from(u: &UserRecord) -> Self {
        UserView {
            id: u.id.clone(),
            email: u.email.clone(),
            name: u.name.clone(),
            email_verified: u.email_verified,
            has_password: u.password_hash.is_some(),
            identities: u
                .identities
                .iter()
                .map(|i| IdentityView {
                    provider: i.provider.clone(),
                    name: i.provider_name.clone(),
                    email: i.email.clone(),
                    linked_at: i.linked_at,
                })
                .collect(),
            telegram_linked: u.telegram.is_some(),
            telegram: u
                .telegram
                .as_ref()
                .map(|t| TelegramView { username: t.username.clone(), first_name: t.first_name.clone() }),
        }
    }
}

/// A refresh token as stored: only its hash, so a leaked database cannot sign anyone in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefreshTokenRecord {
    /// SHA-256 of the token, hex.
    pub hash: String,
    /// Whose.
    pub user_id: String,
    /// Every rotation of one sign-in shares a family, so reuse of an old token revokes them all.
    pub family: String,
    /// When it stops working.
    pub expires_at: Timestamp,
    /// Set once rotated or revoked; presenting it again means it was stolen.
    pub revoked: bool,
    /// When it was rotated (not when revoked otherwise): a second tab presenting it within the
    /// grace window gets the same successor instead of revoking the family.
    #[serde(default)]
    pub rotated_at: Option<Timestamp>,
    /// The successor token, sealed under this token itself (see `auth::seal`), so only someone
    /// who holds this token can read it and the database holds nothing that signs in.
    #[serde(default)]
    pub sealed_next: Option<String>,
}

/// What a single-use account token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TokenPurpose {
    /// A link that verifies an address (24 h).
    VerifyEmail,
    /// A link that sets a new password (1 h).
    ResetPassword,
}

/// A mailed single-use token as stored: only its hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountToken {
    /// SHA-256 of the token, hex.
    pub hash: String,
    /// Whose.
    pub user_id: String,
    /// What it does.
    pub purpose: TokenPurpose,
    /// The address it was mailed to: a verification link verifies only that address.
    pub email: String,
    /// When it stops working.
    pub expires_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accept_language_picks_the_best_of_ru_and_en() {
        assert_eq!(Language::from_accept_language("ru-RU,ru;q=0.9,en-US;q=0.8"), Language::Ru);
        assert_eq!(Language::from_accept_language("en-GB,en;q=0.9,ru;q=0.8"), Language::En);
        assert_eq!(Language::from_accept_language("de-DE,ru;q=0.5"), Language::Ru);
        assert_eq!(Language::from_accept_language("de-DE"), Language::En);
        assert_eq!(Language::from_accept_language("en;q=0.1, ru;q=0.7"), Language::Ru);
        assert_eq!(Language::from_accept_language(""), Language::En);
    }

    proptest! {
        #[test]
        fn any_header_gives_a_language(header in "\\PC{0,200}") {
            let _ = Language::from_accept_language(&header);
        }
    }
}
