//! Link previews: `/e/{id}` is the app's `index.html` with the event's title, dates and places
//! in Open Graph and Twitter meta tags, so Telegram, WhatsApp and friends say what a shared link
//! is without running any JavaScript.
//!
//! The page differs per event, per version and per language, so it is never answered from the
//! generic file's `Last-Modified`; its `ETag` names all three (and the build of `index.html`).

use crate::auth::token_hash;
use crate::domain::event::Language;
use crate::domain::preview::{Preview, language_for, preview};
use crate::domain::view::EventView;
use crate::persistence::SharedStore;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::path::Path;
use std::sync::Arc;

/// What the previews need: where events are, and the site's public address for `og:url`.
#[derive(Clone)]
pub struct Previews {
    /// The events.
    pub store: SharedStore,
    /// `PROST_PUBLIC_URL`, without a trailing slash.
    pub public_url: Arc<str>,
}

/// The event id of a share-link path (`/e/{id}`, with or without a trailing slash).
pub fn event_id_of(path: &str) -> Option<&str> {
    let id = path.strip_prefix("/e/")?.trim_end_matches('/');
    crate::domain::ids::looks_like_id(id).then_some(id)
}

/// Escapes text for an HTML attribute or element body; control characters become spaces, so
/// nothing in a title can break the page's lines.
fn escape(text: &str) -> String {
    let spaced: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    crate::domain::html::escape(&spaced)
}

/// Whether a `<meta …>` tag is one a preview replaces: the description, `og:*`, `twitter:*`.
fn is_preview_meta(tag: &str) -> bool {
    let lower = tag.to_ascii_lowercase();
    ["name=\"description\"", "property=\"og:", "name=\"twitter:", "property=\"twitter:"]
        .iter()
        .any(|m| lower.contains(m))
}

/// Where the next `<title` or `<meta` starts (ASCII lower-casing keeps byte offsets).
fn next_tag(text: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    [lower.find("<title"), lower.find("<meta")].into_iter().flatten().min()
}

/// `index` without its `<title>` and preview meta tags, so the event's own can go in.
fn strip_generic(index: &str) -> String {
    let mut out = String::with_capacity(index.len());
    let mut rest = index;
    while let Some(at) = next_tag(rest) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let tag_end = tail.find('>').map_or(tail.len(), |e| e + 1);
        if tail.get(..6).is_some_and(|start| start.eq_ignore_ascii_case("<title")) {
            // The whole element goes; an unclosed one is left as it is.
            match tail.to_ascii_lowercase().find("</title>") {
                Some(end) => rest = &tail[end + "</title>".len()..],
                None => {
                    out.push_str(tail);
                    rest = "";
                }
            }
        } else {
            if !is_preview_meta(&tail[..tag_end]) {
                out.push_str(&tail[..tag_end]);
            }
            rest = &tail[tag_end..];
        }
    }
    out.push_str(rest);
    out
}

/// The meta tags for one event.
fn tags(preview: &Preview, url: &str) -> String {
    let (title, description, url) = (escape(&preview.title), escape(&preview.description), escape(url));
    let locale = match preview.language {
        Language::Ru => "ru_RU",
        Language::En => "en_GB",
    };
    format!(
        "<title>{title} · Prost</title>\n\
         <meta name=\"description\" content=\"{description}\">\n\
         <meta property=\"og:type\" content=\"website\">\n\
         <meta property=\"og:site_name\" content=\"Prost\">\n\
         <meta property=\"og:locale\" content=\"{locale}\">\n\
         <meta property=\"og:url\" content=\"{url}\">\n\
         <meta property=\"og:title\" content=\"{title}\">\n\
         <meta property=\"og:description\" content=\"{description}\">\n\
         <meta name=\"twitter:card\" content=\"summary\">\n\
         <meta name=\"twitter:title\" content=\"{title}\">\n\
         <meta name=\"twitter:description\" content=\"{description}\">\n"
    )
}

/// `index` with the event's tags in its head and its language on `<html>`.
pub fn render(index: &str, preview: &Preview, url: &str) -> String {
    let mut page = strip_generic(index);
    let lang = match preview.language {
        Language::Ru => "ru",
        Language::En => "en",
    };
    if let Some(at) = page.to_ascii_lowercase().find("<html") {
        let end = page[at..].find('>').map_or(at + 5, |e| at + e);
        let tag = &page[at..end];
        let without_lang = match tag.to_ascii_lowercase().find(" lang=") {
            Some(l) => {
                let after = &tag[l + 6..];
                let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'');
                let skip = quote.and_then(|q| after[1..].find(q).map(|e| e + 2)).unwrap_or(0);
                format!("{}{}", &tag[..l], &after[skip..])
            }
            None => tag.to_string(),
        };
        page.replace_range(at..end, &format!("{without_lang} lang=\"{lang}\""));
    }
    let head_end = page.to_ascii_lowercase().find("</head>").unwrap_or(0);
    page.insert_str(head_end, &tags(preview, url));
    page
}

