//! Accounts with mail, through a real SMTP receiver: verification links, password reset and
//! change, the common-password list, and mail that survives an SMTP outage.

use crate::helpers::{StoreKind, TestApp, assert_error, spawn_app_with};
use prost_fake_auth::{FakeMail, Message};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// Generates one test per store for an `async fn(TestApp, FakeMail)` case.
macro_rules! with_mail {
    ($($case:ident),* $(,)?) => {
        $(
            mod $case {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn embedded() {
                    let (app, mail) = super::mail_app(crate::helpers::StoreKind::Embedded, None).await;
                    super::$case(app, mail).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn mongo() {
                    let (app, mail) = super::mail_app(crate::helpers::StoreKind::Mongo, None).await;
                    super::$case(app, mail).await;
                }
            }
        )*
    };
}

with_mail!(
    registering_mails_a_link_that_verifies_once,
    a_changed_address_is_verified_again,
    forgetting_says_the_same_for_every_address_and_resets_once,
    changing_the_password_ends_other_sessions,
    common_and_overlong_passwords_are_refused,
    mail_waits_out_an_smtp_outage_and_arrives_once,
);

mod expired_links_are_refused {
    const TTL: std::time::Duration = std::time::Duration::from_secs(1);

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn embedded() {
        let (app, mail) = super::mail_app(crate::helpers::StoreKind::Embedded, Some(TTL)).await;
        super::expired_links_are_refused(app, mail).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn mongo() {
        let (app, mail) = super::mail_app(crate::helpers::StoreKind::Mongo, Some(TTL)).await;
        super::expired_links_are_refused(app, mail).await;
    }
}

/// How long mail may take through the outbox.
pub const MAIL_WAIT: Duration = Duration::from_secs(20);
/// A password that passes the policy.
pub const PASSWORD: &str = "correct horse battery";

/// A server whose mail goes to a fresh fake SMTP server.
pub async fn mail_app(kind: StoreKind, token_ttl: Option<Duration>) -> (TestApp, FakeMail) {
    let mail = FakeMail::start(0).await.unwrap();
    let url = mail.url();
    let app = spawn_app_with(kind, |s| {
        s.smtp_url = Some(url);
        s.mail_from = "Prost <prost@example.com>".into();
        s.mail_token_ttl = token_ttl;
        s.outbox_lease = Duration::from_secs(5);
    })
    .await;
    (app, mail)
}

/// Waits until `count` mails reached `to`; returns them.
pub async fn mails_to(mail: &FakeMail, to: &str, count: usize) -> Vec<Message> {
    let deadline = Instant::now() + MAIL_WAIT;
    loop {
        let got = mail.messages_to(to);
        if got.len() >= count {
            return got;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {count} mail(s) to {to}; have {got:#?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The token of the `/{page}?token=` link in a mail's text part.
pub fn link_token(message: &Message, page: &str) -> String {
    let marker = format!("/{page}?token=");
    let start = message.text.find(&marker).unwrap_or_else(|| panic!("no {page} link in {message:#?}")) + marker.len();
    message.text[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
}

/// Registers through `client` (which keeps the refresh cookie); returns the whole answer.
pub async fn register(app: &TestApp, client: &reqwest::Client, email: &str, language: &str) -> Value {
    let response = client
        .post(app.url("/api/v1/auth/register"))
        .header("accept-language", language)
        .json(&json!({"email": email, "password": PASSWORD, "name": "Аня"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

fn cookie_client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).build().unwrap()
}

async fn me(app: &TestApp, token: &str) -> Value {
    let (status, me) = app.call(Method::GET, "/api/v1/me", Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    me
}

async fn registering_mails_a_link_that_verifies_once(app: TestApp, mail: FakeMail) {
    let email = TestApp::email("Verify");
    let body = register(&app, &cookie_client(), &email, "ru-RU,ru;q=0.9,en;q=0.8").await;
    let token = body["accessToken"].as_str().unwrap();
    assert_eq!(body["user"]["emailVerified"], false, "{body}");
    assert_eq!(body["user"]["hasPassword"], true);
    assert_eq!(body["user"]["identities"], json!([]));

    let sent = mails_to(&mail, &email, 1).await;
    let letter = &sent[0];
    assert_eq!(letter.subject, "Прост! Подтвердите почту", "written in the language the browser asked for");
    assert!(letter.html.contains("Подтвердить почту") && letter.text.starts_with("Привет, Аня!"), "{letter:#?}");
    let link = link_token(letter, "verify-email");
    assert!(letter.html.contains(&link), "the HTML part carries the same link");
    assert!(letter.text.contains(&format!("{}/verify-email?token={link}", app.base)));

    let (status, verified) =
        app.call(Method::POST, "/api/v1/auth/verify-email", None, Some(json!({"token": link}))).await;
    assert_eq!(status, StatusCode::OK, "{verified}");
    assert_eq!(verified["user"]["emailVerified"], true);
    assert_eq!(me(&app, token).await["emailVerified"], true);
    let (status, again) = app.call(Method::POST, "/api/v1/auth/verify-email", None, Some(json!({"token": link}))).await;
    assert_error(status, &again, StatusCode::BAD_REQUEST, "invalid_argument");
    assert!(again["error"]["fields"]["token"].is_string(), "{again}");

    // Verified already: resending answers 202 and sends nothing.
    let (status, queued) = app.call(Method::POST, "/api/v1/auth/verify-email/resend", Some(token), None).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{queued}");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(mail.messages_to(&email).len(), 1);
    let (status, anonymous) = app.call(Method::POST, "/api/v1/auth/verify-email/resend", None, None).await;
    assert_error(status, &anonymous, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (status, junk) =
        app.call(Method::POST, "/api/v1/auth/verify-email", None, Some(json!({"token": "nope"}))).await;
    assert_error(status, &junk, StatusCode::BAD_REQUEST, "invalid_argument");
}

async fn a_changed_address_is_verified_again(app: TestApp, mail: FakeMail) {
    let email = TestApp::email("Mover");
    let body = register(&app, &cookie_client(), &email, "en-GB,en;q=0.9").await;
    let token = body["accessToken"].as_str().unwrap();
    let first = link_token(&mails_to(&mail, &email, 1).await[0], "verify-email");
    let (status, _) = app.call(Method::POST, "/api/v1/auth/verify-email", None, Some(json!({"token": first}))).await;
    assert_eq!(status, StatusCode::OK);

    // Another mail to the old address before the move: its link must not verify the new one.
    let (status, _) = app.call(Method::PATCH, "/api/v1/me", Some(token), Some(json!({"email": email}))).await;
    assert_eq!(status, StatusCode::OK, "the same address is no change");
    let moved = TestApp::email("Moved");
    let (status, changed) = app
        .call(Method::PATCH, "/api/v1/me", Some(token), Some(json!({"email": moved.to_uppercase(), "name": "Anya"})))
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!((changed["email"].as_str(), changed["emailVerified"].as_bool()), (Some(moved.as_str()), Some(false)));
    assert_eq!(changed["name"], "Anya");
    let letter = &mails_to(&mail, &moved, 1).await[0];
    assert_eq!(letter.subject, "Prost! Confirm your email");
    let (status, _) = app
        .call(
            Method::POST,
            "/api/v1/auth/verify-email",
            None,
            Some(json!({"token": link_token(letter, "verify-email")})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me(&app, token).await["emailVerified"], true);

    let (other, _) = app.user("Taken").await;
    let (status, taken) = app.call(Method::PATCH, "/api/v1/me", Some(&other), Some(json!({"email": moved}))).await;
    assert_error(status, &taken, StatusCode::CONFLICT, "conflict");
    let (status, bad) =
        app.call(Method::PATCH, "/api/v1/me", Some(&other), Some(json!({"email": "not-an-address"}))).await;
    assert_error(status, &bad, StatusCode::BAD_REQUEST, "invalid_argument");
    let (status, bad) = app.call(Method::PATCH, "/api/v1/me", Some(&other), Some(json!({"name": "  "}))).await;
    assert_error(status, &bad, StatusCode::BAD_REQUEST, "invalid_argument");
}

async fn timed_forgot(app: &TestApp, email: &str) -> (Duration, StatusCode, Value) {
    let started = Instant::now();
    let (status, body) =
        app.call(Method::POST, "/api/v1/auth/password/forgot", None, Some(json!({"email": email}))).await;
    (started.elapsed(), status, body)
}

async fn forgetting_says_the_same_for_every_address_and_resets_once(app: TestApp, mail: FakeMail) {
    let email = TestApp::email("Forgetful");
    let tab = cookie_client();
    register(&app, &tab, &email, "en").await;
    mails_to(&mail, &email, 1).await;

    let unknown = TestApp::email("Nobody");
    let (mut known_time, mut unknown_time) = (Duration::ZERO, Duration::ZERO);
    let mut answers = Vec::new();
    for _ in 0..3 {
        let (took, status, body) = timed_forgot(&app, &email).await;
        known_time += took;
        answers.push((status, body));
        let (took, status, body) = timed_forgot(&app, &unknown).await;
        unknown_time += took;
        answers.push((status, body));
    }
    assert!(answers.iter().all(|a| a == &answers[0]), "the same 202 and body every time: {answers:?}");
    assert_eq!(answers[0].0, StatusCode::ACCEPTED);
    let ratio = known_time.as_secs_f64() / unknown_time.as_secs_f64();
    assert!((0.33..3.0).contains(&ratio), "about the same time: known {known_time:?}, unknown {unknown_time:?}");

    let resets = mails_to(&mail, &email, 4).await;
    assert!(mail.messages_to(&unknown).is_empty(), "nothing goes to an unknown address");
    let reset_mail = resets.iter().find(|m| m.subject == "Prost: reset your password").unwrap();
    let token = link_token(reset_mail, "reset-password");

    // A weak password does not spend the token.
    let reset = |password: &str| json!({"token": token, "password": password});
    let (status, weak) = app.call(Method::POST, "/api/v1/auth/password/reset", None, Some(reset("qwerty123"))).await;
    assert_error(status, &weak, StatusCode::BAD_REQUEST, "invalid_argument");
    assert!(weak["error"]["fields"]["password"].is_string(), "{weak}");
    let (status, signed_in) =
        app.call(Method::POST, "/api/v1/auth/password/reset", None, Some(reset("a brand new stout"))).await;
    assert_eq!(status, StatusCode::OK, "{signed_in}");
    assert!(signed_in["accessToken"].is_string() && signed_in["user"]["emailVerified"] == true, "{signed_in}");
    let (status, reused) =
        app.call(Method::POST, "/api/v1/auth/password/reset", None, Some(reset("another new porter"))).await;
    assert_error(status, &reused, StatusCode::BAD_REQUEST, "invalid_argument");

    let refresh = tab.post(app.url("/api/v1/auth/refresh")).send().await.unwrap();
    assert_eq!(refresh.status(), StatusCode::UNAUTHORIZED, "the session from before the reset is over");
    let login = |password: &str| json!({"email": email, "password": password});
    let (status, _) = app.call(Method::POST, "/api/v1/auth/login", None, Some(login(PASSWORD))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app.call(Method::POST, "/api/v1/auth/login", None, Some(login("a brand new stout"))).await;
    assert_eq!(status, StatusCode::OK);
}

async fn changing_the_password_ends_other_sessions(app: TestApp, mail: FakeMail) {
    let email = TestApp::email("Changer");
    let (this_tab, other_browser) = (cookie_client(), cookie_client());
    let token = register(&app, &this_tab, &email, "en").await["accessToken"].as_str().unwrap().to_string();
    let login = json!({"email": email, "password": PASSWORD});
    let response = other_browser.post(app.url("/api/v1/auth/login")).json(&login).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let _ = mail;

    let change = |current: &str, new: &str| json!({"currentPassword": current, "newPassword": new});
    let path = "/api/v1/auth/password/change";
    let (status, wrong) =
        app.call(Method::POST, path, Some(&token), Some(change("not it at all", "a fine new lager"))).await;
    assert_error(status, &wrong, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (status, common) = app.call(Method::POST, path, Some(&token), Some(change(PASSWORD, "iloveyou123"))).await;
    assert_error(status, &common, StatusCode::BAD_REQUEST, "invalid_argument");
    assert!(common["error"]["fields"]["newPassword"].is_string(), "{common}");
    let (status, missing) =
        app.call(Method::POST, path, Some(&token), Some(json!({"newPassword": "a fine new lager"}))).await;
    assert_error(status, &missing, StatusCode::UNAUTHORIZED, "unauthenticated");

    let response = this_tab
        .post(app.url(path))
        .bearer_auth(&token)
        .json(&change(PASSWORD, "a fine new lager"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let mine = this_tab.post(app.url("/api/v1/auth/refresh")).send().await.unwrap();
    assert_eq!(mine.status(), StatusCode::OK, "the browser that changed it stays signed in");
    let theirs = other_browser.post(app.url("/api/v1/auth/refresh")).send().await.unwrap();
    assert_eq!(theirs.status(), StatusCode::UNAUTHORIZED, "every other session ends");
}

async fn common_and_overlong_passwords_are_refused(app: TestApp, _mail: FakeMail) {
    for password in ["password123", "Qwerty123", "1q2w3e4r5t", "short", &"x".repeat(257)] {
        let body = json!({"email": TestApp::email("Weak"), "password": password, "name": "Weak"});
        let (status, reply) = app.call(Method::POST, "/api/v1/auth/register", None, Some(body)).await;
        assert_error(status, &reply, StatusCode::BAD_REQUEST, "invalid_argument");
        assert!(reply["error"]["fields"]["password"].is_string(), "{password}: {reply}");
    }
    let body = json!({"email": TestApp::email("Long"), "password": "ж".repeat(256), "name": "Long"});
    let (status, reply) = app.call(Method::POST, "/api/v1/auth/register", None, Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "256 characters are fine: {reply}");
}

async fn mail_waits_out_an_smtp_outage_and_arrives_once(app: TestApp, mail: FakeMail) {
    mail.down();
    let email = TestApp::email("Patient");
    let started = Instant::now();
    register(&app, &cookie_client(), &email, "en").await;
    assert!(started.elapsed() < Duration::from_secs(5), "a down SMTP server does not hold up the request");
    // The worker tries (and fails) while the server is down.
    let deadline = Instant::now() + MAIL_WAIT;
    while !metrics(&app).await.lines().any(|l| l.contains("kind=\"mail\"") && l.contains("outcome=\"retried\"")) {
        assert!(Instant::now() < deadline, "the worker never tried to send");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(mail.messages().is_empty());
    mail.up().await.unwrap();
    let arrived = mails_to(&mail, &email, 1).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(mail.messages_to(&email).len(), 1, "exactly once: {arrived:#?}");
}

async fn metrics(app: &TestApp) -> String {
    app.http.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap()
}

/// With mailed tokens living one second, both kinds of link are dead by the time they are used.
async fn expired_links_are_refused(app: TestApp, mail: FakeMail) {
    let email = TestApp::email("Late");
    register(&app, &cookie_client(), &email, "en").await;
    let (status, _) = app.call(Method::POST, "/api/v1/auth/password/forgot", None, Some(json!({"email": email}))).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let sent = mails_to(&mail, &email, 2).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let verify = sent.iter().find(|m| m.text.contains("/verify-email?token=")).unwrap();
    let (status, reply) = app
        .call(
            Method::POST,
            "/api/v1/auth/verify-email",
            None,
            Some(json!({"token": link_token(verify, "verify-email")})),
        )
        .await;
    assert_error(status, &reply, StatusCode::BAD_REQUEST, "invalid_argument");
    let reset = sent.iter().find(|m| m.text.contains("/reset-password?token=")).unwrap();
    let body = json!({"token": link_token(reset, "reset-password"), "password": "a brand new stout"});
    let (status, reply) = app.call(Method::POST, "/api/v1/auth/password/reset", None, Some(body)).await;
    assert_error(status, &reply, StatusCode::BAD_REQUEST, "invalid_argument");
}
