//! What the account handlers share: the hashing budget, the social-login providers, and the
//! key that seals mailed links.

use super::hashing::Hashing;
use super::oidc::Providers;
use std::sync::Arc;

/// Account services (one per server, cheap to share).
pub struct AccountServices {
    /// The argon2 budget.
    pub hashing: Hashing,
    /// Social-login providers.
    pub providers: Providers,
    /// Seals the tokens of mailed links and signs the login flow cookie (the server secret).
    pub secret: Arc<[u8]>,
    /// Overrides how long mailed tokens live (tests of expiry).
    pub token_ttl: Option<std::time::Duration>,
}
