//! Friends and invitations: `GET /me/friends` (people the caller planned with) and
//! `POST /events/{id}/invitations` (the organiser invites some of them, through the outbox: on
//! Telegram when their account is linked, by mail when their address is verified).

use super::error::{ApiError, ApiResult, ErrorBody};
use super::events::organised_event;
use super::extract::{AppJson, AuthUser, PathId};
use super::state::AppState;
use crate::domain::command::Caller;
use crate::domain::error::FieldErrors;
use crate::domain::friends::{Companion, FRIEND_EVENTS, FriendView, MAX_FRIENDS, companions};
use crate::domain::outbox::{Job, Letter, Recipient};
use crate::domain::telegram::speaks_russian;
use crate::domain::user::UserRecord;
use crate::persistence::StoreResult;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use utoipa::ToSchema;

/// Most people one invitation request names.
pub const MAX_INVITEES: usize = 50;

/// `GET /me/friends` answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct FriendList {
    /// Most recent first.
    pub items: Vec<FriendView>,
}

/// Everyone `user_id` planned with across their newest events, most recent first.
async fn companions_of(state: &AppState, user_id: &str) -> StoreResult<Vec<Companion>> {
    let crews = state.store.recent_crews(user_id, FRIEND_EVENTS).await?;
    Ok(companions(user_id, &crews))
}

/// The accounts behind `ids`, by id (accounts deleted since are missing).
async fn accounts(state: &AppState, ids: &[String]) -> StoreResult<HashMap<String, UserRecord>> {
    Ok(state.store.users_by_ids(ids).await?.into_iter().map(|u| (u.id.clone(), u)).collect())
}

/// People you planned with.
///
/// The registered people the caller planned events with (both took part, or one organised what
/// the other joined), most recent first: by when the latest shared event happens (its final
/// time, else its first slot), then by how many were shared. Bounded: only the caller's 200
/// newest events (by creation) are looked at, and at most 100 people are listed.
#[utoipa::path(get, path = "/api/v1/me/friends", tag = "friends", security(("bearer" = [])),
    responses((status = 200, body = FriendList), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, AuthUser(me): AuthUser) -> ApiResult<Json<FriendList>> {
    let mut people = companions_of(&state, &me.id).await?;
    people.truncate(MAX_FRIENDS);
    let ids: Vec<String> = people.iter().map(|c| c.user_id.clone()).collect();
    let users = accounts(&state, &ids).await?;
    let items = people
        .into_iter()
        .filter_map(|c| {
            let user = users.get(&c.user_id)?;
            Some(FriendView {
                name: user.name.clone(),
                telegram_linked: user.telegram.is_some(),
                events_together: c.events,
                last_event_at: c.last,
                id: c.user_id,
            })
        })
        .collect();
    Ok(Json(FriendList { items }))
}

/// `POST /events/{id}/invitations` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InvitationRequest {
    /// User ids of the organiser's friends (as `GET /me/friends` lists them), 1–50.
    #[schema(min_items = 1, max_items = 50)]
    pub user_ids: Vec<String>,
}

/// Who the invitation reaches.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationReport {
    /// Invited on Telegram, by mail, or both (an invitation repeated within 12 hours is not sent
    /// again).
    pub invited: Vec<String>,
    /// Friends with neither a linked Telegram nor a verified address: send them the link.
    pub unreachable: Vec<String>,
}

/// Each distinct id once, in order, or 400 naming the ones that are not friends.
fn only_friends(wanted: &[String], friends: &[Companion]) -> ApiResult<Vec<String>> {
    if wanted.is_empty() {
        return Err(ApiError::invalid_field("userIds", "name at least one friend to invite"));
    }
    if wanted.len() > MAX_INVITEES {
        return Err(ApiError::invalid_field("userIds", &format!("at most {MAX_INVITEES} people per invitation")));
    }
    let friends: HashSet<&str> = friends.iter().map(|f| f.user_id.as_str()).collect();
    let mut errors = FieldErrors::default();
    let mut unique: Vec<String> = Vec::with_capacity(wanted.len());
    for (i, id) in wanted.iter().enumerate() {
        if !friends.contains(id.as_str()) {
            errors.add(format!("userIds[{i}]"), "not someone you planned with: share the link instead");
        } else if !unique.contains(id) {
            unique.push(id.clone());
        }
    }
    errors.finish()?;
    Ok(unique)
}

