//! A bundled list of the most common passwords (the ones every breach list starts with, in
//! English and Russian keyboards, plus the beer words a Prost user would reach for), refused at
//! registration, reset and change (OWASP ASVS 2.1.7).

use std::collections::HashSet;
use std::sync::OnceLock;

/// One password a line, compared case-insensitively.
const LIST: &str = include_str!("common-passwords.txt");

fn set() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| LIST.lines().map(|l| l.trim().to_lowercase()).filter(|l| !l.is_empty()).collect())
}

/// Whether `password` is on the list.
pub fn is_common(password: &str) -> bool {
    set().contains(&password.trim().to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_passwords_are_caught_whatever_the_case() {
        assert!(is_common("password123"));
        assert!(is_common("Qwerty123"));
        assert!(is_common("QWERTYUIOP"));
        assert!(is_common("йцукенгшщз"));
        assert!(!is_common("correct horse battery"));
        assert!(set().len() > 300, "the list is bundled whole");
    }
}
