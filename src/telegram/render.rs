//! What the bot says, in Russian and English, as Telegram HTML. Pure functions of the event
//! view, so every text is tested without a bot.

use super::bot::LinkButton;
use super::zones::zone_name;
use crate::domain::event::{FinalPlan, Place};
use crate::domain::view::EventView;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

/// Escapes text for Telegram's HTML parse mode.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const WEEKDAYS_RU: [&str; 7] = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"];
const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_RU: [&str; 12] =
    ["янв.", "февр.", "марта", "апр.", "мая", "июня", "июля", "авг.", "сент.", "окт.", "нояб.", "дек."];

/// "Fri 4 Dec, 18:00–21:00 (Moscow)" (or "пт, 4 дек., 18:00–21:00 (Москва)") in `zone`, named
/// by its city.
pub fn when(start: Timestamp, end: Timestamp, zone: &str, russian: bool) -> String {
    let tz = TimeZone::get(zone).unwrap_or(TimeZone::UTC);
    let (s, e) = (start.to_zoned(tz.clone()), end.to_zoned(tz));
    let weekday = s.weekday().to_monday_zero_offset() as usize;
    let month = (s.month() - 1) as usize;
    let day = if russian {
        format!("{}, {} {}", WEEKDAYS_RU[weekday], s.day(), MONTHS_RU[month])
    } else {
        format!("{} {} {}", WEEKDAYS_EN[weekday], s.day(), MONTHS_EN[month])
    };
    let same_day = s.date() == e.date()
        || (e.hour() == 0 && e.minute() == 0 && e.date() == s.date().tomorrow().unwrap_or(e.date()));
    let whole_days = s.hour() == 0 && s.minute() == 0 && e.hour() == 0 && e.minute() == 0;
    let times = if whole_days && same_day {
        if russian { "весь день".to_string() } else { "all day".to_string() }
    } else if same_day {
        format!("{:02}:{:02}–{:02}:{:02}", s.hour(), s.minute(), e.hour(), e.minute())
    } else {
        let end_month = (e.month() - 1) as usize;
        let end_day = if russian {
            format!("{} {}", e.day(), MONTHS_RU[end_month])
        } else {
            format!("{} {}", e.day(), MONTHS_EN[end_month])
        };
        format!("{:02}:{:02} – {end_day} {:02}:{:02}", s.hour(), s.minute(), e.hour(), e.minute())
    };
    format!("{day}, {times} ({})", zone_name(zone, russian))
}

fn place_line(place: &Place, russian: bool) -> String {
    let mut line = format!("📍 {}", escape(&place.name));
    if let Some(address) = &place.address {
        line.push_str(&format!(", {}", escape(address)));
    }
    if let Some(map) = &place.map_url {
        let label = if russian { "карта" } else { "map" };
        line.push_str(&format!(" · <a href=\"{}\">{label}</a>", escape(map)));
    }
    line
}

/// The plan's time in `zone` (the reader's, else the event's) and its place.
fn plan_lines(plan: &FinalPlan, zone: &str, russian: bool) -> String {
    let mut text = format!("🗓 {}", when(plan.start, plan.end, zone, russian));
    if let Some(place) = &plan.place {
        text.push('\n');
        text.push_str(&place_line(place, russian));
    }
    text
}

/// The button under every message: open the event.
pub fn open_button(link: &str, russian: bool) -> LinkButton {
    LinkButton { label: if russian { "Открыть в Prost" } else { "Open in Prost" }.into(), url: link.into() }
}

/// The event link, as text (for clients that cannot show the button).
fn link_line(link: &str) -> String {
    format!("🔗 {}", escape(link))
}

/// What the plan message promises about the reminder: only what will happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderNote {
    /// The reminder goes this long (the lead) before the start.
    Later(SignedDuration),
    /// The lead has already begun: the reminder goes at once; the start is this far off.
    RightAway(SignedDuration),
    /// The start has passed: there is no reminder.
    None,
}

impl ReminderNote {
    /// The note for a plan starting at `start`, told at `now`, with reminders `lead` ahead
    /// (the rule `Job::reminder` schedules by).
    pub fn of(start: Timestamp, lead: SignedDuration, now: Timestamp) -> ReminderNote {
        if start <= now {
            ReminderNote::None
        } else if start.checked_sub(lead).is_ok_and(|due| due > now) {
            ReminderNote::Later(lead)
        } else {
            ReminderNote::RightAway(start.duration_since(now))
        }
    }
}

