//! Plans: unit cases, a property test against a brute-force reading of the definition, and the
//! fixture the web client checks too.

use super::chains::chains;
use super::plans::{MAX_PLANS, RankedPlan, rank};
use crate::domain::answer::{Answer, Answers};
use crate::domain::event::*;
use crate::domain::grid::{self, GridSpec};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use proptest::prelude::*;
use serde::Deserialize;

// POSIX rules, so the property test does not depend on which tzdb version is bundled.
const BERLIN: &str = "CET-1CEST,M3.5.0,M10.5.0/3";
const NEW_YORK: &str = "EST5EDT,M3.2.0,M11.1.0";
const LORD_HOWE: &str = "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0";
const KATHMANDU: &str = "<+0545>-5:45";

fn at(text: &str) -> Timestamp {
    text.parse().expect("valid timestamp")
}

fn answer(code: char) -> Option<Answer> {
    match code {
        'y' => Some(Answer::Yes),
        'm' => Some(Answer::Maybe),
        'n' => Some(Answer::No),
        _ => None,
    }
}

/// An event state from slots, places and people, where a person's `slots` string holds one
/// answer letter per slot in slot order (`y`, `m`, `n`, `.` for none) and `places` one per place.
fn event(grid: Option<GridSpec>, slots: Vec<Slot>, places: usize, people: &[(&str, &str, &str)]) -> EventState {
    let ids: Vec<String> = slots.iter().map(|s| s.id.clone()).collect();
    let place_ids: Vec<String> = (1..=places).map(|i| format!("p{i}")).collect();
    let participants = people
        .iter()
        .enumerate()
        .map(|(n, (id, on_slots, on_places))| Participant {
            id: id.to_string(),
            name: id.to_string(),
            user_id: None,
            token_hash: None,
            answers: Answers {
                slots: ids.iter().zip(on_slots.chars()).filter_map(|(s, c)| Some((s.clone(), answer(c)?))).collect(),
                places: place_ids
                    .iter()
                    .zip(on_places.chars())
                    .filter_map(|(p, c)| Some((p.clone(), answer(c)?)))
                    .collect(),
            },
            joined_at: Timestamp::UNIX_EPOCH + jiff::SignedDuration::from_secs(n as i64),
            updated_at: Timestamp::UNIX_EPOCH,
            version: 1,
        })
        .collect();
    let place = |id: &String| Place {
        id: id.clone(),
        name: id.clone(),
        address: None,
        map_url: None,
        lat: None,
        lng: None,
        suggested_by: None,
    };
    let meta = EventMeta {
        id: "e".into(),
        title: "t".into(),
        description: None,
        timezone: "UTC".into(),
        visibility: Visibility::Link,
        status: Status::Open,
        organizer: Organizer::account("u".into(), "U".into()),
        organizer_token_hash: None,
        language: None,
        next_slot_seq: slots.len() as u32 + 1,
        slots,
        grid,
        places: place_ids.iter().map(place).collect(),
        settings: EventSettings::default(),
        final_plan: None,
        cards: Vec::new(),
        next_place_seq: places as u32 + 1,
        version: 1,
        created_at: Timestamp::UNIX_EPOCH,
        updated_at: Timestamp::UNIX_EPOCH,
    };
    EventState::assemble(meta, participants, Vec::new())
}

/// The slots of a grid, numbered `s1…` in time order, as event creation numbers them.
fn grid_slots(spec: &GridSpec, tz: &TimeZone) -> Vec<Slot> {
    let cells = grid::expand(spec, tz).expect("valid grid");
    cells.iter().enumerate().map(|(i, c)| Slot { id: format!("s{}", i + 1), start: c.start, end: c.end }).collect()
}

fn evening(dates: &str, from: &str, to: &str, step: u32) -> GridSpec {
    let dates = dates.split_whitespace().map(|d| d.parse().unwrap()).collect();
    GridSpec { dates, from: from.parse().ok(), to: to.parse().ok(), step_minutes: Some(step) }
}

/// (slot ids, place id, score, yes, maybe) of each plan.
type Summary = (Vec<String>, Option<String>, f64, Vec<String>, Vec<String>);

fn summary(plans: &[RankedPlan]) -> Vec<Summary> {
    plans.iter().map(|p| (p.slot_ids.clone(), p.place_id.clone(), p.score, p.yes.clone(), p.maybe.clone())).collect()
}

