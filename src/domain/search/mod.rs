//! Search over events, as the indexes see it: text folded to comparable words, the search
//! record each event is indexed by, places as geo cells, and the filter a listing applies.
//!
//! Why words and prefixes in an index of our own, and not tantivy or `$text`:
//! - MongoDB's `$text` does not exist in FerretDB, and `$regex` cannot use an index for
//!   anything but an anchored prefix of one field, so every word search would scan the
//!   collection. An indexed array of terms works on both, with a compound index on the order.
//! - tantivy would be a second storage engine beside redb to keep consistent with the event
//!   writes (its commits are not redb's transactions), costs minutes of compile time and megabytes
//!   of binary on a 2-core builder, and still leaves the MongoDB mode needing all of this. The
//!   queries here are words, prefixes, days, cells and a status: term lookups, which redb range
//!   scans answer directly, inside the same write transaction as the event.
//!
//! Folding is lower case plus `ё`→`е`, in any script (Unicode lower case and alphanumerics);
//! a word is a run of letters and digits. Prefixes are indexed up to [`MAX_PREFIX`] characters;
//! a longer query word is looked up by its first [`MAX_PREFIX`] characters and then checked
//! against the stored words, so the index stays small and every prefix still matches.

pub mod doc;
pub mod filter;
pub mod geo;

pub use doc::{SearchDoc, SortKey};
pub use filter::{Near, SearchFilter};

/// Longest prefix that gets an index term of its own.
pub const MAX_PREFIX: usize = 8;
/// Longest word kept; longer runs are cut (nobody searches for the 33rd letter).
pub const MAX_WORD: usize = 32;
/// Most distinct words kept per event and field group, so one event's index entries stay bounded.
pub const MAX_WORDS: usize = 128;

/// One character folded: lower case, and `ё` read as `е` (Russian writes both for one letter).
fn fold_char(c: char) -> impl Iterator<Item = char> {
    c.to_lowercase().map(|c| if c == 'ё' { 'е' } else { c })
}

/// `text` in lower case with `ё` as `е`.
pub fn fold(text: &str) -> String {
    text.chars().flat_map(fold_char).collect()
}

/// The folded words of `text`, in order (repeats included), each cut to [`MAX_WORD`] characters.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    // Fold first, then split: a character whose lower case is not a letter splits words the same
    // way the second time round, which is what makes folding idempotent.
    let folded = fold(text);
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().take(MAX_WORD).collect::<String>())
        .collect::<Vec<_>>()
        .into_iter()
}

/// The distinct words of all `texts`, first occurrence first, at most [`MAX_WORDS`].
pub fn distinct_words<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for text in texts {
        for word in words(text) {
            if out.len() == MAX_WORDS {
                return out;
            }
            if seen.insert(word.clone()) {
                out.push(word);
            }
        }
    }
    out
}

/// The prefixes of a folded word that get index terms: 1 to [`MAX_PREFIX`] characters.
pub fn prefixes(word: &str) -> impl Iterator<Item = &str> {
    word.char_indices()
        .skip(1)
        .map(|(at, _)| at)
        .chain(std::iter::once(word.len()))
        .take(MAX_PREFIX)
        .map(|end| &word[..end])
}

/// The index term a query word is looked up by: the word itself, or its first [`MAX_PREFIX`]
/// characters (the stored words then decide).
pub fn probe(word: &str) -> &str {
    match word.char_indices().nth(MAX_PREFIX) {
        Some((at, _)) => &word[..at],
        None => word,
    }
}

/// Whether a query word matches one of `stored` (folded) words: it is one of them or begins one.
pub fn matches_word(stored: &[String], query_word: &str) -> bool {
    stored.iter().any(|w| w.starts_with(query_word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cyrillic_case_and_yo_fold_together() {
        assert_eq!(words("Ёлка у ПИВОВАРА, ёжики!").collect::<Vec<_>>(), ["елка", "у", "пивовара", "ежики"]);
        assert_eq!(fold("ЁЖ"), fold("еж"));
        assert_eq!(words("Straße 12-b Μπύρα").collect::<Vec<_>>(), ["straße", "12", "b", "μπύρα"]);
    }

    #[test]
    fn prefixes_stop_at_the_cap_and_count_characters() {
        assert_eq!(prefixes("пиво").collect::<Vec<_>>(), ["п", "пи", "пив", "пиво"]);
        assert_eq!(prefixes("oktoberfest").count(), MAX_PREFIX);
        assert_eq!(probe("oktoberfest"), "oktoberf");
        assert_eq!(probe("пиво"), "пиво");
    }

    proptest! {
        /// Folding the words again changes nothing.
        #[test]
        fn folding_is_idempotent(text in "\\PC{0,60}") {
            let once: Vec<String> = words(&text).collect();
            let twice: Vec<String> = words(&once.join(" ")).collect();
            prop_assert_eq!(once, twice);
        }

        /// Every word of a text is found by each of its prefixes, through the index term the
        /// query would use and the stored-word check.
        #[test]
        fn every_word_is_found_by_each_of_its_prefixes(text in "[a-zA-Zа-яА-ЯёЁ0-9 ,.!-]{0,80}") {
            let stored = distinct_words([text.as_str()]);
            let terms: std::collections::HashSet<&str> = stored.iter().flat_map(|w| prefixes(w)).collect();
            for word in &stored {
                let chars: Vec<char> = word.chars().collect();
                for n in 1..=chars.len() {
                    let query: String = chars[..n].iter().collect();
                    prop_assert!(terms.contains(probe(&query)), "{query} has no term");
                    prop_assert!(matches_word(&stored, &query), "{query} does not match");
                }
            }
        }

        /// Case and ё/е never change what matches.
        #[test]
        fn case_and_yo_do_not_matter(text in "[a-zA-Zа-яА-ЯёЁеЕ ]{1,40}") {
            let upper: String = text.to_uppercase();
            let yo: String = text.replace('е', "ё").replace('Е', "Ё");
            let plain: Vec<String> = words(&text).collect();
            prop_assert_eq!(&words(&upper).collect::<Vec<_>>(), &plain);
            prop_assert_eq!(&words(&yo).collect::<Vec<_>>(), &plain);
        }

        /// However long the text, what an event stores is bounded.
        #[test]
        fn output_is_bounded(text in "\\PC{0,3000}") {
            let stored = distinct_words([text.as_str()]);
            prop_assert!(stored.len() <= MAX_WORDS);
            prop_assert!(stored.iter().all(|w| w.chars().count() <= MAX_WORD && !w.is_empty()));
            prop_assert!(stored.iter().all(|w| prefixes(w).count() <= MAX_PREFIX));
        }
    }
}
