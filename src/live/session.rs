//! One live socket: a reader that handles client messages one at a time (which also throttles
//! what a socket can put in an actor's mailbox) and a writer that merges replies with the
//! event's fan-out. The session is generic over `Sink`/`Stream`, so it is tested with channels.

use super::hub::{Hub, Watch};
use super::outbound::Outbound;
use super::protocol::{ClientMsg, Codec, ServerMsg, decode};
use crate::actors::{Registry, RegistryError, SyncReply};
use crate::auth::jwt::TokenKeys;
use crate::auth::token_hash;
use crate::cluster::{Cluster, ForwardedAnswers};
use crate::domain::answer::AnswerCells;
use crate::domain::command::{Caller, CallerUser, Command};
use crate::http::error::ApiError;
use crate::http::gate::Budget;
use crate::http::rate_limit::Kind;
use axum::extract::ws::{CloseFrame, Message};
use futures::{Sink, SinkExt, Stream, StreamExt};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};
use tokio_util::sync::CancellationToken;

/// A send that takes longer than this means the client stopped reading: drop it rather than
/// let it hold memory.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(10);

/// Close code for "you fell behind; reconnect and resync".
pub const CLOSE_LAGGING: u16 = 4008;
/// Close code for "this event does not exist (any more)".
pub const CLOSE_NOT_FOUND: u16 = 4404;
/// Close code for "the server is restarting".
pub const CLOSE_GOING_AWAY: u16 = 1001;

/// What a session needs from the server.
#[derive(Clone)]
pub struct SessionContext {
    /// The watched event.
    pub event_id: String,
    /// The negotiated encoding.
    pub codec: Codec,
    /// Event actors.
    pub registry: Registry,
    /// Fan-out.
    pub hub: Arc<Hub>,
    /// To check access tokens in `hello`.
    pub keys: TokenKeys,
    /// Fires on server shutdown.
    pub shutdown: CancellationToken,
    /// How long one frame may take to send before the client counts as stalled.
    pub send_timeout: Duration,
    /// The other replicas, to forward commands for events owned elsewhere.
    pub cluster: Option<Arc<Cluster>>,
    /// The client's rate budgets: a stroke spends an answer, as a REST answer does. `None`
    /// only in tests of the session itself.
    pub budget: Option<Budget>,
}

/// Close code for "that message is too big" (RFC 6455).
pub const CLOSE_TOO_BIG: u16 = 1009;

/// What a broken incoming stream says about why it broke.
pub trait StreamFault {
    /// The client sent a message over the size limit.
    fn too_big(&self) -> bool;
}

impl StreamFault for axum::Error {
    fn too_big(&self) -> bool {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(self);
        while let Some(error) = source {
            if let Some(tungstenite::Error::Capacity(_)) = error.downcast_ref::<tungstenite::Error>() {
                return true;
            }
            source = error.source();
        }
        false
    }
}

impl StreamFault for std::convert::Infallible {
    fn too_big(&self) -> bool {
        match *self {}
    }
}

