//! What counts as text people typed: no control characters, and nothing that only looks empty.
//!
//! A title of zero-width spaces renders as nothing, and a NUL or an escape sequence in a name
//! ends up in Telegram messages, calendar files and terminals. Both are refused at the door, in
//! one place, for every text field.

/// Characters that draw nothing and take no space: zero-width spaces and joiners, the word
/// joiner, the byte-order mark, the soft hyphen, and the fillers and blanks that render empty.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
    )
}

/// Nothing a reader would see at the ends of a text.
fn blank(c: char) -> bool {
    c.is_whitespace() || invisible(c)
}

/// Control characters other than line breaks and tabs (which multi-line text may hold).
fn forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

/// Why a text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    /// It holds a control character.
    Control,
}

/// `text` with what nobody can see trimmed from both ends; empty when nothing visible is left.
pub fn visible(text: &str) -> Result<&str, TextProblem> {
    if text.chars().any(forbidden_control) {
        return Err(TextProblem::Control);
    }
    let trimmed = text.trim_matches(blank);
    // Invisible characters between visible ones (a joiner inside an emoji) stay; a text made
    // only of them is empty.
    Ok(if trimmed.chars().all(blank) { "" } else { trimmed })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn what_looks_empty_is_empty() {
        assert_eq!(visible("  Friday pints \u{200B}"), Ok("Friday pints"));
        assert_eq!(visible("\u{200B}\u{200D}\u{FEFF}\u{2060}"), Ok(""));
        assert_eq!(visible("\u{3164}\u{3164}"), Ok(""), "Hangul fillers render as nothing");
        assert_eq!(visible("\u{2800} \u{00AD}"), Ok(""));
        assert_eq!(visible("👨\u{200D}👩\u{200D}👧"), Ok("👨\u{200D}👩\u{200D}👧"), "joiners inside emoji stay");
        assert_eq!(visible("Пиво\nи раки\tв 8"), Ok("Пиво\nи раки\tв 8"));
    }

    #[test]
    fn control_characters_are_refused() {
        for bad in ["a\0b", "\u{1b}[31mred", "bell\u{7}", "del\u{7f}", "c1\u{85}x"] {
            assert_eq!(visible(bad), Err(TextProblem::Control), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn visible_text_is_trimmed_and_never_only_invisible(text in "\\PC*") {
            if let Ok(shown) = visible(&text) {
                prop_assert!(shown.is_empty() || !shown.chars().all(blank));
                prop_assert_eq!(shown, shown.trim_matches(blank));
                prop_assert!(!shown.chars().any(forbidden_control));
            }
        }
    }
}
