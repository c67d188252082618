//! The fake Bot API as a process, for scripts (Schemathesis fuzzes the Telegram endpoints with
//! Telegram on): prints its base URL on the first line of stdout and serves until killed.

use prost_fake_telegram::FakeTelegram;

#[tokio::main]
async fn main() {
    let fake = FakeTelegram::start().await;
    println!("{}", fake.url);
    std::future::pending::<()>().await;
}
