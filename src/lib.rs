//! Prost answers "when can we all meet, and where?": friends vote on time slots and places,
//! everyone sees the tally live, the organiser locks the plan.
//!
//! The crate is laid out the way the design card asks: a pure `domain`, one `actors::EventActor`
//! per event as its single writer, `live` fan-out to WebSockets, `http` routes, and `persistence`
//! behind one trait with an embedded and a MongoDB implementation.

pub mod actors;
pub mod auth;
pub mod cluster;
pub mod config;
pub mod domain;
pub mod http;
pub mod live;
pub mod mail;
pub mod persistence;
pub mod startup;
pub mod telegram;
pub mod telemetry;
pub mod worker;