/// Invite friends.
///
/// The organiser invites people they planned with before (see `GET /me/friends`; anyone else
/// is a 400 naming them). Each gets the invitation on Telegram when their account is linked and
/// by mail when their address is verified, sent in the background; inviting someone again
/// within 12 hours sends nothing new.
#[utoipa::path(post, path = "/api/v1/events/{id}/invitations", tag = "friends", request_body = InvitationRequest,
    security(("bearer" = []), ("organizerToken" = [])), params(("id" = String, Path, description = "Event id")),
    responses((status = 202, body = InvitationReport), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
              (status = 429, body = ErrorBody)))]
pub async fn invite(
    State(state): State<AppState>,
    caller: Caller,
    PathId(id): PathId,
    AppJson(body): AppJson<InvitationRequest>,
) -> ApiResult<(StatusCode, Json<InvitationReport>)> {
    let event = organised_event(&state, &caller, &id, "invite people to this event").await?;
    let organizer = &event.meta.organizer;
    // An organiser without an account has planned with nobody Prost knows.
    let friends = if organizer.is_guest { Vec::new() } else { companions_of(&state, &organizer.id).await? };
    let ids = only_friends(&body.user_ids, &friends)?;
    let users = accounts(&state, &ids).await?;
    let now = Timestamp::now();
    let (mut jobs, mut invited, mut unreachable) = (Vec::new(), Vec::new(), Vec::new());
    for user_id in ids {
        let before = jobs.len();
        if let Some(user) = users.get(&user_id) {
            if let Some(account) = user.telegram.as_ref().filter(|_| state.telegram.is_some())
                && !state.store.chat_blocked(account.chat_id).await?
            {
                let to = Recipient { chat_id: account.chat_id, russian: speaks_russian(account.language.as_deref()) };
                jobs.push(Job::invitation(
                    &event.meta.id,
                    to,
                    &organizer.name,
                    &Job::invitation_nonce(&user_id, now),
                    now,
                ));
            }
            if user.email_verified && !crate::mail::is_placeholder(&user.email) {
                let letter = Letter::Invitation {
                    name: user.name.clone(),
                    inviter: organizer.name.clone(),
                    title: event.meta.title.clone(),
                    event_id: event.meta.id.clone(),
                };
                jobs.push(Job::invitation_mail(&user.email, user.language, letter, &user_id, now));
            }
        }
        if jobs.len() > before {
            invited.push(user_id);
        } else {
            unreachable.push(user_id);
        }
    }
    state.store.enqueue(&jobs).await?;
    metrics::counter!("prost_invitations_total").increment(invited.len() as u64);
    Ok((StatusCode::ACCEPTED, Json(InvitationReport { invited, unreachable })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn friend(id: &str) -> Companion {
        Companion { user_id: id.into(), events: 1, last: Timestamp::UNIX_EPOCH }
    }

    #[test]
    fn only_friends_pass_each_once_and_strangers_are_named() {
        let friends = [friend("a"), friend("b")];
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(only_friends(&ids(&["b", "a", "b"]), &friends).unwrap(), ["b", "a"]);
        let refused = only_friends(&ids(&["a", "z"]), &friends).unwrap_err();
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert_eq!(refused.fields.keys().collect::<Vec<_>>(), ["userIds[1]"]);
        assert!(only_friends(&[], &friends).unwrap_err().fields.contains_key("userIds"));
        let crowd: Vec<String> = (0..=MAX_INVITEES).map(|_| "a".to_string()).collect();
        assert!(only_friends(&crowd, &friends).unwrap_err().fields.contains_key("userIds"));
    }
}
