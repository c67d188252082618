//! Who hears about an event's plan: the organiser and every participant whose account is linked
//! to Telegram, every guest who asked for reminders, and every group with a live card; each
//! chat once, and never a chat that blocked the bot.

use crate::domain::event::EventState;
use crate::domain::outbox::Recipient;
use crate::domain::telegram::speaks_russian;
use crate::persistence::{SharedStore, StoreResult};
use std::collections::HashSet;

/// The private chats (accounts and guests) and group chats that get an event's messages.
#[derive(Debug, Default, PartialEq)]
pub struct Recipients {
    /// People.
    pub people: Vec<Recipient>,
    /// Groups with a live card.
    pub groups: Vec<Recipient>,
}

/// Looks the recipients of `event` up.
pub async fn of(store: &SharedStore, event: &EventState) -> StoreResult<Recipients> {
    let mut seen = HashSet::new();
    let mut people = Vec::new();
    let users = std::iter::once(event.meta.organizer.id.as_str())
        .chain(event.participants.iter().filter_map(|p| p.user_id.as_deref()));
    for user_id in users {
        let Some(user) = store.user_by_id(user_id).await? else { continue };
        if let Some(account) = user.telegram {
            if seen.insert(account.chat_id) {
                people
                    .push(Recipient { chat_id: account.chat_id, russian: speaks_russian(account.language.as_deref()) });
            }
        }
    }
    let participants: HashSet<&str> = event.participants.iter().map(|p| p.id.as_str()).collect();
    for subscription in store.event_subscriptions(&event.meta.id).await? {
        // A participant who left takes their subscription with them.
        if participants.contains(subscription.participant_id.as_str()) && seen.insert(subscription.chat_id) {
            people.push(Recipient {
                chat_id: subscription.chat_id,
                russian: speaks_russian(subscription.language.as_deref()),
            });
        }
    }
    let groups = event
        .meta
        .cards
        .iter()
        .filter(|card| seen.insert(card.chat_id))
        .map(|card| Recipient { chat_id: card.chat_id, russian: card.russian })
        .collect();
    let mut reachable = Vec::with_capacity(people.len());
    for person in people {
        if !store.chat_blocked(person.chat_id).await? {
            reachable.push(person);
        }
    }
    Ok(Recipients { people: reachable, groups })
}
