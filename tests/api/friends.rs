//! Friends, invitations, "same again" and the answers export, through the public API on both
//! stores: who counts as a friend and in what order, invitations that arrive through the fake
//! Bot API and a real SMTP receiver (once per window), copies that move slots and leave people
//! behind, a CSV that spreadsheets read, and who may do each of these.

use crate::accounts::{link_token, mails_to};
use crate::helpers::{StoreKind, TestApp, assert_error, spawn_app_with};
use crate::telegram::{WAIT, count, link_account};
use jiff::{SignedDuration, Timestamp};
use prost::persistence::ferretdb::FerretDb;
use prost_fake_auth::FakeMail;
use prost_fake_telegram::{BOT_TOKEN, FakeTelegram};
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};
use std::time::Duration;

on_both_stores!(
    friends_are_the_people_you_planned_with_most_recent_first,
    copying_moves_the_slots_and_leaves_the_people_behind,
    the_answers_export_is_a_spreadsheet_for_the_organiser_only,
);

/// Generates one test per store for an `async fn(TestApp, FakeTelegram, FakeMail)` case.
macro_rules! with_bot_and_mail {
    ($($case:ident),* $(,)?) => {
        $(
            mod $case {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn embedded() {
                    let (app, bot, mail) = super::messaging_app(crate::helpers::StoreKind::Embedded).await;
                    super::$case(app, bot, mail).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn mongo() {
                    let (app, bot, mail) = super::messaging_app(crate::helpers::StoreKind::Mongo).await;
                    super::$case(app, bot, mail).await;
                }
            }
        )*
    };
}

with_bot_and_mail!(invitations_reach_friends_on_telegram_and_by_mail_once, only_the_organiser_invites_only_friends);

/// The friends part of the store contract on MongoDB (the embedded store runs it in its unit
/// tests).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mongo_store_passes_the_friends_contract() {
    let uri = FerretDb::shared().uri_for(&format!("friends_contract_{}", std::process::id()));
    let store = prost::persistence::mongo::MongoStore::connect(&uri).await.unwrap();
    let store: prost::persistence::SharedStore = std::sync::Arc::new(store);
    prost::persistence::friends::contract::run(&store).await;
}

/// A server with Telegram (a fake Bot API) and mail (a fake SMTP server).
async fn messaging_app(kind: StoreKind) -> (TestApp, FakeTelegram, FakeMail) {
    let bot = FakeTelegram::start().await;
    let mail = FakeMail::start(0).await.unwrap();
    let (bot_url, smtp_url) = (bot.url.clone(), mail.url());
    let app = spawn_app_with(kind, |s| {
        s.telegram_bot_token = Some(BOT_TOKEN.into());
        s.telegram_api_url = Some(bot_url);
        s.smtp_url = Some(smtp_url);
        s.mail_from = "Prost <prost@example.com>".into();
        s.outbox_lease = Duration::from_secs(5);
    })
    .await;
    (app, bot, mail)
}

/// A slot `days` from 2027-12-01 15:00 UTC, three hours long.
fn slot(days: i64) -> Value {
    let start: Timestamp = "2027-12-01T15:00:00Z".parse().unwrap();
    let start = start.checked_add(SignedDuration::from_hours(24 * days)).unwrap();
    json!({"start": start.to_string(), "end": start.checked_add(SignedDuration::from_hours(3)).unwrap().to_string()})
}

/// An event with one slot `days` after 2027-12-01.
async fn evening(app: &TestApp, token: &str, title: &str, days: i64) -> String {
    let event = app.event(token, json!({"title": title, "timezone": "Europe/Moscow", "slots": [slot(days)]})).await;
    event["id"].as_str().unwrap().to_string()
}

/// Joins `event` as the signed-in `token`.
async fn join(app: &TestApp, token: &str, event: &str) {
    let (status, body) =
        app.call(Method::POST, &format!("/api/v1/events/{event}/participants"), Some(token), Some(json!({}))).await;
    assert!(status == StatusCode::CREATED || status == StatusCode::OK, "{status} {body}");
}