fn strs(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn neighbouring_cells_the_same_people_can_make_are_one_evening() {
    let tz = TimeZone::UTC;
    let grid = evening("2026-12-04", "18:00", "21:00", 30);
    let slots = grid_slots(&grid, &tz);
    // Five cells everyone can make, one that only Anya can: one plan, then Anya's long one.
    let state = event(Some(grid), slots, 0, &[("anya", "yyyyyy", ""), ("boris", "yyyyyn", "")]);
    let plans = rank(&state, &tz);
    assert_eq!(
        summary(&plans),
        vec![
            (strs(&["s1", "s2", "s3", "s4", "s5"]), None, 2.0, strs(&["anya", "boris"]), vec![]),
            (strs(&["s1", "s2", "s3", "s4", "s5", "s6"]), None, 1.0, strs(&["anya"]), vec![]),
        ]
    );
    assert_eq!((plans[0].start, plans[0].end), (at("2026-12-04T18:00:00Z"), at("2026-12-04T20:30:00Z")));
    assert_eq!(plans[0].yes_ids, plans[0].yes);
}

#[test]
fn maybe_counts_half_and_the_weakest_answer_decides() {
    let tz = TimeZone::UTC;
    let grid = evening("2026-12-04", "18:00", "20:00", 60);
    let state = event(Some(grid.clone()), grid_slots(&grid, &tz), 1, &[("anya", "ym", "y"), ("boris", "yy", "m")]);
    let plans = rank(&state, &tz);
    // s1+s2: Anya maybe (s2), Boris maybe (place) = 1.0; s1 alone: Anya yes, Boris maybe = 1.5;
    // s2 alone scores 1.0 like the longer run, which wins the tie.
    assert_eq!(
        summary(&plans),
        vec![
            (strs(&["s1"]), Some("p1".into()), 1.5, strs(&["anya"]), strs(&["boris"])),
            (strs(&["s1", "s2"]), Some("p1".into()), 1.0, vec![], strs(&["anya", "boris"])),
        ]
    );
}

#[test]
fn ties_go_to_the_longer_run_then_the_earlier_start_then_the_first_place() {
    let tz = TimeZone::UTC;
    let grid = evening("2026-12-04 2026-12-05", "18:00", "20:00", 60);
    let slots = grid_slots(&grid, &tz);
    // Friday: one hour each for two people; Saturday: both hours for one, one hour for another.
    let state = event(Some(grid), slots, 2, &[("anya", "y.yy", "yy"), ("boris", ".y.y", "yy")]);
    let order: Vec<(Vec<String>, Option<String>)> =
        rank(&state, &tz).into_iter().map(|p| (p.slot_ids, p.place_id)).collect();
    let plan = |slots: &[&str], place: &str| (strs(slots), Some(place.to_string()));
    assert_eq!(
        order,
        vec![
            plan(&["s4"], "p1"),
            plan(&["s4"], "p2"),
            plan(&["s3", "s4"], "p1"),
            plan(&["s3", "s4"], "p2"),
            plan(&["s1"], "p1"),
            plan(&["s1"], "p2"),
            plan(&["s2"], "p1"),
            plan(&["s2"], "p2"),
        ]
    );
}

#[test]
fn a_shorter_run_is_dropped_for_a_place_its_extra_people_refuse() {
    let tz = TimeZone::UTC;
    let grid = evening("2026-12-04", "18:00", "20:00", 60);
    // Boris can only do the first hour and will not go to p1: for p1 the first hour alone is
    // no better than the whole evening, so only the evening is listed; p2 keeps both.
    let state = event(Some(grid.clone()), grid_slots(&grid, &tz), 2, &[("anya", "yy", "yy"), ("boris", "y.", "ny")]);
    let found: Vec<(Vec<String>, Option<String>, f64)> =
        rank(&state, &tz).into_iter().map(|p| (p.slot_ids, p.place_id, p.score)).collect();
    assert_eq!(
        found,
        vec![
            (strs(&["s1"]), Some("p2".into()), 2.0),
            (strs(&["s1", "s2"]), Some("p1".into()), 1.0),
            (strs(&["s1", "s2"]), Some("p2".into()), 1.0),
        ]
    );
}

#[test]
fn explicit_options_are_one_slot_plans_even_when_they_touch() {
    let tz = TimeZone::UTC;
    let slots = vec![
        Slot { id: "s1".into(), start: at("2026-12-04T18:00:00Z"), end: at("2026-12-04T19:00:00Z") },
        Slot { id: "s2".into(), start: at("2026-12-04T19:00:00Z"), end: at("2026-12-04T20:00:00Z") },
    ];
    let state = event(None, slots, 0, &[("anya", "yy", ""), ("boris", "nn", "")]);
    let plans = summary(&rank(&state, &tz));
    assert_eq!(
        plans,
        vec![(strs(&["s1"]), None, 1.0, strs(&["anya"]), vec![]), (strs(&["s2"]), None, 1.0, strs(&["anya"]), vec![])]
    );
}

#[test]
fn nobody_answering_means_no_plans_and_at_most_ten_are_listed() {
    let tz = TimeZone::UTC;
    let grid = evening("2026-12-04", "00:00", "12:00", 60);
    let slots = grid_slots(&grid, &tz);
    assert!(rank(&event(Some(grid.clone()), slots.clone(), 0, &[("anya", "", "")]), &tz).is_empty());
    // Alternating yes/no makes twelve one-hour plans (six each): ten are listed, best first.
    let state = event(Some(grid), slots, 0, &[("anya", "ynynynynynyn", ""), ("boris", "nynynynynyny", "")]);
    let plans = rank(&state, &tz);
    assert_eq!(plans.len(), MAX_PLANS);
    let starts: Vec<Timestamp> = plans.iter().map(|p| p.start).collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "equal scores and lengths: earlier first");
}

