//! Keeping what a guest did once they have an account: events organised with an
//! `organizerToken` and answers given as a guest participant move to the account at register or
//! login.

use super::extract::PARTICIPANT_TOKEN;
use super::state::AppState;
use crate::auth::{event_of_token, token_hash};
use crate::domain::command::{Caller, CallerUser, Command};
use crate::domain::error::FieldErrors;
use crate::domain::plan::Outcome;
use crate::domain::user::UserRecord;
use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Most tokens of each kind one sign-in may claim, so a request cannot wake every event actor.
pub const MAX_CLAIMS: usize = 50;

/// Tokens a guest collected, sent with register or login.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GuestTokens {
    /// `organizerToken`s of events made without an account: those events move to the account.
    #[serde(default)]
    #[schema(max_items = 50)]
    pub organizer_tokens: Option<Vec<String>>,
    /// `participantToken`s of guest participants: they are linked to the account, answers and
    /// all. One may come as the `X-Participant-Token` header instead.
    #[serde(default)]
    #[schema(max_items = 50)]
    pub participant_tokens: Option<Vec<String>>,
}

/// What was moved to the account. Tokens that were stale, wrong or already used are left out
/// rather than failing the sign-in.
#[derive(Debug, Default, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Claimed {
    /// Events the account now organises.
    pub events: Vec<String>,
    /// Participants now linked to the account.
    pub participants: Vec<String>,
}

impl GuestTokens {
    /// Bounds the lists.
    pub fn check(&self, errors: &mut FieldErrors) {
        let too_many = |list: &Option<Vec<String>>| list.as_ref().is_some_and(|l| l.len() > MAX_CLAIMS);
        let problem = format!("at most {MAX_CLAIMS} tokens");
        errors.check(too_many(&self.organizer_tokens), "organizerTokens", &problem);
        errors.check(too_many(&self.participant_tokens), "participantTokens", &problem);
    }

    /// Claims every token for `user`, one event command each (the event's actor is the only
    /// writer of its organiser and participants).
    pub async fn claim(&self, state: &AppState, user: &UserRecord, headers: &HeaderMap) -> Claimed {
        let caller_user = CallerUser { id: user.id.clone(), name: user.name.clone() };
        let mut claimed = Claimed::default();
        for token in self.organizer_tokens.iter().flatten().take(MAX_CLAIMS) {
            let Some(event_id) = event_of_token(token) else { continue };
            let caller = Caller {
                user: Some(caller_user.clone()),
                organizer_token_hash: Some(token_hash(token.trim())),
                ..Caller::default()
            };
            match state.registry.command(event_id, Command::Claim, caller).await {
                Ok(_) => claimed.events.push(event_id.to_string()),
                Err(error) => tracing::debug!(event_id, %error, "organiser token not claimed"),
            }
        }
        let header = headers.get(PARTICIPANT_TOKEN).and_then(|v| v.to_str().ok()).map(str::to_string);
        let mut participant_tokens: Vec<String> = Vec::new();
        for token in self.participant_tokens.iter().flatten().cloned().chain(header).take(MAX_CLAIMS + 1) {
            // The header often repeats one of the listed tokens.
            if !participant_tokens.contains(&token) {
                participant_tokens.push(token);
            }
        }
        for token in participant_tokens {
            let Some(event_id) = event_of_token(&token) else { continue };
            let caller = Caller {
                user: Some(caller_user.clone()),
                token_hash: Some(token_hash(token.trim())),
                ..Caller::default()
            };
            match state.registry.command(event_id, Command::LinkParticipant, caller).await {
                Ok(reply) => {
                    if let Outcome::Participant { participant, .. } = reply.outcome {
                        claimed.participants.push(participant.id);
                    }
                }
                Err(error) => tracing::debug!(event_id, %error, "participant token not linked"),
            }
        }
        claimed
    }
}
