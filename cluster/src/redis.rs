//! A `redis-server` child on a fixed port that can be stopped and started again (an outage), and
//! a tiny RESP client so tests can read what the replicas keep there.

use crate::child::ChildProcess;
use crate::tools;
use anyhow::Context;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// A Redis server without persistence: a restart comes back empty, the harder case for the
/// replicas (every lease, cache entry and presence count is gone).
pub struct RedisServer {
    /// Its port on 127.0.0.1.
    pub port: u16,
    dir: PathBuf,
    child: Option<ChildProcess>,
}

impl RedisServer {
    /// Starts Redis on `port`, with its files and log in `dir`.
    pub fn start(port: u16, dir: PathBuf) -> anyhow::Result<RedisServer> {
        std::fs::create_dir_all(&dir)?;
        let mut redis = RedisServer { port, dir, child: None };
        redis.start_again()?;
        Ok(redis)
    }

    /// `redis://127.0.0.1:<port>`, what replicas get as `REDIS_URL`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Kills it (SIGKILL: the replicas see connections drop, as in a crash).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill9();
        }
    }

    /// Starts it again on the same port, empty, and waits until it answers PING.
    pub fn start_again(&mut self) -> anyhow::Result<()> {
        anyhow::ensure!(self.child.is_none(), "redis is already running");
        let mut command = Command::new(tools::system("redis-server")?);
        command
            .arg("--port")
            .arg(self.port.to_string())
            .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"])
            .arg("--dir")
            .arg(&self.dir);
        let child = ChildProcess::spawn("redis", command, &self.dir.join("redis.log"))?;
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(Resp::Simple(pong)) = self.command(&["PING"])
                && pong == "PONG"
            {
                return Ok(());
            }
            if Instant::now() > deadline || !self.child.as_mut().is_some_and(ChildProcess::is_running) {
                let log = self.child.as_ref().map(|c| c.log_tail(20)).unwrap_or_default();
                anyhow::bail!("redis did not start on port {}:\n{log}", self.port);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends one command and reads its reply.
    pub fn command(&self, args: &[&str]) -> anyhow::Result<Resp> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).context("connect to redis")?;
        stream.set_read_timeout(Some(Duration::from_secs(5)))?;
        let mut request = format!("*{}\r\n", args.len()).into_bytes();
        for arg in args {
            request.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
            request.extend_from_slice(arg.as_bytes());
            request.extend_from_slice(b"\r\n");
        }
        stream.write_all(&request)?;
        read_reply(&mut BufReader::new(stream))
    }

    /// `GET key`, `None` when the key does not exist.
    pub fn get(&self, key: &str) -> anyhow::Result<Option<String>> {
        match self.command(&["GET", key])? {
            Resp::Bulk(value) => Ok(value),
            other => anyhow::bail!("GET {key}: unexpected {other:?}"),
        }
    }

    /// `HGETALL key` as field/value pairs.
    pub fn hgetall(&self, key: &str) -> anyhow::Result<Vec<(String, String)>> {
        match self.command(&["HGETALL", key])? {
            Resp::Array(items) => {
                let strings: Vec<String> = items
                    .into_iter()
                    .filter_map(|item| if let Resp::Bulk(Some(s)) = item { Some(s) } else { None })
                    .collect();
                Ok(strings.chunks(2).filter(|pair| pair.len() == 2).map(|p| (p[0].clone(), p[1].clone())).collect())
            }
            other => anyhow::bail!("HGETALL {key}: unexpected {other:?}"),
        }
    }

    /// The replica id that holds `prost:lease:{event_id}` (the value is `"{replicaId} {replicaUrl}"`).
    pub fn lease_holder(&self, event_id: &str) -> anyhow::Result<Option<String>> {
        let value = self.get(&format!("prost:lease:{event_id}"))?;
        Ok(value.and_then(|v| v.split_whitespace().next().map(str::to_string)))
    }
}

/// A RESP2 reply.
#[derive(Debug, Clone, PartialEq)]
pub enum Resp {
    /// `+OK`.
    Simple(String),
    /// `-ERR …`.
    Error(String),
    /// `:1`.
    Integer(i64),
    /// `$n …`; `None` for `$-1`.
    Bulk(Option<String>),
    /// `*n …`.
    Array(Vec<Resp>),
}

fn read_reply(reader: &mut impl BufRead) -> anyhow::Result<Resp> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let line = line.trim_end_matches("\r\n");
    anyhow::ensure!(!line.is_empty(), "redis closed the connection");
    let (kind, rest) = line.split_at(1);
    Ok(match kind {
        "+" => Resp::Simple(rest.into()),
        "-" => Resp::Error(rest.into()),
        ":" => Resp::Integer(rest.parse()?),
        "$" => {
            let len: i64 = rest.parse()?;
            if len < 0 {
                Resp::Bulk(None)
            } else {
                let mut buf = vec![0; len as usize + 2];
                reader.read_exact(&mut buf)?;
                buf.truncate(len as usize);
                Resp::Bulk(Some(String::from_utf8_lossy(&buf).into_owned()))
            }
        }
        "*" => {
            let len: i64 = rest.parse()?;
            let mut items = Vec::new();
            for _ in 0..len.max(0) {
                items.push(read_reply(reader)?);
            }
            Resp::Array(items)
        }
        _ => anyhow::bail!("unreadable redis reply {line:?}"),
    })
}
