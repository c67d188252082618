//! Two replicas share one outbox and one Telegram bot: each reminder goes once, whichever
//! replica finalised the plan, and only one replica polls Telegram at a time.

use prost_cluster::{Auth, Cluster};
use prost_fake_telegram::{BOT_TOKEN, FakeTelegram};
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn replicas_share_the_outbox_and_one_poller() {
    let bot = FakeTelegram::start().await;
    let cluster = start!(
        "telegram",
        Cluster::builder()
            .replicas(2)
            .env("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
            .env("TELEGRAM_API_URL", &bot.url)
            .env("PROST_REMINDER_LEAD", "25s")
            .env("PROST_OUTBOX_LEASE", "3s")
    );
    let apis = [cluster.api(0), cluster.api(1)];
    let (olga, _) = apis[0].register("Olga").await;
    let link = apis[1].call(Method::POST, "/api/v1/me/telegram/link", Auth::Bearer(&olga), None).await;
    assert_eq!(link.status, StatusCode::CREATED, "{}", link.body);
    bot.push_message(5001, 5001, &format!("/start {}", link.body["code"].as_str().unwrap()), "en");
    bot.wait_for(Duration::from_secs(30), "the link", |s| s.iter().any(|m| m.text.contains("Linked"))).await;

    // Every message goes to one chat, one a second: 6 plans and 6 reminders fit well before the start.
    let start = jiff::Timestamp::now().checked_add(jiff::SignedDuration::from_secs(40)).unwrap();
    let end = start.checked_add(jiff::SignedDuration::from_hours(2)).unwrap();
    const EVENTS: usize = 6;
    for i in 0..EVENTS {
        let api = &apis[i % 2];
        let body =
            json!({"title": format!("Round {i}"), "slots": [{"start": start.to_string(), "end": end.to_string()}]});
        let created = api.call(Method::POST, "/api/v1/events", Auth::Bearer(&olga), Some(body)).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let id = created.body["id"].as_str().unwrap();
        let slot = created.body["slots"][0]["id"].clone();
        // Finalised through the other replica than the one that created it.
        let finalized = apis[(i + 1) % 2]
            .call(
                Method::POST,
                &format!("/api/v1/events/{id}/finalize"),
                Auth::Bearer(&olga),
                Some(json!({"slotId": slot})),
            )
            .await;
        assert_eq!(finalized.status, StatusCode::OK, "{}", finalized.body);
    }
    let reminders = |sent: &[prost_fake_telegram::Sent]| sent.iter().filter(|m| m.text.contains("⏰")).count();
    let plans = |sent: &[prost_fake_telegram::Sent]| sent.iter().filter(|m| m.text.contains("the plan is set")).count();
    bot.wait_for(Duration::from_secs(60), "every reminder", |s| reminders(s) >= EVENTS).await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    let sent = bot.sent();
    assert_eq!(reminders(&sent), EVENTS, "one reminder per event: {sent:#?}");
    assert_eq!(plans(&sent), EVENTS, "one plan message per event");
    for i in 0..EVENTS {
        let title = format!("Round {i}");
        assert_eq!(sent.iter().filter(|m| m.text.contains("⏰") && m.text.contains(&title)).count(), 1, "{title}");
    }
    assert!(bot.polls() >= 1, "somebody polls");
    assert_eq!(bot.most_polling_at_once(), 1, "never two pollers at once");
}
