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
}
