//! The HTTP surface: routes of API.md, their extractors and error mapping, the live WebSocket
//! endpoint, operations endpoints and the OpenAPI document. Handlers stay thin: authenticate,
//! decode, ask an actor or the store, encode.

pub mod auth;
pub mod claim;
pub mod config;
pub mod connections;
pub mod contributions;
pub mod error;
pub mod events;
pub mod extract;
pub mod finalize;
pub mod gate;
pub mod identities;
pub mod internal;
pub mod live;
pub mod mailing;
pub mod me;
pub mod oidc;
pub mod openapi;
pub mod ops;
pub mod participants;
pub mod password;
pub mod preview;
pub mod rate_limit;
pub mod router;
pub mod security;
pub mod state;
pub mod telegram;
pub mod verify;
pub mod web;
