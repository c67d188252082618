//! `GET /config`: what this server offers, so a client shows only what works here.

use super::state::AppState;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

/// A social-login provider a client can offer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProviderInfo {
    /// Its id in `/auth/oidc/{provider}/start`.
    pub id: String,
    /// The button label.
    pub name: String,
}

/// Ways to sign in.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthConfig {
    /// Email and password.
    pub password: bool,
    /// Whether new addresses are verified by mail.
    pub email_verification: bool,
    /// Social login providers.
    pub providers: Vec<ProviderInfo>,
}

/// The Telegram bot.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TelegramConfig {
    /// Whether Telegram is on here.
    pub enabled: bool,
    /// The bot's username, once Telegram told us (`null` while unknown).
    pub bot_username: Option<String>,
}

/// `GET /config`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ServerConfig {
    /// Base URL of links.
    pub public_url: String,
    /// Ways to sign in.
    pub auth: AuthConfig,
    /// The Telegram bot.
    pub telegram: TelegramConfig,
}

/// What this server offers.
#[utoipa::path(get, path = "/api/v1/config", tag = "operations", responses((status = 200, body = ServerConfig)))]
pub async fn get(State(state): State<AppState>) -> Json<ServerConfig> {
    Json(ServerConfig {
        public_url: state.public_url.to_string(),
        auth: AuthConfig {
            password: true,
            // Mail always goes somewhere: through SMTP, or into the log for `make run`.
            email_verification: true,
            providers: state
                .accounts
                .providers
                .list()
                .into_iter()
                .map(|(id, name)| ProviderInfo { id, name })
                .collect(),
        },
        telegram: TelegramConfig {
            enabled: state.telegram.is_some(),
            bot_username: state.telegram.as_ref().and_then(|t| t.username()),
        },
    })
}