async fn friends(app: &TestApp, token: &str) -> Vec<Value> {
    let (status, body) = app.call(Method::GET, "/api/v1/me/friends", Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["items"].as_array().unwrap().clone()
}

fn ids(items: &[Value]) -> Vec<&str> {
    items.iter().map(|f| f["id"].as_str().unwrap()).collect()
}

async fn friends_are_the_people_you_planned_with_most_recent_first(app: TestApp) {
    let (olga, olga_id) = app.user("Olga").await;
    let (ann, ann_id) = app.user("Ann").await;
    let (bob, bob_id) = app.user("Bob").await;
    let (cat, cat_id) = app.user("Cat").await;
    let (dan, _) = app.user("Dan").await;
    let (eve, _) = app.user("Eve").await;

    // Olga organises two evenings Ann joins (one with a guest too), joins Bob's with Cat, and
    // has nothing to do with Dan's evening with Eve.
    let first = evening(&app, &olga, "Pints", 3).await;
    join(&app, &ann, &first).await;
    app.guest(&first, "Guest Gena").await;
    let second = evening(&app, &olga, "More pints", 0).await;
    join(&app, &ann, &second).await;
    let bobs = evening(&app, &bob, "Bob's stout", 40).await;
    join(&app, &olga, &bobs).await;
    join(&app, &cat, &bobs).await;
    let dans = evening(&app, &dan, "Dan's porter", 60).await;
    join(&app, &eve, &dans).await;

    let list = friends(&app, &olga).await;
    assert_eq!(list.len(), 3, "{list:#?}");
    let (latest, earlier) = list.split_at(2);
    let mut latest_ids = ids(latest);
    latest_ids.sort_unstable();
    let mut expected = vec![bob_id.as_str(), cat_id.as_str()];
    expected.sort_unstable();
    assert_eq!(latest_ids, expected, "Bob's evening is the latest: its organiser and Cat come first");
    for friend in latest {
        assert_eq!(friend["eventsTogether"], 1);
        assert_eq!(friend["lastEventAt"], "2028-01-10T15:00:00Z");
    }
    assert_eq!(earlier[0]["id"], ann_id.as_str());
    assert_eq!(earlier[0]["name"], "Ann");
    assert_eq!(earlier[0]["eventsTogether"], 2, "two evenings with Olga");
    assert_eq!(earlier[0]["lastEventAt"], "2027-12-04T15:00:00Z", "the later of the two");
    assert_eq!(earlier[0]["telegramLinked"], false);

    // It goes both ways, and participants of one event are friends of each other.
    assert_eq!(ids(&friends(&app, &ann).await), [olga_id.as_str()]);
    let cats = friends(&app, &cat).await;
    let mut cat_friends = ids(&cats);
    cat_friends.sort_unstable();
    let mut expected = vec![olga_id.as_str(), bob_id.as_str()];
    expected.sort_unstable();
    assert_eq!(cat_friends, expected);
    let (loner, _) = app.user("Loner").await;
    assert!(friends(&app, &loner).await.is_empty());

    // Leaving an evening ends the friendship it made.
    let (status, event) = app.call(Method::GET, &format!("/api/v1/events/{bobs}"), None, None).await;
    assert_eq!(status, StatusCode::OK);
    let cat_pid =
        event["participants"].as_array().unwrap().iter().find(|p| p["userId"] == cat_id.as_str()).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
    let (status, body) =
        app.call(Method::DELETE, &format!("/api/v1/events/{bobs}/participants/{cat_pid}"), Some(&cat), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(ids(&friends(&app, &cat).await), Vec::<&str>::new());

    // Only for the signed in: anonymous callers and guests with a participant token get 401.
    let (status, body) = app.call(Method::GET, "/api/v1/me/friends", None, None).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (_, guest_token) = app.guest(&first, "Guest Galya").await;
    let (status, body) = app.call_as_guest(Method::GET, "/api/v1/me/friends", &guest_token, None).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
}

/// Registers `name` and confirms their address through the mailed link; returns the token, the
/// user id and the address.
async fn verified_user(app: &TestApp, mail: &FakeMail, name: &str) -> (String, String, String) {
    let email = TestApp::email(name);
    let body = json!({"email": email, "password": "correct horse battery", "name": name});
    let (status, account) = app.call(Method::POST, "/api/v1/auth/register", None, Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{account}");
    let letter = mails_to(mail, &email, 1).await;
    let token = link_token(&letter[0], "verify-email");
    let (status, verified) =
        app.call(Method::POST, "/api/v1/auth/verify-email", None, Some(json!({"token": token}))).await;
    assert_eq!(status, StatusCode::OK, "{verified}");
    let access = account["accessToken"].as_str().unwrap().to_string();
    (access, account["user"]["id"].as_str().unwrap().to_string(), email)
}

async fn invite(app: &TestApp, token: &str, event: &str, user_ids: Value) -> (StatusCode, Value) {
    app.call(
        Method::POST,
        &format!("/api/v1/events/{event}/invitations"),
        Some(token),
        Some(json!({"userIds": user_ids})),
    )
    .await
}

async fn invitations_reach_friends_on_telegram_and_by_mail_once(app: TestApp, bot: FakeTelegram, mail: FakeMail) {
    let (olga, _) = app.user("Olga").await;
    let (ann, ann_id) = app.user("Ann").await;
    link_account(&app, &bot, &ann, 501).await;
    let (bob, bob_id, bob_email) = verified_user(&app, &mail, "Bob").await;
    let (cat, cat_id) = app.user("Cat").await;
    let first = evening(&app, &olga, "Pints", 3).await;
    for token in [&ann, &bob, &cat] {
        join(&app, token, &first).await;
    }
    let next = evening(&app, &olga, "Same again", 10).await;

    let (status, report) = invite(&app, &olga, &next, json!([ann_id, bob_id, cat_id, ann_id])).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{report}");
    assert_eq!(report["invited"], json!([ann_id, bob_id]), "{report}");
    assert_eq!(report["unreachable"], json!([cat_id]), "Cat has neither Telegram nor a verified address");

    let sent = bot.wait_for(WAIT, "Ann's invitation", |s| count(s, 501, "invites you to") == 1).await;
    let invitation = sent.iter().find(|s| s.chat_id == 501 && s.text.contains("invites you to")).unwrap();
    assert!(invitation.text.contains("Olga") && invitation.text.contains("Same again"), "{invitation:?}");
    let letters = mails_to(&mail, &bob_email, 2).await;
    let letter = &letters[1];
    assert_eq!(letter.subject, "Olga invites you: Same again");
    assert!(letter.text.starts_with("Hi Bob,"), "{letter:#?}");
    assert!(letter.text.contains(&format!("{}/e/{next}", app.base)), "{letter:#?}");
    assert!(letter.html.contains(&format!("{}/e/{next}", app.base)));

    // Inviting again at once reports the same and sends nothing new.
    let (status, again) = invite(&app, &olga, &next, json!([bob_id, ann_id])).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{again}");
    assert_eq!(again["invited"], json!([bob_id, ann_id]));
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(count(&bot.sent(), 501, "invites you to"), 1, "one invitation per window");
    assert_eq!(mail.messages_to(&bob_email).len(), 2, "the verification and one invitation");

    // Telegram-linked friends show it in the list.
    let list = friends(&app, &olga).await;
    let ann_entry = list.iter().find(|f| f["id"] == ann_id.as_str()).unwrap();
    assert_eq!(ann_entry["telegramLinked"], true);
}

async fn only_the_organiser_invites_only_friends(app: TestApp, _bot: FakeTelegram, _mail: FakeMail) {
    let (olga, _) = app.user("Olga").await;
    let (ann, ann_id) = app.user("Ann").await;
    let (stranger, stranger_id) = app.user("Stranger").await;
    let first = evening(&app, &olga, "Pints", 3).await;
    join(&app, &ann, &first).await;
    let (_, guest_token) = app.guest(&first, "Guest Gena").await;
    let path = format!("/api/v1/events/{first}/invitations");

    // Someone Olga never planned with (and Olga herself) is refused, by position.
    let (status, body) = invite(&app, &olga, &first, json!([ann_id, stranger_id])).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "invalid_argument");
    assert!(body["error"]["fields"]["userIds[1]"].is_string(), "{body}");
    assert!(body["error"]["fields"]["userIds[0]"].is_null(), "Ann is a friend: {body}");
    let (status, body) = invite(&app, &olga, &first, json!([])).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "invalid_argument");
    assert!(body["error"]["fields"]["userIds"].is_string(), "{body}");
    let crowd: Vec<&str> = std::iter::repeat_n(ann_id.as_str(), 51).collect();
    let (status, body) = invite(&app, &olga, &first, json!(crowd)).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "invalid_argument");
    assert!(body["error"]["fields"]["userIds"].as_str().unwrap().contains("50"), "{body}");

    // Only the organiser: a participant or a stranger gets 403, a guest or nobody 401.
    let (status, body) = invite(&app, &ann, &first, json!([ann_id])).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "permission_denied");
    let (status, body) = invite(&app, &stranger, &first, json!([ann_id])).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "permission_denied");
    let (status, body) = app.call_as_guest(Method::POST, &path, &guest_token, Some(json!({"userIds": [ann_id]}))).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (status, body) = app.call(Method::POST, &path, None, Some(json!({"userIds": [ann_id]}))).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (status, body) = invite(&app, &olga, "nosuchevent1", json!([ann_id])).await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "not_found");

    // An event made without an account: its organiser token works, but it has no friends.
    let made = app.guest_event(json!({"title": "Guest pints", "slots": [slot(1)]})).await;
    let (id, token) = (made["id"].as_str().unwrap(), made["organizerToken"].as_str().unwrap());
    let (status, body) = app
        .call_as_organizer(
            Method::POST,
            &format!("/api/v1/events/{id}/invitations"),
            token,
            Some(json!({"userIds": [ann_id]})),
        )
        .await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "invalid_argument");
}

