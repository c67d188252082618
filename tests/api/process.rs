//! The real binary with no configuration but a port and a data dir: it makes and keeps its own
//! secret, and SIGTERM shuts it down without losing an acknowledged write.

use reqwest::StatusCode;
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    base: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn start(data_dir: &std::path::Path, port: u16) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_prost"))
        .arg("serve")
        .env("PROST_ADDR", format!("127.0.0.1:{port}"))
        .env("PROST_DATA_DIR", data_dir)
        .env_remove("MONGODB_URI")
        .env_remove("PROST_JWT_SECRET")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("prost starts");
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(r) = reqwest::get(format!("{base}/healthz")).await
            && r.status() == StatusCode::OK
        {
            break;
        }
        assert!(Instant::now() < deadline, "prost did not come up");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Server { child, base }
}

fn terminate(mut server: Server) {
    // SAFETY: sending a signal to our own child process.
    let sent = unsafe { libc::kill(server.child.id() as i32, libc::SIGTERM) };
    assert_eq!(sent, 0);
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "clean exit on SIGTERM, got {status}");
            return;
        }
        assert!(Instant::now() < deadline, "prost did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }
}

async fn post(client: &reqwest::Client, url: String, token: Option<&str>, body: Value) -> Value {
    let mut request = client.post(url).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    response.json().await.unwrap()
}

#[tokio::test]
async fn sigterm_keeps_every_acknowledged_write() {
    let data = tempfile::tempdir().unwrap();
    let port = free_port();
    let server = start(data.path(), port).await;
    let client = reqwest::Client::new();
    let auth = post(
        &client,
        format!("{}/api/v1/auth/register", server.base),
        None,
        json!({"email": "o@example.com", "password": "correct horse battery", "name": "Olga"}),
    )
    .await;
    let token = auth["accessToken"].as_str().unwrap().to_string();
    let event = post(
        &client,
        format!("{}/api/v1/events", server.base),
        Some(&token),
        json!({"title": "Last call", "slots": [{"start": "2027-12-04T15:00:00Z", "end": "2027-12-04T16:00:00Z"}]}),
    )
    .await;
    let id = event["id"].as_str().unwrap().to_string();
    let joined =
        post(&client, format!("{}/api/v1/events/{id}/participants", server.base), None, json!({"name": "Anya"})).await;
    let pid = joined["participant"]["id"].as_str().unwrap();
    let answered = client
        .put(format!("{}/api/v1/events/{id}/participants/{pid}/answers", server.base))
        .header("x-participant-token", joined["participantToken"].as_str().unwrap())
        .json(&json!({"slots": {"s1": "yes"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), StatusCode::OK);
    terminate(server);

    assert!(data.path().join("prost.redb").exists(), "the embedded store lives in the data dir");
    assert!(data.path().join("jwt-secret").exists(), "the generated secret is kept");
    let server = start(data.path(), port).await;
    let event: Value =
        client.get(format!("{}/api/v1/events/{id}", server.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(event["tally"]["slots"][0]["yes"], json!(["Anya"]));
    let me = client.get(format!("{}/api/v1/me", server.base)).bearer_auth(&token).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK, "tokens survive a restart because the secret does");
    terminate(server);
}
