//! Social login over OpenID Connect with the `openidconnect` crate: discovery (cached), the
//! authorization code flow with PKCE S256, and the ID token checked against the provider's
//! JWKS for signature, `iss`, `aud`, `exp` and `nonce`.

pub mod flow;
pub mod settings;

use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthType, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet, EndpointSet,
    IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
pub use settings::ProviderSettings;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How long a discovery document (and its JWKS) is trusted before it is read again.
const DISCOVERY_TTL: Duration = Duration::from_secs(3600);
/// How long one request to a provider may take.
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a login failed, named by the `error` code the web client shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// State, nonce or flow cookie missing, expired or not matching.
    State,
    /// The provider said no (the user cancelled).
    Denied,
    /// The code exchange or the ID token check failed.
    Token,
    /// An account has that email, but the provider does not vouch for it.
    EmailUnverified,
    /// Discovery failed: the provider is down or misconfigured.
    Unavailable,
    /// The identity belongs to another account.
    AlreadyLinked,
}

impl Failure {
    /// The code in `/login?error=<code>`.
    pub fn code(self) -> &'static str {
        match self {
            Failure::State => "oidc_state",
            Failure::Denied => "oidc_denied",
            Failure::Token => "oidc_token",
            Failure::EmailUnverified => "oidc_email_unverified",
            Failure::Unavailable => "oidc_unavailable",
            Failure::AlreadyLinked => "oidc_already_linked",
        }
    }
}

/// Who the provider says signed in.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedIdentity {
    /// `sub`.
    pub subject: String,
    /// `email`, if given.
    pub email: Option<String>,
    /// `email_verified`.
    pub email_verified: bool,
    /// `name`, if given.
    pub name: Option<String>,
}

/// A started login: where to send the browser, and what to remember in the flow cookie.
#[derive(Debug)]
pub struct Started {
    /// The provider's authorization URL.
    pub url: String,
    /// `state`.
    pub state: String,
    /// `nonce`.
    pub nonce: String,
    /// The PKCE verifier.
    pub verifier: String,
}

type DiscoveredClient =
    CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointMaybeSet, EndpointMaybeSet>;

/// One provider with its cached discovery document.
pub struct Provider {
    /// Its settings.
    pub settings: ProviderSettings,
    discovered: RwLock<Option<(Arc<CoreProviderMetadata>, Instant)>>,
}

/// Every configured provider.
pub struct Providers {
    providers: Vec<Provider>,
    http: openidconnect::reqwest::Client,
    /// `{public URL}/api/v1/auth/oidc/{id}/callback` is each provider's redirect URI.
    public_url: String,
}

impl Providers {
    /// The providers, reached with an HTTP client that never follows redirects (the
    /// `openidconnect` crate requires that, against SSRF through a provider's redirect).
    pub fn new(settings: Vec<ProviderSettings>, public_url: &str) -> anyhow::Result<Providers> {
        let http = openidconnect::reqwest::ClientBuilder::new()
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(PROVIDER_TIMEOUT)
            .build()?;
        let providers =
            settings.into_iter().map(|settings| Provider { settings, discovered: RwLock::new(None) }).collect();
        Ok(Providers { providers, http, public_url: public_url.trim_end_matches('/').to_string() })
    }

    /// The provider with this id.
    pub fn get(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.settings.id == id)
    }

    /// `(id, name)` of each, for `GET /config`.
    pub fn list(&self) -> Vec<(String, String)> {
        self.providers.iter().map(|p| (p.settings.id.clone(), p.settings.name.clone())).collect()
    }

    fn redirect_uri(&self, id: &str) -> String {
        format!("{}/api/v1/auth/oidc/{id}/callback", self.public_url)
    }

    async fn metadata(&self, provider: &Provider) -> Result<Arc<CoreProviderMetadata>, Failure> {
        if let Ok(guard) = provider.discovered.read()
            && let Some((metadata, at)) = guard.as_ref()
            && at.elapsed() < DISCOVERY_TTL
        {
            return Ok(metadata.clone());
        }
        let issuer = IssuerUrl::new(provider.settings.issuer.clone()).map_err(|error| {
            tracing::warn!(provider = %provider.settings.id, %error, "the OIDC issuer is not a URL");
            Failure::Unavailable
        })?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http).await.map_err(|error| {
            tracing::warn!(provider = %provider.settings.id, error = %error_chain(&error), "OIDC discovery failed");
            Failure::Unavailable
        })?;
        let metadata = Arc::new(metadata);
        if let Ok(mut guard) = provider.discovered.write() {
            *guard = Some((metadata.clone(), Instant::now()));
        }
        Ok(metadata)
    }

    async fn client(&self, provider: &Provider) -> Result<DiscoveredClient, Failure> {
        let metadata = self.metadata(provider).await?;
        let redirect = RedirectUrl::new(self.redirect_uri(&provider.settings.id)).map_err(|_| Failure::Unavailable)?;
        Ok(CoreClient::from_provider_metadata(
            metadata.as_ref().clone(),
            ClientId::new(provider.settings.client_id.clone()),
            Some(ClientSecret::new(provider.settings.client_secret.clone())),
        )
        .set_redirect_uri(redirect)
        // Providers such as mockoidc, and ours in tests, read the secret from the form body.
        .set_auth_type(AuthType::RequestBody))
    }

    /// Starts a login: a fresh state, nonce and PKCE S256 pair.
    pub async fn start(&self, provider: &Provider) -> Result<Started, Failure> {
        let client = self.client(provider).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request =
            client.authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random);
        for scope in &provider.settings.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
        Ok(Started {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
        })
    }

    /// Trades the code for tokens and verifies the ID token.
    pub async fn finish(
        &self,
        provider: &Provider,
        code: &str,
        verifier: &str,
        nonce: &str,
    ) -> Result<VerifiedIdentity, Failure> {
        let client = self.client(provider).await?;
        let id = &provider.settings.id;
        let response = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|error| {
                tracing::warn!(provider = %id, %error, "the provider has no token endpoint");
                Failure::Unavailable
            })?
            .set_pkce_verifier(PkceCodeVerifier::new(verifier.to_string()))
            .request_async(&self.http)
            .await
            .map_err(|error| {
                tracing::info!(provider = %id, error = %error_chain(&error), "OIDC code exchange failed");
                Failure::Token
            })?;
        let id_token = response.id_token().ok_or_else(|| {
            tracing::info!(provider = %id, "the token response has no ID token");
            Failure::Token
        })?;
        let claims = id_token.claims(&client.id_token_verifier(), &Nonce::new(nonce.to_string())).map_err(|error| {
            tracing::info!(provider = %id, %error, "the ID token did not verify");
            Failure::Token
        })?;
        Ok(VerifiedIdentity {
            subject: claims.subject().to_string(),
            email: claims.email().map(|e| e.to_string().trim().to_lowercase()),
            email_verified: claims.email_verified().unwrap_or(false),
            name: claims.name().and_then(|n| n.get(None)).map(|n| n.to_string()),
        })
    }
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
