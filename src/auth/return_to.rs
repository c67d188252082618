//! Where a social login may send the browser afterwards: only a path on this site. Anything
//! that a browser could read as another origin (`//evil`, `/\evil`, `https://…`, control
//! characters) is dropped, and the default is used instead.

/// Longest `returnTo` kept.
const MAX_LEN: usize = 512;

/// `return_to` if it is a same-site path, else `None`.
pub fn same_site_path(return_to: &str) -> Option<String> {
    let path = return_to.trim();
    let safe = path.len() <= MAX_LEN
        && path.starts_with('/')
        // `//host` and `/\host` are scheme-relative URLs to browsers.
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(|c| c.is_control() || c == '\\' || c.is_whitespace())
        // The API and internal routes are no place to land a browser.
        && !path.starts_with("/api/")
        && !path.starts_with("/internal/");
    safe.then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn only_paths_on_this_site_pass() {
        assert_eq!(same_site_path("/e/k3J9xQ2pLm").as_deref(), Some("/e/k3J9xQ2pLm"));
        assert_eq!(same_site_path("/settings?tab=1#x").as_deref(), Some("/settings?tab=1#x"));
        for bad in [
            "https://elsewhere.example/",
            "//elsewhere.example",
            "/\\elsewhere",
            "javascript:alert(1)",
            "e/relative",
            "",
            "/ok\nSet-Cookie: x",
            "/api/v1/me",
            "/a\\b",
        ] {
            assert_eq!(same_site_path(bad), None, "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn whatever_passes_is_a_plain_path(text in "\\PC{0,600}") {
            if let Some(path) = same_site_path(&text) {
                prop_assert!(path.starts_with('/'));
                prop_assert!(!path.starts_with("//") && !path.contains('\\'));
                prop_assert!(!path.chars().any(|c| c.is_control()));
                let base = url::Url::parse("https://prost.example/").unwrap();
                let joined = base.join(&path).unwrap();
                prop_assert_eq!(joined.host_str(), Some("prost.example"));
            }
        }
    }
}
