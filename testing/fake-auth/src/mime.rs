//! Just enough MIME to read back what a mailer sent: headers (unfolded, RFC 2047 encoded words),
//! nested multiparts, and base64 or quoted-printable bodies.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// What a test wants from a message.
#[derive(Debug, Default, PartialEq)]
pub struct Parsed {
    /// The decoded subject.
    pub subject: String,
    /// The first `text/plain` part.
    pub text: String,
    /// The first `text/html` part.
    pub html: String,
}

/// Reads a raw message.
pub fn parse(raw: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let (headers, _) = split(raw);
    parsed.subject = header(&headers, "subject").map(|s| decode_words(&s)).unwrap_or_default();
    walk(raw, &mut parsed, 0);
    parsed
}

fn walk(entity: &str, parsed: &mut Parsed, depth: usize) {
    let (headers, body) = split(entity);
    let content_type = header(&headers, "content-type").unwrap_or_else(|| "text/plain".into());
    let lower = content_type.to_ascii_lowercase();
    if lower.starts_with("multipart/") && depth < 8 {
        let Some(boundary) = parameter(&content_type, "boundary") else { return };
        let delimiter = format!("--{boundary}");
        for part in body.split(delimiter.as_str()).skip(1) {
            if part.starts_with("--") {
                break;
            }
            walk(part.trim_start_matches(['\r', '\n']), parsed, depth + 1);
        }
        return;
    }
    let encoding = header(&headers, "content-transfer-encoding").unwrap_or_default().to_ascii_lowercase();
    let bytes = match encoding.trim() {
        "base64" => {
            STANDARD.decode(body.chars().filter(|c| !c.is_whitespace()).collect::<String>()).unwrap_or_default()
        }
        "quoted-printable" => quoted_printable(body),
        _ => body.as_bytes().to_vec(),
    };
    let text = String::from_utf8_lossy(&bytes).trim_end().to_string();
    if lower.starts_with("text/html") && parsed.html.is_empty() {
        parsed.html = text;
    } else if lower.starts_with("text/plain") && parsed.text.is_empty() {
        parsed.text = text;
    }
}

/// Unfolded `(name, value)` headers and the body.
fn split(entity: &str) -> (Vec<(String, String)>, &str) {
    let entity = entity.strip_prefix("\r\n").unwrap_or(entity);
    let (head, body) = entity.split_once("\r\n\r\n").unwrap_or((entity, ""));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    (headers, body)
}

fn header(headers: &[(String, String)], name: &str) -> Option<String> {
    headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
}

fn parameter(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (key, v) = p.trim().split_once('=')?;
        key.trim().eq_ignore_ascii_case(name).then(|| v.trim().trim_matches('"').to_string())
    })
}

fn quoted_printable(body: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if bytes[i + 1..].starts_with(b"\r\n") => i += 3,
            b'=' if bytes[i + 1..].starts_with(b"\n") => i += 2,
            b'=' if i + 2 < bytes.len() => {
                match u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16) {
                    Ok(byte) => {
                        out.push(byte);
                        i += 3;
                    }
                    Err(_) => {
                        out.push(b'=');
                        i += 1;
                    }
                }
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

/// Decodes `=?charset?B|Q?text?=` words (UTF-8 assumed), leaving other text as it is.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut after_word = false;
    while let Some(start) = rest.find("=?") {
        let (before, word) = rest.split_at(start);
        // Whitespace between two encoded words is not part of the text.
        if !(after_word && before.trim().is_empty()) {
            out.push_str(before);
        }
        let mut pieces = word[2..].splitn(3, '?');
        let (Some(_charset), Some(kind), Some(tail)) = (pieces.next(), pieces.next(), pieces.next()) else {
            out.push_str(word);
            return out;
        };
        let Some(end) = tail.find("?=") else {
            out.push_str(word);
            return out;
        };
        let text = &tail[..end];
        let bytes = if kind.eq_ignore_ascii_case("b") {
            STANDARD.decode(text).unwrap_or_default()
        } else {
            quoted_printable(&text.replace('_', " "))
        };
        out.push_str(&String::from_utf8_lossy(&bytes));
        after_word = true;
        rest = &tail[end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_multipart_alternative_mail() {
        let raw = "Subject: =?utf-8?b?0J/RgNC+0YHRgg==?= =?utf-8?b?IQ==?=\r\nContent-Type: multipart/alternative; boundary=\"XX\"\r\n\r\n--XX\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nhttp://x/verify?token=3Dabc=\r\ndef\r\n--XX\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nPGI+aGk8L2I+\r\n--XX--\r\n";
        let parsed = parse(raw);
        assert_eq!(parsed.subject, "Прост!");
        assert_eq!(parsed.text, "http://x/verify?token=abcdef");
        assert_eq!(parsed.html, "<b>hi</b>");
    }
}