/// Where a message about one event goes: the chat's language, and its reader's zone when known
/// (times are shown in the event's zone otherwise).
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    /// Write in Russian, else English.
    pub russian: bool,
    /// The reader's IANA zone.
    pub zone: Option<&'a str>,
}

impl Reader<'_> {
    fn zone<'v>(&'v self, view: &'v EventView) -> &'v str {
        self.zone.unwrap_or(&view.timezone)
    }
}

/// The plan was locked.
pub fn plan_message(view: &EventView, plan: &FinalPlan, link: &str, note: ReminderNote, reader: Reader) -> String {
    let russian = reader.russian;
    let title = escape(&view.title);
    let head = if russian {
        format!("🍻 <b>{title}</b>: план готов!")
    } else {
        format!("🍻 <b>{title}</b>: the plan is set!")
    };
    let tail = match (note, russian) {
        (ReminderNote::Later(lead), true) => format!("Напомню за {} до начала. Prost!", duration(lead, true)),
        (ReminderNote::Later(lead), false) => format!("I'll remind you {} before. Prost!", duration(lead, false)),
        (ReminderNote::RightAway(until), true) => {
            format!("Начало через {}: напоминание пришлю прямо сейчас. Prost!", duration(until, true))
        }
        (ReminderNote::RightAway(until), false) => {
            format!("It starts in {}: your reminder is coming right up. Prost!", duration(until, false))
        }
        (ReminderNote::None, _) => "Prost!".to_string(),
    };
    format!("{head}\n{}\n{tail}\n{}", plan_lines(plan, reader.zone(view), russian), link_line(link))
}

/// "1 h", "30 мин", "1 h 15 min": a wait, rounded up to the minute (at least one).
pub fn duration(wait: SignedDuration, russian: bool) -> String {
    let minutes = (wait.as_secs().max(0) + 59) / 60;
    let (h, m) = (minutes / 60, minutes % 60);
    let (hu, mu) = if russian { ("ч", "мин") } else { ("h", "min") };
    match (h, m) {
        (0, m) => format!("{} {mu}", m.max(1)),
        (h, 0) => format!("{h} {hu}"),
        (h, m) => format!("{h} {hu} {m} {mu}"),
    }
}

/// "in 1 h", "через 30 мин": how long until `start`.
pub fn time_until(start: Timestamp, now: Timestamp, russian: bool) -> String {
    duration(start.duration_since(now), russian)
}

/// The reminder before the start.
pub fn reminder(view: &EventView, plan: &FinalPlan, link: &str, now: Timestamp, reader: Reader) -> String {
    let russian = reader.russian;
    let title = escape(&view.title);
    let until = time_until(plan.start, now, russian);
    let head = if russian {
        format!("⏰ Через {until}: <b>{title}</b>")
    } else {
        format!("⏰ In {until}: <b>{title}</b>")
    };
    let tail = if russian { "До встречи! 🍺" } else { "See you there! 🍺" };
    format!("{head}\n{}\n{tail}\n{}", plan_lines(plan, reader.zone(view), russian), link_line(link))
}

/// An organiser's invitation.
pub fn invitation(view: &EventView, inviter: &str, link: &str, russian: bool) -> String {
    let (title, inviter) = (escape(&view.title), escape(inviter));
    let body = if russian {
        format!("🍺 {inviter} зовёт вас: <b>{title}</b>\nОтметьте, когда и где вам удобно.")
    } else {
        format!("🍺 {inviter} invites you to <b>{title}</b>\nSay when and where suits you.")
    };
    format!("{body}\n{}", link_line(link))
}

/// Most leading plans a card lists.
const CARD_PLANS: usize = 3;

/// "2 yes + 1 if need be" (or "да: 2 + может быть: 1"), the way the web client says it.
pub fn counts(yes: usize, maybe: usize, russian: bool) -> String {
    match (russian, maybe) {
        (false, 0) => format!("{yes} yes"),
        (false, m) => format!("{yes} yes + {m} if need be"),
        (true, 0) => format!("да: {yes}"),
        (true, m) => format!("да: {yes} + может быть: {m}"),
    }
}

