//! The store contract against MongoDB (FerretDB); the embedded store runs it in its unit tests.

use prost::persistence::contract;
use prost::persistence::ferretdb::FerretDb;
use prost::persistence::mongo::MongoStore;
use std::sync::Arc;

#[tokio::test]
async fn mongo_store_passes_the_contract() {
    let uri = FerretDb::shared().uri_for(&format!("contract_{}", std::process::id()));
    let store = MongoStore::connect(&uri).await.expect("connects to FerretDB");
    contract::run(Arc::new(store)).await;
}