async fn copy(app: &TestApp, token: Option<&str>, event: &str, body: Value) -> (StatusCode, Value) {
    app.call(Method::POST, &format!("/api/v1/events/{event}/copy"), token, Some(body)).await
}

async fn copying_moves_the_slots_and_leaves_the_people_behind(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    let (ann, _) = app.user("Ann").await;
    let (bob, bob_id) = app.user("Bob").await;
    let source = app
        .event(
            &olga,
            json!({
                "title": "Пятница", "description": "Как обычно", "timezone": "Europe/Moscow", "visibility": "public",
                "slots": [slot(3), slot(4)],
                "places": [{"name": "Bar Pivovar", "address": "Tverskaya 1", "mapUrl": "https://yandex.ru/maps/?ll=37.6,55.7"}],
                "settings": {"allowGuests": false, "participantsCanAddPlaces": false}
            }),
        )
        .await;
    let id = source["id"].as_str().unwrap();
    join(&app, &ann, id).await;

    // Anyone signed in who can see the event may copy it; the copy is theirs.
    let (status, copied) = copy(&app, Some(&bob), id, json!({"shiftDays": 7})).await;
    assert_eq!(status, StatusCode::CREATED, "{copied}");
    assert_ne!(copied["id"], source["id"]);
    assert_eq!(copied["organizer"]["id"], bob_id.as_str());
    assert!(copied.get("organizerToken").is_none(), "a signed-in organiser needs no token: {copied}");
    for field in ["title", "description", "timezone", "visibility", "settings"] {
        assert_eq!(copied[field], source[field], "{field}");
    }
    assert_eq!(copied["places"][0]["name"], "Bar Pivovar");
    assert_eq!(copied["places"][0]["lat"], source["places"][0]["lat"]);
    assert_eq!(copied["status"], "open");
    let starts = |event: &Value| -> Vec<String> {
        event["slots"].as_array().unwrap().iter().map(|s| s["start"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(starts(&copied), ["2027-12-11T15:00:00Z", "2027-12-12T15:00:00Z"]);
    let stored = app.get_event(copied["id"].as_str().unwrap()).await;
    assert_eq!(stored["participants"], json!([]), "nobody comes along");
    assert_eq!(app.get_event(id).await["participants"].as_array().unwrap().len(), 1, "the original keeps Ann");

    // The default is next week; a grid moves by its dates.
    let (status, default) = copy(&app, Some(&olga), id, json!({})).await;
    assert_eq!(status, StatusCode::CREATED, "{default}");
    assert_eq!(starts(&default), ["2027-12-11T15:00:00Z", "2027-12-12T15:00:00Z"]);
    let grid = app
        .event(
            &olga,
            json!({"title": "Grid", "timezone": "Europe/Moscow",
                   "grid": {"dates": ["2027-12-04", "2027-12-05"], "from": "18:00", "to": "21:00", "stepMinutes": 60}}),
        )
        .await;
    let (status, moved) = copy(&app, Some(&olga), grid["id"].as_str().unwrap(), json!({"shiftDays": -1})).await;
    assert_eq!(status, StatusCode::CREATED, "{moved}");
    assert_eq!(moved["grid"]["dates"], json!(["2027-12-03", "2027-12-04"]));
    assert_eq!(moved["slots"].as_array().unwrap().len(), 6);
    assert_eq!(moved["slots"][0]["start"], "2027-12-03T15:00:00Z", "18:00 in Moscow");

    // The same checks as a new event: nothing left in the future, or too far, is a 400.
    let soon = Timestamp::now().checked_add(SignedDuration::from_hours(30)).unwrap();
    let end = soon.checked_add(SignedDuration::from_hours(2)).unwrap();
    let close = app
        .event(&olga, json!({"title": "Soon", "slots": [{"start": soon.to_string(), "end": end.to_string()}]}))
        .await;
    let close = close["id"].as_str().unwrap();
    for days in [json!(-7), json!(367), json!(-367)] {
        let (status, body) = copy(&app, Some(&olga), close, json!({"shiftDays": days})).await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, "invalid_argument");
        assert!(body["error"]["fields"]["shiftDays"].is_string(), "{days}: {body}");
    }
    let (status, body) = copy(&app, Some(&olga), close, json!({"shiftDays": "seven"})).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "invalid_argument");

    // Signed in only: a guest with a participant token and nobody at all get 401.
    let grid_id = grid["id"].as_str().unwrap();
    let (_, guest_token) = app.guest(grid_id, "Guest Gena").await;
    let path = format!("/api/v1/events/{grid_id}/copy");
    let (status, body) = app.call_as_guest(Method::POST, &path, &guest_token, Some(json!({}))).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (status, body) = copy(&app, None, id, json!({})).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (status, body) = copy(&app, Some(&bob), "nosuchevent1", json!({})).await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "not_found");
}

