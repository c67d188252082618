//! The meetup domain: plain synchronous Rust with no runtime, web or storage imports, so every
//! rule here is tested in isolation.

pub mod answer;
pub mod change;
pub mod command;
pub mod error;
pub mod event;
pub mod grid;
pub mod html;
pub mod ics;
pub mod ids;
pub mod input;
pub mod maplink;
pub mod outbox;
pub mod patch;
pub mod plan;
pub mod preview;
pub mod tally;
pub mod telegram;
pub mod text;
pub mod user;
pub mod view;

pub use answer::Answer;
pub use error::DomainError;
pub use event::{EventMeta, EventState, Participant, Place, Slot};