/// The live card in a group chat: who answered, then the leading plans (a run of slots and a
/// place) as `tally.plans` ranks them, or the final plan.
pub fn card(view: &EventView, link: &str, russian: bool) -> String {
    let title = escape(&view.title);
    let answered =
        view.participants.iter().filter(|p| !p.answers.slots.is_empty() || !p.answers.places.is_empty()).count();
    let mut text = format!("🍺 <b>{title}</b>\n");
    text.push_str(&if russian {
        format!("👥 Ответили: {answered}\n")
    } else {
        format!("👥 Answered: {answered}\n")
    });
    if let Some(plan) = &view.final_plan {
        text.push_str(if russian { "✅ <b>План готов</b>\n" } else { "✅ <b>The plan is set</b>\n" });
        text.push_str(&plan_lines(plan, &view.timezone, russian));
    } else if answered == 0 {
        text.push_str(if russian {
            "Пока никто не ответил: будьте первым! 🫗"
        } else {
            "Nobody has answered yet: be the first! 🫗"
        });
    } else if view.tally.plans.is_empty() {
        text.push_str(if russian {
            "Пока ни одно время с местом не подходит никому: отметьте и время, и место."
        } else {
            "No time and place suits anyone yet: vote on both."
        });
    } else {
        text.push_str(if russian { "Лидируют:\n" } else { "Leading:\n" });
        for plan in view.tally.plans.iter().take(CARD_PLANS) {
            let place = plan.place_id.as_ref().and_then(|id| view.places.iter().find(|p| &p.id == id));
            let place = place.map(|p| format!(" · {}", escape(&p.name))).unwrap_or_default();
            let who = counts(plan.yes.len(), plan.maybe.len(), russian);
            text.push_str(&format!("• {}{place}: {who}\n", when(plan.start, plan.end, &view.timezone, russian)));
        }
    }
    format!("{}\n{}", text.trim_end(), link_line(link))
}

/// The card of a deleted event.
pub fn card_deleted(title: &str, russian: bool) -> String {
    let title = escape(title);
    if russian {
        format!("🗑 <s>{title}</s>\nВстречу удалили: этот раунд отменяется.")
    } else {
        format!("🗑 <s>{title}</s>\nThis event was deleted: the round is off.")
    }
}

/// `/start` alone, and `/help`; `lead` is how long before the start reminders go.
pub fn welcome(lead: SignedDuration, russian: bool) -> String {
    let lead = duration(lead, russian);
    if russian {
        format!(
            "Prost! 🍻 Я бот Prost.\n\n• Пришлю итоговый план и напомню о встрече за {lead} до начала. Нажмите «Напомнить в Telegram» на странице встречи.\n• В групповом чате отправьте <code>/prost ссылка-на-встречу</code>: я опубликую карточку и буду обновлять её по мере ответов."
        )
    } else {
        format!(
            "Prost! 🍻 I'm the Prost bot.\n\n• I send the final plan and a reminder {lead} before. Tap \"Remind me on Telegram\" on an event's page.\n• In a group chat, send <code>/prost event-link</code>: I'll post a card and keep it up to date as answers come in."
        )
    }
}

/// An account was linked.
pub fn linked_account(name: &str, russian: bool) -> String {
    let name = escape(name);
    if russian {
        format!("Готово, {name}! 🍻 Теперь планы и напоминания будут приходить сюда.")
    } else {
        format!("Linked, {name}! 🍻 Plans and reminders will come here now.")
    }
}

/// A guest subscribed to one event.
pub fn linked_participant(title: &str, russian: bool) -> String {
    let title = escape(title);
    if russian {
        format!("Готово! 🍻 Пришлю план и напомню о «{title}».")
    } else {
        format!("Done! 🍻 I'll send the plan for \"{title}\" and remind you before it starts.")
    }
}

/// A link code that was used, expired, or never existed.
pub fn code_spent(russian: bool) -> String {
    if russian {
        "Эта ссылка уже выдохлась 🫗: её использовали или срок истёк. Возьмите свежую на странице встречи.".into()
    } else {
        "That link has gone flat 🫗: it was already used or has expired. Grab a fresh one on the event page.".into()
    }
}

/// `/prost` without a usable link.
pub fn prost_usage(russian: bool) -> String {
    if russian {
        "Пришлите ссылку на встречу: <code>/prost https://…/e/…</code>".into()
    } else {
        "Send the event link along: <code>/prost https://…/e/…</code>".into()
    }
}

