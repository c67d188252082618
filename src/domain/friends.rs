//! "People you planned with": the registered people who shared an event with someone (both took
//! part, or one organised what the other joined), counted over that person's recent events.

use super::event::EventMeta;
use jiff::Timestamp;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// Most of a user's events the friends list looks at: the newest ones by creation, so the list
/// costs the same for someone with ten events and someone with ten thousand.
pub const FRIEND_EVENTS: usize = 200;
/// Most friends one list names.
pub const MAX_FRIENDS: usize = 100;

/// One of a user's events with the accounts that joined it.
#[derive(Debug, Clone, PartialEq)]
pub struct Crew {
    /// The event.
    pub meta: EventMeta,
    /// Accounts behind its signed-in participants (guests have none).
    pub members: Vec<String>,
}

impl Crew {
    /// Everyone with an account in the event: its participants and, unless it was made without
    /// an account, its organiser; each once.
    pub fn accounts(&self) -> impl Iterator<Item = &str> {
        let organizer = (!self.meta.organizer.is_guest).then_some(self.meta.organizer.id.as_str());
        let mut seen = Vec::with_capacity(self.members.len() + 1);
        organizer.into_iter().chain(self.members.iter().map(String::as_str)).filter(move |id| {
            let fresh = !seen.contains(id);
            if fresh {
                seen.push(*id);
            }
            fresh
        })
    }
}

/// When an event happens, as people remember it: its final plan's start, else its first slot,
/// else when it was made.
pub fn moment(meta: &EventMeta) -> Timestamp {
    match &meta.final_plan {
        Some(plan) => plan.start,
        None => meta.slots.iter().map(|s| s.start).min().unwrap_or(meta.created_at),
    }
}

/// Someone `me` planned with, and how much.
#[derive(Debug, Clone, PartialEq)]
pub struct Companion {
    /// Their account.
    pub user_id: String,
    /// How many of the events looked at they shared.
    pub events: u32,
    /// The [`moment`] of the latest one.
    pub last: Timestamp,
}

/// Everyone `me` shared one of `crews` with, most recent first (then who shared more, then by
/// id, so the order is stable).
pub fn companions(me: &str, crews: &[Crew]) -> Vec<Companion> {
    let mut by_user: HashMap<&str, Companion> = HashMap::new();
    for crew in crews {
        let accounts: Vec<&str> = crew.accounts().collect();
        // The store scopes crews to `me`, but a crew `me` is not in shares nothing with them.
        if !accounts.contains(&me) {
            continue;
        }
        let at = moment(&crew.meta);
        for other in accounts.into_iter().filter(|id| *id != me) {
            let entry =
                by_user.entry(other).or_insert_with(|| Companion { user_id: other.to_string(), events: 0, last: at });
            entry.events += 1;
            entry.last = entry.last.max(at);
        }
    }
    let mut list: Vec<Companion> = by_user.into_values().collect();
    list.sort_by(|a, b| b.last.cmp(&a.last).then(b.events.cmp(&a.events)).then_with(|| a.user_id.cmp(&b.user_id)));
    list
}

/// A friend as `GET /me/friends` lists them.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FriendView {
    /// Their user id (what `POST /events/{id}/invitations` takes).
    pub id: String,
    /// Their display name.
    pub name: String,
    /// Whether their account is linked to Telegram (an invitation reaches them there).
    pub telegram_linked: bool,
    /// How many of the caller's recent events they shared.
    pub events_together: u32,
    /// When the latest shared event happens: its final time, else its first slot.
    #[schema(value_type = String, format = DateTime)]
    pub last_event_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::{FinalPlan, Organizer};
    use crate::persistence::contract::sample_event;
    use jiff::ToSpan;

    fn crew(id: &str, organizer: &str, members: &[&str], days: i64) -> Crew {
        let mut meta = sample_event(id, organizer);
        for slot in &mut meta.slots {
            slot.start += (days * 24).hours();
            slot.end += (days * 24).hours();
        }
        Crew { meta, members: members.iter().map(|m| m.to_string()).collect() }
    }

    #[test]
    fn companions_count_shared_events_and_come_most_recent_first() {
        let crews = vec![
            crew("e1", "me", &["ann", "bob"], 0),
            crew("e2", "ann", &["me"], 3),
            crew("e3", "cat", &["me", "me"], 1),
            crew("e4", "dan", &["eve"], 9),
        ];
        let list = companions("me", &crews);
        let names: Vec<(&str, u32)> = list.iter().map(|c| (c.user_id.as_str(), c.events)).collect();
        assert_eq!(names, [("ann", 2), ("cat", 1), ("bob", 1)], "e4 has no `me`; `me` is never their own friend");
        assert_eq!(list[0].last, moment(&crews[1].meta));
    }

    #[test]
    fn guest_organisers_are_nobody_and_the_final_plan_sets_the_moment() {
        let mut shared = crew("e1", "guest-org", &["me", "ann"], 0);
        shared.meta.organizer = Organizer { id: "guest-org".into(), name: "Olga".into(), is_guest: true };
        let start = shared.meta.slots[0].start + 100.hours();
        shared.meta.final_plan = Some(FinalPlan {
            slot_id: "s1".into(),
            slot_ids: vec!["s1".into()],
            place_id: None,
            start,
            end: start + 1.hour(),
            place: None,
        });
        let list = companions("me", &[shared]);
        assert_eq!(list.len(), 1);
        assert_eq!((list[0].user_id.as_str(), list[0].last), ("ann", start));
    }

    #[test]
    fn ties_order_by_shared_events_then_id() {
        let crews = vec![crew("e1", "me", &["bob", "ann"], 0), crew("e2", "me", &["bob"], -5)];
        let ids: Vec<String> = companions("me", &crews).into_iter().map(|c| c.user_id).collect();
        assert_eq!(ids, ["bob", "ann"]);
    }
}
