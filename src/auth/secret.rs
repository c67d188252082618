//! The JWT signing secret: from `PROST_JWT_SECRET`, or generated once into the data directory
//! so restarts keep everyone signed in.

use std::path::Path;

/// File name of the generated secret inside the data directory.
const FILE: &str = "jwt-secret";

/// Returns the configured secret, or reads (creating on first run) the generated one.
pub fn load_or_create(configured: Option<&str>, data_dir: &Path) -> anyhow::Result<Vec<u8>> {
    if let Some(secret) = configured.filter(|s| !s.is_empty()) {
        return Ok(secret.as_bytes().to_vec());
    }
    let path = data_dir.join(FILE);
    if let Ok(existing) = std::fs::read_to_string(&path)
        && !existing.trim().is_empty()
    {
        return Ok(existing.trim().as_bytes().to_vec());
    }
    std::fs::create_dir_all(data_dir)?;
    let secret = super::random_token() + &super::random_token();
    write_private(&path, &secret)?;
    Ok(secret.into_bytes())
}

#[cfg(unix)]
fn write_private(path: &Path, secret: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)?;
    file.write_all(secret.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, secret: &str) -> std::io::Result<()> {
    std::fs::write(path, secret)
}

#[cfg(test)]
mod tests {
    #[test]
    fn generated_secret_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let first = super::load_or_create(None, dir.path()).unwrap();
        let again = super::load_or_create(None, dir.path()).unwrap();
        assert_eq!(first, again);
        assert!(first.len() >= 64);
        assert_eq!(super::load_or_create(Some("given"), dir.path()).unwrap(), b"given");
    }
}
