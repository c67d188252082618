//! The answers of an event as a spreadsheet (`GET /events/{id}/answers.csv`): one row per
//! participant in the order they joined, one column per slot (headed by its local start and end
//! in the event's zone) and one per place (headed by its name).

use super::answer::Answer;
use super::csv::CsvWriter;
use super::event::{EventState, Language, Slot};
use jiff::tz::TimeZone;
use std::collections::BTreeMap;

/// A slot's header: `2026-12-04 18:00–21:00` in `tz`, with the end's date too when it ends on
/// another day.
fn slot_header(slot: &Slot, tz: &TimeZone) -> String {
    let (start, end) = (slot.start.to_zoned(tz.clone()), slot.end.to_zoned(tz.clone()));
    let end_format = if start.date() == end.date() { "%H:%M" } else { "%Y-%m-%d %H:%M" };
    format!("{}–{}", start.strftime("%Y-%m-%d %H:%M"), end.strftime(end_format))
}

fn cell(answers: &BTreeMap<String, Answer>, id: &str) -> &'static str {
    match answers.get(id) {
        Some(Answer::Yes) => "yes",
        Some(Answer::Maybe) => "maybe",
        Some(Answer::No) => "no",
        None => "",
    }
}

/// The whole file, byte order mark first.
pub fn answers_csv(event: &EventState) -> String {
    let meta = &event.meta;
    let tz = TimeZone::get(&meta.timezone).unwrap_or(TimeZone::UTC);
    let who = match meta.language {
        Some(Language::Ru) => "Участник",
        _ => "Participant",
    };
    let mut csv = CsvWriter::new();
    let slots = meta.slots.iter().map(|s| slot_header(s, &tz));
    let places = meta.places.iter().map(|p| p.name.clone());
    csv.row(std::iter::once(who.to_string()).chain(slots).chain(places));
    for person in &event.participants {
        let mut cells = Vec::with_capacity(1 + meta.slots.len() + meta.places.len());
        cells.push(person.name.as_str());
        cells.extend(meta.slots.iter().map(|s| cell(&person.answers.slots, &s.id)));
        cells.extend(meta.places.iter().map(|p| cell(&person.answers.places, &p.id)));
        csv.row(cells);
    }
    csv.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::{Participant, Slot};
    use crate::persistence::contract::sample_event;
    use jiff::Timestamp;

    fn person(name: &str, joined: i64, slots: &[(&str, Answer)], places: &[(&str, Answer)]) -> Participant {
        let map = |cells: &[(&str, Answer)]| -> BTreeMap<String, Answer> {
            cells.iter().map(|(id, a)| (id.to_string(), *a)).collect()
        };
        Participant {
            id: name.into(),
            name: name.into(),
            user_id: None,
            token_hash: None,
            answers: crate::domain::answer::Answers { slots: map(slots), places: map(places) },
            joined_at: Timestamp::from_second(joined).unwrap(),
            updated_at: Timestamp::UNIX_EPOCH,
            version: 1,
        }
    }

    #[test]
    fn rows_per_participant_columns_per_slot_and_place_in_local_time() {
        let mut meta = sample_event("ev", "u1");
        meta.language = Some(Language::Ru);
        meta.slots.push(Slot {
            id: "s2".into(),
            start: "2026-12-04T20:00:00Z".parse().unwrap(),
            end: "2026-12-04T22:00:00Z".parse().unwrap(),
        });
        let people = vec![
            person("Аня", 1, &[("s1", Answer::Yes), ("s2", Answer::Maybe)], &[("p1", Answer::No)]),
            person("=cmd()", 2, &[], &[("p1", Answer::Yes)]),
        ];
        let event = EventState::assemble(meta, people, Vec::new());
        let text = answers_csv(&event);
        let lines: Vec<&str> = text.trim_start_matches(crate::domain::csv::BOM).split("\r\n").collect();
        // Moscow is UTC+3: 15:00Z is 18:00 there, and 22:00Z is already the next day.
        assert_eq!(lines[0], "Участник,2026-12-04 18:00–21:00,2026-12-04 23:00–2026-12-05 01:00,Bar Pivovar");
        assert_eq!(lines[1], "Аня,yes,maybe,no");
        assert_eq!(lines[2], "'=cmd(),,,yes");
        assert_eq!(lines[3], "", "the file ends with a line break");
        assert_eq!(lines.len(), 4);
    }
}
