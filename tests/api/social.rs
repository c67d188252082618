//! Social sign-in through a real local OpenID Connect provider (RS256 ID tokens, JWKS, PKCE):
//! sign-in and sign-up, every way a login can be forged or broken, linking and unlinking.

use crate::helpers::{StoreKind, TestApp, assert_error, spawn_app_with};
use prost::auth::oidc::ProviderSettings;
use prost_fake_auth::{CLIENT_ID, CLIENT_SECRET, FakeOidc, Fault, Login};
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Generates one test per store for an `async fn(TestApp, FakeOidc)` case.
macro_rules! with_provider {
    ($($case:ident),* $(,)?) => {
        $(
            mod $case {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn embedded() {
                    let (app, oidc) = super::oidc_app(crate::helpers::StoreKind::Embedded).await;
                    super::$case(app, oidc).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn mongo() {
                    let (app, oidc) = super::oidc_app(crate::helpers::StoreKind::Mongo).await;
                    super::$case(app, oidc).await;
                }
            }
        )*
    };
}

with_provider!(
    signing_in_makes_then_finds_the_account_and_keeps_guest_answers,
    forged_state_and_broken_id_tokens_are_refused,
    an_unverified_address_never_takes_over_an_account,
    linking_and_unlinking_keep_a_way_in,
    unknown_and_unreachable_providers,
);

fn provider(id: &str, name: &str, issuer: &str) -> ProviderSettings {
    ProviderSettings {
        id: id.into(),
        name: name.into(),
        issuer: issuer.into(),
        client_id: CLIENT_ID.into(),
        client_secret: CLIENT_SECRET.into(),
        scopes: vec!["email".into(), "profile".into()],
    }
}

async fn oidc_app(kind: StoreKind) -> (TestApp, FakeOidc) {
    let oidc = FakeOidc::start(0).await.unwrap();
    let issuer = oidc.issuer.clone();
    let app = spawn_app_with(kind, |s| {
        s.oidc = vec![provider("local", "Local ID", &issuer), provider("down", "Gone", "http://127.0.0.1:9")];
    })
    .await;
    (app, oidc)
}

fn login(sub: &str, email: Option<&str>, verified: bool, fault: Fault) -> Login {
    Login {
        sub: sub.into(),
        email: email.map(str::to_string),
        email_verified: verified,
        name: Some("Olga".into()),
        fault,
    }
}

/// A browser: no automatic redirects, and a cookie jar it sends to the Prost server.
struct Browser {
    http: reqwest::Client,
    cookies: BTreeMap<String, String>,
}

impl Browser {
    fn new() -> Browser {
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Browser { http, cookies: BTreeMap::new() }
    }

    /// GETs `url` (sending cookies to the Prost server only); returns the status and Location.
    async fn get(&mut self, app: &TestApp, url: &str) -> (StatusCode, String) {
        let mut request = self.http.get(url);
        if url.starts_with(&app.base) && !self.cookies.is_empty() {
            let jar: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            request = request.header(header::COOKIE, jar.join("; "));
        }
        let response = request.send().await.unwrap();
        for set in response.headers().get_all(header::SET_COOKIE) {
            let set = set.to_str().unwrap();
            let (pair, attributes) = set.split_once(';').unwrap_or((set, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attributes.contains("Max-Age=0") || value.is_empty() {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.into(), value.into());
            }
        }
        let location = response.headers().get(header::LOCATION).map(|l| l.to_str().unwrap().to_string());
        (response.status(), location.unwrap_or_default())
    }

    /// Start → provider → callback; returns where the browser lands, and the callback URL.
    async fn sign_in(&mut self, app: &TestApp, query: &str) -> String {
        let (status, to_provider) = self.get(app, &app.url(&format!("/api/v1/auth/oidc/local/start?{query}"))).await;
        assert_eq!(status, StatusCode::FOUND);
        if to_provider.starts_with('/') {
            return to_provider;
        }
        let (_, callback) = self.get(app, &to_provider).await;
        let (status, landing) = self.get(app, &callback).await;
        assert_eq!(status, StatusCode::FOUND);
        landing
    }

    /// The provider's redirect back, without following it.
    async fn callback_url(&mut self, app: &TestApp, query: &str) -> String {
        let (_, to_provider) = self.get(app, &app.url(&format!("/api/v1/auth/oidc/local/start?{query}"))).await;
        let query_pairs: Vec<(String, String)> =
            url::Url::parse(&to_provider).unwrap().query_pairs().into_owned().collect();
        let has = |k: &str| query_pairs.iter().any(|(name, _)| name == k);
        assert!(has("state") && has("nonce") && has("code_challenge"), "{to_provider}");
        assert!(query_pairs.contains(&("code_challenge_method".into(), "S256".into())), "PKCE S256: {to_provider}");
        self.get(app, &to_provider).await.1
    }

    /// Trades the refresh cookie for `{user, accessToken}`.
    async fn session(&mut self, app: &TestApp) -> Option<Value> {
        let refresh = self.cookies.get("prost_refresh")?;
        let response = self
            .http
            .post(app.url("/api/v1/auth/refresh"))
            .header(header::COOKIE, format!("prost_refresh={refresh}"))
            .send()
            .await
            .unwrap();
        if response.status() != StatusCode::OK {
            return None;
        }
        if let Some(set) = response.headers().get(header::SET_COOKIE) {
            let value = set.to_str().unwrap().split(';').next().unwrap().split_once('=').unwrap().1.to_string();
            self.cookies.insert("prost_refresh".into(), value);
        }
        response.json().await.ok()
    }
}

async fn signing_in_makes_then_finds_the_account_and_keeps_guest_answers(app: TestApp, oidc: FakeOidc) {
    oidc.sign_in_as(login("sub-1", Some("Olga.Social@Example.com"), true, Fault::None));
    let (host, _) = app.user("Host").await;
    let event = app.pints(&host).await;
    let event_id = event["id"].as_str().unwrap();
    let (pid, ptoken) = app.guest(event_id, "Olga").await;
    let guest_event = app
        .guest_event(json!({"title": "Olga's own", "timezone": "Europe/Moscow",
            "slots": [{"start": "2027-12-04T15:00:00Z", "end": "2027-12-04T18:00:00Z"}]}))
        .await;
    let (guest_id, otoken) = (guest_event["id"].as_str().unwrap(), guest_event["organizerToken"].as_str().unwrap());

    let mut browser = Browser::new();
    let query = format!("returnTo=/e/{event_id}&participantTokens={ptoken}&organizerTokens={otoken}");
    let landing = browser.sign_in(&app, &query).await;
    assert_eq!(landing, format!("/e/{event_id}"));
    assert!(!browser.cookies.contains_key("prost_oidc"), "the flow cookie is cleared");
    let session = browser.session(&app).await.expect("signed in");
    let user = &session["user"];
    assert_eq!(user["email"], "olga.social@example.com");
    assert_eq!((user["emailVerified"].as_bool(), user["hasPassword"].as_bool()), (Some(true), Some(false)));
    assert_eq!(user["identities"][0]["provider"], "local");
    assert_eq!(user["identities"][0]["name"], "Local ID");
    let participant = app.get_event(event_id).await["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == pid)
        .cloned()
        .unwrap();
    assert_eq!(participant["userId"], user["id"], "the guest's answers moved to the account");
    assert_eq!(app.get_event(guest_id).await["organizer"]["id"], user["id"], "and the event made as a guest");

    let mut again = Browser::new();
    assert_eq!(again.sign_in(&app, "").await, "/", "default returnTo");
    assert_eq!(again.session(&app).await.unwrap()["user"]["id"], user["id"], "found by provider and subject");
    for elsewhere in ["https://elsewhere.example/x", "//elsewhere.example", "/\\elsewhere.example", "javascript:x"] {
        let query =
            format!("returnTo={}", url::form_urlencoded::byte_serialize(elsewhere.as_bytes()).collect::<String>());
        let landing = Browser::new().sign_in(&app, &query).await;
        assert_eq!(landing, "/", "{elsewhere} is not on this site");
    }
}

async fn forged_state_and_broken_id_tokens_are_refused(app: TestApp, oidc: FakeOidc) {
    oidc.sign_in_as(login("sub-2", Some("broken@example.com"), true, Fault::None));
    // A forged state.
    let mut browser = Browser::new();
    let callback = browser.callback_url(&app, "").await;
    let forged = callback.replace("state=", "state=forged");
    assert_eq!(browser.get(&app, &forged).await.1, "/login?error=oidc_state");
    // No flow cookie (another browser finishing this one's login).
    let mut browser = Browser::new();
    let callback = browser.callback_url(&app, "").await;
    assert_eq!(Browser::new().get(&app, &callback).await.1, "/login?error=oidc_state");
    // A second start replaces the first: the first's callback no longer matches.
    let mut browser = Browser::new();
    let first = browser.callback_url(&app, "").await;
    let _second = browser.callback_url(&app, "").await;
    assert_eq!(browser.get(&app, &first).await.1, "/login?error=oidc_state");
    assert!(browser.session(&app).await.is_none());

    for (fault, code) in [
        (Fault::WrongNonce, "oidc_token"),
        (Fault::WrongAudience, "oidc_token"),
        (Fault::BadSignature, "oidc_token"),
        (Fault::WrongIssuer, "oidc_token"),
        (Fault::Expired, "oidc_token"),
        (Fault::Denied, "oidc_denied"),
    ] {
        oidc.sign_in_as(login("sub-2", Some("broken@example.com"), true, fault));
        let mut browser = Browser::new();
        assert_eq!(browser.sign_in(&app, "").await, format!("/login?error={code}"), "{fault:?}");
        assert!(browser.session(&app).await.is_none(), "{fault:?} signs nobody in");
    }
    // Once the provider behaves, the same person gets in: nothing was half-made before.
    oidc.sign_in_as(login("sub-2", Some("broken@example.com"), true, Fault::None));
    let mut browser = Browser::new();
    assert_eq!(browser.sign_in(&app, "").await, "/");
    assert!(browser.session(&app).await.is_some());
}

async fn an_unverified_address_never_takes_over_an_account(app: TestApp, oidc: FakeOidc) {
    let email = TestApp::email("Owner");
    let body = json!({"email": email, "password": "correct horse battery", "name": "Owner"});
    let (status, owner) = app.call(Method::POST, "/api/v1/auth/register", None, Some(body)).await;
    assert_eq!(status, StatusCode::CREATED);

    oidc.sign_in_as(login("attacker", Some(&email), false, Fault::None));
    let mut browser = Browser::new();
    assert_eq!(browser.sign_in(&app, "").await, "/login?error=oidc_email_unverified");
    assert!(browser.session(&app).await.is_none());

    oidc.sign_in_as(login("owner-at-provider", Some(&email), true, Fault::None));
    let mut browser = Browser::new();
    assert_eq!(browser.sign_in(&app, "").await, "/");
    let session = browser.session(&app).await.unwrap();
    assert_eq!(session["user"]["id"], owner["user"]["id"], "a vouched-for address links to its account");
    assert_eq!(session["user"]["emailVerified"], true);
    assert_eq!(session["user"]["hasPassword"], true);
    assert_eq!(session["user"]["identities"].as_array().unwrap().len(), 1);
}

async fn linking_and_unlinking_keep_a_way_in(app: TestApp, oidc: FakeOidc) {
    let mut browser = Browser::new();
    let email = TestApp::email("Linker");
    let body = json!({"email": email, "password": "correct horse battery", "name": "Linker"});
    let response = browser.http.post(app.url("/api/v1/auth/register")).json(&body).send().await.unwrap();
    let set = response.headers().get(header::SET_COOKIE).unwrap().to_str().unwrap().to_string();
    browser.cookies.insert("prost_refresh".into(), set.split(';').next().unwrap().split_once('=').unwrap().1.into());
    let token = response.json::<Value>().await.unwrap()["accessToken"].as_str().unwrap().to_string();

    oidc.sign_in_as(login("link-sub", Some("elsewhere@example.com"), false, Fault::None));
    assert_eq!(browser.sign_in(&app, "link=1&returnTo=/settings").await, "/settings?linked=local");
    let (_, me) = app.call(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(me["identities"][0]["provider"], "local", "{me}");
    assert_eq!(me["email"], email.as_str(), "linking leaves the address alone");

    // The same identity, for someone else.
    let mut other = Browser::new();
    let other_body = json!({"email": TestApp::email("Other"), "password": "correct horse battery", "name": "Other"});
    let response = other.http.post(app.url("/api/v1/auth/register")).json(&other_body).send().await.unwrap();
    let set = response.headers().get(header::SET_COOKIE).unwrap().to_str().unwrap().to_string();
    other.cookies.insert("prost_refresh".into(), set.split(';').next().unwrap().split_once('=').unwrap().1.into());
    assert_eq!(other.sign_in(&app, "link=1").await, "/login?error=oidc_already_linked");

    let unlink = "/api/v1/me/identities/local";
    let (status, _) = app.call(Method::DELETE, unlink, Some(&token), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "the password is still a way in");
    let (status, reply) = app.call(Method::DELETE, unlink, Some(&token), None).await;
    assert_error(status, &reply, StatusCode::NOT_FOUND, "not_found");

    // A social-only account must keep its one way in, until it sets a password.
    oidc.sign_in_as(login("only-social", Some("only.social@example.com"), true, Fault::None));
    let mut social = Browser::new();
    social.sign_in(&app, "").await;
    let social_token = social.session(&app).await.unwrap()["accessToken"].as_str().unwrap().to_string();
    let (status, reply) = app.call(Method::DELETE, unlink, Some(&social_token), None).await;
    assert_error(status, &reply, StatusCode::CONFLICT, "conflict");
    let set_password = json!({"newPassword": "a social stout at last"});
    let (status, reply) =
        app.call(Method::POST, "/api/v1/auth/password/change", Some(&social_token), Some(set_password)).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{reply}");
    let (status, _) = app.call(Method::DELETE, unlink, Some(&social_token), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let login_body = json!({"email": "only.social@example.com", "password": "a social stout at last"});
    let (status, _) = app.call(Method::POST, "/api/v1/auth/login", None, Some(login_body)).await;
    assert_eq!(status, StatusCode::OK);
}

async fn unknown_and_unreachable_providers(app: TestApp, _oidc: FakeOidc) {
    let (status, config) = app.call(Method::GET, "/api/v1/config", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        config["auth"],
        json!({"password": true, "emailVerification": true,
               "providers": [{"id": "local", "name": "Local ID"}, {"id": "down", "name": "Gone"}]})
    );
    let (status, reply) = app.call(Method::GET, "/api/v1/auth/oidc/nope/start", None, None).await;
    assert_error(status, &reply, StatusCode::NOT_FOUND, "not_found");
    let (status, reply) = app.call(Method::GET, "/api/v1/auth/oidc/nope/callback?code=x&state=y", None, None).await;
    assert_error(status, &reply, StatusCode::NOT_FOUND, "not_found");
    let mut browser = Browser::new();
    let (status, landing) = browser.get(&app, &app.url("/api/v1/auth/oidc/down/start")).await;
    assert_eq!((status, landing.as_str()), (StatusCode::FOUND, "/login?error=oidc_unavailable"));
}
