//! A small SMTP receiver (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) that keeps every
//! message it accepts, decoded into its text and HTML parts, and can be taken down and brought
//! back on the same port so a test can show that mail survives an outage.

use crate::mime;
use serde::Serialize;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// Longest message accepted (a verification mail is a few KiB).
const MAX_MESSAGE: usize = 1024 * 1024;

/// One accepted message.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// Order of arrival, from 1.
    pub id: u64,
    /// The envelope sender.
    pub from: String,
    /// The envelope recipients.
    pub to: Vec<String>,
    /// The decoded `Subject` header.
    pub subject: String,
    /// The decoded `text/plain` part.
    pub text: String,
    /// The decoded `text/html` part.
    pub html: String,
    /// The message as received (after dot-unstuffing).
    pub raw: String,
}

#[derive(Default)]
struct Inner {
    messages: Vec<Message>,
    next_id: u64,
    listener: Option<JoinHandle<()>>,
    sessions: Vec<JoinHandle<()>>,
}

/// The SMTP receiver; cheap to clone.
#[derive(Clone)]
pub struct FakeMail {
    /// Where it listens (the same port across down and up).
    pub addr: SocketAddr,
    inner: Arc<Mutex<Inner>>,
}

impl FakeMail {
    /// Starts on 127.0.0.1 at `port` (0 picks a free one).
    pub async fn start(port: u16) -> std::io::Result<FakeMail> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let mail = FakeMail { addr: listener.local_addr()?, inner: Arc::default() };
        mail.serve(listener);
        Ok(mail)
    }

    /// `smtp://127.0.0.1:<port>`, for `PROST_SMTP_URL`.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    fn serve(&self, listener: TcpListener) {
        let me = self.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let session = tokio::spawn(me.clone().session(stream));
                let mut inner = me.inner.lock().unwrap();
                inner.sessions.retain(|s| !s.is_finished());
                inner.sessions.push(session);
            }
        });
        self.inner.lock().unwrap().listener = Some(task);
    }

    /// Stops listening and drops open connections: senders now get "connection refused".
    pub fn down(&self) {
        let mut inner = self.inner.lock().unwrap();
        if let Some(listener) = inner.listener.take() {
            listener.abort();
        }
        for session in inner.sessions.drain(..) {
            session.abort();
        }
    }

    /// Listens again on the same port.
    pub async fn up(&self) -> std::io::Result<()> {
        if self.is_up() {
            return Ok(());
        }
        // The aborted listener's socket closes when its task is dropped; give it a moment.
        let mut last = None;
        for _ in 0..50 {
            match TcpListener::bind(self.addr).await {
                Ok(listener) => {
                    self.serve(listener);
                    return Ok(());
                }
                Err(e) => last = Some(e),
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        Err(last.unwrap_or_else(|| std::io::Error::other("could not listen again")))
    }

    /// Whether it is listening.
    pub fn is_up(&self) -> bool {
        self.inner.lock().unwrap().listener.as_ref().is_some_and(|l| !l.is_finished())
    }

    /// Every message so far, oldest first.
    pub fn messages(&self) -> Vec<Message> {
        self.inner.lock().unwrap().messages.clone()
    }

    /// The messages to one address (case-insensitive).
    pub fn messages_to(&self, address: &str) -> Vec<Message> {
        let address = address.to_lowercase();
        self.messages().into_iter().filter(|m| m.to.iter().any(|t| t.to_lowercase() == address)).collect()
    }

    /// Forgets every message.
    pub fn clear(&self) {
        self.inner.lock().unwrap().messages.clear();
    }

    fn keep(&self, from: String, to: Vec<String>, raw: String) {
        let parsed = mime::parse(&raw);
        let mut inner = self.inner.lock().unwrap();
        inner.next_id += 1;
        let id = inner.next_id;
        inner.messages.push(Message {
            id,
            from,
            to,
            subject: parsed.subject,
            text: parsed.text,
            html: parsed.html,
            raw,
        });
    }

    async fn session(self, stream: TcpStream) {
        let _ = self.converse(stream).await;
    }

    async fn converse(&self, stream: TcpStream) -> std::io::Result<()> {
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read);
        write.write_all(b"220 fake-mail ESMTP ready\r\n").await?;
        let (mut from, mut to) = (String::new(), Vec::new());
        let mut line = String::new();
        loop {
            line.clear();
            if lines.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let command = line.trim_end().to_string();
            let verb = command.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
            let reply: &[u8] = match verb.as_str() {
                "EHLO" => b"250-fake-mail\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 1048576\r\n",
                "HELO" => b"250 fake-mail\r\n",
                "MAIL" => {
                    from = address_in(&command);
                    to.clear();
                    b"250 sender ok\r\n"
                }
                "RCPT" => {
                    to.push(address_in(&command));
                    b"250 recipient ok\r\n"
                }
                "DATA" if to.is_empty() => b"503 no recipients\r\n",
                "DATA" => {
                    write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
                    let raw = read_data(&mut lines).await?;
                    match raw {
                        Some(raw) => {
                            self.keep(std::mem::take(&mut from), std::mem::take(&mut to), raw);
                            b"250 queued\r\n"
                        }
                        None => b"552 message too big\r\n",
                    }
                }
                "RSET" => {
                    from.clear();
                    to.clear();
                    b"250 ok\r\n"
                }
                "NOOP" => b"250 ok\r\n",
                "QUIT" => {
                    write.write_all(b"221 bye\r\n").await?;
                    return Ok(());
                }
                // RFC 5321: a command this receiver does not speak (VRFY, AUTH…) gets the
                // standard refusal, which lettre handles.
                _ => b"502 5.5.1 command not recognised\r\n",
            };
            write.write_all(reply).await?;
        }
    }
}

/// The address in `MAIL FROM:<a@b>` or `RCPT TO:<a@b>`.
fn address_in(command: &str) -> String {
    let start = command.find('<').map(|i| i + 1);
    let end = command.rfind('>');
    match (start, end) {
        (Some(s), Some(e)) if s <= e => command[s..e].to_string(),
        _ => command.split_once(':').map(|(_, a)| a.trim().to_string()).unwrap_or_default(),
    }
}

/// Reads a DATA section up to the lone dot, undoing dot-stuffing; `None` past the size limit.
async fn read_data<R: tokio::io::AsyncBufRead + Unpin>(lines: &mut R) -> std::io::Result<Option<String>> {
    let mut out = String::new();
    let mut line = String::new();
    let mut too_big = false;
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "closed during DATA"));
        }
        let content = line.trim_end_matches(['\r', '\n']);
        if content == "." {
            return Ok((!too_big).then_some(out));
        }
        let content = content.strip_prefix('.').filter(|_| content.starts_with("..")).unwrap_or(content);
        if out.len() + content.len() > MAX_MESSAGE {
            too_big = true;
            continue;
        }
        out.push_str(content);
        out.push_str("\r\n");
    }
}
