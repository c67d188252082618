//! Opening a live socket: the upgrade with a subprotocol, `hello`, and waiting for the snapshot.

use crate::proto::{Codec, Head};
use anyhow::{Context, bail};
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// A client socket to the server.
pub type Live = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// How long a handshake plus snapshot may take before the socket counts as failed.
pub const OPEN_TIMEOUT: Duration = Duration::from_secs(60);

/// The live URL of `event` on the server at `base` (`http://…` becomes `ws://…`).
pub fn live_url(base: &str, event: &str) -> String {
    let base = base.trim_end_matches('/');
    let ws = base.strip_prefix("http://").map(|rest| format!("ws://{rest}")).unwrap_or_else(|| base.to_string());
    format!("{ws}/api/v1/events/{event}/live")
}

/// Connects, says hello (read-only when `participant_token` is `None`) and waits for the
/// snapshot; returns the socket and the snapshot's version.
pub async fn open(
    base: &str,
    event: &str,
    codec: Codec,
    participant_token: Option<&str>,
) -> anyhow::Result<(Live, u64)> {
    tokio::time::timeout(OPEN_TIMEOUT, open_inner(base, event, codec, participant_token))
        .await
        .context("no snapshot within the open timeout")?
}

async fn open_inner(
    base: &str,
    event: &str,
    codec: Codec,
    participant_token: Option<&str>,
) -> anyhow::Result<(Live, u64)> {
    let mut request = live_url(base, event).into_client_request()?;
    request.headers_mut().insert("Sec-WebSocket-Protocol", HeaderValue::from_static(codec.protocol()));
    // Small buffers: a watcher only ever reads small diffs, and thousands of sockets share a
    // process.
    let config = WebSocketConfig::default().read_buffer_size(4096).write_buffer_size(0);
    let (mut ws, _) = tokio_tungstenite::connect_async_with_config(request, Some(config), true)
        .await
        .context("WebSocket handshake")?;
    let hello = match participant_token {
        Some(token) => json!({"type": "hello", "participantToken": token}),
        None => json!({"type": "hello"}),
    };
    ws.send(codec.encode(&hello)?).await.context("sending hello")?;
    while let Some(frame) = ws.next().await {
        let frame = frame.context("reading the snapshot")?;
        let Some(head) = codec.decode(&frame) else { continue };
        let head: Head = head?;
        match head.kind.as_str() {
            "snapshot" => return Ok((ws, head.version.unwrap_or(0))),
            "error" => bail!("server error before the snapshot: {:?} {:?}", head.code, head.message),
            _ => {}
        }
    }
    bail!("the socket closed before the snapshot")
}

#[cfg(test)]
mod tests {
    #[test]
    fn live_urls_use_the_ws_scheme() {
        assert_eq!(super::live_url("http://127.0.0.1:9/", "abc"), "ws://127.0.0.1:9/api/v1/events/abc/live");
    }
}
