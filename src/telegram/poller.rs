//! Reading what people send the bot, by long polling `getUpdates`. Telegram answers 409 to a
//! second poller, so with Redis only the holder of a cluster-wide lease polls; a process on its
//! own just polls. Errors back off, a 429 waits its `retry_after`, and the loop never ends
//! until shutdown.

use super::bot::{Delivery, SharedTelegram};
use super::render;
use crate::actors::Registry;
use crate::auth::token_hash;
use crate::cluster::Cluster;
use crate::domain::command::{Caller, Command};
use crate::domain::outbox::GroupCard;
use crate::domain::telegram::{
    BotCommand, LinkTarget, Subscription, TelegramAccount, event_id_from_link, parse_command, speaks_russian,
    valid_start_payload,
};
use crate::persistence::SharedStore;
use std::sync::Arc;
use std::time::Duration;
use teloxide::types::{Message, UpdateKind};
use tokio_util::sync::CancellationToken;

/// How long one `getUpdates` waits for news.
const POLL_SECS: u32 = 10;
/// The poller's lease: longer than a poll, so the holder renews it before every poll.
const LEASE: Duration = Duration::from_secs(30);
/// The lease's name in Redis.
const LEASE_NAME: &str = "telegram-poller";

/// Everything the bot's replies need.
#[derive(Clone)]
pub struct BotContext {
    /// The bot.
    pub telegram: SharedTelegram,
    /// The database.
    pub store: SharedStore,
    /// Event actors (a new group card is attached through the event's actor).
    pub registry: Registry,
    /// Base URL for event links.
    pub public_url: Arc<str>,
    /// The other replicas, when `REDIS_URL` is set.
    pub cluster: Option<Arc<Cluster>>,
}

impl BotContext {
    /// The share link of an event.
    pub fn event_link(&self, event_id: &str) -> String {
        format!("{}/e/{event_id}", self.public_url)
    }

    /// Polls until `cancel` fires.
    pub async fn poll(self, cancel: CancellationToken) {
        let mut offset = 0i32;
        let mut backoff = Duration::from_secs(1);
        while !cancel.is_cancelled() {
            if let Some(cluster) = &self.cluster {
                if !cluster.hold_singleton(LEASE_NAME, LEASE).await {
                    tokio::select! {
                        _ = cancel.cancelled() => break,
                        _ = tokio::time::sleep(LEASE / 3) => continue,
                    }
                }
            }
            let polled = tokio::select! {
                _ = cancel.cancelled() => break,
                polled = self.telegram.updates(offset, POLL_SECS) => polled,
            };
            match polled {
                Ok(updates) => {
                    backoff = Duration::from_secs(1);
                    for update in updates {
                        // Confirmed by the next poll's offset, so a crash re-reads at most
                        // this batch.
                        offset = offset.max(update.id.0 as i32 + 1);
                        if let UpdateKind::Message(message) = update.kind {
                            self.handle(&message).await;
                        }
                    }
                }
                Err(failure) => {
                    let wait = match failure {
                        Delivery::RetryAfter(wait) => wait,
                        _ => backoff,
                    };
                    tracing::warn!(?failure, ?wait, "getUpdates failed; polling again later");
                    metrics::counter!("prost_telegram_poll_errors_total").increment(1);
                    backoff = (backoff * 2).min(Duration::from_secs(30));
                    tokio::select! {
                        _ = cancel.cancelled() => break,
                        _ = tokio::time::sleep(wait) => {}
                    }
                }
            }
        }
        if let Some(cluster) = &self.cluster {
            cluster.release_singleton(LEASE_NAME).await;
        }
    }

