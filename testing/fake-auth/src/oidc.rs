//! A small OpenID Connect provider: discovery, a JWKS with a real RS256 key made at start,
//! `/authorize` that signs in whoever the test chose and redirects back with a code, and
//! `/token` that checks the client secret (form body) and the PKCE verifier. On demand it
//! issues ID tokens that a careful client must refuse.

use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The client id tests configure.
pub const CLIENT_ID: &str = "prost-test-client";
/// The client secret tests configure.
pub const CLIENT_SECRET: &str = "prost-test-secret";
/// The key id in the JWKS and token headers.
const KID: &str = "fake-oidc-1";

/// Ways the next sign-ins go wrong, for tests of the client's checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// A correct token.
    #[default]
    None,
    /// `aud` is another client.
    WrongAudience,
    /// `nonce` is not the one sent.
    WrongNonce,
    /// The signature does not verify.
    BadSignature,
    /// `iss` is another issuer.
    WrongIssuer,
    /// `exp` has passed.
    Expired,
    /// `/authorize` redirects back with `error=access_denied`.
    Denied,
}

/// Who `/authorize` signs in, and how.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Login {
    /// The subject (stable user id at the provider).
    pub sub: String,
    /// Their address.
    #[serde(default)]
    pub email: Option<String>,
    /// Whether the provider vouches for the address.
    #[serde(default)]
    pub email_verified: bool,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// What to get wrong.
    #[serde(default)]
    pub fault: Fault,
}

impl Default for Login {
    fn default() -> Self {
        Login {
            sub: "oidc-user-1".into(),
            email: Some("oidc.user@example.com".into()),
            email_verified: true,
            name: Some("Olga OIDC".into()),
            fault: Fault::None,
        }
    }
}

struct Grant {
    client_id: String,
    redirect_uri: String,
    challenge: Option<String>,
    nonce: Option<String>,
    login: Login,
}

struct Inner {
    login: Login,
    codes: HashMap<String, Grant>,
    next_code: u64,
    token_requests: u64,
}

/// The provider; cheap to clone.
#[derive(Clone)]
pub struct FakeOidc {
    /// The issuer, `http://127.0.0.1:<port>`.
    pub issuer: String,
    key: Arc<EncodingKey>,
    jwk: Arc<Value>,
    inner: Arc<Mutex<Inner>>,
}

impl FakeOidc {
    /// Makes a 2048-bit RSA key and serves on 127.0.0.1 at `port` (0 picks one).
    pub async fn start(port: u16) -> std::io::Result<FakeOidc> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let issuer = format!("http://{}", listener.local_addr()?);
        let private = tokio::task::spawn_blocking(|| rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048))
            .await
            .map_err(std::io::Error::other)?
            .map_err(std::io::Error::other)?;
        let der = private.to_pkcs1_der().map_err(std::io::Error::other)?;
        let jwk = json!({
            "kty": "RSA", "use": "sig", "alg": "RS256", "kid": KID,
            "n": URL_SAFE_NO_PAD.encode(private.n().to_bytes_be()),
            "e": URL_SAFE_NO_PAD.encode(private.e().to_bytes_be()),
        });
        let fake = FakeOidc {
            issuer,
            key: Arc::new(EncodingKey::from_rsa_der(der.as_bytes())),
            jwk: Arc::new(jwk),
            inner: Arc::new(Mutex::new(Inner {
                login: Login::default(),
                codes: HashMap::new(),
                next_code: 0,
                token_requests: 0,
            })),
        };
        let app = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/authorize", get(authorize))
            .route("/token", post(token))
            .route("/login", post(set_login).get(current_login))
            .with_state(fake.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(fake)
    }

    /// Chooses who the next sign-ins are (it stays until changed).
    pub fn sign_in_as(&self, login: Login) {
        self.inner.lock().unwrap().login = login;
    }

    /// How many code exchanges were asked for.
    pub fn token_requests(&self) -> u64 {
        self.inner.lock().unwrap().token_requests
    }

    fn id_token(&self, grant: &Grant) -> String {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        let login = &grant.login;
        let mut claims = json!({
            "iss": self.issuer, "sub": login.sub, "aud": grant.client_id,
            "iat": now, "exp": now + 600, "auth_time": now,
        });
        if let Some(nonce) = &grant.nonce {
            claims["nonce"] = json!(nonce);
        }
        if let Some(email) = &login.email {
            claims["email"] = json!(email);
            claims["email_verified"] = json!(login.email_verified);
        }
        if let Some(name) = &login.name {
            claims["name"] = json!(name);
        }
        match login.fault {
            Fault::WrongAudience => claims["aud"] = json!("someone-else"),
            Fault::WrongNonce => claims["nonce"] = json!("not-the-nonce-you-sent"),
            Fault::WrongIssuer => claims["iss"] = json!("http://evil.example"),
            Fault::Expired => {
                claims["iat"] = json!(now - 7200);
                claims["exp"] = json!(now - 3600);
            }
            Fault::None | Fault::BadSignature | Fault::Denied => {}
        }
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(KID.into());
        let token = jsonwebtoken::encode(&header, &claims, &self.key).unwrap_or_default();
        if login.fault == Fault::BadSignature {
            // Same header and claims, another signature: flip bits in the signature's bytes.
            let (signed, signature) = token.rsplit_once('.').unwrap_or((&token, ""));
            let mut bytes = URL_SAFE_NO_PAD.decode(signature).unwrap_or_default();
            if let Some(first) = bytes.first_mut() {
                *first ^= 0xff;
            }
            return format!("{signed}.{}", URL_SAFE_NO_PAD.encode(bytes));
        }
        token
    }
}

