//! What the bot says, in Russian and English, as Telegram HTML. Pure functions of the event
//! view, so every text is tested without a bot.

use super::bot::LinkButton;
use crate::domain::event::{FinalPlan, Place};
use crate::domain::view::EventView;
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// Escapes text for Telegram's HTML parse mode.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const WEEKDAYS_RU: [&str; 7] = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"];
const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_RU: [&str; 12] =
    ["янв.", "февр.", "марта", "апр.", "мая", "июня", "июля", "авг.", "сент.", "окт.", "нояб.", "дек."];

/// "Fri 4 Dec, 18:00–21:00" (or "пт, 4 дек., 18:00–21:00") in `zone`, with the zone named.
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
    format!("{day}, {times} ({zone})")
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

fn plan_lines(view: &EventView, plan: &FinalPlan, russian: bool) -> String {
    let mut text = format!("🗓 {}", when(plan.start, plan.end, &view.timezone, russian));
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

/// The plan was locked.
pub fn plan_message(view: &EventView, plan: &FinalPlan, link: &str, lead: &str, russian: bool) -> String {
    let title = escape(&view.title);
    let (head, tail) = if russian {
        (format!("🍻 <b>{title}</b>: план готов!"), format!("Напомню за {lead} до начала. Prost!"))
    } else {
        (format!("🍻 <b>{title}</b>: the plan is set!"), format!("I'll remind you {lead} before. Prost!"))
    };
    format!("{head}\n{}\n{tail}\n{}", plan_lines(view, plan, russian), link_line(link))
}

/// "in 1 h", "через 30 мин": how long until `start`.
pub fn time_until(start: Timestamp, now: Timestamp, russian: bool) -> String {
    let minutes = ((start.as_second() - now.as_second()).max(0) + 59) / 60;
    let (h, m) = (minutes / 60, minutes % 60);
    let (hu, mu) = if russian { ("ч", "мин") } else { ("h", "min") };
    match (h, m) {
        (0, m) => format!("{} {mu}", m.max(1)),
        (h, 0) => format!("{h} {hu}"),
        (h, m) => format!("{h} {hu} {m} {mu}"),
    }
}

/// The reminder before the start.
pub fn reminder(view: &EventView, plan: &FinalPlan, link: &str, now: Timestamp, russian: bool) -> String {
    let title = escape(&view.title);
    let until = time_until(plan.start, now, russian);
    let head = if russian {
        format!("⏰ Через {until}: <b>{title}</b>")
    } else {
        format!("⏰ In {until}: <b>{title}</b>")
    };
    let tail = if russian { "До встречи! 🍺" } else { "See you there! 🍺" };
    format!("{head}\n{}\n{tail}\n{}", plan_lines(view, plan, russian), link_line(link))
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
        text.push_str(&plan_lines(view, plan, russian));
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

/// `/start` alone, and `/help`.
pub fn welcome(russian: bool) -> String {
    if russian {
        "Prost! 🍻 Я бот Prost.\n\n• Напомню о встрече за час до начала и пришлю итоговый план. Нажмите «Напомнить в Telegram» на странице встречи.\n• В групповом чате отправьте <code>/prost ссылка-на-встречу</code>: я опубликую карточку и буду обновлять её по мере ответов.".into()
    } else {
        "Prost! 🍻 I'm the Prost bot.\n\n• I send the final plan and a reminder an hour before. Tap \"Remind me on Telegram\" on an event's page.\n• In a group chat, send <code>/prost event-link</code>: I'll post a card and keep it up to date as answers come in.".into()
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
        assert_eq!(when(start, end, "Europe/Moscow", false), "Fri 4 Dec, 18:00–21:00 (Europe/Moscow)");
        assert_eq!(when(start, end, "Europe/Moscow", true), "пт, 4 дек., 18:00–21:00 (Europe/Moscow)");
        let late = when(ts("2026-12-04T21:00:00Z"), ts("2026-12-04T23:30:00Z"), "Europe/Moscow", false);
        assert_eq!(late, "Sat 5 Dec, 00:00–02:30 (Europe/Moscow)");
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

    #[test]
    fn counts_read_like_the_web_client() {
        assert_eq!(counts(2, 1, false), "2 yes + 1 if need be");
        assert_eq!(counts(3, 0, false), "3 yes");
        assert_eq!(counts(2, 1, true), "да: 2 + может быть: 1");
    }
}
