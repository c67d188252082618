//! Local stand-ins for the outside services Prost's accounts use, for tests and the e2e suite:
//! an SMTP receiver whose mail can be read back, and an OpenID Connect provider with real RS256
//! ID tokens. Both are real servers on 127.0.0.1.

#![warn(missing_docs)]

pub mod mail;
mod mime;
pub mod oidc;

pub use mail::{FakeMail, Message};
pub use oidc::{CLIENT_ID, CLIENT_SECRET, FakeOidc, Fault, Login};
