//! Telegram, end to end through the fake Bot API and the public API: linking accounts and
//! guests, the plan and exactly one reminder per chat, Telegram's limits, the live group card,
//! and Mini App sign-in.

use crate::helpers::{StoreKind, TestApp, assert_error, spawn_app_with};
use jiff::{SignedDuration, Timestamp};
use prost_fake_telegram::{BOT_TOKEN, BOT_USERNAME, FakeTelegram, Sent};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::Duration;

/// Generates one test per store for an `async fn(TestApp, FakeTelegram)` case, with the
/// reminder lead the case names.
macro_rules! with_bot {
    ($($case:ident: $lead:expr),* $(,)?) => {
        $(
            mod $case {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn embedded() {
                    let (app, bot) = super::bot_app(crate::helpers::StoreKind::Embedded, $lead).await;
                    super::$case(app, bot).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn mongo() {
                    let (app, bot) = super::bot_app(crate::helpers::StoreKind::Mongo, $lead).await;
                    super::$case(app, bot).await;
                }
            }
        )*
    };
}

with_bot!(
    config_names_the_bot: 3600,
    an_account_links_through_the_bot_and_unlinks: 3600,
    a_guest_links_their_participation: 3600,
    finalising_sends_the_plan_and_one_reminder_per_chat: 4,
    reopening_cancels_and_finalising_again_schedules_anew: 6,
    a_late_plan_is_reminded_at_once_and_a_past_one_never: 3600,
    flood_control_is_waited_out_and_a_blocked_chat_given_up: 3600,
    a_group_card_follows_the_board: 3,
    mini_app_sign_in_checks_init_data: 3600,
);
on_both_stores!(telegram_off_means_unavailable);

const WAIT: Duration = Duration::from_secs(15);

async fn bot_app(kind: StoreKind, lead_secs: u64) -> (TestApp, FakeTelegram) {
    let bot = FakeTelegram::start().await;
    let url = bot.url.clone();
    let app = spawn_app_with(kind, |s| {
        s.telegram_bot_token = Some(BOT_TOKEN.into());
        s.telegram_api_url = Some(url);
        s.reminder_lead = Duration::from_secs(lead_secs);
        s.outbox_lease = Duration::from_secs(5);
    })
    .await;
    (app, bot)
}

/// The wall-clock time of an `Instant` the fake recorded.
fn wall(at: std::time::Instant) -> Timestamp {
    let ago = SignedDuration::try_from(at.elapsed()).unwrap();
    Timestamp::now().checked_sub(ago).unwrap()
}

fn texts(sent: &[Sent], chat: i64, method: &str) -> Vec<String> {
    sent.iter().filter(|s| s.chat_id == chat && s.method == method).map(|s| s.text.clone()).collect()
}

fn count(sent: &[Sent], chat: i64, needle: &str) -> usize {
    sent.iter().filter(|s| s.chat_id == chat && s.method == "sendMessage" && s.text.contains(needle)).count()
}

/// Links `token`'s account to private chat `chat` through `/start <code>`.
async fn link_account(app: &TestApp, bot: &FakeTelegram, token: &str, chat: i64) {
    let (status, link) = app.call(Method::POST, "/api/v1/me/telegram/link", Some(token), None).await;
    assert_eq!(status, StatusCode::CREATED, "{link}");
    let code = link["code"].as_str().unwrap();
    bot.push_message(chat, chat, &format!("/start {code}"), "en");
    bot.wait_for(WAIT, "the linking reply", |s| count(s, chat, "Linked") == 1).await;
}

/// Subscribes guest `pid` (with `token`) of `event` to chat `chat`.
async fn link_guest(app: &TestApp, bot: &FakeTelegram, event: &str, pid: &str, token: &str, chat: i64) {
    let path = format!("/api/v1/events/{event}/participants/{pid}/telegram/link");
    let (status, link) = app.call_as_guest(Method::POST, &path, token, None).await;
    assert_eq!(status, StatusCode::CREATED, "{link}");
    bot.push_message(chat, chat, &format!("/start {}", link["code"].as_str().unwrap()), "ru");
    bot.wait_for(WAIT, "the guest's linking reply", |s| count(s, chat, "Готово") == 1).await;
}

/// An event with one slot starting `in_secs` from now (two when `past` adds one an hour ago),
/// and one place.
async fn soon(app: &TestApp, token: &str, in_secs: i64) -> Value {
    let start = Timestamp::now().checked_add(SignedDuration::from_secs(in_secs)).unwrap();
    let end = start.checked_add(SignedDuration::from_hours(2)).unwrap();
    app.event(
        token,
        json!({
            "title": "Pints & <friends>", "timezone": "Europe/Moscow",
            "slots": [{"start": start.to_string(), "end": end.to_string()}],
            "places": [{"name": "Bar Pivovar", "address": "Tverskaya 1", "mapUrl": "https://yandex.ru/maps/?ll=37.6,55.7"}]
        }),
    )
    .await
}

async fn finalize(app: &TestApp, token: &str, event: &Value) -> StatusCode {
    let id = event["id"].as_str().unwrap();
    let body = json!({"slotId": event["slots"][0]["id"], "placeId": event["places"][0]["id"]});
    let (status, reply) =
        app.call(Method::POST, &format!("/api/v1/events/{id}/finalize"), Some(token), Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    status
}

async fn config_names_the_bot(app: TestApp, _bot: FakeTelegram) {
    let mut config = Value::Null;
    for _ in 0..50 {
        let (status, body) = app.call(Method::GET, "/api/v1/config", None, None).await;
        assert_eq!(status, StatusCode::OK);
        config = body;
        if config["telegram"]["botUsername"].is_string() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(config["telegram"]["enabled"], true, "{config}");
    assert_eq!(config["telegram"]["botUsername"], BOT_USERNAME, "{config}");
    assert_eq!(config["auth"]["password"], true);
    assert_eq!(config["publicUrl"], app.base);
    let (_, ready) = app.call(Method::GET, "/readyz", None, None).await;
    assert_eq!(ready["telegram"], "ok", "{ready}");
}

async fn telegram_off_means_unavailable(app: TestApp) {
    let (_, config) = app.call(Method::GET, "/api/v1/config", None, None).await;
    assert_eq!(config["telegram"]["enabled"], false);
    assert!(config["telegram"]["botUsername"].is_null());
    let (token, _) = app.user("Olga").await;
    let (status, body) = app.call(Method::POST, "/api/v1/me/telegram/link", Some(&token), None).await;
    assert_error(status, &body, StatusCode::SERVICE_UNAVAILABLE, "unavailable");
    let (status, body) =
        app.call(Method::POST, "/api/v1/auth/telegram/webapp", None, Some(json!({"initData": "user=1&hash=0"}))).await;
    assert_error(status, &body, StatusCode::SERVICE_UNAVAILABLE, "unavailable");
}

async fn an_account_links_through_the_bot_and_unlinks(app: TestApp, bot: FakeTelegram) {
    let (token, _) = app.user("Olga").await;
    let (status, body) = app.call(Method::POST, "/api/v1/me/telegram/link", None, None).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (status, link) = app.call(Method::POST, "/api/v1/me/telegram/link", Some(&token), None).await;
    assert_eq!(status, StatusCode::CREATED, "{link}");
    let code = link["code"].as_str().unwrap();
    assert!(code.len() <= 64 && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{code}");
    assert_eq!(link["url"], format!("https://t.me/{BOT_USERNAME}?start={code}"));
    let expires: Timestamp = link["expiresAt"].as_str().unwrap().parse().unwrap();
    let left = expires.duration_since(Timestamp::now());
    assert!(left > SignedDuration::from_mins(14) && left <= SignedDuration::from_mins(15), "{left:?}");

    let (_, me) = app.call(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(me["telegramLinked"], false);
    bot.push_message(5001, 5001, &format!("/start {code}"), "en");
    bot.wait_for(WAIT, "the linking reply", |s| count(s, 5001, "Linked, Olga") == 1).await;
    let (_, me) = app.call(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(me["telegramLinked"], true, "{me}");
    assert_eq!(me["telegram"]["firstName"], "Anya");
    assert_eq!(me["telegram"]["username"], "anya_tg");

    // Spent and made-up codes link nothing and get a friendly answer.
    let (other, _) = app.user("Boris").await;
    bot.push_message(6001, 6001, &format!("/start {code}"), "en");
    bot.push_message(6001, 6001, "/start made-up-code", "en");
    bot.wait_for(WAIT, "two refusals", |s| count(s, 6001, "gone flat") == 2).await;
    let (_, boris) = app.call(Method::GET, "/api/v1/me", Some(&other), None).await;
    assert_eq!(boris["telegramLinked"], false);
    bot.push_message(6001, 6001, "/start", "ru");
    bot.wait_for(WAIT, "a welcome in Russian", |s| count(s, 6001, "Я бот Prost") == 1).await;

    let (status, _) = app.call(Method::DELETE, "/api/v1/me/telegram", Some(&token), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, me) = app.call(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(me["telegramLinked"], false);
    assert!(me.get("telegram").is_none_or(Value::is_null), "{me}");
}

async fn a_guest_links_their_participation(app: TestApp, bot: FakeTelegram) {
    let (token, _) = app.user("Olga").await;
    let event = app.pints(&token).await;
    let id = event["id"].as_str().unwrap();
    let (pid, guest_token) = app.guest(id, "Anya").await;
    let (_, other_token) = app.guest(id, "Boris").await;
    let path = format!("/api/v1/events/{id}/participants/{pid}/telegram/link");
    let (status, body) = app.call(Method::POST, &path, None, None).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (status, body) = app.call_as_guest(Method::POST, &path, &other_token, None).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "permission_denied");
    let (status, body) = app.call(Method::POST, &path, Some(&token), None).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "permission_denied");
    let missing = format!("/api/v1/events/{id}/participants/nobody/telegram/link");
    let (status, body) = app.call_as_guest(Method::POST, &missing, &guest_token, None).await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "not_found");

    let (_, state) = app.call_as_guest(Method::GET, &path, &guest_token, None).await;
    assert_eq!(state["linked"], false, "{state}");
    link_guest(&app, &bot, id, &pid, &guest_token, 5002).await;
    let (_, state) = app.call_as_guest(Method::GET, &path, &guest_token, None).await;
    assert_eq!(state["linked"], true, "{state}");
    assert_eq!(state["firstName"], "Anya");
    // Unlinking lives beside the link, like `DELETE /me/telegram`.
    let unlink = format!("/api/v1/events/{id}/participants/{pid}/telegram");
    let (status, _) = app.call_as_guest(Method::DELETE, &unlink, &other_token, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.call_as_guest(Method::DELETE, &path, &guest_token, None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "the link path no longer unlinks");
    let (status, _) = app.call_as_guest(Method::DELETE, &unlink, &guest_token, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, state) = app.call_as_guest(Method::GET, &path, &guest_token, None).await;
    assert_eq!(state["linked"], false);
}

async fn finalising_sends_the_plan_and_one_reminder_per_chat(app: TestApp, bot: FakeTelegram) {
    let (token, _) = app.user("Olga").await;
    link_account(&app, &bot, &token, 5001).await;
    let event = soon(&app, &token, 9).await;
    let id = event["id"].as_str().unwrap();
    let (pid, guest_token) = app.guest(id, "Anya").await;
    link_guest(&app, &bot, id, &pid, &guest_token, 5002).await;
    let start: Timestamp = event["slots"][0]["start"].as_str().unwrap().parse().unwrap();
    finalize(&app, &token, &event).await;

    let sent = bot
        .wait_for(WAIT, "the plan in both chats", |s| {
            count(s, 5001, "the plan is set") == 1 && count(s, 5002, "план готов") == 1
        })
        .await;
    let plan = &texts(&sent, 5001, "sendMessage")[1];
    assert!(plan.contains("Pints &amp; &lt;friends&gt;"), "titles are escaped: {plan}");
    assert!(plan.contains("Bar Pivovar, Tverskaya 1") && plan.contains("yandex.ru/maps"), "{plan}");
    assert!(plan.contains(&format!("/e/{id}")), "{plan}");

    let sent = bot
        .wait_for(WAIT, "one reminder per chat", |s| count(s, 5001, "In ") == 1 && count(s, 5002, "Через") == 1)
        .await;
    let due = start.checked_sub(SignedDuration::from_secs(4)).unwrap();
    let reminded = sent.iter().find(|s| s.chat_id == 5001 && s.text.contains("⏰")).unwrap();
    let early = due.duration_since(wall(reminded.at)).as_secs_f64();
    assert!(early < 0.5, "the reminder waited for its time ({early:.2} s early)");
    assert!(early > -5.0, "and did not lag far behind it ({early:.2} s)");
    tokio::time::sleep(Duration::from_secs(3)).await;
    let sent = bot.sent();
    assert_eq!(count(&sent, 5001, "⏰"), 1, "exactly one reminder: {sent:#?}");
    assert_eq!(count(&sent, 5002, "⏰"), 1);
    let metrics = app.http.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains("prost_outbox_jobs_total"), "{metrics}");
    assert!(metrics.contains("prost_reminder_lag_seconds"));
}

async fn reopening_cancels_and_finalising_again_schedules_anew(app: TestApp, bot: FakeTelegram) {
    let (token, _) = app.user("Olga").await;
    link_account(&app, &bot, &token, 5001).await;
    let event = soon(&app, &token, 10).await;
    let id = event["id"].as_str().unwrap();
    finalize(&app, &token, &event).await;
    let (status, _) = app.call(Method::POST, &format!("/api/v1/events/{id}/reopen"), Some(&token), None).await;
    assert_eq!(status, StatusCode::OK);
    finalize(&app, &token, &event).await;
    bot.wait_for(WAIT, "the reminder", |s| count(s, 5001, "⏰") >= 1).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(count(&bot.sent(), 5001, "⏰"), 1, "the reopened plan's reminder was cancelled");

    // Reopened for good: no reminder at all.
    let (token2, _) = app.user("Vera").await;
    link_account(&app, &bot, &token2, 5003).await;
    let other = soon(&app, &token2, 8).await;
    finalize(&app, &token2, &other).await;
    let other_id = other["id"].as_str().unwrap();
    let (status, _) = app.call(Method::POST, &format!("/api/v1/events/{other_id}/reopen"), Some(&token2), None).await;
    assert_eq!(status, StatusCode::OK);
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert_eq!(count(&bot.sent(), 5003, "⏰"), 0, "{:#?}", bot.sent_to(5003));
}

async fn a_late_plan_is_reminded_at_once_and_a_past_one_never(app: TestApp, bot: FakeTelegram) {
    let (token, _) = app.user("Olga").await;
    link_account(&app, &bot, &token, 5001).await;
    // Starts in a minute, the lead is an hour: the reminder goes with the plan.
    let event = soon(&app, &token, 60).await;
    finalize(&app, &token, &event).await;
    bot.wait_for(WAIT, "an immediate reminder", |s| count(s, 5001, "⏰ In 1 min") == 1).await;

    // A plan whose start has passed gets its plan message and no reminder.
    let start = Timestamp::now().checked_add(SignedDuration::from_secs(2)).unwrap();
    let body = json!({
        "title": "Already poured", "timezone": "UTC",
        "slots": [
            {"start": start.to_string(), "end": start.checked_add(SignedDuration::from_hours(1)).unwrap().to_string()}
        ]
    });
    let (token2, _) = app.user("Vera").await;
    link_account(&app, &bot, &token2, 5004).await;
    let past = app.event(&token2, body).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let id = past["id"].as_str().unwrap();
    let (status, reply) = app
        .call(
            Method::POST,
            &format!("/api/v1/events/{id}/finalize"),
            Some(&token2),
            Some(json!({"slotId": past["slots"][0]["id"]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    bot.wait_for(WAIT, "the plan message", |s| count(s, 5004, "the plan is set") == 1).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(count(&bot.sent(), 5004, "⏰"), 0);
}

async fn flood_control_is_waited_out_and_a_blocked_chat_given_up(app: TestApp, bot: FakeTelegram) {
    let (token, _) = app.user("Olga").await;
    link_account(&app, &bot, &token, 5001).await;
    let event = app.pints(&token).await;
    let id = event["id"].as_str().unwrap();
    let (pid, guest_token) = app.guest(id, "Anya").await;
    link_guest(&app, &bot, id, &pid, &guest_token, 5002).await;
    bot.flood(5001, 1, 2);
    bot.block(5002);
    finalize(&app, &token, &event).await;
    let finalized = std::time::Instant::now();
    let sent = bot.wait_for(WAIT, "the plan after the flood wait", |s| count(s, 5001, "the plan is set") == 1).await;
    let plan = sent.iter().find(|s| s.chat_id == 5001 && s.text.contains("the plan is set")).unwrap();
    assert!(plan.at.duration_since(finalized) >= Duration::from_millis(1900), "retry_after was waited out");
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert_eq!(count(&bot.sent(), 5001, "the plan is set"), 1, "the 429 was not doubled");
    // One 429 for 5001, and one 403 for 5002 that was not retried (backoff would retry in 5 s).
    assert_eq!(bot.refused(), 2, "the blocked chat was tried once");
    assert!(bot.sent_to(5002).iter().all(|s| !s.text.contains("план готов")), "nothing reached the blocked chat");
}

async fn a_group_card_follows_the_board(app: TestApp, bot: FakeTelegram) {
    let (token, _) = app.user("Olga").await;
    let event = soon(&app, &token, 12).await;
    let id = event["id"].as_str().unwrap();
    let link = app.url(&format!("/e/{id}"));
    bot.push_message(-100, 5001, &format!("/prost@{BOT_USERNAME} {link}"), "en");
    let sent = bot.wait_for(WAIT, "the card", |s| texts(s, -100, "sendMessage").len() == 1).await;
    let card = sent.iter().find(|s| s.chat_id == -100).unwrap().clone();
    assert!(card.text.contains("Answered: 0") && card.text.contains("Pints &amp;"), "{}", card.text);
    let button = card.reply_markup.expect("the card has a button");
    assert_eq!(button["inline_keyboard"][0][0]["url"], link);
    // Someone else's bot is not us; a bad link gets help.
    bot.push_message(-100, 5001, &format!("/prost@OtherBot {link}"), "en");
    bot.push_message(-100, 5001, "/prost nonsense/path", "en");
    bot.wait_for(WAIT, "usage help", |s| count(s, -100, "Send the event link") == 1).await;

    let (pid, guest_token) = app.guest(id, "Anya").await;
    let slot = event["slots"][0]["id"].as_str().unwrap();
    let place = event["places"][0]["id"].as_str().unwrap();
    let answers = json!({"slots": {slot: "yes"}, "places": {place: "yes"}});
    let (status, _) = app
        .call_as_guest(
            Method::PUT,
            &format!("/api/v1/events/{id}/participants/{pid}/answers"),
            &guest_token,
            Some(answers),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    bot.wait_for(WAIT, "the card edited", |s| {
        s.iter()
            .any(|m| m.method == "editMessageText" && m.message_id == card.message_id && m.text.contains("Answered: 1"))
    })
    .await;
    finalize(&app, &token, &event).await;
    bot.wait_for(WAIT, "the card showing the plan", |s| {
        s.iter().any(|m| {
            m.method == "editMessageText" && m.message_id == card.message_id && m.text.contains("The plan is set")
        })
    })
    .await;
    bot.wait_for(WAIT, "the group's reminder", |s| count(s, -100, "⏰") == 1).await;
    let edits = texts(&bot.sent(), -100, "editMessageText").len();
    assert!(edits <= 4, "edits are coalesced, not one per change: {edits}");

    let (status, _) = app.call(Method::DELETE, &format!("/api/v1/events/{id}"), Some(&token), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    bot.wait_for(WAIT, "the card saying the event is gone", |s| {
        s.iter().any(|m| m.method == "editMessageText" && m.message_id == card.message_id && m.text.contains("deleted"))
    })
    .await;
}

fn init_data(user: &str, auth_date: i64, token: &str) -> String {
    let fields = vec![
        ("auth_date".to_string(), auth_date.to_string()),
        ("query_id".to_string(), "AAHdF6IQAAAAAN0XohDhrOrc".to_string()),
        ("user".to_string(), user.to_string()),
    ];
    let hash = prost::auth::webapp::sign(&fields, token);
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in &fields {
        out.append_pair(k, v);
    }
    out.append_pair("hash", &hash);
    out.finish()
}

async fn mini_app_sign_in_checks_init_data(app: TestApp, bot: FakeTelegram) {
    let now = Timestamp::now().as_second();
    let user = r#"{"id":7001,"first_name":"Саша","username":"sasha","language_code":"ru"}"#;
    let sign_in = |data: String| {
        let app = &app;
        async move { app.call(Method::POST, "/api/v1/auth/telegram/webapp", None, Some(json!({"initData": data}))).await }
    };
    let (status, first) = sign_in(init_data(user, now - 10, BOT_TOKEN)).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let token = first["accessToken"].as_str().unwrap();
    let (_, me) = app.call(Method::GET, "/api/v1/me", Some(token), None).await;
    assert_eq!(me["telegramLinked"], true, "{me}");
    assert_eq!(me["name"], "Саша");
    let (_, again) = sign_in(init_data(user, now - 5, BOT_TOKEN)).await;
    assert_eq!(again["user"]["id"], first["user"]["id"], "the same Telegram user gets the same account");

    let (status, body) = sign_in(init_data(user, now, "999:another-bot")).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    let tampered = init_data(user, now, BOT_TOKEN).replace("7001", "7002");
    let (status, body) = sign_in(tampered).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (status, body) = sign_in(init_data(user, now - 25 * 3600, BOT_TOKEN)).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (status, body) = sign_in("hash=abc".into()).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "invalid_argument");
    let (status, body) =
        app.call(Method::POST, "/api/v1/auth/telegram/webapp", None, Some(json!({"initData": 5}))).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "invalid_argument");
    // A linked account signs in as itself.
    let (olga, olga_id) = app.user("Olga").await;
    let (_, link) = app.call(Method::POST, "/api/v1/me/telegram/link", Some(&olga), None).await;
    bot.push_message(7100, 7100, &format!("/start {}", link["code"].as_str().unwrap()), "en");
    bot.wait_for(WAIT, "the link", |s| count(s, 7100, "Linked") == 1).await;
    let (status, body) = sign_in(init_data(r#"{"id":7100,"first_name":"Olga"}"#, now, BOT_TOKEN)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["user"]["id"], olga_id);
}

/// `PROST_ROLE=web` serves and never polls or sends; `PROST_ROLE=worker` polls and sends and
/// serves no API; `prost worker --once` drains what is due. They share one MongoDB.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_split_the_work() {
    let bot = FakeTelegram::start().await;
    let db = format!("roles_{}", std::process::id());
    let uri = prost::persistence::ferretdb::FerretDb::shared().uri_for(&db);
    let configure = |role: prost::config::Role| {
        let (uri, url) = (uri.clone(), bot.url.clone());
        move |s: &mut prost::config::Settings| {
            s.mongodb_uri = Some(uri);
            s.telegram_bot_token = Some(BOT_TOKEN.into());
            s.telegram_api_url = Some(url);
            s.role = role;
        }
    };
    let web = spawn_app_with(StoreKind::Mongo, configure(prost::config::Role::Web)).await;
    let mut worker = spawn_app_with(StoreKind::Mongo, configure(prost::config::Role::Worker)).await;
    let (status, body) = worker.call(Method::GET, "/api/v1/config", None, None).await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "not_found");
    let (status, _) = worker.call(Method::GET, "/healthz", None, None).await;
    assert_eq!(status, StatusCode::OK);

    let (token, _) = web.user("Olga").await;
    link_account(&web, &bot, &token, 5001).await;
    assert_eq!(bot.most_polling_at_once(), 1, "only the worker polls");
    worker.stop().await;

    // Nobody runs background work now: the plan waits in the outbox.
    let event = web.pints(&token).await;
    finalize(&web, &token, &event).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(count(&bot.sent(), 5001, "the plan is set"), 0, "the web role never sends");

    let mut once = prost::config::Settings::defaults();
    configure(prost::config::Role::Worker)(&mut once);
    once.addr = "127.0.0.1:0".parse().unwrap();
    let data = tempfile::tempdir().unwrap();
    once.data_dir = data.path().to_path_buf();
    once.jwt_secret = Some(crate::helpers::JWT_SECRET.into());
    let ran = prost::startup::Application::build(once).await.unwrap().drain_outbox().await;
    assert!(ran >= 2, "the fan-out and the plan message ran ({ran})");
    assert_eq!(count(&bot.sent(), 5001, "the plan is set"), 1, "`worker --once` sent the plan");
}