/// `/prost` with a link to nothing.
pub fn prost_unknown(russian: bool) -> String {
    if russian {
        "Не нашёл такую встречу 🤔 Проверьте ссылку?".into()
    } else {
        "I can't find that event 🤔 Check the link?".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn times_are_shown_in_the_zone_in_either_language() {
        let (start, end) = (ts("2026-12-04T15:00:00Z"), ts("2026-12-04T18:00:00Z"));
        assert_eq!(when(start, end, "Europe/Moscow", false), "Fri 4 Dec, 18:00–21:00 (Moscow)");
        assert_eq!(when(start, end, "Europe/Moscow", true), "пт, 4 дек., 18:00–21:00 (Москва)");
        let late = when(ts("2026-12-04T21:00:00Z"), ts("2026-12-04T23:30:00Z"), "Europe/Moscow", false);
        assert_eq!(late, "Sat 5 Dec, 00:00–02:30 (Moscow)");
        let kathmandu = when(start, end, "Asia/Kathmandu", false);
        assert_eq!(kathmandu, "Fri 4 Dec, 20:45–23:45 (Kathmandu)", "a zone 5:45 ahead of UTC");
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(escape("<b>Tom & Jerry</b>"), "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;");
    }

    #[test]
    fn the_wait_reads_naturally() {
        let now = ts("2026-12-04T17:00:00Z");
        assert_eq!(time_until(ts("2026-12-04T18:00:00Z"), now, false), "1 h");
        assert_eq!(time_until(ts("2026-12-04T17:30:00Z"), now, true), "30 мин");
        assert_eq!(time_until(ts("2026-12-04T18:15:00Z"), now, false), "1 h 15 min");
        assert_eq!(time_until(now, now, false), "1 min");
    }

    fn plan_at(start: &str) -> (EventView, FinalPlan) {
        let mut meta = crate::persistence::contract::sample_event("ev", "u1");
        let start = ts(start);
        let end = start.checked_add(SignedDuration::from_hours(3)).unwrap();
        let plan = FinalPlan {
            slot_id: "s1".into(),
            slot_ids: vec!["s1".into()],
            place_id: Some("p1".into()),
            start,
            end,
            place: meta.places.first().cloned(),
        };
        meta.final_plan = Some(plan.clone());
        let view = EventView::of(&crate::domain::event::EventState::assemble(meta, Vec::new(), Vec::new()));
        (view, plan)
    }

    #[test]
    fn the_plan_message_promises_only_the_reminder_that_will_come() {
        let hour = SignedDuration::from_hours(1);
        let start = ts("2026-12-04T15:00:00Z");
        let later = ReminderNote::of(start, hour, ts("2026-12-04T10:00:00Z"));
        assert_eq!(later, ReminderNote::Later(hour));
        let soon = ReminderNote::of(start, hour, ts("2026-12-04T14:30:00Z"));
        assert_eq!(soon, ReminderNote::RightAway(SignedDuration::from_mins(30)));
        assert_eq!(ReminderNote::of(start, hour, ts("2026-12-04T14:00:00Z")), ReminderNote::RightAway(hour));
        assert_eq!(ReminderNote::of(start, hour, start), ReminderNote::None);

        let (view, plan) = plan_at("2026-12-04T15:00:00Z");
        let text =
            |note, russian| plan_message(&view, &plan, "https://p.example/e/ev", note, Reader { russian, zone: None });
        let lead = ReminderNote::Later(SignedDuration::from_mins(90));
        assert!(text(lead, false).contains("I'll remind you 1 h 30 min before."), "{}", text(lead, false));
        assert!(text(lead, true).contains("Напомню за 1 ч 30 мин до начала."));
        let (en, ru) = (text(soon, false), text(soon, true));
        assert!(en.contains("It starts in 30 min: your reminder is coming right up.") && !en.contains("I'll remind"));
        assert!(ru.contains("Начало через 30 мин") && !ru.contains("Напомню за"), "{ru}");
        let (en, ru) = (text(ReminderNote::None, false), text(ReminderNote::None, true));
        assert!(!en.contains("remind") && !ru.contains("апомин"), "a passed start promises nothing: {en} / {ru}");
        assert!(en.contains("the plan is set") && en.contains("Bar Pivovar") && en.contains("/e/ev"));
    }

    #[test]
    fn the_plan_and_the_reminder_are_in_the_readers_zone_when_known() {
        let (view, plan) = plan_at("2026-12-04T15:00:00Z");
        let link = "https://p.example/e/ev";
        let note = ReminderNote::Later(SignedDuration::from_hours(1));
        let theirs = Reader { russian: true, zone: Some("Asia/Kathmandu") };
        let text = plan_message(&view, &plan, link, note, theirs);
        assert!(text.contains("пт, 4 дек., 20:45–23:45 (Катманду)"), "{text}");
        let event_zone = plan_message(&view, &plan, link, note, Reader { russian: false, zone: None });
        assert!(event_zone.contains("18:00–21:00 (Moscow)"), "{event_zone}");
        let reminded = reminder(&view, &plan, link, ts("2026-12-04T14:00:00Z"), Reader { russian: false, ..theirs });
        assert!(reminded.starts_with("⏰ In 1 h: <b>Pints ev</b>") && reminded.contains("20:45–23:45 (Kathmandu)"));
    }

    #[test]
    fn the_welcome_names_the_configured_lead() {
        assert!(welcome(SignedDuration::from_mins(30), false).contains("a reminder 30 min before"));
        assert!(welcome(SignedDuration::from_hours(2), true).contains("за 2 ч до начала"));
        assert!(!welcome(SignedDuration::from_mins(30), true).contains("за час"));
    }

    #[test]
    fn the_card_lists_the_leading_runs_with_their_place() {
        use crate::domain::answer::{Answer, Answers};
        use crate::domain::event::{EventState, Participant, Place, Slot};
        let mut meta = crate::persistence::contract::sample_event("ev", "u1");
        // Three hourly grid cells, 18:00–21:00 in Moscow: one evening for whoever can make all.
        meta.grid = Some(crate::domain::grid::GridSpec {
            dates: vec![jiff::civil::date(2026, 12, 4)],
            from: Some(jiff::civil::time(18, 0, 0, 0)),
            to: Some(jiff::civil::time(21, 0, 0, 0)),
            step_minutes: Some(60),
        });
        meta.slots = ["15", "16", "17"]
            .iter()
            .enumerate()
            .map(|(n, hour)| {
                let start = ts(&format!("2026-12-04T{hour}:00:00Z"));
                Slot {
                    id: format!("s{}", n + 1),
                    start,
                    end: start.checked_add(SignedDuration::from_hours(1)).unwrap(),
                }
            })
            .collect();
        meta.places.push(Place {
            id: "p2".into(),
            name: "Pub <Zum>".into(),
            address: None,
            map_url: None,
            lat: None,
            lng: None,
            suggested_by: None,
        });
        let person = |id: &str, p2: Answer| {
            let yes = |ids: &[&str]| ids.iter().map(|i| (i.to_string(), Answer::Yes)).collect();
            let mut places: std::collections::BTreeMap<String, Answer> = yes(&["p1"]);
            places.insert("p2".into(), p2);
            Participant {
                id: id.into(),
                name: id.into(),
                user_id: None,
                token_hash: None,
                answers: Answers { slots: yes(&["s1", "s2", "s3"]), places },
                joined_at: Timestamp::UNIX_EPOCH,
                updated_at: Timestamp::UNIX_EPOCH,
                version: 1,
            }
        };
        let people = vec![person("anya", Answer::Maybe), person("boris", Answer::No)];
        let view = EventView::of(&EventState::assemble(meta, people, Vec::new()));
        let text = card(&view, "https://p.example/e/ev", false);
        assert!(text.starts_with("🍺 <b>Pints ev</b>\n👥 Answered: 2\nLeading:\n"), "{text}");
        assert!(
            text.contains("• Fri 4 Dec, 18:00–21:00 (Moscow) · Bar Pivovar: 2 yes\n"),
            "one run, not three: {text}"
        );
        assert!(text.contains("· Pub &lt;Zum&gt;: 0 yes + 1 if need be"), "{text}");
        assert!(text.ends_with("🔗 https://p.example/e/ev"));
        let ru = card(&view, "https://p.example/e/ev", true);
        assert!(ru.contains("Лидируют:\n• пт, 4 дек., 18:00–21:00 (Москва) · Bar Pivovar: да: 2"), "{ru}");
    }

    #[test]
    fn an_invitation_names_the_inviter_and_links_the_event() {
        let (view, _) = plan_at("2026-12-04T15:00:00Z");
        let link = "https://p.example/e/ev";
        assert_eq!(
            invitation(&view, "Olga <3", link, false),
            "🍺 Olga &lt;3 invites you to <b>Pints ev</b>\nSay when and where suits you.\n🔗 https://p.example/e/ev"
        );
        let ru = invitation(&view, "Ольга", link, true);
        assert!(ru.starts_with("🍺 Ольга зовёт вас: <b>Pints ev</b>\nОтметьте") && ru.ends_with(link), "{ru}");
    }

    #[test]
    fn counts_read_like_the_web_client() {
        assert_eq!(counts(2, 1, false), "2 yes + 1 if need be");
        assert_eq!(counts(3, 0, false), "3 yes");
        assert_eq!(counts(2, 1, true), "да: 2 + может быть: 1");
    }
}
