//! Which OpenID Connect providers sign people in here: `PROST_OIDC_PROVIDERS=google,yandex` and,
//! for each id, `PROST_OIDC_<ID>_{ISSUER,CLIENT_ID,CLIENT_SECRET,NAME,SCOPES}`. `google` and
//! `telegram` know their issuer and name; others need `ISSUER`.

/// One configured provider.
#[derive(Clone, PartialEq)]
pub struct ProviderSettings {
    /// The id in URLs (`/auth/oidc/{id}/start`): `[a-z0-9_-]`, at most 32.
    pub id: String,
    /// The button label.
    pub name: String,
    /// The issuer URL whose `/.well-known/openid-configuration` is read.
    pub issuer: String,
    /// Our client id there.
    pub client_id: String,
    /// Our client secret there (sent in the token request's form body).
    pub client_secret: String,
    /// Scopes besides `openid`.
    pub scopes: Vec<String>,
}

impl std::fmt::Debug for ProviderSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderSettings")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("scopes", &self.scopes)
            .finish()
    }
}

/// Issuer and name of the providers that need only a client id and secret.
fn preset(id: &str) -> Option<(&'static str, &'static str, &'static str)> {
    match id {
        "google" => Some(("https://accounts.google.com", "Google", "email profile")),
        "telegram" => Some(("https://oauth.telegram.org", "Telegram", "profile")),
        _ => None,
    }
}

impl ProviderSettings {
    /// Reads every provider named in `ids` through `var` (the environment, in production).
    pub fn from_vars(ids: &[String], var: impl Fn(&str) -> Option<String>) -> anyhow::Result<Vec<ProviderSettings>> {
        let mut out: Vec<ProviderSettings> = Vec::new();
        for id in ids.iter().map(|i| i.trim().to_lowercase()).filter(|i| !i.is_empty()) {
            let valid = id.len() <= 32 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            anyhow::ensure!(valid, "OIDC provider id `{id}` must be letters, digits, `_` or `-`");
            anyhow::ensure!(out.iter().all(|p| p.id != id), "OIDC provider `{id}` is listed twice");
            let prefix = format!("PROST_OIDC_{}_", id.to_uppercase().replace('-', "_"));
            let get = |key: &str| var(&format!("{prefix}{key}")).filter(|v| !v.trim().is_empty());
            let preset = preset(&id);
            let issuer = get("ISSUER")
                .or_else(|| preset.map(|p| p.0.to_string()))
                .ok_or_else(|| anyhow::anyhow!("{prefix}ISSUER is needed for provider `{id}`"))?;
            let client_id = get("CLIENT_ID").ok_or_else(|| anyhow::anyhow!("{prefix}CLIENT_ID is not set"))?;
            let client_secret =
                get("CLIENT_SECRET").ok_or_else(|| anyhow::anyhow!("{prefix}CLIENT_SECRET is not set"))?;
            let name = get("NAME").or_else(|| preset.map(|p| p.1.to_string())).unwrap_or_else(|| id.clone());
            let scopes = get("SCOPES")
                .or_else(|| preset.map(|p| p.2.to_string()))
                .unwrap_or_else(|| "email profile".into())
                .split([' ', ','])
                .filter(|s| !s.is_empty() && *s != "openid")
                .map(str::to_string)
                .collect();
            out.push(ProviderSettings {
                id,
                name,
                issuer: issuer.trim_end_matches('/').to_string(),
                client_id,
                client_secret,
                scopes,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn presets_fill_in_issuer_and_name_and_others_need_an_issuer() {
        let vars: HashMap<&str, &str> = HashMap::from([
            ("PROST_OIDC_GOOGLE_CLIENT_ID", "g-id"),
            ("PROST_OIDC_GOOGLE_CLIENT_SECRET", "g-secret"),
            ("PROST_OIDC_YANDEX_ISSUER", "https://login.yandex.ru/"),
            ("PROST_OIDC_YANDEX_CLIENT_ID", "y-id"),
            ("PROST_OIDC_YANDEX_CLIENT_SECRET", "y-secret"),
            ("PROST_OIDC_YANDEX_NAME", "Яндекс"),
        ]);
        let var = |k: &str| vars.get(k).map(|v| v.to_string());
        let providers = ProviderSettings::from_vars(&["google".into(), "Yandex".into()], var).unwrap();
        assert_eq!(providers[0].issuer, "https://accounts.google.com");
        assert_eq!(providers[0].name, "Google");
        assert_eq!(providers[1].id, "yandex");
        assert_eq!(providers[1].issuer, "https://login.yandex.ru");
        assert_eq!(providers[1].name, "Яндекс");
        assert!(!format!("{:?}", providers[0]).contains("g-secret"));
        assert!(ProviderSettings::from_vars(&["company".into()], var).is_err(), "no issuer, no preset");
        assert!(ProviderSettings::from_vars(&["bad id!".into()], var).is_err());
    }
}
