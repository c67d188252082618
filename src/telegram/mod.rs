//! The Telegram bot: a teloxide client pointed at `TELEGRAM_API_URL`, paced to Telegram's
//! limits, the long-polling loop that reads what people send it, and the texts it writes.

pub mod bot;
pub mod pace;
pub mod poller;
pub mod render;

pub use bot::{Delivery, Telegram};
