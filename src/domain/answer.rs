//! A participant's answer to one slot or place.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// How a participant feels about one candidate slot or place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    /// Count me in.
    Yes,
    /// "If need be": worth half a yes in the score.
    Maybe,
    /// Not this one.
    No,
}

/// A participant's whole answer sheet: slot id → answer, place id → answer. A missing key means
/// "no answer yet".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Answers {
    /// Answers to time slots, by slot id.
    #[serde(default)]
    pub slots: BTreeMap<String, Answer>,
    /// Answers to places, by place id.
    #[serde(default)]
    pub places: BTreeMap<String, Answer>,
}

/// A partial change to an answer sheet, as painted on the grid: `None` clears a cell.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AnswerCells {
    /// Slot id → new answer, or `null` to clear it.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub slots: BTreeMap<String, Option<Answer>>,
    /// Place id → new answer, or `null` to clear it.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub places: BTreeMap<String, Option<Answer>>,
}

impl AnswerCells {
    /// True when the change touches no cell at all.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty() && self.places.is_empty()
    }
}

impl From<&Answers> for AnswerCells {
    fn from(sheet: &Answers) -> Self {
        let set = |m: &BTreeMap<String, Answer>| m.iter().map(|(k, v)| (k.clone(), Some(*v))).collect();
        AnswerCells { slots: set(&sheet.slots), places: set(&sheet.places) }
    }
}

impl Answers {
    /// Applies a partial change and returns only the cells whose value really changed, so a
    /// diff never carries a cell that every watcher already has.
    pub fn apply(&mut self, cells: &AnswerCells) -> AnswerCells {
        AnswerCells {
            slots: apply_cells(&mut self.slots, &cells.slots),
            places: apply_cells(&mut self.places, &cells.places),
        }
    }

    /// The cells that turn `self` into `next` (a whole-sheet replacement as a partial change).
    pub fn cells_to(&self, next: &Answers) -> AnswerCells {
        AnswerCells {
            slots: cells_between(&self.slots, &next.slots),
            places: cells_between(&self.places, &next.places),
        }
    }

    /// Forgets answers to slots and places that no longer exist.
    pub fn retain(&mut self, slot_exists: impl Fn(&str) -> bool, place_exists: impl Fn(&str) -> bool) {
        self.slots.retain(|id, _| slot_exists(id));
        self.places.retain(|id, _| place_exists(id));
    }
}

fn apply_cells(
    sheet: &mut BTreeMap<String, Answer>,
    cells: &BTreeMap<String, Option<Answer>>,
) -> BTreeMap<String, Option<Answer>> {
    let mut changed = BTreeMap::new();
    for (id, value) in cells {
        let before = sheet.get(id).copied();
        if before == *value {
            continue;
        }
        match value {
            Some(answer) => sheet.insert(id.clone(), *answer),
            None => sheet.remove(id),
        };
        changed.insert(id.clone(), *value);
    }
    changed
}

fn cells_between(old: &BTreeMap<String, Answer>, new: &BTreeMap<String, Answer>) -> BTreeMap<String, Option<Answer>> {
    let mut cells = BTreeMap::new();
    for (id, answer) in new {
        if old.get(id) != Some(answer) {
            cells.insert(id.clone(), Some(*answer));
        }
    }
    for id in old.keys() {
        if !new.contains_key(id) {
            cells.insert(id.clone(), None);
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(slots: &[(&str, Option<Answer>)]) -> AnswerCells {
        AnswerCells { slots: slots.iter().map(|(k, v)| (k.to_string(), *v)).collect(), places: BTreeMap::new() }
    }

    #[test]
    fn apply_reports_only_real_changes() {
        let mut sheet = Answers::default();
        sheet.slots.insert("s1".into(), Answer::Yes);
        let changed = sheet.apply(&cells(&[("s1", Some(Answer::Yes)), ("s2", Some(Answer::Maybe)), ("s3", None)]));
        assert_eq!(changed, cells(&[("s2", Some(Answer::Maybe))]));
        assert_eq!(sheet.slots.get("s2"), Some(&Answer::Maybe));
    }

    #[test]
    fn null_clears_a_cell() {
        let mut sheet = Answers::default();
        sheet.slots.insert("s1".into(), Answer::No);
        let changed = sheet.apply(&cells(&[("s1", None)]));
        assert_eq!(changed, cells(&[("s1", None)]));
        assert!(sheet.slots.is_empty());
    }

    #[test]
    fn cells_to_describes_a_replacement() {
        let mut old = Answers::default();
        old.slots.insert("s1".into(), Answer::Yes);
        old.slots.insert("s2".into(), Answer::No);
        let mut new = Answers::default();
        new.slots.insert("s2".into(), Answer::No);
        new.slots.insert("s3".into(), Answer::Maybe);
        let diff = old.cells_to(&new);
        assert_eq!(diff, cells(&[("s1", None), ("s3", Some(Answer::Maybe))]));
        let mut replayed = old.clone();
        replayed.apply(&diff);
        assert_eq!(replayed, new);
    }
}
