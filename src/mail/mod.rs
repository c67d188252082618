//! Account mail: verification and password-reset links, sent by the outbox worker through
//! `PROST_SMTP_URL` with lettre, or written to the log when no SMTP server is configured (so
//! `make run` can still verify an address).

pub mod letters;

use crate::auth::seal;
use crate::domain::outbox::Letter;
use crate::domain::user::Language;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::Arc;
use std::time::Duration;

/// How long one SMTP conversation may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(15);
/// Addresses at this domain are placeholders for accounts whose provider gave none.
pub const PLACEHOLDER_DOMAIN: &str = "users.invalid";

/// Whether `address` is a placeholder that no mail can reach (`.invalid` is reserved).
pub fn is_placeholder(address: &str) -> bool {
    address.ends_with(".invalid")
}

/// Why a mail did not go.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// Worth another try (the server is down, busy, or said 4xx).
    #[error("{0}")]
    Transient(String),
    /// It will never go (a malformed address, a 5xx answer, a token we cannot open).
    #[error("{0}")]
    Permanent(String),
}

/// Sends account mail.
pub struct Mailer {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
    public_url: Arc<str>,
    seal_key: Arc<[u8]>,
}

/// The seal context of a mailed token: the job key, which names the token's hash, so no two
/// tokens are ever sealed with the same keystream.
fn context(job_key: &str) -> String {
    format!("mail-link:{job_key}")
}

/// Seals a link token for the outbox job `job_key`.
pub fn seal_token(key: &[u8], job_key: &str, token: &str) -> String {
    seal::seal(key, &context(job_key), token)
}

impl Mailer {
    /// A mailer for `smtp_url` (`smtp://`, `smtps://`, `?tls=required` as lettre reads them),
    /// or one that logs when `None`.
    pub fn new(smtp_url: Option<&str>, from: &str, public_url: Arc<str>, seal_key: &[u8]) -> anyhow::Result<Mailer> {
        let transport = match smtp_url.filter(|u| !u.trim().is_empty()) {
            Some(url) => Some(AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?.timeout(Some(SMTP_TIMEOUT)).build()),
            None => None,
        };
        let from: Mailbox = from.parse().map_err(|e| anyhow::anyhow!("PROST_MAIL_FROM `{from}`: {e}"))?;
        Ok(Mailer { transport, from, public_url, seal_key: seal_key.into() })
    }

    /// Whether mail really leaves (else it is logged).
    pub fn delivers(&self) -> bool {
        self.transport.is_some()
    }

    /// Sends the mail of job `job_key`.
    pub async fn send(&self, job_key: &str, to: &str, language: Language, letter: &Letter) -> Result<(), MailError> {
        let (kind, name, sealed, path) = match letter {
            Letter::VerifyEmail { name, sealed_token } => {
                (letters::Kind::VerifyEmail, name, sealed_token, "verify-email")
            }
            Letter::PasswordReset { name, sealed_token } => {
                (letters::Kind::PasswordReset, name, sealed_token, "reset-password")
            }
        };
        let token = seal::open(&self.seal_key, &context(job_key), sealed)
            .filter(|t| t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .ok_or_else(|| MailError::Permanent("the link's token does not open (another server secret?)".into()))?;
        let link = format!("{}/{path}?token={token}", self.public_url);
        let mail = letters::render(kind, language, name, &link);
        let Some(transport) = &self.transport else {
            tracing::info!(%to, subject = %mail.subject, %link, "no PROST_SMTP_URL: this mail is logged instead of sent");
            return Ok(());
        };
        let recipient: Mailbox = to.parse().map_err(|e| MailError::Permanent(format!("bad address: {e}")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(recipient)
            .subject(mail.subject)
            .multipart(MultiPart::alternative_plain_html(mail.text, mail.html))
            .map_err(|e| MailError::Permanent(e.to_string()))?;
        match transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(MailError::Permanent(e.to_string())),
            Err(e) => Err(MailError::Transient(e.to_string())),
        }
    }
}
