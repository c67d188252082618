//! Building and running the server: `Application::build` wires everything and binds the
//! listener (so tests can bind port 0 and read `port()`), `run_until_stopped` serves until the
//! shutdown signal, then drains actors so no acknowledged write is lost.

use crate::actors::Registry;
use crate::auth::jwt::TokenKeys;
use crate::auth::secret;
use crate::cluster::{Cluster, Replica};
use crate::config::{Role, Settings};
use crate::http;
use crate::http::connections::{ConnectionSettings, Occupancy};
use crate::http::rate_limit::RateLimits;
use crate::http::router::{router, worker_router};
use crate::http::state::{AppState, Shared};
use crate::live::Hub;
use crate::persistence::SharedStore;
use crate::persistence::embedded::EmbeddedStore;
use crate::persistence::mongo::MongoStore;
use crate::telegram::Telegram;
use crate::telegram::poller::BotContext;
use crate::worker::Outbox;
use anyhow::Context;
use jiff::SignedDuration;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

/// A built, bound, not yet running server.
pub struct Application {
    listener: TcpListener,
    state: AppState,
    role: Role,
    background: Outbox,
    connections: ConnectionSettings,
}

/// Opens the configured store: MongoDB when `MONGODB_URI` is set, the embedded file otherwise.
pub async fn open_store(settings: &Settings) -> anyhow::Result<SharedStore> {
    Ok(match &settings.mongodb_uri {
        Some(uri) => Arc::new(MongoStore::connect(uri).await.context("connecting to MongoDB")?),
        None => Arc::new(EmbeddedStore::open(&settings.data_dir).context("opening the embedded store")?),
    })
}

