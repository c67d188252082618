//! What every handler can reach.

use super::connections::Occupancy;
use super::rate_limit::RateLimits;
use crate::actors::Registry;
use crate::auth::jwt::TokenKeys;
use crate::cluster::Cluster;
use crate::live::Hub;
use crate::persistence::SharedStore;
use crate::telegram::Telegram;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

/// What every handler can reach, behind one `Arc`: every layer and extractor clones the state
/// per request, and one reference count is all that clone should cost.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    /// Wraps the parts.
    pub fn new(shared: Shared) -> Self {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The parts of [`AppState`].
pub struct Shared {
    /// The database.
    pub store: SharedStore,
    /// Event actors.
    pub registry: Registry,
    /// Live fan-out.
    pub hub: Arc<Hub>,
    /// Access-token keys.
    pub keys: TokenKeys,
    /// Base URL for links (no trailing slash).
    pub public_url: Arc<str>,
    /// Origins allowed to open the live socket.
    pub allowed_origins: Arc<[String]>,
    /// Whether cookies need `Secure` (the public URL is https).
    pub secure_cookies: bool,
    /// Per-client limits.
    pub limits: Arc<RateLimits>,
    /// Fires when the server shuts down, so live sessions close cleanly.
    pub shutdown: CancellationToken,
    /// The other replicas, when `REDIS_URL` is set.
    pub cluster: Option<Arc<Cluster>>,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Arc<[std::net::IpAddr]>,
    /// The built web client to serve (`PROST_WEB_DIR`).
    pub web_dir: Arc<std::path::Path>,
    /// The Telegram bot, when `TELEGRAM_BOT_TOKEN` is set.
    pub telegram: Option<Arc<Telegram>>,
    /// The bot token, which signs Mini App `initData` (never logged).
    pub bot_token: Option<Arc<str>>,
    /// Whether the public URL is https (HSTS then).
    pub https: bool,
    /// Live sockets held, per client address.
    pub sockets: Arc<Occupancy>,
    /// Password hashing, social login and mail sealing.
    pub accounts: Arc<crate::auth::services::AccountServices>,
}
