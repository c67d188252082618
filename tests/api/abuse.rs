//! The server as an attacker meets it: slow and idle connections, floods from one address and
//! from many, too many live boards. Each case is bounded in count and time, sends traffic only
//! to 127.0.0.0/8 (taking several source addresses from it), and checks both the refusal and
//! that everyone else is still served. Limits do not depend on the store, so these run on the
//! embedded one.

use crate::helpers::{StoreKind, TestApp, spawn_app_with};
use prost::config::Settings;
use serde_json::Value;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// A TCP connection to `app` from the source address `127.0.0.<from>`.
async fn connect_from(app: &TestApp, from: u8) -> TcpStream {
    let server: SocketAddr = app.base.trim_start_matches("http://").parse().unwrap();
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::new(IpAddr::from([127, 0, 0, from]), 0)).unwrap();
    socket.connect(server).await.expect("connects")
}

/// Everything the server sends before it closes, or `None` if it is still open after `wait`.
async fn read_until_closed(stream: &mut TcpStream, wait: Duration) -> Option<String> {
    let mut seen = Vec::new();
    let read = tokio::time::timeout(wait, async {
        let mut chunk = [0u8; 4096];
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => seen.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await;
    read.ok().map(|()| String::from_utf8_lossy(&seen).into_owned())
}

/// The status line and JSON body of a raw HTTP response.
fn status_and_body(response: &str) -> (String, Value) {
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((response, ""));
    let status = head.lines().next().unwrap_or_default().to_string();
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

/// `/healthz` on a fresh connection from 127.0.0.1, which no attack here uses.
async fn healthy(app: &TestApp) -> bool {
    let client = reqwest::Client::builder().pool_max_idle_per_host(0).timeout(Duration::from_secs(5)).build().unwrap();
    client.get(app.url("/healthz")).send().await.is_ok_and(|r| r.status().is_success())
}

async fn app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_with(StoreKind::Embedded, adjust).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_and_idle_connections_are_closed_while_others_are_served() {
    let app = app_with(|s| s.connections.header_timeout = Duration::from_secs(1)).await;
    // Slowloris: headers that never end.
    let mut slow = Vec::new();
    for _ in 0..30 {
        let mut stream = connect_from(&app, 2).await;
        stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: prost\r\nX-Slow: ").await.unwrap();
        slow.push(stream);
    }
    // Kept alive after one answer, then silent.
    let mut idle = Vec::new();
    for _ in 0..5 {
        let mut stream = connect_from(&app, 3).await;
        stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: prost\r\n\r\n").await.unwrap();
        let mut first = [0u8; 12];
        stream.read_exact(&mut first).await.unwrap();
        assert_eq!(&first, b"HTTP/1.1 200");
        idle.push(stream);
    }
    assert!(healthy(&app).await, "others are served while the slow ones wait");
    for (i, stream) in slow.iter_mut().chain(idle.iter_mut()).enumerate() {
        let closed = read_until_closed(stream, Duration::from_secs(10)).await;
        assert!(closed.is_some(), "connection {i} was still held open long after the header timeout");
    }
    assert!(healthy(&app).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_flood_meets_the_caps_and_healthz_keeps_answering() {
    const PER_ADDRESS: usize = 20;
    const IN_ALL: usize = 70;
    let app = app_with(|s| {
        s.connections.max_connections_per_ip = PER_ADDRESS;
        s.connections.max_connections = Some(IN_ALL);
        s.connections.header_timeout = Duration::from_secs(30);
    })
    .await;

    // One address: its cap, then a clean 429, and nobody else notices.
    let mut held = Vec::new();
    for _ in 0..PER_ADDRESS {
        held.push(connect_from(&app, 2).await);
    }
    let mut extra = connect_from(&app, 2).await;
    let answer = read_until_closed(&mut extra, Duration::from_secs(5)).await.expect("refused at once, then closed");
    let (status, body) = status_and_body(&answer);
    assert!(status.starts_with("HTTP/1.1 429"), "{answer}");
    assert_eq!(body["error"]["code"], "rate_limited", "{answer}");
    assert!(answer.to_ascii_lowercase().contains("retry-after: 1"), "{answer}");
    assert!(healthy(&app).await, "one address at its cap takes nothing from the others");

    // Many addresses: the process cap, then a clean 503.
    let mut refused = None;
    for from in 3..=10u8 {
        for _ in 0..PER_ADDRESS {
            let mut stream = connect_from(&app, from).await;
            // A seat is taken at accept; the refused ones hear at once, the others hear nothing.
            match read_until_closed(&mut stream, Duration::from_millis(200)).await {
                Some(answer) => {
                    refused = Some((held.len(), answer));
                    break;
                }
                None => held.push(stream),
            }
        }
        if refused.is_some() {
            break;
        }
    }
    let (open, answer) = refused.expect("the process cap was reached");
    // The probes above came and went; everything else held still holds a seat.
    assert!((IN_ALL - 3..=IN_ALL).contains(&open), "refused after {open} connections, the cap is {IN_ALL}");
    let (status, body) = status_and_body(&answer);
    assert!(status.starts_with("HTTP/1.1 503"), "{answer}");
    assert_eq!(body["error"]["code"], "unavailable");

    // The flood ends; the bar opens again.
    drop(held);
    let mut back = false;
    for _ in 0..50 {
        if healthy(&app).await {
            back = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(back, "/healthz answers again once the flood is gone");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_opens_only_so_many_live_boards() {
    let app = app_with(|s| s.connections.max_sockets_per_ip = 3).await;
    let (token, _) = app.user("Olga").await;
    let event = app.pints(&token).await;
    let id = event["id"].as_str().unwrap();
    let open = || async {
        let request = app.live_url(id).into_client_request().unwrap();
        tokio_tungstenite::connect_async(request).await
    };
    let mut boards = Vec::new();
    for _ in 0..3 {
        boards.push(open().await.expect("within the cap").0);
    }
    match open().await {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 429);
            let body: Value = serde_json::from_slice(response.body().as_deref().unwrap_or_default()).unwrap();
            assert_eq!(body["error"]["code"], "rate_limited", "{body}");
            assert!(response.headers().contains_key("retry-after"));
        }
        other => panic!("a fourth board from one address must be refused, got {other:?}"),
    }
    // The REST API is not a live board: it is unaffected.
    let (status, _) = app.call(reqwest::Method::GET, &format!("/api/v1/events/{id}"), None, None).await;
    assert_eq!(status, reqwest::StatusCode::OK);
    // Closing one frees its seat.
    let mut closed = boards.pop().unwrap();
    closed.close(None).await.unwrap();
    drop(closed);
    let mut reopened = None;
    for _ in 0..50 {
        if let Ok((socket, _)) = open().await {
            reopened = Some(socket);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(reopened.is_some(), "a closed board gives its seat back");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_frame_closes_the_board_with_1009() {
    use crate::helpers::{LiveClient, Wire};
    let app = app_with(|_| {}).await;
    let (token, _) = app.user("Olga").await;
    let event = app.pints(&token).await;
    let id = event["id"].as_str().unwrap();
    let mut board = LiveClient::connect(&app, id, Wire::Json).await;
    board.hello(serde_json::json!({})).await;
    board.send_raw(&vec![b' '; prost::live::protocol::MAX_CLIENT_FRAME + 1]).await;
    assert_eq!(board.close_code().await, Some(1009), "1009: message too big");
    // The server is fine, and so is the next board.
    let mut next = LiveClient::connect(&app, id, Wire::Json).await;
    assert_eq!(next.hello(serde_json::json!({})).await["event"]["id"], id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_strokes_spend_the_same_answer_budget_as_rest() {
    use crate::helpers::{LiveClient, Wire};
    use serde_json::json;
    const BUDGET: u32 = 20;
    let app = app_with(|s| s.limits.answer_rate_per_min = BUDGET).await;
    let (token, _) = app.user("Olga").await;
    let event = app.pints(&token).await;
    let id = event["id"].as_str().unwrap();
    let (anya, anya_token) = app.guest(id, "Anya").await;
    let mut painter = LiveClient::connect(&app, id, Wire::Json).await;
    painter.hello(json!({"participantToken": anya_token})).await;

    const STROKES: u64 = 40;
    for reference in 1..=STROKES {
        let answer = if reference % 2 == 0 { "yes" } else { "maybe" };
        painter
            .send(json!({"type": "answers", "ref": reference, "participantId": anya, "slots": {"s1": answer}}))
            .await;
    }
    let (mut acked, mut limited) = (Vec::new(), Vec::new());
    while acked.len() + limited.len() < STROKES as usize {
        let msg = painter.next().await.expect("every stroke is answered");
        match msg["type"].as_str() {
            Some("ack") => acked.push(msg["ref"].as_u64().unwrap()),
            Some("error") => {
                assert_eq!(msg["code"], "rate_limited", "{msg}");
                assert!(msg["retryAfter"].as_u64().is_some_and(|s| s >= 1), "{msg}");
                limited.push(msg["ref"].as_u64().expect("the error names its stroke"));
            }
            _ => {}
        }
    }
    // Governor refills one every 3 s here, so a slow machine may let one more through.
    assert!((BUDGET as usize..=BUDGET as usize + 2).contains(&acked.len()), "{} acked", acked.len());
    assert!(limited.iter().all(|r| (1..=STROKES).contains(r)));
    assert_eq!(acked.len() + limited.len(), STROKES as usize, "each stroke hears exactly once");
    // The same budget: a REST answer from this address is refused too.
    let path = format!("/api/v1/events/{id}/participants/{anya}/answers");
    let (status, body) =
        app.call_as_guest(reqwest::Method::PUT, &path, &anya_token, Some(json!({"slots": {"s1": "yes"}}))).await;
    assert_eq!(status, reqwest::StatusCode::TOO_MANY_REQUESTS, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_content_length_is_refused_before_any_body_is_read() {
    let app = app_with(|_| {}).await;
    let mut stream = connect_from(&app, 2).await;
    let head = "POST /api/v1/events HTTP/1.1\r\nHost: prost\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    // No body follows: a server that waited for it would say nothing until its timeouts.
    let answer = read_until_closed(&mut stream, Duration::from_secs(10)).await.expect("answered and closed");
    let (status, body) = status_and_body(&answer);
    assert!(status.starts_with("HTTP/1.1 413"), "{answer}");
    assert_eq!(body["error"]["code"], "payload_too_large");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hsts_comes_with_an_https_public_url_only() {
    let plain = app_with(|_| {}).await;
    let response = reqwest::get(plain.url("/healthz")).await.unwrap();
    assert!(!response.headers().contains_key("strict-transport-security"));
    let https = app_with(|s| s.public_url = Some("https://prost.example".into())).await;
    let response = reqwest::get(https.url("/api/v1/config")).await.unwrap();
    let hsts = response.headers()["strict-transport-security"].to_str().unwrap().to_string();
    assert!(hsts.starts_with("max-age=31536000"), "{hsts}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comment_spam_meets_the_address_budget_and_then_the_event_pace() {
    use reqwest::{Method, StatusCode};
    use serde_json::json;
    let post_all = |app: &TestApp, id: String, token: String, n: usize| {
        let app_url = app.url(&format!("/api/v1/events/{id}/comments"));
        let http = app.http.clone();
        async move {
            let mut statuses = Vec::new();
            for i in 0..n {
                let response = http
                    .post(&app_url)
                    .header("X-Participant-Token", &token)
                    .json(&json!({"text": format!("Prost #{i}!")}))
                    .send()
                    .await
                    .unwrap();
                let status = response.status();
                let retry = response.headers().contains_key("retry-after");
                let body: Value = response.json().await.unwrap_or(Value::Null);
                statuses.push((status, retry, body));
            }
            statuses
        }
    };

    // One address: its own budget.
    let app = app_with(|s| s.limits.comment_rate_per_min = 10).await;
    let (olga, _) = app.user("Olga").await;
    let id = app.pints(&olga).await["id"].as_str().unwrap().to_string();
    let (_, token) = app.guest(&id, "Spammer").await;
    let statuses = post_all(&app, id.clone(), token, 15).await;
    let created = statuses.iter().filter(|(s, ..)| *s == StatusCode::CREATED).count();
    assert_eq!(created, 10, "the per-address comment budget");
    let (status, retry, body) = statuses.last().unwrap();
    assert_eq!(*status, StatusCode::TOO_MANY_REQUESTS);
    assert!(*retry);
    assert_eq!(body["error"]["code"], "rate_limited");

    // Many addresses (no per-address budget here): the event's own pace still holds.
    let app = app_with(|_| {}).await;
    let (olga, _) = app.user("Olga").await;
    let id = app.pints(&olga).await["id"].as_str().unwrap().to_string();
    let (_, token) = app.guest(&id, "Spammer").await;
    let statuses = post_all(&app, id.clone(), token, 70).await;
    let created = statuses.iter().filter(|(s, ..)| *s == StatusCode::CREATED).count();
    let paced = prost::actors::pace::COMMENTS_PER_MINUTE as usize;
    assert!((paced..=paced + 1).contains(&created), "{created} comments taken; the event's pace is {paced}/min");
    let (status, retry, body) = statuses.last().unwrap();
    assert_eq!(*status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(*retry);
    // Everyone else still reads the event, with what was accepted.
    let (status, event) = app.call(Method::GET, &format!("/api/v1/events/{id}"), None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(event["comments"].as_array().map(Vec::len), Some(created));
}
