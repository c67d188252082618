//! Event actors: one ractor actor per event being planned, the single writer of its state,
//! started on demand, restarted from the store by a supervisor when it crashes, and stopped
//! when idle.

pub mod event_actor;
pub mod pace;
pub mod registry;
#[cfg(test)]
mod tests;

pub use event_actor::{CommandError, CommandReply, EventMsg, SyncReply};
pub use registry::{Registry, RegistryError};