enum ToWriter {
    Send(Arc<Outbound>),
    /// Start (or restart) following the event: send `preface`, then the feed, skipping diffs
    /// the preface already covers.
    Attach {
        preface: Vec<Arc<Outbound>>,
        feed: broadcast::Receiver<Arc<Outbound>>,
        after: u64,
    },
    Close(u16, &'static str),
}

/// Runs a session until either side closes.
pub async fn run<S, R, E>(sink: S, stream: R, ctx: SessionContext)
where
    S: Sink<Message> + Unpin + Send + 'static,
    R: Stream<Item = Result<Message, E>> + Unpin + Send + 'static,
    E: StreamFault + Send + 'static,
{
    metrics::gauge!("prost_ws_connections").increment(1.0);
    let (to_writer, commands) = mpsc::channel(64);
    let send_timeout = ctx.send_timeout;
    let mut writer = tokio::spawn(write_loop(sink, commands, ctx.codec, ctx.shutdown.clone(), send_timeout));
    let mut reader = tokio::spawn(read_loop(stream, to_writer, ctx));
    tokio::select! {
        _ = &mut writer => reader.abort(),
        _ = &mut reader => {
            // Let the writer flush what the reader queued (a close frame, a last error).
            if tokio::time::timeout(send_timeout, &mut writer).await.is_err() {
                writer.abort();
            }
        }
    }
    metrics::gauge!("prost_ws_connections").decrement(1.0);
}

async fn next_from(
    feed: &mut Option<broadcast::Receiver<Arc<Outbound>>>,
) -> Result<Arc<Outbound>, broadcast::error::RecvError> {
    match feed {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}

async fn write_loop<S: Sink<Message> + Unpin>(
    mut sink: S,
    mut commands: mpsc::Receiver<ToWriter>,
    codec: Codec,
    shutdown: CancellationToken,
    limit: Duration,
) {
    let mut feed = None;
    let mut after = 0u64;
    loop {
        let outgoing = tokio::select! {
            biased;
            _ = shutdown.cancelled() => ToWriter::Close(CLOSE_GOING_AWAY, "server restarting; reconnect"),
            command = commands.recv() => match command {
                Some(command) => command,
                None => break,
            },
            next = next_from(&mut feed) => match next {
                Ok(msg) => {
                    match msg.version() {
                        Some(v) if v <= after && matches!(msg.msg, ServerMsg::Diff { .. }) => continue,
                        Some(v) => after = v,
                        None => {}
                    }
                    if matches!(msg.msg, ServerMsg::Diff { .. }) {
                        metrics::counter!("prost_diffs_sent_total").increment(1);
                    }
                    ToWriter::Send(msg)
                }
                Err(broadcast::error::RecvError::Lagged(_)) => ToWriter::Close(CLOSE_LAGGING, "fell behind; reconnect to resync"),
                Err(broadcast::error::RecvError::Closed) => {
                    feed = None;
                    continue;
                }
            },
        };
        match outgoing {
            ToWriter::Send(msg) => {
                if !send(&mut sink, limit, msg.frame(codec)).await {
                    break;
                }
            }
            ToWriter::Attach { preface, feed: rx, after: version } => {
                for msg in preface {
                    if !send(&mut sink, limit, msg.frame(codec)).await {
                        return;
                    }
                }
                feed = Some(rx);
                after = version;
            }
            ToWriter::Close(code, reason) => {
                let _ = send(&mut sink, limit, Message::Close(Some(CloseFrame { code, reason: reason.into() }))).await;
                break;
            }
        }
    }
    let _ = sink.close().await;
}

/// Sends one frame, giving up on a client that does not take it within `limit`.
async fn send<S: Sink<Message> + Unpin>(sink: &mut S, limit: Duration, msg: Message) -> bool {
    matches!(tokio::time::timeout(limit, sink.send(msg)).await, Ok(Ok(())))
}

fn error_msg(error: &ApiError, reference: Option<u64>) -> Arc<Outbound> {
    Arc::new(Outbound::new(ServerMsg::Error {
        code: error.code.to_string(),
        message: error.message.clone(),
        reference,
        fields: error.fields.clone(),
        retry_after: error.retry_after,
    }))
}

struct Reader {
    ctx: SessionContext,
    to_writer: mpsc::Sender<ToWriter>,
    watch: Option<Watch>,
    caller: Caller,
}

impl Reader {
    async fn send(&self, msg: Arc<Outbound>) -> bool {
        self.to_writer.send(ToWriter::Send(msg)).await.is_ok()
    }

    async fn fail(&self, error: ApiError, reference: Option<u64>) -> bool {
        self.send(error_msg(&error, reference)).await
    }

    /// Returns false when the session should end.
    async fn handle(&mut self, msg: ClientMsg) -> bool {
        match msg {
            ClientMsg::Hello { access_token, participant_token, since_version } => {
                self.hello(access_token, participant_token, since_version).await
            }
            ClientMsg::Answers { reference, participant_id, slots, places } => {
                if self.watch.is_none() {
                    return self.fail(ApiError::invalid("say hello first"), reference).await;
                }
                if self.caller.is_anonymous() {
                    return self
                        .fail(ApiError::unauthenticated("this socket is read-only: say hello with a token"), reference)
                        .await;
                }
                if let Some(budget) = &self.ctx.budget
                    && let Err(limited) = budget.spend(Kind::Answer).await
                {
                    return self.fail(limited, reference).await;
                }
                let cells = AnswerCells { slots, places };
                match self.answer(participant_id, cells).await {
                    Ok(version) => self.send(Arc::new(Outbound::new(ServerMsg::Ack { reference, version }))).await,
                    Err(e) => self.fail(e, reference).await,
                }
            }
            ClientMsg::Ping => self.send(Arc::new(Outbound::new(ServerMsg::Pong))).await,
        }
    }

    /// Applies a stroke here, or on the replica that owns the event.
    async fn answer(&self, participant_id: String, cells: AnswerCells) -> Result<u64, ApiError> {
        let command = Command::Answer { participant_id: participant_id.clone(), cells: cells.clone() };
        match self.ctx.registry.command(&self.ctx.event_id, command, self.caller.clone()).await {
            Ok(reply) => Ok(reply.version),
            Err(RegistryError::Elsewhere(owner)) if self.ctx.cluster.is_some() => {
                let cluster = self.ctx.cluster.as_ref().expect("checked above");
                let answers = ForwardedAnswers { caller: self.caller.clone(), participant_id, cells };
                cluster.forward_answers(&owner, &self.ctx.event_id, &answers).await
            }
            Err(e) => Err(ApiError::from(e)),
        }
    }

    async fn hello(
        &mut self,
        access_token: Option<String>,
        participant_token: Option<String>,
        since: Option<u64>,
    ) -> bool {
        let mut user = None;
        if let Some(token) = access_token.filter(|t| !t.is_empty()) {
            match self.ctx.keys.verify(&token) {
                Ok(claims) => user = Some(CallerUser { id: claims.sub, name: claims.name }),
                Err(e) => {
                    // The library's reason is for our logs, not for whoever holds the token.
                    tracing::debug!(error = %e, "live hello with a bad access token");
                    // Still let them watch: an expired token should not blank the board.
                    if !self
                        .fail(
                            ApiError::unauthenticated("invalid or expired access token; this board is read-only"),
                            None,
                        )
                        .await
                    {
                        return false;
                    }
                }
            }
        }
        self.caller = Caller {
            user,
            token_hash: participant_token.filter(|t| !t.is_empty()).map(|t| token_hash(&t)),
            organizer_token_hash: None,
        };
        // A first hello joins the audience, which broadcasts the new count to everyone,
        // this socket included; a resync only needs the count repeated.
        let (feed, repeat_presence) = match self.watch.as_ref().and_then(|w| self.ctx.hub.resubscribe(w)) {
            Some(feed) => (feed, true),
            None => {
                let (watch, feed) = self.ctx.hub.watch(&self.ctx.event_id);
                self.watch = Some(watch);
                (feed, false)
            }
        };
        let (mut preface, after) = match self.ctx.registry.sync(&self.ctx.event_id, since).await {
            Ok(SyncReply::Snapshot(snapshot)) => {
                let version = snapshot.version().unwrap_or(0);
                (vec![snapshot], version)
            }
            Ok(SyncReply::Diffs(diffs, version)) => (diffs, version),
            Err(RegistryError::NotFound) => {
                self.fail(ApiError::not_found("no such event"), None).await;
                let _ = self.to_writer.send(ToWriter::Close(CLOSE_NOT_FOUND, "no such event")).await;
                return false;
            }
            Err(e) => return self.fail(ApiError::from(e), None).await,
        };
        self.ctx.hub.saw_version(&self.ctx.event_id, after);
        if repeat_presence {
            preface.push(Arc::new(Outbound::new(ServerMsg::Presence {
                viewers: self.ctx.hub.audience(&self.ctx.event_id),
            })));
        }
        self.to_writer.send(ToWriter::Attach { preface, feed, after }).await.is_ok()
    }
}

async fn read_loop<R, E>(mut stream: R, to_writer: mpsc::Sender<ToWriter>, ctx: SessionContext)
where
    R: Stream<Item = Result<Message, E>> + Unpin,
    E: StreamFault,
{
    let codec = ctx.codec;
    let shutdown = ctx.shutdown.clone();
    let mut reader = Reader { ctx, to_writer, watch: None, caller: Caller::default() };
    loop {
        let frame = tokio::select! {
            _ = shutdown.cancelled() => break,
            frame = stream.next() => frame,
        };
        let bytes = match frame {
            Some(Ok(Message::Text(text))) => bytes::Bytes::from(text),
            Some(Ok(Message::Binary(bytes))) => bytes,
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            Some(Err(fault)) if fault.too_big() => {
                let _ = reader.to_writer.send(ToWriter::Close(CLOSE_TOO_BIG, "message too big")).await;
                break;
            }
            Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
        };
        let keep_going = match decode(codec, &bytes) {
            Ok(msg) => reader.handle(msg).await,
            Err(e) => reader.fail(ApiError::invalid(e.message), e.reference).await,
        };
        if !keep_going {
            break;
        }
    }
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
