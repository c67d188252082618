//! What a shared link says before anyone opens it: the title and a one-line description of an
//! event (its dates or final time, and its places) for Open Graph and Twitter cards, in Russian
//! or English.

use super::event::{Language, Status};
use super::view::EventView;
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// How many place names a description lists before "+N".
const PLACES_SHOWN: usize = 3;
/// Longest description, in characters: previews cut longer ones anyway, mid-word.
const MAX_DESCRIPTION: usize = 200;

/// The text of a link preview.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    /// The language it is written in.
    pub language: Language,
    /// The event's title.
    pub title: String,
    /// When and where, in one line.
    pub description: String,
}

/// Which language to write in: the event's own when known, else the reader's preference from
/// `Accept-Language` (the first of `ru`/`en` they list), else Russian for a Cyrillic title.
pub fn language_for(event: &EventView, accept_language: Option<&str>) -> Language {
    if let Some(language) = event.language {
        return language;
    }
    let listed = accept_language.into_iter().flat_map(|v| v.split(',')).filter_map(|item| {
        let (tag, quality) = item.split_once(";q=").unwrap_or((item, "1"));
        let quality: f32 = quality.trim().parse().unwrap_or(0.0);
        let primary = tag.trim().split('-').next().unwrap_or_default().to_ascii_lowercase();
        let language = match primary.as_str() {
            "ru" => Language::Ru,
            "en" => Language::En,
            _ => return None,
        };
        (quality > 0.0).then_some((quality, language))
    });
    // The highest quality wins; on a tie the one listed first.
    let best = listed.fold(None::<(f32, Language)>, |best, (q, l)| match best {
        Some((bq, _)) if bq >= q => best,
        _ => Some((q, l)),
    });
    match best {
        Some((_, language)) => language,
        None if event.title.chars().any(|c| matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё')) => Language::Ru,
        None => Language::En,
    }
}

const RU_DAYS: [&str; 7] = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"];
const RU_MONTHS: [&str; 12] =
    ["янв.", "февр.", "марта", "апр.", "мая", "июня", "июля", "авг.", "сент.", "окт.", "нояб.", "дек."];

/// "Fri 4 Dec" / "пт, 4 дек." in the event's zone.
fn day(at: Timestamp, tz: &TimeZone, language: Language) -> String {
    let local = tz.to_datetime(at);
    match language {
        Language::En => local.strftime("%a %-d %b").to_string(),
        Language::Ru => {
            let weekday = RU_DAYS[local.weekday().to_monday_zero_offset() as usize];
            format!("{weekday}, {} {}", local.day(), RU_MONTHS[local.month() as usize - 1])
        }
    }
}

fn clock(at: Timestamp, tz: &TimeZone) -> String {
    tz.to_datetime(at).strftime("%H:%M").to_string()
}

/// The place names, the first few and then how many more.
fn places(names: &[&str], language: Language) -> Option<String> {
    let (shown, rest) = names.split_at(names.len().min(PLACES_SHOWN));
    let mut text = shown.join(", ");
    if !rest.is_empty() {
        text.push_str(&match language {
            Language::En => format!(" and {} more", rest.len()),
            Language::Ru => format!(" и ещё {}", rest.len()),
        });
    }
    (!text.is_empty()).then_some(text)
}

fn cut(text: String) -> String {
    if text.chars().count() <= MAX_DESCRIPTION {
        return text;
    }
    let mut short: String = text.chars().take(MAX_DESCRIPTION - 1).collect();
    short.push('…');
    short
}

/// The preview of `event` in `language`.
pub fn preview(event: &EventView, language: Language) -> Preview {
    let tz = TimeZone::get(&event.timezone).unwrap_or(TimeZone::UTC);
    let zone = &event.timezone;
    let description = match (&event.final_plan, event.status) {
        (Some(plan), Status::Finalized) => {
            let when =
                format!("{}, {}–{}", day(plan.start, &tz, language), clock(plan.start, &tz), clock(plan.end, &tz));
            match (language, &plan.place) {
                (Language::En, Some(place)) => format!("It's settled: {when} ({zone}) at {}.", place.name),
                (Language::En, None) => format!("It's settled: {when} ({zone})."),
                (Language::Ru, Some(place)) => format!("Решено: {when} ({zone}), {}.", place.name),
                (Language::Ru, None) => format!("Решено: {when} ({zone})."),
            }
        }
        _ => {
            let first = event.slots.iter().map(|s| s.start).min();
            let last = event.slots.iter().map(|s| s.start).max();
            let dates = match (first, last) {
                (Some(a), Some(b)) if day(a, &tz, language) == day(b, &tz, language) => day(a, &tz, language),
                (Some(a), Some(b)) => format!("{} – {}", day(a, &tz, language), day(b, &tz, language)),
                _ => String::new(),
            };
            let names: Vec<&str> = event.places.iter().map(|p| p.name.as_str()).collect();
            // Russian month abbreviations end in a dot already.
            let stop = if dates.ends_with('.') { "" } else { "." };
            let mut text = match language {
                Language::En => format!("Pick the time and the place: {dates}{stop}"),
                Language::Ru => format!("Выбираем время и место: {dates}{stop}"),
            };
            if let Some(list) = places(&names, language) {
                text.push_str(&match language {
                    Language::En => format!(" Places: {list}."),
                    Language::Ru => format!(" Места: {list}."),
                });
            }
            text
        }
    };
    Preview { language, title: event.title.clone(), description: cut(description) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::{EventState, FinalPlan, Place};
    use crate::persistence::contract::sample_event;

    fn view(title: &str) -> EventView {
        let mut meta = sample_event("ev", "u1");
        meta.title = title.into();
        meta.timezone = "Europe/Moscow".into();
        EventView::of(&EventState::assemble(meta, Vec::new(), Vec::new()))
    }

    #[test]
    fn the_event_language_wins_then_the_reader_then_the_script() {
        let mut event = view("Friday pints");
        assert_eq!(language_for(&event, Some("ru-RU,ru;q=0.9,en;q=0.8")), Language::Ru);
        assert_eq!(language_for(&event, Some("de-DE, en;q=0.5, ru;q=0.4")), Language::En);
        assert_eq!(language_for(&event, Some("en;q=0.2, ru;q=0.9")), Language::Ru, "quality, not order");
        assert_eq!(language_for(&event, Some("ru;q=0, fr")), Language::En);
        assert_eq!(language_for(&view("Пятничное пиво"), None), Language::Ru);
        assert_eq!(language_for(&event, None), Language::En);
        event.language = Some(Language::Ru);
        assert_eq!(language_for(&event, Some("en")), Language::Ru);
    }

    #[test]
    fn open_events_say_their_dates_and_places() {
        let event = view("Friday pints");
        let en = preview(&event, Language::En);
        assert_eq!(en.title, "Friday pints");
        let first = day(event.slots[0].start, &TimeZone::get("Europe/Moscow").unwrap(), Language::En);
        assert!(en.description.starts_with(&format!("Pick the time and the place: {first}")), "{}", en.description);
        let names: Vec<&str> = event.places.iter().map(|p| p.name.as_str()).collect();
        assert!(en.description.contains(&format!("Places: {}", names.join(", "))), "{}", en.description);
        let ru = preview(&event, Language::Ru);
        assert!(ru.description.starts_with("Выбираем время и место: пт, 4 дек. Места: "), "{}", ru.description);
        assert!(ru.description.contains("Места: "), "{}", ru.description);
    }

    #[test]
    fn a_final_plan_says_when_and_where_in_the_event_zone() {
        let mut event = view("Пятничное пиво");
        let place = Place {
            id: "p1".into(),
            name: "Пивовар".into(),
            address: None,
            map_url: None,
            lat: None,
            lng: None,
            suggested_by: None,
        };
        event.status = Status::Finalized;
        event.final_plan = Some(FinalPlan {
            slot_id: "s1".into(),
            slot_ids: vec!["s1".into(), "s2".into()],
            place_id: Some("p1".into()),
            start: "2026-12-04T15:00:00Z".parse().unwrap(),
            end: "2026-12-04T18:30:00Z".parse().unwrap(),
            place: Some(place),
        });
        assert_eq!(
            preview(&event, Language::Ru).description,
            "Решено: пт, 4 дек., 18:00–21:30 (Europe/Moscow), Пивовар."
        );
        assert_eq!(
            preview(&event, Language::En).description,
            "It's settled: Fri 4 Dec, 18:00–21:30 (Europe/Moscow) at Пивовар."
        );
    }

    #[test]
    fn long_place_lists_are_shortened() {
        assert_eq!(places(&["A", "B", "C", "D", "E"], Language::En).unwrap(), "A, B, C and 2 more");
        assert_eq!(places(&["A", "B", "C", "D"], Language::Ru).unwrap(), "A, B, C и ещё 1");
        assert_eq!(places(&[], Language::Ru), None);
        assert_eq!(cut("я".repeat(500)).chars().count(), MAX_DESCRIPTION);
    }
}
