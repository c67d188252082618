//! What account mail says, in the recipient's language: a plain-text part and an HTML part with
//! the same words, in the app's beer tone.

use crate::domain::html::escape;
use crate::domain::user::Language;

/// Which mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Confirm an address.
    VerifyEmail,
    /// Reset a password.
    PasswordReset,
}

/// A rendered mail.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// Subject line.
    pub subject: String,
    /// The text part.
    pub text: String,
    /// The HTML part.
    pub html: String,
}

struct Words {
    subject: &'static str,
    greeting: &'static str,
    body: &'static str,
    button: &'static str,
    fine_print: &'static str,
    signature: &'static str,
}

fn words(kind: Kind, language: Language) -> Words {
    match (kind, language) {
        (Kind::VerifyEmail, Language::En) => Words {
            subject: "Prost! Confirm your email",
            greeting: "Hi {name},",
            body: "One quick sip before the party: confirm this address, so plans and invitations can reach you.",
            button: "Confirm my email",
            fine_print: "The link is good for 24 hours. If you did not sign up for Prost, ignore this mail: nobody will pour you anything.",
            signature: "Cheers, Prost",
        },
        (Kind::VerifyEmail, Language::Ru) => Words {
            subject: "Прост! Подтвердите почту",
            greeting: "Привет, {name}!",
            body: "Один глоток перед вечеринкой: подтвердите этот адрес, чтобы до вас доходили планы и приглашения.",
            button: "Подтвердить почту",
            fine_print: "Ссылка действует 24 часа. Если вы не регистрировались в Prost, не обращайте внимания: никто ничего не нальёт.",
            signature: "Ваше здоровье! Prost",
        },
        (Kind::PasswordReset, Language::En) => Words {
            subject: "Prost: reset your password",
            greeting: "Hi {name},",
            body: "Forgot your password? It happens after the third pint. Pick a new one here:",
            button: "Choose a new password",
            fine_print: "The link works once, for one hour. If you did not ask for it, ignore this mail: your password stays as it is.",
            signature: "Cheers, Prost",
        },
        (Kind::PasswordReset, Language::Ru) => Words {
            subject: "Prost: сброс пароля",
            greeting: "Привет, {name}!",
            body: "Забыли пароль? Бывает после третьей кружки. Задайте новый здесь:",
            button: "Задать новый пароль",
            fine_print: "Ссылка одноразовая и действует час. Если вы ничего не просили, не обращайте внимания: пароль останется прежним.",
            signature: "Ваше здоровье! Prost",
        },
    }
}

/// The mail for `name` with `link`.
pub fn render(kind: Kind, language: Language, name: &str, link: &str) -> Rendered {
    let w = words(kind, language);
    let greeting = w.greeting.replace("{name}", name);
    let text = format!("{greeting}\n\n{}\n\n{link}\n\n{}\n\n{}\n", w.body, w.fine_print, w.signature);
    let html = format!(
        concat!(
            "<!doctype html><html><body style=\"margin:0;background:#fdf6e3;font-family:sans-serif;color:#3b2a14\">",
            "<div style=\"max-width:480px;margin:0 auto;padding:24px\">",
            "<h1 style=\"color:#b7791f;font-size:22px\">🍺 Prost</h1>",
            "<p>{greeting}</p><p>{body}</p>",
            "<p><a href=\"{link}\" style=\"display:inline-block;background:#d69e2e;color:#1a1204;",
            "padding:12px 20px;border-radius:8px;text-decoration:none;font-weight:bold\">{button}</a></p>",
            "<p style=\"font-size:13px;word-break:break-all\"><a href=\"{link}\">{link}</a></p>",
            "<p style=\"font-size:13px;color:#7a6a52\">{fine_print}</p><p>{signature}</p>",
            "</div></body></html>"
        ),
        greeting = escape(&greeting),
        body = escape(w.body),
        link = escape(link),
        button = escape(w.button),
        fine_print = escape(w.fine_print),
        signature = escape(w.signature),
    );
    Rendered { subject: w.subject.to_string(), text, html }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_parts_carry_the_link_in_the_right_language_and_names_are_escaped() {
        let link = "https://prost.example/verify-email?token=abc";
        let en = render(Kind::VerifyEmail, Language::En, "<Anya>", link);
        assert!(en.text.contains(link) && en.html.contains(link));
        assert!(en.text.contains("Hi <Anya>,"));
        assert!(en.html.contains("&lt;Anya&gt;") && !en.html.contains("<Anya>"));
        let ru = render(Kind::PasswordReset, Language::Ru, "Аня", "https://x/reset-password?token=t");
        assert!(ru.subject.contains("пароля"));
        assert!(ru.text.starts_with("Привет, Аня!"));
        assert!(ru.html.contains("Задать новый пароль"));
    }
}
