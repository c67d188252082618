//! The guest who paints: sends `answers` on its own socket and waits for each `ack`, while a
//! reader task drains everything else the server sends it (presence, its own diffs).

use crate::proto::{Codec, Head, now_us};
use crate::socket::{self, Live};
use anyhow::{Context, bail};
use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;

/// How long the painter waits for one ack.
const ACK_TIMEOUT: Duration = Duration::from_secs(15);

/// A painter's socket.
pub struct Painter {
    sink: SplitSink<Live, Message>,
    replies: mpsc::UnboundedReceiver<Head>,
    reader: JoinHandle<()>,
    codec: Codec,
    participant_id: String,
    next_ref: u64,
}

/// One applied change.
#[derive(Debug, Clone, Copy)]
pub struct Stroke {
    /// The event version the change produced.
    pub version: u64,
    /// When the message was handed to the socket (µs, wall clock).
    pub sent_us: u64,
    /// Send → ack, µs.
    pub ack_us: u64,
}

impl Painter {
    /// Opens the board of `event` as the guest with `token`.
    pub async fn connect(
        base: &str,
        event: &str,
        codec: Codec,
        participant_id: &str,
        token: &str,
    ) -> anyhow::Result<Self> {
        let (ws, _) = socket::open(base, event, codec, Some(token)).await?;
        let (sink, mut stream) = ws.split();
        let (tx, replies) = mpsc::unbounded_channel();
        let reader = tokio::spawn(async move {
            while let Some(Ok(frame)) = stream.next().await {
                if let Some(Ok(head)) = codec.decode(&frame)
                    && matches!(head.kind.as_str(), "ack" | "error")
                    && tx.send(head).is_err()
                {
                    break;
                }
            }
        });
        Ok(Painter { sink, replies, reader, codec, participant_id: participant_id.to_string(), next_ref: 1 })
    }

    /// Sets `slot` to `answer` and waits for the ack.
    pub async fn paint(&mut self, slot: &str, answer: &str) -> anyhow::Result<Stroke> {
        let reference = self.next_ref;
        self.next_ref += 1;
        let msg =
            json!({"type": "answers", "ref": reference, "participantId": self.participant_id, "slots": {slot: answer}});
        let frame = self.codec.encode(&msg)?;
        let sent_us = now_us();
        self.sink.send(frame).await.context("sending answers")?;
        loop {
            let head = tokio::time::timeout(ACK_TIMEOUT, self.replies.recv())
                .await
                .context("no ack in time")?
                .context("the painter's socket closed")?;
            if head.reference != Some(reference) {
                continue;
            }
            let ack_us = now_us().saturating_sub(sent_us);
            match (head.kind.as_str(), head.version) {
                ("ack", Some(version)) => return Ok(Stroke { version, sent_us, ack_us }),
                _ => bail!("answers refused: {:?} {:?}", head.code, head.message),
            }
        }
    }

    /// Closes the socket.
    pub async fn close(mut self) {
        let _ = self.sink.close().await;
        self.reader.abort();
    }
}
