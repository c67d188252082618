//! The live voting board: the WebSocket protocol of API.md, its two codecs, per-process fan-out
//! with presence, and the per-socket session.

pub mod hub;
pub mod outbound;
pub mod protocol;
pub mod session;

pub use hub::{Audience, Hub, Relayed};
pub use outbound::Outbound;
pub use protocol::{ClientMsg, Codec, ServerMsg};