#[test]
fn an_evening_across_the_autumn_dst_change_is_one_plan_of_its_real_length() {
    let tz = TimeZone::posix(BERLIN).unwrap();
    let grid = evening("2026-10-24", "22:00", "04:00", 60);
    let slots = grid_slots(&grid, &tz);
    assert_eq!(slots.len(), 7, "the clock goes back an hour that night");
    let state = event(Some(grid), slots, 0, &[("anya", "yyyyyyy", "")]);
    let plans = rank(&state, &tz);
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].slot_ids.len(), 7);
    assert_eq!(plans[0].end.duration_since(plans[0].start).as_hours(), 7);
}

#[test]
fn a_big_event_ranks_in_bounded_time() {
    let tz = TimeZone::UTC;
    let grid =
        evening("2026-12-04 2026-12-05 2026-12-06 2026-12-07 2026-12-08 2026-12-09 2026-12-10", "00:00", "00:00", 15);
    let slots = grid_slots(&grid, &tz);
    assert_eq!(slots.len(), 7 * 96);
    let pattern: Vec<String> = (0..300)
        .map(|p| (0..slots.len()).map(|s| ['y', 'm', 'y', 'n', 'y'][(p * 7 + s / (1 + p % 5)) % 5]).collect())
        .collect();
    let places: String = (0..20).map(|i| ['y', 'm', 'n'][i % 3]).collect();
    let names: Vec<String> = (0..300).map(|p| format!("p{p}")).collect();
    let people: Vec<(&str, &str, &str)> =
        names.iter().zip(&pattern).map(|(n, a)| (n.as_str(), a.as_str(), places.as_str())).collect();
    let state = event(Some(grid), slots, 20, &people);
    let started = std::time::Instant::now();
    let plans = rank(&state, &tz);
    assert_eq!(plans.len(), MAX_PLANS);
    // Generous for a debug build on a busy machine; the naive way takes minutes.
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
}

