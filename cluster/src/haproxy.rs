//! HAProxy running the deployment's own `deploy/haproxy/haproxy.cfg`, pointed at the test's
//! replicas through the environment variables that file reads, with TLS on a self-signed
//! certificate made for the test.

use crate::child::{ChildProcess, run};
use crate::ports::free_port;
use crate::tools;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The stats page's credentials in tests.
pub const STATS_AUTH: (&str, &str) = ("prost", "stats-password");

/// A running HAProxy.
pub struct HaProxy {
    /// The plain-HTTP port (it only redirects).
    pub http_port: u16,
    /// The TLS port.
    pub https_port: u16,
    /// The stats page port.
    pub stats_port: u16,
    /// The certificate (PEM) clients must trust: self-signed for localhost and 127.0.0.1.
    pub ca_pem: PathBuf,
    _child: ChildProcess,
}

/// The certificate's profile: a leaf (not a CA, which rustls refuses as a server certificate)
/// for `localhost` and `127.0.0.1`. The IP address must be in subjectAltName: rustls ignores the
/// CN, and the clients connect to 127.0.0.1.
const OPENSSL_CONFIG: &str = "\
[req]
distinguished_name = dn
x509_extensions = leaf
prompt = no
[dn]
CN = localhost
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
";

/// Makes a self-signed certificate valid for a day in `dir`; returns (certificate PEM for
/// clients to trust, certificate + key PEM for HAProxy).
pub fn self_signed_cert(dir: &Path) -> anyhow::Result<(PathBuf, PathBuf)> {
    let (cert, key, both) = (dir.join("cert.pem"), dir.join("key.pem"), dir.join("haproxy.pem"));
    let config = dir.join("openssl.cnf");
    std::fs::write(&config, OPENSSL_CONFIG)?;
    let mut command = Command::new(tools::system("openssl")?);
    command
        .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-config"])
        .arg(&config)
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert);
    run(command, &dir.join("openssl.log"))?;
    let pem = [std::fs::read(&cert)?, std::fs::read(&key)?].concat();
    std::fs::write(&both, pem)?;
    Ok((cert, both))
}

impl HaProxy {
    /// Starts HAProxy in front of the replicas at `backends` (exactly three, as the config file
    /// lists), with files in `dir`, and waits until its stats page shows every replica up.
    /// `env` can override the file's other variables (e.g. `PROST_HAPROXY_AUTH_PER_MIN`).
    pub async fn start(dir: &Path, backends: &[String], env: &[(String, String)]) -> anyhow::Result<HaProxy> {
        anyhow::ensure!(backends.len() == 3, "deploy/haproxy/haproxy.cfg lists three replicas, not {}", backends.len());
        std::fs::create_dir_all(dir)?;
        let (ca_pem, haproxy_pem) = self_signed_cert(dir)?;
        let (http_port, https_port, stats_port) = (free_port(), free_port(), free_port());
        let config = tools::repo_root().join("deploy/haproxy/haproxy.cfg");
        let mut command = Command::new(tools::system("haproxy")?);
        // -db: stay in the foreground, so the harness owns the process.
        command.arg("-db").arg("-f").arg(&config);
        command
            .env("PROST_HAPROXY_HTTP_BIND", format!("127.0.0.1:{http_port}"))
            .env("PROST_HAPROXY_HTTPS_BIND", format!("127.0.0.1:{https_port}"))
            .env("PROST_HAPROXY_STATS_BIND", format!("127.0.0.1:{stats_port}"))
            .env("PROST_HAPROXY_STATS_AUTH", format!("{}:{}", STATS_AUTH.0, STATS_AUTH.1))
            .env("PROST_HAPROXY_CERT", &haproxy_pem)
            // Notice a dead replica within about a second.
            .env("PROST_HAPROXY_CHECK_INTER", "500ms")
            .env("PROST_HAPROXY_MAXCONN", "4000");
        for (i, backend) in backends.iter().enumerate() {
            command.env(format!("PROST_REPLICA_{}", i + 1), backend);
        }
        command.envs(env.iter().map(|(k, v)| (k, v)));
        let mut child = ChildProcess::spawn("haproxy", command, &dir.join("haproxy.log"))?;
        let haproxy = loop {
            if std::net::TcpStream::connect(("127.0.0.1", stats_port)).is_ok() {
                break HaProxy { http_port, https_port, stats_port, ca_pem, _child: child };
            }
            anyhow::ensure!(child.is_running(), "haproxy exited:\n{}", child.log_tail(30));
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        haproxy.wait_servers_up(Duration::from_secs(20)).await?;
        Ok(haproxy)
    }

    /// `https://127.0.0.1:<https_port>`.
    pub fn base(&self) -> String {
        format!("https://127.0.0.1:{}", self.https_port)
    }

    /// The stats page as CSV (`/stats;csv`), with credentials.
    pub async fn stats_csv(&self) -> anyhow::Result<String> {
        let response = reqwest::Client::new()
            .get(format!("http://127.0.0.1:{}/stats;csv", self.stats_port))
            .basic_auth(STATS_AUTH.0, Some(STATS_AUTH.1))
            .send()
            .await?;
        anyhow::ensure!(response.status().is_success(), "stats page: {}", response.status());
        Ok(response.text().await?)
    }

    /// `(backend, server) -> status` (`UP`, `DOWN`, `no check`, …) for every server line.
    pub async fn server_states(&self) -> anyhow::Result<Vec<(String, String, String)>> {
        let csv = self.stats_csv().await?;
        Ok(csv
            .lines()
            .filter(|line| !line.starts_with('#'))
            .map(|line| line.split(',').collect::<Vec<_>>())
            .filter(|cols| cols.len() > 17 && cols[1] != "FRONTEND" && cols[1] != "BACKEND")
            .map(|cols| (cols[0].to_string(), cols[1].to_string(), cols[17].to_string()))
            .collect())
    }

    /// Waits until the checked servers (the replicas, ready and alive) are all UP.
    pub async fn wait_servers_up(&self, timeout: Duration) -> anyhow::Result<()> {
        let deadline = Instant::now() + timeout;
        loop {
            let states = self.server_states().await.unwrap_or_default();
            let checked: Vec<_> = states.iter().filter(|(b, _, _)| b == "prost_events" || b == "prost_alive").collect();
            let primaries = checked.iter().filter(|(_, s, _)| !s.ends_with("-alive")).count();
            if primaries == 6 && checked.iter().filter(|(_, s, _)| !s.ends_with("-alive")).all(|(_, _, st)| st == "UP")
            {
                return Ok(());
            }
            anyhow::ensure!(Instant::now() < deadline, "haproxy servers not all UP: {states:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}
