//! The ways a domain rule can refuse a request. The HTTP and WebSocket layers map these to the
//! API.md error codes in one place each.

use std::collections::BTreeMap;

/// A refused command, carrying a message meant for people.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DomainError {
    /// The request itself is wrong; `fields` names the offending inputs.
    #[error("{message}")]
    InvalidArgument {
        /// What is wrong, in one sentence.
        message: String,
        /// Field path → what is wrong with it.
        fields: BTreeMap<String, String>,
    },
    /// The caller has no credentials that would allow this.
    #[error("{0}")]
    Unauthenticated(String),
    /// The caller is known but may not do this.
    #[error("{0}")]
    PermissionDenied(String),
    /// The thing asked for does not exist (or is not visible to the caller).
    #[error("{0}")]
    NotFound(String),
    /// The request clashes with the current state (finalised, past the deadline, duplicate).
    #[error("{0}")]
    Conflict(String),
}

impl DomainError {
    /// An invalid-argument error about one field.
    pub fn field(field: impl Into<String>, problem: impl Into<String>) -> Self {
        let field = field.into();
        let problem = problem.into();
        DomainError::InvalidArgument {
            message: format!("{field}: {problem}"),
            fields: BTreeMap::from([(field, problem)]),
        }
    }

    /// An invalid-argument error about several fields at once.
    pub fn fields(fields: BTreeMap<String, String>) -> Self {
        let message = match fields.iter().next() {
            Some((field, problem)) if fields.len() == 1 => format!("{field}: {problem}"),
            _ => format!("{} fields are invalid", fields.len()),
        };
        DomainError::InvalidArgument { message, fields }
    }

    /// An invalid-argument error with no particular field.
    pub fn invalid(message: impl Into<String>) -> Self {
        DomainError::InvalidArgument { message: message.into(), fields: BTreeMap::new() }
    }
}

/// Most fields one error names: a body with 50,000 bad ids gets a short answer, not a long one.
pub const MAX_FIELD_ERRORS: usize = 20;

/// The key that says how many problems were left out.
pub const MORE_FIELD_ERRORS: &str = "_more";

/// Collects field problems so one response names all of them, not just the first (up to
/// [`MAX_FIELD_ERRORS`]; the rest are counted under [`MORE_FIELD_ERRORS`]).
#[derive(Debug, Default)]
pub struct FieldErrors(BTreeMap<String, String>, usize);

impl FieldErrors {
    /// Records a problem with `field` (the first problem per field wins).
    pub fn add(&mut self, field: impl Into<String>, problem: impl Into<String>) {
        let field = field.into();
        if self.0.len() >= MAX_FIELD_ERRORS && !self.0.contains_key(&field) {
            self.1 += 1;
            return;
        }
        self.0.entry(field).or_insert_with(|| problem.into());
    }

    /// Records `problem` when `bad` holds.
    pub fn check(&mut self, bad: bool, field: &str, problem: &str) {
        if bad {
            self.add(field, problem);
        }
    }

    /// `Ok(())` when nothing was recorded, otherwise the combined error.
    pub fn finish(self) -> Result<(), DomainError> {
        let FieldErrors(mut fields, more) = self;
        if more > 0 {
            fields.insert(MORE_FIELD_ERRORS.into(), format!("{more} more problems not listed"));
        }
        if fields.is_empty() { Ok(()) } else { Err(DomainError::fields(fields)) }
    }
}
