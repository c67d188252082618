// The live connection to one event: a WebSocket speaking `prost.msgpack.v1`. It says hello with
// whatever credentials the page has, keeps the socket warm with pings, reconnects with backoff and
// jitter, asks for a resync when a diff leaves a gap, and turns each answer command into a promise
// settled by the server's `ack` or `error` with the same `ref`.
import { ApiError, liveUrl } from './api';
import { msgpackCodec, type LiveCodec } from './codec';
import type { AnswerCells, Change, ClientMessage, ErrorCode, Event, ServerMessage } from './types';

export type LiveStatus = 'connecting' | 'open' | 'offline';

export interface LiveCredentials {
  accessToken?: string | null;
  participantToken?: string | null;
}

export interface LiveHandlers {
  /** The version held now, for `sinceVersion`; null before anything was loaded. */
  heldVersion(): number | null;
  credentials(): LiveCredentials;
  onSnapshot(event: Event): void;
  /** Returns 'gap' when the diff cannot apply (a version was missed) so a resync is asked for. */
  onDiff(diff: { version: number; changes: Change[] }): 'applied' | 'ignored' | 'gap';
  onStatus(status: LiveStatus): void;
  onPresence(viewers: number): void;
  /** The server refused the access token at hello; return a fresh one to say hello again with. */
  onTokenRejected?(): Promise<string | null>;
  /** The event does not exist (any more); the connection stops for good. */
  onGone?(): void;
}

export interface LiveOptions {
  url?: string;
  codec?: LiveCodec;
  WebSocket?: typeof WebSocket;
  pingMs?: number;
  ackTimeoutMs?: number;
}

/** Close codes the server uses (src/live/session.rs). */
const CLOSE_NOT_FOUND = 4404;

const PING_MS = 25_000;
const ACK_TIMEOUT_MS = 10_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 15_000;

