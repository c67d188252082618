//! Telegram as the domain sees it: who is linked to which chat, the one-time codes that link
//! them, and the commands people send the bot.

use super::ids::looks_like_id;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// How long a link code works (API.md: 15 minutes).
pub const LINK_CODE_TTL_SECS: i64 = 15 * 60;

/// An account's Telegram chat, once linked through the bot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TelegramAccount {
    /// The private chat with the bot (messages go here).
    pub chat_id: i64,
    /// The Telegram user (Mini App sign-in finds the account by it).
    pub user_id: i64,
    /// `@username`, when they have one.
    pub username: Option<String>,
    /// Their first name on Telegram.
    pub first_name: String,
    /// Telegram's `language_code`, so the bot answers in their language.
    pub language: Option<String>,
}

/// What a link code links when the bot receives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum LinkTarget {
    /// An account (`POST /me/telegram/link`).
    #[serde(rename_all = "camelCase")]
    Account {
        /// Whose.
        user_id: String,
    },
    /// A guest's participation in one event.
    #[serde(rename_all = "camelCase")]
    Participant {
        /// The event.
        event_id: String,
        /// The participant.
        participant_id: String,
    },
}

/// A single-use link code as stored: only its hash, like every other bearer secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkCode {
    /// SHA-256 of the code.
    pub hash: String,
    /// What it links.
    pub target: LinkTarget,
    /// When it stops working.
    pub expires_at: Timestamp,
}

/// A chat that gets one participant's messages for one event (the guest's "remind me").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subscription {
    /// The event.
    pub event_id: String,
    /// The participant.
    pub participant_id: String,
    /// Where their messages go.
    pub chat_id: i64,
    /// Their first name on Telegram, to show "linked as …".
    pub first_name: String,
    /// Their `@username`, if any.
    pub username: Option<String>,
    /// Telegram's `language_code`.
    pub language: Option<String>,
}

/// Whether `payload` may follow `/start` in a deep link: Telegram allows `[A-Za-z0-9_-]{1,64}`.
pub fn valid_start_payload(payload: &str) -> bool {
    (1..=64).contains(&payload.len()) && payload.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A command sent to the bot.
#[derive(Debug, Clone, PartialEq)]
pub enum BotCommand {
    /// `/start`, with the deep-link payload when there is one.
    Start(Option<String>),
    /// `/prost <event link or id>`: post a live card of the event here.
    Prost(Option<String>),
    /// `/help`.
    Help,
}

/// Reads a command from a message's text. `/cmd@OtherBot` is for another bot and is ignored;
/// text that is no command of ours is `None`.
pub fn parse_command(text: &str, bot_username: Option<&str>) -> Option<BotCommand> {
    let text = text.trim();
    let rest = text.strip_prefix('/')?;
    let (head, argument) = match rest.split_once(char::is_whitespace) {
        Some((head, argument)) => (head, Some(argument.trim()).filter(|a| !a.is_empty())),
        None => (rest, None),
    };
    let name = match head.split_once('@') {
        Some((name, addressee)) => {
            let ours = bot_username.is_some_and(|bot| bot.eq_ignore_ascii_case(addressee));
            if !ours {
                return None;
            }
            name
        }
        None => head,
    };
    let argument = argument.map(str::to_string);
    match name.to_ascii_lowercase().as_str() {
        "start" => Some(BotCommand::Start(argument)),
        "prost" => Some(BotCommand::Prost(argument)),
        "help" => Some(BotCommand::Help),
        _ => None,
    }
}

/// The event id in `/prost`'s argument: a share link (`https://…/e/<id>`, with or without a
/// query or fragment), a path, or the bare id.
pub fn event_id_from_link(argument: &str) -> Option<String> {
    let argument = argument.trim();
    let tail = match argument.rfind("/e/") {
        Some(at) => &argument[at + 3..],
        None if !argument.contains('/') => argument,
        None => return None,
    };
    let id = tail.split(['/', '?', '#']).next().unwrap_or_default();
    looks_like_id(id).then(|| id.to_string())
}

/// Whether the bot should answer in Russian for this `language_code`.
pub fn speaks_russian(language: Option<&str>) -> bool {
    language.is_some_and(|l| {
        let l = l.to_ascii_lowercase();
        ["ru", "be", "uk", "kk"].iter().any(|p| l == *p || l.starts_with(&format!("{p}-")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn commands_are_read_with_or_without_the_bot_name() {
        assert_eq!(parse_command("/start abc_1", None), Some(BotCommand::Start(Some("abc_1".into()))));
        assert_eq!(parse_command("/start", None), Some(BotCommand::Start(None)));
        assert_eq!(
            parse_command("/prost@ProstBot https://x/e/abc", Some("prostbot")),
            Some(BotCommand::Prost(Some("https://x/e/abc".into())))
        );
        assert_eq!(parse_command("/prost@OtherBot https://x/e/abc", Some("ProstBot")), None);
        assert_eq!(parse_command("/HELP", None), Some(BotCommand::Help));
        assert_eq!(parse_command("hello", None), None);
        assert_eq!(parse_command("/unknown", None), None);
    }

    #[test]
    fn event_ids_come_out_of_links() {
        assert_eq!(event_id_from_link("https://prost.example/e/k3J9xQ2pLm").as_deref(), Some("k3J9xQ2pLm"));
        assert_eq!(event_id_from_link("http://127.0.0.1:8080/e/k3J9xQ2pLm?x=1#y").as_deref(), Some("k3J9xQ2pLm"));
        assert_eq!(event_id_from_link("/e/k3J9xQ2pLm/").as_deref(), Some("k3J9xQ2pLm"));
        assert_eq!(event_id_from_link("k3J9xQ2pLm").as_deref(), Some("k3J9xQ2pLm"));
        assert_eq!(event_id_from_link("https://elsewhere.example/about"), None);
        assert_eq!(event_id_from_link("../../etc"), None);
    }

    #[test]
    fn start_payloads_fit_telegram() {
        assert!(valid_start_payload("a-Z_9"));
        assert!(!valid_start_payload(""));
        assert!(!valid_start_payload(&"a".repeat(65)));
        assert!(!valid_start_payload("a b"));
    }

    #[test]
    fn russian_speakers_are_recognised() {
        assert!(speaks_russian(Some("ru")));
        assert!(speaks_russian(Some("ru-RU")));
        assert!(!speaks_russian(Some("en")));
        assert!(!speaks_russian(Some("rus")));
        assert!(!speaks_russian(None));
    }

    proptest! {
        #[test]
        fn any_text_parses_without_panicking(text in "\\PC{0,200}", bot in proptest::option::of("[a-zA-Z_]{1,20}")) {
            let _ = parse_command(&text, bot.as_deref());
            if let Some(id) = event_id_from_link(&text) {
                prop_assert!(looks_like_id(&id));
            }
        }
    }
}
