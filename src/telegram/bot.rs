//! The Bot API client: sends and edits messages within Telegram's limits and says plainly how
//! each attempt ended, so the outbox knows whether to retry, wait or give up.

use super::pace::Pacer;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::{
    AllowedUpdate, ChatId, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, MessageId, ParseMode, Update,
};

/// The official Bot API.
pub const OFFICIAL_API: &str = "https://api.telegram.org";

/// The longest a send or edit may take (the outbox keeps its claims longer than this).
pub const SEND_TIMEOUT: Duration = Duration::from_secs(10);

/// How one send or edit ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    /// Telegram took it.
    Sent {
        /// The message's id (for later edits).
        message_id: i32,
    },
    /// Flood control: try again after this long.
    RetryAfter(Duration),
    /// The chat blocked the bot, or the bot was removed: do not try again.
    Blocked(String),
    /// The message to edit is gone.
    Gone(String),
    /// Anything else (network, 5xx): worth a retry later.
    Failed(String),
    /// Not sent: waiting for its turn took it past the caller's deadline (its claim on the job
    /// would lapse, and another worker might send it too).
    Expired,
}

/// A button under a message that opens a link.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkButton {
    /// Its label.
    pub label: String,
    /// Where it goes.
    pub url: String,
}

/// The bot, shared by the outbox worker, the poller and `/config`.
pub struct Telegram {
    /// For sends and edits: a short timeout, well inside an outbox claim.
    bot: Bot,
    /// For `getUpdates`, whose long poll outlasts the send timeout.
    poller: Bot,
    username: RwLock<Option<String>>,
    reachable: AtomicBool,
    pacer: Pacer,
}

fn keyboard(button: Option<&LinkButton>) -> Option<InlineKeyboardMarkup> {
    let button = button?;
    let url = reqwest::Url::parse(&button.url).ok()?;
    Some(InlineKeyboardMarkup::new([[InlineKeyboardButton::url(button.label.clone(), url)]]))
}

fn classify(error: RequestError) -> Delivery {
    match error {
        RequestError::RetryAfter(seconds) => Delivery::RetryAfter(seconds.duration()),
        RequestError::Api(api) => match api {
            ApiError::BotBlocked
            | ApiError::BotKicked
            | ApiError::BotKickedFromSupergroup
            | ApiError::BotKickedFromChannel
            | ApiError::UserDeactivated
            | ApiError::ChatNotFound
            | ApiError::CantInitiateConversation
            | ApiError::CantTalkWithBots => Delivery::Blocked(api.to_string()),
            ApiError::MessageToEditNotFound | ApiError::MessageCantBeEdited => Delivery::Gone(api.to_string()),
            ApiError::Unknown(text) if text.starts_with("Forbidden") => Delivery::Blocked(text),
            other => Delivery::Failed(other.to_string()),
        },
        RequestError::MigrateToChatId(to) => Delivery::Gone(format!("the group moved to {to}")),
        other => Delivery::Failed(other.to_string()),
    }
}

fn note(delivery: &Delivery, action: &'static str) {
    let outcome = match delivery {
        Delivery::Sent { .. } => "sent",
        Delivery::RetryAfter(_) => "rate_limited",
        Delivery::Blocked(_) => "blocked",
        Delivery::Gone(_) => "gone",
        Delivery::Failed(_) => "failed",
        Delivery::Expired => "expired",
    };
    metrics::counter!("prost_telegram_requests_total", "action" => action, "outcome" => outcome).increment(1);
}

impl Telegram {
    /// A bot with `token`, talking to `api_url` (the official API when `None`).
    pub fn new(token: &str, api_url: Option<&str>) -> anyhow::Result<Telegram> {
        let url = reqwest::Url::parse(api_url.unwrap_or(OFFICIAL_API))?;
        let client = |timeout| teloxide::net::default_reqwest_settings().timeout(timeout).build();
        Ok(Telegram {
            bot: Bot::with_client(token, client(SEND_TIMEOUT)?).set_api_url(url.clone()),
            poller: Bot::with_client(token, client(Duration::from_secs(40))?).set_api_url(url),
            username: RwLock::new(None),
            reachable: AtomicBool::new(false),
            pacer: Pacer::telegram(),
        })
    }