/** Full jitter: a crowd of tabs that lost the server at once does not come back in lockstep. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt));
}

interface Pending {
  resolve(version: number): void;
  reject(error: ApiError): void;
  timer: ReturnType<typeof setTimeout>;
}

export class LiveConnection {
  private socket: WebSocket | null = null;
  private status: LiveStatus = 'offline';
  private stopped = true;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private lastHeard = 0;
  private nextRef = 1;
  private pending = new Map<number, Pending>();
  /** A resync hello is in flight; further gaps until it lands are expected and ignored. */
  private resyncing = false;
  private tokenRetried = false;
  private readonly codec: LiveCodec;
  private readonly url: string | undefined;
  private readonly Socket: typeof WebSocket;
  private readonly pingMs: number;
  private readonly ackTimeoutMs: number;

  constructor(
    readonly eventId: string,
    private readonly handlers: LiveHandlers,
    options: LiveOptions = {},
  ) {
    this.codec = options.codec ?? msgpackCodec;
    this.url = options.url;
    this.Socket = options.WebSocket ?? WebSocket;
    this.pingMs = options.pingMs ?? PING_MS;
    this.ackTimeoutMs = options.ackTimeoutMs ?? ACK_TIMEOUT_MS;
  }

  get state(): LiveStatus {
    return this.status;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (typeof window !== 'undefined') window.addEventListener('online', this.reconnectNow);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (typeof window !== 'undefined') window.removeEventListener('online', this.reconnectNow);
    clearTimeout(this.reconnectTimer);
    this.teardown();
    this.failPending('network', 'the live connection was closed');
    this.setStatus('offline');
  }

  /** Says hello again: new credentials (someone joined or signed in) or a resync. */
  hello(): void {
    const held = this.handlers.heldVersion();
    const { accessToken, participantToken } = this.handlers.credentials();
    this.send({
      type: 'hello',
      accessToken: accessToken || undefined,
      participantToken: participantToken || undefined,
      sinceVersion: held ?? undefined,
    });
  }

  /** Sends a partial answer change; resolves with the version after it, rejects with the server's refusal. */
  sendAnswers(participantId: string, cells: Partial<AnswerCells>): Promise<number> {
    if (this.status !== 'open') return Promise.reject(new ApiError(0, 'network', 'not connected'));
    const ref = this.nextRef++;
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(ref);
        reject(new ApiError(0, 'network', 'no answer from the server'));
      }, this.ackTimeoutMs);
      this.pending.set(ref, { resolve, reject, timer });
      this.send({ type: 'answers', ref, participantId, slots: cells.slots ?? {}, places: cells.places ?? {} });
    });
  }

  private readonly reconnectNow = () => {
    if (this.stopped || this.status === 'open') return;
    clearTimeout(this.reconnectTimer);
    this.attempt = 0;
    this.teardown();
    this.connect();
  };

  private connect(): void {
    this.setStatus('connecting');
    let socket: WebSocket;
    try {
      socket = new this.Socket(this.url ?? liveUrl(this.eventId), this.codec.protocol);
    } catch {
      this.scheduleReconnect();
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    this.resyncing = false;
    this.tokenRetried = false;
    socket.onopen = () => {
      this.lastHeard = Date.now();
      // Hello first: whatever the 'open' listeners send next must go out with our credentials.
      this.hello();
      this.setStatus('open');
      this.pingTimer = setInterval(() => this.keepAlive(), this.pingMs);
    };
    socket.onmessage = (e: MessageEvent) => {
      // A frame we cannot read is dropped: one bad frame must not take the board down.
      const message = this.codec.decode(e.data);
      this.lastHeard = Date.now();
      if (message) this.receive(message);
    };
    socket.onclose = (e: CloseEvent) => {
      if (this.socket !== socket) return;
      if (e.code === CLOSE_NOT_FOUND) {
        this.stop();
        this.handlers.onGone?.();
        return;
      }
      this.drop();
    };
    // Errors are always followed by a close, which does the work.
    socket.onerror = () => {};
  }

  private keepAlive(): void {
    // Two silent ping periods mean the connection died without a close (a sleeping laptop, a
    // dropped Wi-Fi): reconnect rather than wait for TCP to notice.
    if (Date.now() - this.lastHeard > 2 * this.pingMs + 5_000) {
      this.drop();
      return;
    }
    this.send({ type: 'ping' });
  }

  private receive(message: ServerMessage): void {
    switch (message.type) {
      case 'snapshot':
        this.attempt = 0;
        this.resyncing = false;
        this.handlers.onSnapshot({ ...message.event, version: message.version });
        return;
      case 'diff': {
        this.attempt = 0;
        const outcome = this.handlers.onDiff(message);
        if (outcome === 'applied') this.resyncing = false;
        if (outcome === 'gap' && !this.resyncing) {
          this.resyncing = true;
          this.hello();
        }
        return;
      }
      case 'ack':
        if (message.ref != null) this.settle(message.ref, (p) => p.resolve(message.version));
        return;
      case 'presence':
        this.handlers.onPresence(message.viewers);
        return;
      case 'error':
        if (message.ref != null) {
          const error = new ApiError(0, message.code, message.message, message.fields ?? {});
          this.settle(message.ref, (p) => p.reject(error));
        } else if (message.code === 'unauthenticated') {
          void this.retryWithFreshToken();
        }
        return;
      case 'pong':
        return;
    }
  }

  /** An expired access token makes the socket read-only; refresh it once and say hello again. */
  private async retryWithFreshToken(): Promise<void> {
    if (this.tokenRetried || !this.handlers.onTokenRejected) return;
    this.tokenRetried = true;
    const token = await this.handlers.onTokenRejected();
    if (token && this.status === 'open') this.hello();
  }

  private settle(ref: number, how: (p: Pending) => void): void {
    const pending = this.pending.get(ref);
    if (!pending) return;
    this.pending.delete(ref);
    clearTimeout(pending.timer);
    how(pending);
  }

  private failPending(code: ErrorCode, message: string): void {
    for (const ref of [...this.pending.keys()]) this.settle(ref, (p) => p.reject(new ApiError(0, code, message)));
  }

  private send(message: ClientMessage): void {
    if (this.socket?.readyState === 1) this.socket.send(this.codec.encode(message));
  }

  /** The connection is lost: commands in flight fail (their callers fall back to REST), and we retry. */
  private drop(): void {
    this.teardown();
    this.failPending('network', 'the live connection dropped');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.setStatus('offline');
    const delay = backoffDelay(this.attempt++);
    this.reconnectTimer = setTimeout(() => {
      if (!this.stopped) this.connect();
    }, delay);
  }

  private teardown(): void {
    clearInterval(this.pingTimer);
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      if (socket.readyState <= 1) socket.close(1000);
    }
  }

  private setStatus(status: LiveStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.handlers.onStatus(status);
  }
}
