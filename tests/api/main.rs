//! Integration tests: the real server on port 0, driven over HTTP and WebSocket, once on the
//! embedded store and once on MongoDB (FerretDB).

mod helpers;

/// Generates one test per store for an `async fn(TestApp)` case.
macro_rules! on_both_stores {
    ($($case:ident),* $(,)?) => {
        $(
            mod $case {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn embedded() {
                    super::$case(crate::helpers::spawn_app(crate::helpers::StoreKind::Embedded).await).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn mongo() {
                    super::$case(crate::helpers::spawn_app(crate::helpers::StoreKind::Mongo).await).await;
                }
            }
        )*
    };
}

mod abuse;
mod accounts;
mod auth;
mod authz;
mod bad_input;
mod comments;
mod events;
mod leaving;
mod listing;
mod live;
mod operations;
mod organise;
mod plans;
mod process;
mod sessions;
mod social;
mod store_contract;
mod telegram;
mod votes;
mod web;
