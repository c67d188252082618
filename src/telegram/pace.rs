//! Telegram's limits, kept on our side so the bot rarely meets a 429: about 30 messages a
//! second per bot, one a second per chat, 20 a minute per group (edits count too). A 429 that
//! still arrives pauses every send for its `retry_after`.

use governor::clock::DefaultClock;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

type Keyed = RateLimiter<i64, DefaultKeyedStateStore<i64>, DefaultClock>;

/// Waits out Telegram's limits before each send.
pub struct Pacer {
    global: RateLimiter<NotKeyed, InMemoryState, DefaultClock>,
    per_chat: Keyed,
    per_group: Keyed,
    paused_until: Mutex<Option<Instant>>,
}

fn nz(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN)
}

impl Pacer {
    /// Telegram's documented limits, with a little headroom on the global one.
    pub fn telegram() -> Pacer {
        Pacer::new(28, 1, 20)
    }

    /// Custom limits (per second globally and per chat, per minute per group).
    pub fn new(global_per_sec: u32, chat_per_sec: u32, group_per_min: u32) -> Pacer {
        Pacer {
            global: RateLimiter::direct(Quota::per_second(nz(global_per_sec))),
            per_chat: RateLimiter::keyed(Quota::per_second(nz(chat_per_sec))),
            per_group: RateLimiter::keyed(Quota::per_minute(nz(group_per_min))),
            paused_until: Mutex::new(None),
        }
    }

    /// Resolves when a message to `chat_id` may go. Group chats have negative ids.
    pub async fn ready(&self, chat_id: i64) {
        let paused = *self.paused_until.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(until) = paused.filter(|u| *u > Instant::now()) {
            tokio::time::sleep_until(until).await;
        }
        self.per_chat.until_key_ready(&chat_id).await;
        if chat_id < 0 {
            self.per_group.until_key_ready(&chat_id).await;
        }
        self.global.until_ready().await;
    }

    /// Telegram said 429: nothing goes for `wait`.
    pub fn pause(&self, wait: Duration) {
        let until = Instant::now() + wait;
        let mut paused = self.paused_until.lock().unwrap_or_else(|p| p.into_inner());
        *paused = Some(paused.map_or(until, |p| p.max(until)));
    }

    /// Forgets chats that have been quiet (called now and then, so the keyed state stays small).
    pub fn forget_idle(&self) {
        self.per_chat.retain_recent();
        self.per_group.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_chat_is_paced_but_others_are_not() {
        let pacer = Pacer::new(1000, 2, 1000);
        let started = std::time::Instant::now();
        for _ in 0..2 {
            pacer.ready(7).await;
        }
        pacer.ready(8).await;
        assert!(started.elapsed() < Duration::from_millis(200), "the burst of two and another chat go at once");
        pacer.ready(7).await;
        assert!(started.elapsed() >= Duration::from_millis(300), "the third message to chat 7 waits its turn");
    }

    #[tokio::test]
    async fn a_pause_holds_every_send() {
        let pacer = Pacer::new(1000, 1000, 1000);
        pacer.pause(Duration::from_millis(300));
        let started = std::time::Instant::now();
        pacer.ready(1).await;
        assert!(started.elapsed() >= Duration::from_millis(250));
    }
}