impl Previews {
    /// The preview page of `event_id`, or `None` when there is no such event (or the store does
    /// not answer), so the caller serves the app as before.
    pub async fn page(&self, root: &Path, event_id: &str, method: &Method, headers: &HeaderMap) -> Option<Response> {
        let state = match self.store.load_event(event_id).await {
            Ok(Some(state)) => state,
            Ok(None) => return None,
            Err(error) => {
                tracing::warn!(%error, event_id, "link preview without the event: store unavailable");
                return None;
            }
        };
        let index = tokio::fs::read_to_string(root.join("index.html")).await.ok()?;
        let event = EventView::of(&state);
        let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        let text = preview(&event, language_for(&event, accept));
        let build = &token_hash(&index)[..12];
        let etag = format!("W/\"{event_id}.{}.{}.{build}\"", event.version, lang_code(text.language));
        let mut response = if if_none_match(headers, &etag) {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            let page = render(&index, &text, &format!("{}/e/{event_id}", self.public_url));
            let mut ok = if method == Method::HEAD { ().into_response() } else { page.into_response() };
            ok.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
            ok
        };
        let out = response.headers_mut();
        out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        out.insert(header::VARY, HeaderValue::from_static("Accept-Language, Accept-Encoding"));
        if let Ok(value) = HeaderValue::from_str(&etag) {
            out.insert(header::ETAG, value);
        }
        Some(response)
    }
}

fn lang_code(language: Language) -> &'static str {
    match language {
        Language::Ru => "ru",
        Language::En => "en",
    }
}

fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|candidate| candidate.trim() == etag || candidate.trim() == "*")
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
        <title>Prost</title><meta name=\"description\" content=\"Generic\">\
        <meta property=\"og:title\" content=\"Prost\"><meta name=\"viewport\" content=\"width=device-width\">\
        </head><body><div id=root></div></body></html>";

    fn sample(title: &str) -> Preview {
        Preview {
            language: Language::Ru, title: title.into(), description: "Выбираем время и место".into()
        }
    }

    #[test]
    fn the_event_replaces_the_generic_tags_escaped() {
        let page = render(INDEX, &sample("Pints <script>alert(\"x\")</script> & 'co'"), "https://prost.example/e/abc");
        assert!(!page.contains("Generic") && !page.contains("og:title\" content=\"Prost\""), "{page}");
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains(
            "<title>Pints &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39; · Prost</title>"
        ));
        assert!(page.contains("<meta property=\"og:description\" content=\"Выбираем время и место\">"));
        assert!(page.contains("<meta name=\"twitter:card\" content=\"summary\">"));
        assert!(page.contains("<meta property=\"og:url\" content=\"https://prost.example/e/abc\">"));
        assert!(page.contains("<meta charset=\"utf-8\">") && page.contains("name=\"viewport\""), "others stay");
        assert!(page.starts_with("<!doctype html><html lang=\"ru\"><head>"), "{page}");
        assert_eq!(page.matches("<title>").count(), 1);
        assert!(page.find("og:title").unwrap() < page.find("</head>").unwrap());
    }

    #[test]
    fn odd_index_files_still_get_tags() {
        let page = render("<html><body>app</body></html>", &sample("A"), "u");
        assert!(page.starts_with("<title>A · Prost</title>"), "no head: tags go first: {page}");
        assert!(page.contains("<html lang=\"ru\">"));
        let unclosed = render("<head><title>Prost", &sample("B"), "u");
        assert!(unclosed.contains("<title>B · Prost</title>"));
        for cut in ["<head><meta", "<head><metaé", "<head><title"] {
            assert!(render(cut, &sample("C"), "u").contains("<title>C · Prost</title>"), "{cut}");
        }
    }

    #[test]
    fn share_paths() {
        assert_eq!(event_id_of("/e/k3J9xQ2pLm"), Some("k3J9xQ2pLm"));
        assert_eq!(event_id_of("/e/k3J9xQ2pLm/"), Some("k3J9xQ2pLm"));
        assert_eq!(event_id_of("/e/"), None);
        assert_eq!(event_id_of("/e/a.b"), None);
        assert_eq!(event_id_of("/events"), None);
    }
}