impl Application {
    /// Opens the store, starts the actor system and binds `settings.addr`.
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let listener = TcpListener::bind(settings.addr).await.with_context(|| format!("binding {}", settings.addr))?;
        let store = open_store(&settings).await?;
        Self::build_with(settings, listener, store).await
    }

    /// Like `build`, with the listener and store supplied (tests share one store across
    /// restarts this way).
    pub async fn build_with(
        settings: Settings,
        listener: TcpListener,
        store: SharedStore,
    ) -> anyhow::Result<Application> {
        // Install the metrics recorder before anything records.
        let _ = crate::telemetry::metrics();
        let jwt_secret = secret::load_or_create(settings.jwt_secret.as_deref(), &settings.data_dir)?;
        let hub = Hub::new();
        let bound = listener.local_addr()?;
        let cluster = match &settings.redis_url {
            Some(url) => {
                let me = replica_of(&settings, bound);
                tracing::info!(replica = %me.id, url = %me.url, "coordinating with other replicas through Redis");
                let ttl = settings.replica.lease_ttl;
                Some(Cluster::start(url, me, ttl, &jwt_secret, store.clone(), hub.clone()).await?)
            }
            None => None,
        };
        let shared = cluster.as_ref().map(|(c, _)| c.clone());
        let registry = Registry::start_clustered(store.clone(), hub.clone(), settings.actor_idle, cluster).await?;
        let public_url = settings.public_url(bound);
        let connections = settings.connections.clone();
        let limits = Arc::new(RateLimits::new(settings.auth_rate_per_min, &settings.limits));
        let telegram = match &settings.telegram_bot_token {
            Some(token) => Some(Arc::new(Telegram::new(token, settings.telegram_api_url.as_deref())?)),
            None => None,
        };
        let https = public_url.starts_with("https://");
        let public_url: Arc<str> = public_url.into();
        let bot = telegram.as_ref().map(|telegram| BotContext {
            telegram: telegram.clone(),
            store: store.clone(),
            registry: registry.clone(),
            public_url: public_url.clone(),
            cluster: shared.clone(),
        });
        let mailer = crate::mail::Mailer::new(
            settings.smtp_url.as_deref(),
            &settings.mail_from,
            public_url.clone(),
            &jwt_secret,
        )?;
        if !mailer.delivers() {
            tracing::info!("no PROST_SMTP_URL: account mail (with its links) is written to this log");
        }
        let accounts = Arc::new(crate::auth::services::AccountServices {
            hashing: crate::auth::hashing::Hashing::default(),
            providers: crate::auth::oidc::Providers::new(settings.oidc_providers()?, &public_url)?,
            secret: jwt_secret.clone().into(),
            token_ttl: settings.mail_token_ttl,
        });
        let background = Outbox {
            mailer: Arc::new(mailer),
            store: store.clone(),
            bot,
            lead: SignedDuration::try_from(settings.reminder_lead).unwrap_or(SignedDuration::from_hours(1)),
            lease: SignedDuration::try_from(settings.outbox_lease).unwrap_or(SignedDuration::from_secs(60)),
        };
        let state = AppState::new(Shared {
            store,
            registry,
            hub,
            keys: TokenKeys::new(&jwt_secret),
            secure_cookies: https,
            public_url,
            allowed_origins: settings.allowed_origins.clone().into(),
            limits,
            shutdown: CancellationToken::new(),
            cluster: shared,
            trusted_proxies: settings.replica.trusted_proxies.clone().into(),
            web_dir: settings.web_dir.clone().into(),
            telegram,
            bot_token: settings.telegram_bot_token.as_deref().map(Arc::from),
            https,
            sockets: Occupancy::new(connections.max_connections(), connections.max_sockets_per_ip, Arc::from([])),
            accounts,
        });
        Ok(Application { listener, state, role: settings.role, background, connections })
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// Serves until `shutdown` completes; then closes live sockets, stops accepting, and
    /// drains every event actor.
    pub async fn run_until_stopped(self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let Application { listener, state, role, background, connections } = self;
        let cancel = state.shutdown.clone();
        let registry = state.registry.clone();
        let limits = state.limits.clone();
        let store = state.store.clone();
        let sweeper = tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(60));
            for minute in 0u64.. {
                every.tick().await;
                limits.forget_idle();
                // Stands in for a TTL index, which FerretDB lacks: hourly, from the first minute.
                if minute % 60 == 0 {
                    match store.purge_refresh_tokens(jiff::Timestamp::now()).await {
                        Ok(purged) if purged > 0 => tracing::info!(purged, "expired refresh tokens removed"),
                        Ok(_) => {}
                        Err(error) => tracing::warn!(%error, "refresh token clean-up failed; will retry"),
                    }
                }
            }
        });
        let mut tasks = Vec::new();
        if let Some(telegram) = &state.telegram {
            tasks.push(tokio::spawn(keep_in_touch(telegram.clone())));
        }
        let reminders = match role.runs_background() {
            true => Some(crate::worker::start(background.clone()).await?),
            false => None,
        };
        if let (true, Some(bot)) = (role.runs_background(), background.bot.clone()) {
            tasks.push(tokio::spawn(bot.poll(cancel.clone())));
        }
        let proxies = state.trusted_proxies.clone();
        let routes = if role.serves_api() { router(state) } else { worker_router(state) };
        let signal = {
            let cancel = cancel.clone();
            async move {
                shutdown.await;
                cancel.cancel();
            }
        };
        tracing::info!(addr = %listener.local_addr()?, "Prost is pouring");
        let seats = Occupancy::new(connections.max_connections(), connections.max_connections_per_ip, proxies);
        http::connections::serve(listener, routes, seats, &connections, signal, Duration::from_secs(10)).await;
        // Awaited, not just aborted: the sweeper holds the store, and a restart in the same
        // process must find the embedded database closed.
        sweeper.abort();
        let _ = sweeper.await;
        if let Some(reminders) = reminders {
            reminders.stop(None);
        }
        for mut task in tasks {
            // The poller sees the cancellation and gives its lease back; the rest just stop.
            if tokio::time::timeout(Duration::from_secs(2), &mut task).await.is_err() {
                task.abort();
            }
        }
        registry.shutdown().await;
        tracing::info!("Prost closed the tap");
        Ok(())
    }
}

/// Asks Telegram who the bot is until it answers, then every few minutes, so `/config` knows
/// the bot's username and `/readyz` whether Telegram is reachable.
async fn keep_in_touch(telegram: Arc<Telegram>) {
    let mut wait = Duration::from_secs(1);
    loop {
        match telegram.refresh_me().await {
            Ok(_) => wait = Duration::from_secs(300),
            Err(error) => {
                tracing::warn!(%error, "Telegram's getMe failed; trying again");
                wait = (wait * 2).min(Duration::from_secs(60));
            }
        }
        tokio::time::sleep(wait).await;
    }
}

impl Application {
    /// `prost worker --once`: runs every due outbox job, then stops the actors.
    pub async fn drain_outbox(self) -> usize {
        let ran = self.background.drain().await;
        self.state.registry.shutdown().await;
        ran
    }
}

/// This replica's name and direct URL.
fn replica_of(settings: &Settings, bound: SocketAddr) -> Replica {
    let id = settings.replica.replica_id.clone().unwrap_or_else(|| {
        use rand::Rng;
        format!("r-{:08x}", rand::rng().random::<u32>())
    });
    let url = settings.replica.replica_url.clone().unwrap_or_else(|| format!("http://{bound}"));
    Replica { id, url: url.trim_end_matches('/').to_string() }
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
