//! `GET /events/{id}/answers.csv`: the organiser takes the answers to a spreadsheet (see
//! `domain::sheet`).

use super::error::{ApiResult, ErrorBody};
use super::events::organised_event;
use super::extract::PathId;
use super::state::AppState;
use crate::domain::command::Caller;
use crate::domain::sheet::answers_csv;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// Most characters of the title that go into the file name.
const NAME_CHARS: usize = 80;

/// `text` percent-encoded for a `filename*=UTF-8''…` parameter (RFC 8187): letters, digits and
/// `-._~` stay, every other byte is `%XX`.
fn ext_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `attachment` named `prost-<id>.csv` for every client, and after the title for those that
/// read `filename*`.
fn disposition(id: &str, title: &str) -> Option<HeaderValue> {
    let title: String = title.chars().take(NAME_CHARS).collect();
    HeaderValue::from_str(&format!(
        "attachment; filename=\"prost-{id}.csv\"; filename*=UTF-8''{}.csv",
        ext_value(&title)
    ))
    .ok()
}

/// The answers as a spreadsheet (organiser only).
///
/// UTF-8 with a byte order mark, so spreadsheet programs read Cyrillic: one row per participant,
/// one column per slot (headed by its start and end in the event's time zone) and one per place
/// (headed by its name); cells are `yes`, `maybe`, `no` or empty. Cells that would start a
/// formula (`=`, `+`, `-`, `@`) begin with `'`.
#[utoipa::path(get, path = "/api/v1/events/{id}/answers.csv", tag = "events",
    security(("bearer" = []), ("organizerToken" = [])), params(("id" = String, Path, description = "Event id")),
    responses((status = 200, content_type = "text/csv", body = String, description = "The answers as CSV"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 429, body = ErrorBody)))]
pub async fn answers(State(state): State<AppState>, caller: Caller, PathId(id): PathId) -> ApiResult<Response> {
    let event = organised_event(&state, &caller, &id, "export the answers").await?;
    let mut response = answers_csv(&event).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    // Names and answers are for the organiser's eyes: no shared cache keeps them.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    if let Some(value) = disposition(&event.meta.id, &event.meta.title) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_survive_any_title() {
        let value = disposition("abc", "Пиво, \"друзья\"; 100%").unwrap();
        let text = value.to_str().unwrap();
        assert!(text.starts_with("attachment; filename=\"prost-abc.csv\"; filename*=UTF-8''%D0%9F"), "{text}");
        assert!(text.ends_with("%3B%20100%25.csv"), "{text}");
        assert_eq!(text.matches(' ').count(), 2, "only the separators' spaces: {text}");
        assert_eq!(ext_value("a-b_c.d~e"), "a-b_c.d~e");
    }
}
