//! Messages of the live protocol and their two encodings: `prost.msgpack.v1` (MessagePack maps
//! in binary frames) and `prost.json.v1` (JSON in text frames).

use crate::domain::answer::Answer;
use crate::domain::change::Change;
use crate::domain::view::EventView;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The MessagePack subprotocol name.
pub const MSGPACK: &str = "prost.msgpack.v1";
/// The JSON subprotocol name.
pub const JSON: &str = "prost.json.v1";

/// Which encoding a socket speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// JSON text frames.
    Json,
    /// MessagePack binary frames.
    Msgpack,
}

impl Codec {
    /// The codec for a negotiated subprotocol; JSON when none was asked for, so a bare
    /// WebSocket client still gets readable frames.
    pub fn from_protocol(protocol: Option<&str>) -> Codec {
        match protocol {
            Some(MSGPACK) => Codec::Msgpack,
            _ => Codec::Json,
        }
    }
}

/// Client → server.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ClientMsg {
    /// First message: optional credentials and the last version the client holds.
    #[serde(rename_all = "camelCase")]
    Hello {
        /// A user's access token.
        #[serde(default)]
        access_token: Option<String>,
        /// A guest's participant token.
        #[serde(default)]
        participant_token: Option<String>,
        /// Send only the diffs after this version, if the server still has them.
        #[serde(default)]
        since_version: Option<u64>,
    },
    /// A partial answer change (a painted stroke).
    #[serde(rename_all = "camelCase")]
    Answers {
        /// Echoed in the `ack` or `error`.
        #[serde(rename = "ref", default)]
        reference: Option<u64>,
        /// Whose answers.
        participant_id: String,
        /// Slot cells; `null` clears.
        #[serde(default)]
        slots: BTreeMap<String, Option<Answer>>,
        /// Place cells; `null` clears.
        #[serde(default)]
        places: BTreeMap<String, Option<Answer>>,
    },
    /// Keep-alive.
    Ping,
}

/// Server → client.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ServerMsg {
    /// The whole event.
    Snapshot {
        /// Its version.
        version: u64,
        /// The same body as `GET /events/{id}`.
        event: Arc<EventView>,
    },
    /// What changed in one version.
    Diff {
        /// The version after these changes.
        version: u64,
        /// The changes.
        changes: Vec<Change>,
    },
    /// A command was applied.
    Ack {
        /// The command's `ref`.
        #[serde(rename = "ref")]
        reference: Option<u64>,
        /// The version after it (unchanged when it changed nothing).
        version: u64,
    },
    /// How many people are looking at the event.
    Presence {
        /// Open sockets that said hello, across the service.
        viewers: u64,
    },
    /// Answer to `ping`.
    Pong,
    /// A refused command, or a protocol problem.
    Error {
        /// One of the API.md error codes.
        code: String,
        /// Human text.
        message: String,
        /// The refused command's `ref`.
        #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
        reference: Option<u64>,
        /// Field problems, when there are any.
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        fields: BTreeMap<String, String>,
        /// Seconds to wait before trying again (`rate_limited`, shed load): what `Retry-After`
        /// says over HTTP.
        #[serde(rename = "retryAfter", skip_serializing_if = "Option::is_none")]
        retry_after: Option<u64>,
    },
}

/// Why a frame could not be read as a client message.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodeError {
    /// What was wrong.
    pub message: String,
    /// The `ref` the client sent, if it could be read, so the error can be matched.
    pub reference: Option<u64>,
}

/// Largest client frame we decode; painting a whole grid is far smaller.
pub const MAX_CLIENT_FRAME: usize = 256 * 1024;

/// Decodes one client frame. Never panics: anything unreadable is a `DecodeError`.
pub fn decode(codec: Codec, frame: &[u8]) -> Result<ClientMsg, DecodeError> {
    if frame.len() > MAX_CLIENT_FRAME {
        return Err(DecodeError { message: "message too large".into(), reference: None });
    }
    // Going through a generic value first lets an error still echo the client's `ref`.
    let value: serde_json::Value = match codec {
        Codec::Json => serde_json::from_slice(frame),
        Codec::Msgpack => rmp_serde::from_slice(frame).map_err(|e| serde::de::Error::custom(e.to_string())),
    }
    .map_err(|e| DecodeError { message: format!("unreadable message: {e}"), reference: None })?;
    let reference = value.get("ref").and_then(serde_json::Value::as_u64);
    serde_json::from_value(value).map_err(|e| DecodeError { message: format!("invalid message: {e}"), reference })
}

