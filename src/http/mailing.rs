//! Mailed single-use links: a token is made, only its hash is stored, and the mail is queued in
//! the outbox with the token sealed, so a slow or absent SMTP server never holds up a request.

use super::error::{ApiError, ApiResult};
use super::state::AppState;
use crate::auth::{random_token, token_hash};
use crate::domain::outbox::{Job, Letter};
use crate::domain::user::{AccountToken, TokenPurpose, UserRecord};
use jiff::{SignedDuration, Timestamp};

/// How long a verification link works.
pub const VERIFY_TTL_HOURS: i64 = 24;
/// How long a reset link works.
pub const RESET_TTL_HOURS: i64 = 1;

/// Makes a token for `purpose` and queues the mail that carries it to `user.email`.
pub async fn send(state: &AppState, user: &UserRecord, purpose: TokenPurpose) -> ApiResult<()> {
    if crate::mail::is_placeholder(&user.email) {
        return Ok(());
    }
    let token = random_token();
    let hash = token_hash(&token);
    let hours = match purpose {
        TokenPurpose::VerifyEmail => VERIFY_TTL_HOURS,
        TokenPurpose::ResetPassword => RESET_TTL_HOURS,
    };
    let now = Timestamp::now();
    let ttl = match state.accounts.token_ttl.and_then(|d| SignedDuration::try_from(d).ok()) {
        Some(ttl) => ttl,
        None => SignedDuration::from_hours(hours),
    };
    let record = AccountToken {
        hash: hash.clone(),
        user_id: user.id.clone(),
        purpose,
        email: user.email.clone(),
        expires_at: now.checked_add(ttl).unwrap_or(now),
    };
    state.store.insert_account_token(&record).await?;
    let key = Job::mail_key(&hash);
    let sealed_token = crate::mail::seal_token(&state.accounts.secret, &key, &token);
    let name = user.name.clone();
    let letter = match purpose {
        TokenPurpose::VerifyEmail => Letter::VerifyEmail { name, sealed_token },
        TokenPurpose::ResetPassword => Letter::PasswordReset { name, sealed_token },
    };
    state.store.enqueue(&[Job::mail(&user.email, user.language, letter, &hash, now)]).await?;
    Ok(())
}

/// Spends a mailed token: it works once, for its purpose, before it expires, for the address it
/// was sent to. Anything else is the same 400, so a guesser learns nothing.
pub async fn take(state: &AppState, token: &str, purpose: TokenPurpose) -> ApiResult<(AccountToken, UserRecord)> {
    let spent = || {
        let mut e = ApiError::invalid("this link is used up or out of date; ask for a fresh one");
        e.fields.insert("token".into(), "used, expired or unknown".into());
        e
    };
    if token.is_empty() || token.len() > 128 {
        return Err(spent());
    }
    let record = state.store.take_account_token(&token_hash(token)).await?.ok_or_else(spent)?;
    if record.purpose != purpose || record.expires_at <= Timestamp::now() {
        return Err(spent());
    }
    let user = state.store.user_by_id(&record.user_id).await?.ok_or_else(spent)?;
    if user.email != record.email {
        return Err(spent());
    }
    Ok((record, user))
}