/// The definition read literally: every sub-run of every chain with every place, scored from the
/// answer maps, kept when neither neighbour keeps its score, sorted by the stated order.
fn brute_force(state: &EventState, tz: &TimeZone) -> Vec<Summary> {
    let meta = &state.meta;
    let weight = |a: Option<&Answer>| match a {
        Some(Answer::Yes) => 1.0,
        Some(Answer::Maybe) => 0.5,
        _ => 0.0,
    };
    let places: Vec<Option<usize>> =
        if meta.places.is_empty() { vec![None] } else { (0..meta.places.len()).map(Some).collect() };
    let person_weight = |p: &Participant, run: &[usize], place: Option<usize>| {
        let on_slots = run.iter().map(|&s| weight(p.answers.slots.get(&meta.slots[s].id))).fold(1.0, f64::min);
        let on_place = place.map_or(1.0, |i| weight(p.answers.places.get(&meta.places[i].id)));
        on_slots.min(on_place)
    };
    let score = |run: &[usize], place| state.participants.iter().map(|p| person_weight(p, run, place)).sum::<f64>();
    let mut order: Vec<usize> = (0..meta.slots.len()).collect();
    order.sort_by_key(|&i| (meta.slots[i].start, meta.slots[i].end));
    let mut found = Vec::new();
    for chain in chains(&meta.slots, meta.grid.as_ref(), tz) {
        for i in 0..chain.len() {
            for j in i..chain.len() {
                for &place in &places {
                    let s = score(&chain[i..=j], place);
                    let left = i > 0 && score(&chain[i - 1..=j], place) >= s;
                    let right = j + 1 < chain.len() && score(&chain[i..=j + 1], place) >= s;
                    if s > 0.0 && !left && !right {
                        found.push((chain[i..=j].to_vec(), place, s));
                    }
                }
            }
        }
    }
    let key = |(run, place, s): &(Vec<usize>, Option<usize>, f64)| {
        let (first, last) = (&meta.slots[run[0]], &meta.slots[run[run.len() - 1]]);
        let position = order.iter().position(|&i| i == run[0]);
        (-(s * 2.0) as i64, -last.end.duration_since(first.start).as_secs(), first.start, *place, position)
    };
    found.sort_by_key(key);
    found.truncate(MAX_PLANS);
    found
        .into_iter()
        .map(|(run, place, s)| {
            let with = |w: f64| {
                state.participants.iter().filter(|p| person_weight(p, &run, place) == w).map(|p| p.id.clone()).collect()
            };
            (
                run.iter().map(|&i| meta.slots[i].id.clone()).collect(),
                place.map(|i| meta.places[i].id.clone()),
                s,
                with(1.0),
                with(0.5),
            )
        })
        .collect()
}

fn zone() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![BERLIN, NEW_YORK, LORD_HOWE, KATHMANDU, "MSK-3"])
}