    /// Asks Telegram who the bot is (`getMe`), remembering its username; also tells whether
    /// Telegram is reachable.
    pub async fn refresh_me(&self) -> Result<String, String> {
        match self.bot.get_me().await {
            Ok(me) => {
                let name = me.username().to_string();
                *self.username.write().unwrap_or_else(|p| p.into_inner()) = Some(name.clone());
                self.reachable.store(true, Ordering::Relaxed);
                Ok(name)
            }
            Err(error) => {
                self.reachable.store(false, Ordering::Relaxed);
                Err(error.to_string())
            }
        }
    }

    /// The bot's `@username`, once `getMe` answered.
    pub fn username(&self) -> Option<String> {
        self.username.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Whether the last call to Telegram got through.
    pub fn is_reachable(&self) -> bool {
        self.reachable.load(Ordering::Relaxed)
    }

    /// Waits for the chat's turn; false when that took it past `deadline`.
    async fn my_turn(&self, chat_id: i64, deadline: Option<Instant>) -> bool {
        self.pacer.ready(chat_id).await;
        deadline.is_none_or(|d| Instant::now() < d)
    }

    fn saw(&self, delivery: &Delivery) {
        let down = matches!(delivery, Delivery::Failed(e) if e.contains("network"));
        self.reachable.store(!down, Ordering::Relaxed);
        if let Delivery::RetryAfter(wait) = delivery {
            self.pacer.pause(*wait);
        }
    }

    /// Sends `html` to `chat_id`, within the limits. A button Telegram refuses (it does not take
    /// links to `localhost`, which a self-hosted Prost may have) is dropped and the text sent
    /// without it.
    /// Nothing is sent once `deadline` has passed while waiting for the chat's turn.
    pub async fn send(
        &self,
        chat_id: i64,
        html: &str,
        button: Option<&LinkButton>,
        deadline: Option<Instant>,
    ) -> Delivery {
        if !self.my_turn(chat_id, deadline).await {
            return Delivery::Expired;
        }
        let mut delivery = self.send_once(chat_id, html, keyboard(button)).await;
        if matches!(&delivery, Delivery::Failed(e) if e.contains("BUTTON")) {
            delivery = self.send_once(chat_id, html, None).await;
        }
        self.saw(&delivery);
        note(&delivery, "send");
        delivery
    }

    async fn send_once(&self, chat_id: i64, html: &str, markup: Option<InlineKeyboardMarkup>) -> Delivery {
        let mut request = self.bot.send_message(ChatId(chat_id), html).parse_mode(ParseMode::Html);
        request = request.link_preview_options(no_preview());
        if let Some(markup) = markup {
            request = request.reply_markup(markup);
        }
        match request.await {
            Ok(message) => Delivery::Sent { message_id: message.id.0 },
            Err(error) => classify(error),
        }
    }

    /// Replaces the text of one of the bot's messages. An edit that changes nothing counts as
    /// done.
    pub async fn edit(
        &self,
        chat_id: i64,
        message_id: i32,
        html: &str,
        button: Option<&LinkButton>,
        deadline: Option<Instant>,
    ) -> Delivery {
        if !self.my_turn(chat_id, deadline).await {
            return Delivery::Expired;
        }
        let mut request =
            self.bot.edit_message_text(ChatId(chat_id), MessageId(message_id), html).parse_mode(ParseMode::Html);
        request = request.link_preview_options(no_preview());
        if let Some(markup) = keyboard(button) {
            request = request.reply_markup(markup);
        }
        let delivery = match request.await {
            Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => Delivery::Sent { message_id },
            Err(error) => classify(error),
        };
        self.saw(&delivery);
        note(&delivery, "edit");
        delivery
    }

    /// Long-polls for updates after `offset`, waiting up to `timeout` seconds.
    pub async fn updates(&self, offset: i32, timeout: u32) -> Result<Vec<Update>, Delivery> {
        let request =
            self.poller.get_updates().offset(offset).timeout(timeout).allowed_updates([AllowedUpdate::Message]);
        match request.await {
            Ok(updates) => {
                self.reachable.store(true, Ordering::Relaxed);
                Ok(updates)
            }
            Err(error) => {
                let delivery = classify(error);
                self.saw(&delivery);
                Err(delivery)
            }
        }
    }

    /// Forgets pacing state of quiet chats.
    pub fn forget_idle(&self) {
        self.pacer.forget_idle();
    }
}

fn no_preview() -> LinkPreviewOptions {
    LinkPreviewOptions {
        is_disabled: true,
        url: None,
        prefer_small_media: false,
        prefer_large_media: false,
        show_above_text: false,
    }
}

/// The shared handle.
pub type SharedTelegram = Arc<Telegram>;
