//! The slice of Prost's live protocol the load generator speaks: the two encodings, and a
//! decoder that reads only a message's header fields so that watchers spend their time
//! waiting on the server, not parsing snapshots.

use serde::{Deserialize, Serialize};
use std::time::{SystemTime, UNIX_EPOCH};
use tokio_tungstenite::tungstenite::Message;

/// Which subprotocol a socket negotiates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Codec {
    /// `prost.json.v1`: JSON text frames.
    Json,
    /// `prost.msgpack.v1`: MessagePack maps in binary frames.
    Msgpack,
}

impl Codec {
    /// The `Sec-WebSocket-Protocol` value.
    pub fn protocol(self) -> &'static str {
        match self {
            Codec::Json => "prost.json.v1",
            Codec::Msgpack => "prost.msgpack.v1",
        }
    }

    /// The short name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Codec::Json => "json",
            Codec::Msgpack => "msgpack",
        }
    }

    /// Encodes a client message as a frame of this codec.
    pub fn encode(self, value: &serde_json::Value) -> anyhow::Result<Message> {
        Ok(match self {
            Codec::Json => Message::text(value.to_string()),
            Codec::Msgpack => Message::binary(rmp_serde::to_vec_named(value)?),
        })
    }

    /// Reads the header of a data frame; `None` for control frames, which carry no message.
    pub fn decode(self, frame: &Message) -> Option<anyhow::Result<Head>> {
        let head = match (self, frame) {
            (Codec::Json, Message::Text(text)) => serde_json::from_str(text.as_str()).map_err(anyhow::Error::from),
            (Codec::Msgpack, Message::Binary(bytes)) => rmp_serde::from_slice(bytes).map_err(anyhow::Error::from),
            (_, Message::Text(_) | Message::Binary(_)) => Err(anyhow::anyhow!("frame type does not match the codec")),
            _ => return None,
        };
        Some(head)
    }
}

/// The fields of a server message the load generator looks at; the rest (a snapshot's event,
/// a diff's changes) is skipped without being built.
#[derive(Debug, Clone, Deserialize)]
pub struct Head {
    /// `snapshot`, `diff`, `ack`, `presence`, `error`, `pong`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Version of a snapshot, diff or ack.
    #[serde(default)]
    pub version: Option<u64>,
    /// The `ref` an ack or error echoes.
    #[serde(rename = "ref", default)]
    pub reference: Option<u64>,
    /// An error's code.
    #[serde(default)]
    pub code: Option<String>,
    /// An error's text.
    #[serde(default)]
    pub message: Option<String>,
}

/// Microseconds since the Unix epoch on the wall clock. Every generator process on the machine
/// reads the same clock, so a send time taken in one process and a receive time taken in
/// another can be subtracted.
pub fn now_us() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_micros() as u64).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_decode_in_both_codecs() {
        let diff = serde_json::json!({"type": "diff", "version": 42, "changes": [{"op": "answers"}]});
        for codec in [Codec::Json, Codec::Msgpack] {
            let frame = codec.encode(&diff).unwrap();
            let head = codec.decode(&frame).unwrap().unwrap();
            assert_eq!((head.kind.as_str(), head.version), ("diff", Some(42)));
        }
        assert!(Codec::Json.decode(&Message::Ping(Default::default())).is_none());
        assert!(Codec::Msgpack.decode(&Message::text("{}")).unwrap().is_err());
    }
}