    /// Answers one message.
    pub async fn handle(&self, message: &Message) {
        let Some(text) = message.text() else { return };
        let username = self.telegram.username();
        let Some(command) = parse_command(text, username.as_deref()) else { return };
        let chat_id = message.chat.id.0;
        let russian = speaks_russian(message.from.as_ref().and_then(|u| u.language_code.as_deref()));
        metrics::counter!("prost_telegram_commands_total").increment(1);
        let reply = match command {
            BotCommand::Start(Some(code)) if message.chat.is_private() => self.link(message, &code, russian).await,
            BotCommand::Start(_) | BotCommand::Help => render::welcome(russian),
            BotCommand::Prost(argument) => match self.post_card(chat_id, argument.as_deref(), russian).await {
                Some(reply) => reply,
                None => return,
            },
        };
        let delivery = self.telegram.send(chat_id, &reply, None, None).await;
        if !matches!(delivery, Delivery::Sent { .. }) {
            tracing::warn!(chat_id, ?delivery, "the bot's reply did not go out");
        }
    }

    async fn link(&self, message: &Message, code: &str, russian: bool) -> String {
        let now = jiff::Timestamp::now();
        let taken = if valid_start_payload(code) {
            self.store.take_link_code(&token_hash(code)).await.unwrap_or_else(|error| {
                tracing::warn!(%error, "link code lookup failed");
                None
            })
        } else {
            None
        };
        let Some(code) = taken.filter(|c| c.expires_at > now) else { return render::code_spent(russian) };
        let Some(from) = &message.from else { return render::code_spent(russian) };
        let chat_id = message.chat.id.0;
        let _ = self.store.set_chat_blocked(chat_id, false).await;
        let first_name = from.first_name.clone();
        let username = from.username.clone();
        let language = from.language_code.clone();
        match code.target {
            LinkTarget::Account { user_id } => {
                let account = TelegramAccount {
                    chat_id,
                    user_id: from.id.0 as i64,
                    username,
                    first_name: first_name.clone(),
                    language,
                };
                let linked = self.store.set_user_telegram(&user_id, Some(&account)).await;
                let name = self.store.user_by_id(&user_id).await.ok().flatten().map(|u| u.name);
                match (linked, name) {
                    (Ok(()), Some(name)) => render::linked_account(&name, russian),
                    _ => render::code_spent(russian),
                }
            }
            LinkTarget::Participant { event_id, participant_id } => {
                let subscription = Subscription {
                    event_id: event_id.clone(),
                    participant_id,
                    chat_id,
                    first_name,
                    username,
                    language,
                };
                let title = match self.store.load_event(&event_id).await {
                    Ok(Some(event)) => event.meta.title,
                    _ => return render::code_spent(russian),
                };
                match self.store.put_subscription(&subscription).await {
                    Ok(()) => render::linked_participant(&title, russian),
                    Err(_) => render::code_spent(russian),
                }
            }
        }
    }

    /// Posts a live card; the reply to send instead when there is none to post.
    async fn post_card(&self, chat_id: i64, argument: Option<&str>, russian: bool) -> Option<String> {
        let Some(event_id) = argument.and_then(event_id_from_link) else { return Some(render::prost_usage(russian)) };
        let Ok(view) = self.registry.view(&event_id).await else { return Some(render::prost_unknown(russian)) };
        let link = self.event_link(&event_id);
        let text = render::card(&view, &link, russian);
        let delivery = self.telegram.send(chat_id, &text, Some(&render::open_button(&link, russian)), None).await;
        let Delivery::Sent { message_id } = delivery else {
            tracing::warn!(chat_id, ?delivery, "the card did not go out");
            return None;
        };
        let card = GroupCard { chat_id, message_id, russian };
        if let Err(error) = self.card_command(&event_id, Command::AttachCard(card)).await {
            tracing::warn!(%error, "the card was posted but could not be remembered");
        }
        None
    }

    /// Attaches or detaches a card through the event's actor, wherever it runs.
    pub async fn card_command(&self, event_id: &str, command: Command) -> anyhow::Result<()> {
        match self.registry.command(event_id, command.clone(), Caller::default()).await {
            Ok(_) => Ok(()),
            Err(crate::actors::RegistryError::Elsewhere(owner)) => match &self.cluster {
                Some(cluster) => cluster.forward_card(&owner, event_id, &command).await,
                None => anyhow::bail!("the event is owned elsewhere"),
            },
            Err(error) => Err(error.into()),
        }
    }
}
