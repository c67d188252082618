//! The fake SMTP server and OpenID Connect provider as one process, for the web client's e2e
//! suite and for `make run` by hand. Prints one JSON line with the addresses, then serves
//! until killed.
//!
//! `prost-fake-auth [--smtp-port N] [--mail-http-port N] [--oidc-port N]` (0 or absent: free ports).

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use prost_fake_auth::{FakeMail, FakeOidc};
use serde::Deserialize;
use serde_json::json;

fn port(args: &[String], flag: &str) -> u16 {
    args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).and_then(|p| p.parse().ok()).unwrap_or(0)
}

#[derive(Deserialize)]
struct To {
    to: Option<String>,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let mail = FakeMail::start(port(&args, "--smtp-port")).await?;
    let oidc = FakeOidc::start(port(&args, "--oidc-port")).await?;
    let app = axum::Router::new()
        .route(
            "/messages",
            get(|State(mail): State<FakeMail>, Query(q): Query<To>| async move {
                Json(match q.to {
                    Some(to) => mail.messages_to(&to),
                    None => mail.messages(),
                })
            })
            .delete(|State(mail): State<FakeMail>| async move {
                mail.clear();
                StatusCode::NO_CONTENT
            }),
        )
        .route(
            "/smtp/down",
            post(|State(mail): State<FakeMail>| async move {
                mail.down();
                StatusCode::NO_CONTENT
            }),
        )
        .route(
            "/smtp/up",
            post(|State(mail): State<FakeMail>| async move {
                match mail.up().await {
                    Ok(()) => StatusCode::NO_CONTENT,
                    Err(_) => StatusCode::SERVICE_UNAVAILABLE,
                }
            }),
        )
        .with_state(mail.clone());
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port(&args, "--mail-http-port"))).await?;
    let line = json!({
        "smtpUrl": mail.url(),
        "mailApi": format!("http://{}", listener.local_addr()?),
        "oidcIssuer": oidc.issuer,
        "oidcClientId": prost_fake_auth::CLIENT_ID,
        "oidcClientSecret": prost_fake_auth::CLIENT_SECRET,
    });
    println!("{line}");
    axum::serve(listener, app).await
}