/// Encodes a server message as JSON text.
pub fn encode_json(msg: &ServerMsg) -> String {
    // Serializing our own types to JSON cannot fail: every map key is a string.
    serde_json::to_string(msg).unwrap_or_else(|e| format!(r#"{{"type":"error","code":"internal","message":"{e}"}}"#))
}

/// Encodes a server message as a MessagePack map.
pub fn encode_msgpack(msg: &ServerMsg) -> Vec<u8> {
    rmp_serde::to_vec_named(msg).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hello_and_answers_decode_in_both_codecs() {
        let json =
            br#"{"type":"answers","ref":7,"participantId":"p","slots":{"s1":"yes","s2":null},"places":{"p1":"maybe"}}"#;
        let msg = decode(Codec::Json, json).unwrap();
        let value: serde_json::Value = serde_json::from_slice(json).unwrap();
        let packed = rmp_serde::to_vec_named(&value).unwrap();
        assert_eq!(decode(Codec::Msgpack, &packed).unwrap(), msg);
        match msg {
            ClientMsg::Answers { reference, slots, places, .. } => {
                assert_eq!(reference, Some(7));
                assert_eq!(slots.get("s1"), Some(&Some(Answer::Yes)));
                assert_eq!(slots.get("s2"), Some(&None));
                assert_eq!(places.get("p1"), Some(&Some(Answer::Maybe)));
            }
            other => panic!("decoded {other:?}"),
        }
        assert_eq!(
            decode(Codec::Json, br#"{"type":"hello","sinceVersion":41}"#).unwrap(),
            ClientMsg::Hello { access_token: None, participant_token: None, since_version: Some(41) }
        );
    }

    #[test]
    fn errors_keep_the_ref() {
        let err = decode(Codec::Json, br#"{"type":"answers","ref":9,"slots":{"s1":"perhaps"}}"#).unwrap_err();
        assert_eq!(err.reference, Some(9));
        assert!(decode(Codec::Json, br#"{"type":"dance"}"#).is_err());
        assert!(decode(Codec::Msgpack, b"\xc1").is_err());
    }

    #[test]
    fn server_messages_are_maps_with_a_type() {
        let msg = ServerMsg::Ack { reference: Some(3), version: 42 };
        let json: serde_json::Value = serde_json::from_str(&encode_json(&msg)).unwrap();
        assert_eq!(json, serde_json::json!({"type": "ack", "ref": 3, "version": 42}));
        let from_pack: serde_json::Value = rmp_serde::from_slice(&encode_msgpack(&msg)).unwrap();
        assert_eq!(from_pack, json);
    }

    fn answer() -> impl Strategy<Value = Option<Answer>> {
        prop_oneof![Just(None), Just(Some(Answer::Yes)), Just(Some(Answer::Maybe)), Just(Some(Answer::No))]
    }

    fn client_msg() -> impl Strategy<Value = serde_json::Value> {
        let cells = || prop::collection::btree_map("[a-z][0-9]{1,3}", answer(), 0..8);
        prop_oneof![
            (prop::option::of("[A-Za-z0-9._-]{0,40}"), prop::option::of(any::<u64>())).prop_map(|(token, since)| {
                serde_json::json!({"type": "hello", "accessToken": token, "sinceVersion": since})
            }),
            (any::<u64>(), "[A-Za-z0-9]{1,16}", cells(), cells()).prop_map(|(r, pid, slots, places)| {
                serde_json::json!({"type": "answers", "ref": r, "participantId": pid, "slots": slots, "places": places})
            }),
            Just(serde_json::json!({"type": "ping"})),
        ]
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
            let _ = decode(Codec::Json, &bytes);
            let _ = decode(Codec::Msgpack, &bytes);
        }

        #[test]
        fn valid_messages_round_trip_through_both_codecs(value in client_msg()) {
            let from_json = decode(Codec::Json, value.to_string().as_bytes()).expect("valid JSON decodes");
            let from_pack = decode(Codec::Msgpack, &rmp_serde::to_vec_named(&value).unwrap()).expect("valid msgpack decodes");
            prop_assert_eq!(&from_json, &from_pack);
            let back = serde_json::to_value(match &from_json {
                ClientMsg::Answers { slots, .. } => serde_json::to_value(slots).unwrap(),
                _ => serde_json::Value::Null,
            }).unwrap();
            if value["type"] == "answers" {
                prop_assert_eq!(back, value["slots"].clone());
            }
        }
    }
}