async fn discovery(State(fake): State<FakeOidc>) -> Json<Value> {
    let base = &fake.issuer;
    Json(json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/authorize"),
        "token_endpoint": format!("{base}/token"),
        "jwks_uri": format!("{base}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid", "email", "profile"],
        "token_endpoint_auth_methods_supported": ["client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": ["sub", "email", "email_verified", "name"],
    }))
}

async fn jwks(State(fake): State<FakeOidc>) -> Json<Value> {
    Json(json!({ "keys": [fake.jwk.as_ref()] }))
}

async fn set_login(State(fake): State<FakeOidc>, Json(login): Json<Login>) -> StatusCode {
    fake.sign_in_as(login);
    StatusCode::NO_CONTENT
}

async fn current_login(State(fake): State<FakeOidc>) -> Json<Value> {
    let login = fake.inner.lock().unwrap().login.clone();
    Json(json!({"sub": login.sub, "email": login.email, "emailVerified": login.email_verified, "name": login.name}))
}

#[derive(Deserialize)]
struct AuthorizeQuery {
    response_type: Option<String>,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    state: Option<String>,
    nonce: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
}

fn with_params(uri: &str, params: &[(&str, &str)]) -> String {
    let mut url = match url::Url::parse(uri) {
        Ok(url) => url,
        Err(_) => return uri.to_string(),
    };
    for (k, v) in params {
        url.query_pairs_mut().append_pair(k, v);
    }
    url.to_string()
}

async fn authorize(State(fake): State<FakeOidc>, Query(q): Query<AuthorizeQuery>) -> Response {
    let (Some(client_id), Some(redirect_uri)) = (q.client_id, q.redirect_uri) else {
        return (StatusCode::BAD_REQUEST, "client_id and redirect_uri are required").into_response();
    };
    let state = q.state.unwrap_or_default();
    if q.response_type.as_deref() != Some("code") {
        return Redirect::to(&with_params(&redirect_uri, &[("error", "unsupported_response_type"), ("state", &state)]))
            .into_response();
    }
    if q.code_challenge.is_some() && q.code_challenge_method.as_deref() != Some("S256") {
        return Redirect::to(&with_params(&redirect_uri, &[("error", "invalid_request"), ("state", &state)]))
            .into_response();
    }
    let mut inner = fake.inner.lock().unwrap();
    let login = inner.login.clone();
    if login.fault == Fault::Denied {
        return Redirect::to(&with_params(&redirect_uri, &[("error", "access_denied"), ("state", &state)]))
            .into_response();
    }
    inner.next_code += 1;
    let code = format!("code-{}-{}", inner.next_code, URL_SAFE_NO_PAD.encode(rand::random::<[u8; 12]>()));
    let grant =
        Grant { client_id, redirect_uri: redirect_uri.clone(), challenge: q.code_challenge, nonce: q.nonce, login };
    inner.codes.insert(code.clone(), grant);
    Redirect::to(&with_params(&redirect_uri, &[("code", &code), ("state", &state)])).into_response()
}

#[derive(Deserialize)]
struct TokenForm {
    grant_type: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    code_verifier: Option<String>,
}

fn oauth_error(status: StatusCode, error: &str) -> Response {
    (status, Json(json!({"error": error}))).into_response()
}

async fn token(State(fake): State<FakeOidc>, Form(form): Form<TokenForm>) -> Response {
    fake.inner.lock().unwrap().token_requests += 1;
    if form.grant_type.as_deref() != Some("authorization_code") {
        return oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type");
    }
    if form.client_id.as_deref() != Some(CLIENT_ID) || form.client_secret.as_deref() != Some(CLIENT_SECRET) {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client");
    }
    // A code works once.
    let Some(grant) = form.code.and_then(|c| fake.inner.lock().unwrap().codes.remove(&c)) else {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant");
    };
    if form.redirect_uri.as_deref() != Some(grant.redirect_uri.as_str()) {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant");
    }
    if let Some(challenge) = &grant.challenge {
        let verifier = form.code_verifier.unwrap_or_default();
        if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != *challenge {
            return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant");
        }
    }
    let id_token = fake.id_token(&grant);
    Json(json!({"access_token": format!("at-{}", grant.login.sub), "token_type": "Bearer", "expires_in": 3600, "id_token": id_token}))
        .into_response()
}
