//! Cluster-wide singletons (the Telegram poller): one lease in Redis per job that must run in
//! exactly one process at a time, taken with the same atomic scripts as event leases.

use super::Cluster;
use super::forward::INTERNAL_HEADER;
use super::lease::{CLAIM, RELEASE};
use crate::domain::command::Command;
use crate::domain::outbox::GroupCard;
use fred::prelude::*;
use serde::{Deserialize, Serialize};
use std::time::Duration;

fn singleton_key(name: &str) -> String {
    format!("prost:singleton:{name}")
}

/// A group-card change sent to the event's owner.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum ForwardedCard {
    /// `Command::AttachCard`.
    Attach {
        /// The card.
        card: GroupCard,
    },
    /// `Command::DetachCard`.
    #[serde(rename_all = "camelCase")]
    Detach {
        /// The group.
        chat_id: i64,
    },
}

impl ForwardedCard {
    /// The command it carries.
    pub fn into_command(self) -> Command {
        match self {
            ForwardedCard::Attach { card } => Command::AttachCard(card),
            ForwardedCard::Detach { chat_id } => Command::DetachCard { chat_id },
        }
    }
}

impl Cluster {
    /// Takes or renews the singleton lease `name` for `ttl`; whether this process holds it.
    pub async fn hold_singleton(&self, name: &str, ttl: Duration) -> bool {
        if !self.is_up() {
            return false;
        }
        let mine = self.me.id.clone();
        let ttl_ms = ttl.as_millis().max(1).to_string();
        let holder: Result<String, _> =
            self.redis.eval(CLAIM, vec![singleton_key(name)], vec![mine.clone(), ttl_ms]).await;
        holder.is_ok_and(|h| h == mine)
    }

    /// Gives the singleton up (shutdown), so another process takes over at once.
    pub async fn release_singleton(&self, name: &str) {
        let _: Result<i64, _> = self.redis.eval(RELEASE, vec![singleton_key(name)], vec![self.me.id.clone()]).await;
    }

    /// Sends a card change to the event's owner.
    pub async fn forward_card(&self, owner: &super::Owner, event_id: &str, command: &Command) -> anyhow::Result<()> {
        let body = match command {
            Command::AttachCard(card) => ForwardedCard::Attach { card: card.clone() },
            Command::DetachCard { chat_id } => ForwardedCard::Detach { chat_id: *chat_id },
            _ => anyhow::bail!("only card changes are forwarded this way"),
        };
        let response = self
            .http
            .post(format!("{}/internal/v1/events/{event_id}/cards", owner.url))
            .header(INTERNAL_HEADER, &self.internal_token)
            .json(&body)
            .send()
            .await?;
        anyhow::ensure!(response.status().is_success(), "the owner answered {}", response.status());
        Ok(())
    }
}
