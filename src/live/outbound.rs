//! A server message encoded at most once per codec, shared by every socket that sends it:
//! a diff fanned out to a thousand watchers is serialized once, not a thousand times.

use super::protocol::{Codec, ServerMsg, encode_json, encode_msgpack};
use axum::extract::ws::{Message, Utf8Bytes};
use bytes::Bytes;
use std::sync::OnceLock;

/// A message ready to fan out.
#[derive(Debug)]
pub struct Outbound {
    /// The message itself.
    pub msg: ServerMsg,
    json: OnceLock<Utf8Bytes>,
    msgpack: OnceLock<Bytes>,
}

impl Outbound {
    /// Wraps a message; encoding happens on first use per codec.
    pub fn new(msg: ServerMsg) -> Self {
        Outbound { msg, json: OnceLock::new(), msgpack: OnceLock::new() }
    }

    /// The version of a diff or snapshot, used to skip what a socket already has.
    pub fn version(&self) -> Option<u64> {
        match &self.msg {
            ServerMsg::Diff { version, .. } | ServerMsg::Snapshot { version, .. } => Some(*version),
            _ => None,
        }
    }

    /// The WebSocket frame for `codec` (a cheap clone of shared bytes).
    pub fn frame(&self, codec: Codec) -> Message {
        match codec {
            Codec::Json => Message::Text(self.json.get_or_init(|| Utf8Bytes::from(encode_json(&self.msg))).clone()),
            Codec::Msgpack => {
                Message::Binary(self.msgpack.get_or_init(|| Bytes::from(encode_msgpack(&self.msg))).clone())
            }
        }
    }
}
