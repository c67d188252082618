//! The replica test harness: see the crate description.