/// `GET answers.csv` with `headers`: status, content type, disposition and body.
async fn export(app: &TestApp, event: &str, headers: &[(&str, &str)]) -> (StatusCode, String, String, Vec<u8>) {
    let mut request = app.http.get(app.url(&format!("/api/v1/events/{event}/answers.csv")));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let read = |name: header::HeaderName| {
        response.headers().get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
    };
    let (content_type, disposition) = (read(header::CONTENT_TYPE), read(header::CONTENT_DISPOSITION));
    (response.status(), content_type, disposition, response.bytes().await.unwrap().to_vec())
}

async fn the_answers_export_is_a_spreadsheet_for_the_organiser_only(app: TestApp) {
    let (olga, _) = app.user("Olga").await;
    let (stranger, _) = app.user("Stranger").await;
    let event = app
        .event(
            &olga,
            json!({
                "title": "Пятница, 13-е", "timezone": "Europe/Moscow", "language": "ru",
                "slots": [slot(3), {"start": "2027-12-04T20:00:00Z", "end": "2027-12-04T22:00:00Z"}],
                "places": [{"name": "Bar \"Pivovar\", Tverskaya"}, {"name": "Пивная"}]
            }),
        )
        .await;
    let id = event["id"].as_str().unwrap();
    let (s1, s2) = (event["slots"][0]["id"].as_str().unwrap(), event["slots"][1]["id"].as_str().unwrap());
    let (p1, p2) = (event["places"][0]["id"].as_str().unwrap(), event["places"][1]["id"].as_str().unwrap());
    for (name, slots, places) in [
        ("Аня", json!({s1: "yes", s2: "maybe"}), json!({p1: "no", p2: "yes"})),
        ("=HYPERLINK(\"http://evil\")", json!({s2: "no"}), json!({})),
    ] {
        let (pid, token) = app.guest(id, name).await;
        let path = format!("/api/v1/events/{id}/participants/{pid}/answers");
        let (status, body) =
            app.call_as_guest(Method::PUT, &path, &token, Some(json!({"slots": slots, "places": places}))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    let bearer = format!("Bearer {olga}");
    let (status, content_type, disposition, bytes) = export(&app, id, &[("authorization", bearer.as_str())]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "text/csv; charset=utf-8");
    assert!(disposition.starts_with(&format!("attachment; filename=\"prost-{id}.csv\"")), "{disposition}");
    assert!(disposition.contains("filename*=UTF-8''%D0%9F"), "the title, encoded: {disposition}");
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "a UTF-8 byte order mark first");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "Участник,2027-12-04 18:00–21:00,2027-12-04 23:00–2027-12-05 01:00,\"Bar \"\"Pivovar\"\", Tverskaya\",Пивная",
        "slots in Moscow time, quoting, Cyrillic"
    );
    assert_eq!(lines[1], "Аня,yes,maybe,no,yes");
    assert_eq!(lines[2], "\"'=HYPERLINK(\"\"http://evil\"\")\",,no,,", "a formula is defused, then quoted");
    assert_eq!(lines[3..], [""]);

    // An event made without an account: its organiser token exports; another event's token
    // does not.
    let made = app.guest_event(json!({"title": "Guest pints", "slots": [slot(1)]})).await;
    let (guest_id, organizer_token) = (made["id"].as_str().unwrap(), made["organizerToken"].as_str().unwrap());
    let (status, _, _, bytes) = export(&app, guest_id, &[("x-organizer-token", organizer_token)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(String::from_utf8(bytes).unwrap(), "\u{feff}Participant,2027-12-02 15:00–18:00\r\n");
    let (status, ..) = export(&app, id, &[("x-organizer-token", organizer_token)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another event's organiser token");

    // Nobody else: a stranger 403, a guest and nobody 401, and an unknown event 404.
    let (_, guest_token) = app.guest(id, "Guest Gena").await;
    let stranger_bearer = format!("Bearer {stranger}");
    let cases: [(&[(&str, &str)], StatusCode); 3] = [
        (&[("authorization", stranger_bearer.as_str())], StatusCode::FORBIDDEN),
        (&[("x-participant-token", guest_token.as_str())], StatusCode::UNAUTHORIZED),
        (&[], StatusCode::UNAUTHORIZED),
    ];
    for (headers, expected) in cases {
        let (status, content_type, _, bytes) = export(&app, id, headers).await;
        assert_eq!(status, expected, "{headers:?}");
        assert!(content_type.starts_with("application/json"), "errors keep the API shape");
        let body: Value = serde_json::from_slice(&bytes).unwrap();
        assert!(body["error"]["code"].is_string(), "{body}");
    }
    let (status, ..) = export(&app, "nosuchevent1", &[("authorization", bearer.as_str())]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