/// Grids over dates around the DST changes of the zones above, with any window and step.
fn any_grid() -> impl Strategy<Value = GridSpec> {
    let near_dst = prop::sample::select(vec![
        "2026-03-08",
        "2026-03-28",
        "2026-04-04",
        "2026-10-03",
        "2026-10-24",
        "2026-11-01",
        "2026-12-04",
    ]);
    (
        prop::collection::btree_set(near_dst, 1..3),
        (0i8..24, 0i8..4),
        (0i8..24, 0i8..4),
        prop::sample::select(vec![30u32, 60]),
    )
        .prop_map(|(dates, from, to, step)| {
            let time = |(h, q): (i8, i8)| Some(jiff::civil::time(h, q * 15, 0, 0));
            let dates = dates.into_iter().map(|d| d.parse().unwrap()).collect();
            GridSpec { dates, from: time(from), to: time(to), step_minutes: Some(step) }
        })
        .prop_filter("a window of at most 12 hours keeps the brute force quick", |g| {
            let (from, to) = (g.from.unwrap(), g.to.unwrap());
            let minutes = (to - from).get_minutes() + if to <= from { 24 * 60 } else { 0 };
            (1..=12 * 60).contains(&minutes) && minutes >= i64::from(g.step_minutes.unwrap())
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn ranking_matches_the_definition_read_literally(
        zone in zone(),
        grid in any_grid(),
        places in 0usize..3,
        answers in prop::collection::vec(("[ymn.]{60}", "[ymn.]{3}"), 1..5),
    ) {
        let tz = TimeZone::posix(zone).unwrap();
        let Ok(cells) = grid::expand(&grid, &tz) else { return Ok(()) };
        let slots: Vec<Slot> = cells.iter().enumerate()
            .map(|(i, c)| Slot { id: format!("s{}", i + 1), start: c.start, end: c.end }).collect();
        let names: Vec<String> = (0..answers.len()).map(|i| format!("p{i}")).collect();
        let people: Vec<(&str, &str, &str)> =
            names.iter().zip(&answers).map(|(n, (s, p))| (n.as_str(), s.as_str(), p.as_str())).collect();
        let state = event(Some(grid), slots, places, &people);
        let plans = rank(&state, &tz);
        prop_assert_eq!(summary(&plans), brute_force(&state, &tz));
        for plan in &plans {
            let first = state.meta.slots.iter().find(|s| s.id == plan.slot_ids[0]).unwrap();
            let last = state.meta.slots.iter().find(|s| Some(&s.id) == plan.slot_ids.last()).unwrap();
            prop_assert_eq!((plan.start, plan.end), (first.start, last.end));
            prop_assert_eq!(plan.score, plan.yes.len() as f64 + 0.5 * plan.maybe.len() as f64);
            prop_assert_eq!(plan.place_id.is_none(), places == 0);
        }
    }

    #[test]
    fn each_evening_of_a_grid_is_one_chain_of_back_to_back_cells(zone in zone(), grid in any_grid()) {
        // Windows that start inside a repeated (fall-back) hour are the one case where a later
        // cell reads earlier on the clock than the window start; these zones repeat before 04:00.
        prop_assume!(grid.from.unwrap().hour() >= 4);
        let tz = TimeZone::posix(zone).unwrap();
        let Ok(cells) = grid::expand(&grid, &tz) else { return Ok(()) };
        let slots: Vec<Slot> = cells.iter().enumerate()
            .map(|(i, c)| Slot { id: format!("s{}", i + 1), start: c.start, end: c.end }).collect();
        let found = chains(&slots, Some(&grid), &tz);
        prop_assert_eq!(found.iter().map(Vec::len).sum::<usize>(), slots.len());
        for chain in &found {
            prop_assert!(chain.windows(2).all(|w| slots[w[0]].end == slots[w[1]].start));
        }
        for date in &grid.dates {
            let one_day = GridSpec { dates: vec![*date], ..grid.clone() };
            let Ok(evening) = grid::expand(&one_day, &tz) else { continue };
            let holding: std::collections::BTreeSet<usize> = evening.iter()
                .filter_map(|c| slots.iter().position(|s| s.start == c.start && s.end == c.end))
                .map(|s| found.iter().position(|chain| chain.contains(&s)).unwrap())
                .collect();
            prop_assert!(holding.len() <= 1, "{date}: cells spread over chains {holding:?}");
        }
    }
}

/// One case of the fixture shared with the web client's tests.
#[derive(Deserialize)]
struct FixtureCase {
    name: String,
    event: FixtureEvent,
    plans: serde_json::Value,
}

/// The part of `GET /events/{id}` that ranking reads.
#[derive(Deserialize)]
struct FixtureEvent {
    timezone: String,
    grid: Option<GridSpec>,
    slots: Vec<Slot>,
    places: Vec<FixturePlace>,
    participants: Vec<FixturePerson>,
}

#[derive(Deserialize)]
struct FixturePlace {
    id: String,
    name: String,
}

#[derive(Deserialize)]
struct FixturePerson {
    id: String,
    name: String,
    answers: Answers,
}

#[derive(Deserialize)]
struct Fixture {
    cases: Vec<FixtureCase>,
}

#[test]
fn the_shared_fixture_holds_for_the_server() {
    let fixture: Fixture =
        serde_json::from_str(include_str!("../../../client/src/lib/fixtures/plans.json")).expect("fixture parses");
    assert!(fixture.cases.len() >= 6, "the fixture covers the cases the client relies on");
    for case in fixture.cases {
        let e = case.event;
        let people: Vec<Participant> = e
            .participants
            .into_iter()
            .enumerate()
            .map(|(n, p)| Participant {
                id: p.id,
                name: p.name,
                user_id: None,
                token_hash: None,
                answers: p.answers,
                joined_at: Timestamp::UNIX_EPOCH + jiff::SignedDuration::from_secs(n as i64),
                updated_at: Timestamp::UNIX_EPOCH,
                version: 1,
            })
            .collect();
        let mut state = event(e.grid, e.slots, 0, &[]);
        state.meta.timezone = e.timezone.clone();
        state.meta.places = e
            .places
            .into_iter()
            .map(|p| Place {
                id: p.id,
                name: p.name,
                address: None,
                map_url: None,
                lat: None,
                lng: None,
                suggested_by: None,
            })
            .collect();
        state.participants = people;
        let tz = TimeZone::get(&e.timezone).expect("fixture zones are IANA names");
        let plans = serde_json::to_value(rank(&state, &tz)).unwrap();
        assert_eq!(plans, case.plans, "fixture case {:?}", case.name);
    }
}
