//! The RFC 5545 calendar file for a finalized plan, so people can add the meetup to any calendar.
//!
//! Written by hand: one event needs only a dozen properties, and the two rules calendar apps are
//! strict about (TEXT escaping and 75-octet line folding) are easy to test here directly.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::maplink::LatLng;

/// What the calendar file says about the meetup: the final time and place.
#[derive(Debug, Clone, PartialEq)]
pub struct IcsEvent<'a> {
    /// Stable across downloads, so re-importing updates the calendar entry instead of duplicating it.
    pub uid: &'a str,
    /// The event title, shown as the entry's name.
    pub title: &'a str,
    /// The event description, if the organizer wrote one.
    pub description: Option<&'a str>,
    /// When the final slot starts.
    pub start: Timestamp,
    /// When the final slot ends.
    pub end: Timestamp,
    /// When this version of the plan was made; calendars use it to pick the newer copy.
    pub stamp: Timestamp,
    /// The final place's name and address, as people should read it.
    pub location: Option<&'a str>,
    /// The final place's coordinates, so calendar apps can show a map.
    pub geo: Option<LatLng>,
    /// A link back to the event page.
    pub url: Option<&'a str>,
}

/// The whole `.ics` file: one VCALENDAR holding one VEVENT, CRLF line endings, lines folded.
pub fn calendar(event: &IcsEvent) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Prost//Prost//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", escape_text(event.uid)),
        format!("DTSTAMP:{}", utc(event.stamp)),
        format!("DTSTART:{}", utc(event.start)),
        format!("DTEND:{}", utc(event.end)),
        format!("SUMMARY:{}", escape_text(event.title)),
    ];
    if let Some(description) = event.description {
        lines.push(format!("DESCRIPTION:{}", escape_text(description)));
    }
    if let Some(location) = event.location {
        lines.push(format!("LOCATION:{}", escape_text(location)));
    }
    if let Some(geo) = event.geo {
        lines.push(format!("GEO:{};{}", geo.lat, geo.lng));
    }
    if let Some(url) = event.url {
        // URI values are not TEXT, so they are not escaped; a line break would start a new
        // property, though, so control characters are dropped.
        lines.push(format!("URL:{}", url.chars().filter(|c| !c.is_control()).collect::<String>()));
    }
    lines.extend(["END:VEVENT".to_owned(), "END:VCALENDAR".to_owned()]);
    let mut out = String::new();
    for line in &lines {
        push_folded(line, &mut out);
    }
    out
}

/// UTC in the basic format, `20261204T150000Z`, which every calendar reads without a VTIMEZONE.
fn utc(at: Timestamp) -> String {
    let t = TimeZone::UTC.to_datetime(at);
    let (date, time) = (t.date(), t.time());
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        date.year(),
        date.month(),
        date.day(),
        time.hour(),
        time.minute(),
        time.second()
    )
}

/// TEXT escaping (RFC 5545 §3.3.11). Other control characters are not allowed in TEXT at all, so
/// they are dropped, and CRLF or a lone CR becomes a newline like LF.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' if chars.peek() != Some(&'\n') => out.push_str("\\n"),
            c if c.is_ascii_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line folded at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character;
/// the space that starts each continuation line counts toward its 75.
fn push_folded(line: &str, out: &mut String) {
    const MAX_OCTETS: usize = 75;
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > MAX_OCTETS {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn event<'a>(title: &'a str, description: Option<&'a str>) -> IcsEvent<'a> {
        let at = |s: &str| s.parse::<Timestamp>().expect("valid timestamp");
        IcsEvent {
            uid: "k3J9xQ2pLm@prost",
            title,
            description,
            start: at("2026-12-04T15:00:00Z"),
            end: at("2026-12-04T18:00:00Z"),
            stamp: at("2026-11-30T09:05:07Z"),
            location: Some("Bar Pivovar, Tverskaya 1"),
            geo: LatLng::new(55.7, 37.6),
            url: Some("https://prost.example/e/k3J9xQ2pLm"),
        }
    }

    /// Undoes folding and TEXT escaping, the way a calendar app reads the file.
    fn read_property(ics: &str, name: &str) -> Option<String> {
        let unfolded = ics.replace("\r\n ", "");
        let value = unfolded.split("\r\n").find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))?;
        let mut out = String::new();
        let mut chars = value.chars();
        while let Some(c) = chars.next() {
            match (c, c == '\\') {
                (_, true) => out.push(match chars.next()? {
                    'n' | 'N' => '\n',
                    other => other,
                }),
                (c, false) => out.push(c),
            }
        }
        Some(out)
    }

    fn assert_well_formed(ics: &str) {
        assert!(ics.ends_with("\r\n"));
        assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count(), "bare LF in {ics:?}");
        assert_eq!(ics.matches('\r').count(), ics.matches("\r\n").count(), "bare CR in {ics:?}");
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        }
    }

    #[test]
    fn writes_the_whole_calendar() {
        let ics = calendar(&event("Friday pints", Some("Bring; friends, \\ snacks\nand cash")));
        let expected = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Prost//Prost//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            "UID:k3J9xQ2pLm@prost",
            "DTSTAMP:20261130T090507Z",
            "DTSTART:20261204T150000Z",
            "DTEND:20261204T180000Z",
            "SUMMARY:Friday pints",
            r"DESCRIPTION:Bring\; friends\, \\ snacks\nand cash",
            r"LOCATION:Bar Pivovar\, Tverskaya 1",
            "GEO:55.7;37.6",
            "URL:https://prost.example/e/k3J9xQ2pLm",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ];
        assert_eq!(ics, expected.join("\r\n"));
    }

    #[test]
    fn leaves_out_missing_fields_and_cannot_be_injected_into() {
        let plain = IcsEvent { location: None, geo: None, url: None, ..event("Pints", None) };
        let ics = calendar(&plain);
        for name in ["DESCRIPTION", "LOCATION", "GEO", "URL"] {
            assert!(!ics.contains(&format!("\r\n{name}")), "{name} in {ics}");
        }
        let hostile =
            calendar(&IcsEvent { url: Some("https://x.example/\r\nATTACH:evil"), ..event("a\r\nb\rc\u{7}d", None) });
        assert_well_formed(&hostile);
        assert!(!hostile.contains("\r\nATTACH"));
        assert_eq!(read_property(&hostile, "SUMMARY").as_deref(), Some("a\nb\ncd"));
    }

    #[test]
    fn folds_long_cyrillic_and_emoji_lines_between_characters() {
        let title = "Пятничное пиво 🍺 в баре «Пивовар» на Тверской — приходите все, 🎉 будет весело! ".repeat(3);
        let ics = calendar(&event(&title, None));
        assert_well_formed(&ics);
        assert!(ics.split("\r\n").filter(|line| line.starts_with(' ')).count() >= 4);
        assert_eq!(read_property(&ics, "SUMMARY"), Some(title));
    }

    proptest! {
        #[test]
        fn text_round_trips_through_escaping_and_folding(
            text in prop_oneof![
                "[a-zа-яё ,;\\\\\n\t]{0,200}",
                "[😀-🙏🍺а-я,;\\\\\n]{0,120}",
                "[^\\x00-\\x08\\x0B-\\x1F\\x7F]{0,200}",
            ],
        ) {
            let ics = calendar(&event(&text, Some(&text)));
            assert_well_formed(&ics);
            prop_assert_eq!(read_property(&ics, "SUMMARY"), Some(text.clone()));
            prop_assert_eq!(read_property(&ics, "DESCRIPTION"), Some(text));
        }
    }
}
