// One event's live state, shared by every component that shows that event: the socket, the
// connection status, the number of viewers, and this browser's strokes still waiting for an ack.
// Snapshots and diffs go straight into the TanStack Query cache, checked by version.
import type { QueryClient } from '@tanstack/react-query';
import * as api from './api';
import { LiveConnection, type LiveStatus } from './live';
import { retryWhileBusy } from './busyRetry';
import { credentialsFor } from './credentials';
import { cellsBefore, Outbox, type Stroke } from './outbox';
import { getGuest, subscribeGuests } from './participantTokens';
import { applyChange, applyDiff, withAnswers, withTally } from './reducer';
import { getSession, refreshAccessToken, subscribeSession } from './sessionStore';
import type { AnswerCells, Change, Event, Participant } from './types';

export const eventKey = (id: string) => ['event', id] as const;

export interface RoomState {
  status: LiveStatus;
  presence: number;
  /** The event was deleted, or the server says it does not exist. */
  gone: boolean;
  /** Strokes painted with no connection, waiting to be sent. */
  unsent: number;
  /** Cells drawn but not confirmed by the server yet. */
  pendingSlots: ReadonlySet<string>;
  pendingPlaces: ReadonlySet<string>;
}

const NOTHING: ReadonlySet<string> = new Set();

/** Keeps the newer of two bodies of the same event; REST replies and snapshots may cross. */
export function newerEvent(held: Event | undefined, incoming: Event): Event {
  return held && held.version > incoming.version ? held : incoming;
}

export class LiveRoom {
  private state: RoomState = { status: 'connecting', presence: 0, gone: false, unsent: 0, pendingSlots: NOTHING, pendingPlaces: NOTHING };
  private listeners = new Set<() => void>();
  private readonly connection: LiveConnection;
  private readonly outbox = new Outbox();
  private users = 0;
  private releaseTimer: ReturnType<typeof setTimeout> | undefined;
  private unsubscribe: (() => void)[] = [];
  private identity = '';

  constructor(
    readonly eventId: string,
    private readonly queries: QueryClient,
  ) {
    this.connection = new LiveConnection(eventId, {
      heldVersion: () => this.held()?.version ?? null,
      credentials: () => ({ accessToken: getSession().token, participantToken: getGuest(eventId)?.token }),
      onSnapshot: (event) => this.putEvent(event),
      onDiff: (diff) => this.applyDiff(diff),
      onStatus: (status) => {
        this.update({ status });
        // Back online: what was painted meanwhile goes out, in the order it was painted.
        if (status === 'open') this.retryUnsent();
      },
      onPresence: (presence) => this.update({ presence }),
      onTokenRejected: refreshAccessToken,
      onGone: () => this.update({ gone: true }),
    });
  }

  getState = (): RoomState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  held(): Event | undefined {
    return this.queries.getQueryData<Event>(eventKey(this.eventId));
  }

  /** Counted so the page and the board can share one socket; the last release closes it. */
  acquire(): void {
    clearTimeout(this.releaseTimer);
    if (this.users++ === 0) {
      this.identity = this.currentIdentity();
      // Someone joined or signed in or out: say hello again so the socket may write for them.
      const rehello = () => {
        const identity = this.currentIdentity();
        if (identity === this.identity) return;
        this.identity = identity;
        this.connection.hello();
      };
      this.unsubscribe = [subscribeSession(rehello), subscribeGuests(rehello)];
      this.connection.start();
    }
  }

  release(): void {
    if (--this.users > 0) return;
    // Deferred, so a remount (StrictMode, a route change to the same event) keeps the socket.
    this.releaseTimer = setTimeout(() => {
      if (this.users > 0) return;
      for (const off of this.unsubscribe) off();
      this.connection.stop();
      roomsOf(this.queries).delete(this.eventId);
    }, 1_000);
  }

  /** Says hello again now (after joining, when the identity change may not be visible yet). */
  rehello(): void {
    this.identity = this.currentIdentity();
    this.connection.hello();
  }

  /**
   * Applies a stroke at once and sends it: over the socket as a partial change when it is open,
   * otherwise as the participant's whole sheet over REST. Settles when the server has confirmed
   * it, or rejects when it refused, after the cells went back to what they held before. With no
   * connection at all the stroke waits, marked unsent, and goes out when the connection returns.
   */
  paint(participantId: string, cells: Partial<AnswerCells>): Promise<void> {
    const sheet = this.held()?.participants.find((p) => p.id === participantId)?.answers;
    const { stroke, done } = this.outbox.add(participantId, cells, cellsBefore(sheet, cells));
    this.edit((event) => withAnswers(event, participantId, cells));
    this.publishPending();
    void this.send(stroke);
    return done;
  }

  /** Sends every unsent stroke again, oldest first (the "retry" button; also on reconnect). */
  retryUnsent(): void {
    for (const stroke of this.outbox.unsent()) void this.send(stroke);
  }

  private async send(stroke: Stroke): Promise<void> {
    stroke.state = 'sending';
    this.publishPending();
    try {
      if (this.connection.state === 'open') {
        try {
          this.confirm(stroke, await this.connection.sendAnswers(stroke.participantId, stroke.cells));
          return;
        } catch (e) {
          // The socket dropped mid-stroke (it may or may not have landed): the whole sheet over
          // REST is idempotent, so sending it settles either case.
          if (!api.isApiError(e, 'network')) throw e;
        }
      }
      await this.sendSheet(stroke.participantId);
    } catch (e) {
      if (!this.outbox.has(stroke)) return;
      if (api.isApiError(e, 'network')) {
        stroke.state = 'unsent';
        this.publishPending();
      } else {
        this.rollBack(stroke, e);
      }
    }
  }

  /** PUTs the participant's whole sheet as drawn now; every stroke of theirs drawn so far is in it. */
  private async sendSheet(participantId: string): Promise<void> {
    const sheet = this.held()?.participants.find((p) => p.id === participantId)?.answers;
    if (!sheet) throw new api.ApiError(0, 'network', 'the event is not loaded');
    const covered = this.outbox.all().filter((s) => s.participantId === participantId && s.confirmedAt === undefined);
    const saved = await retryWhileBusy(() => api.putAnswers(this.eventId, participantId, sheet, credentialsFor(this.eventId)), {
      onlyWhenTold: true,
    });
    // The saved sheet is the truth for this participant; strokes drawn since stay on top of it.
    for (const s of covered) if (this.outbox.has(s)) this.confirm(s, 0);
    let next = this.held();
    if (!next) return;
    next = withTally(applyChange(next, { op: 'participantJoined', participant: saved }));
    for (const s of this.outbox.all()) if (s.confirmedAt === undefined) next = withAnswers(next, s.participantId, s.cells);
    this.queries.setQueryData(eventKey(this.eventId), next);
  }

  private confirm(stroke: Stroke, version: number): void {
    this.outbox.confirm(stroke, version);
    this.outbox.caughtUp(this.held()?.version ?? 0);
    this.publishPending();
  }

  /** The server said no: the cells go back to what they were, under any later strokes. */
  private rollBack(stroke: Stroke, error: unknown): void {
    this.outbox.refuse(stroke, error);
    this.edit((event) => {
      let next = withAnswers(event, stroke.participantId, stroke.before);
      for (const later of this.outbox.all()) if (later.id > stroke.id) next = withAnswers(next, later.participantId, later.cells);
      return next;
    });
    this.publishPending();
    void this.reload();
  }

  /** Replaces the held event with the server's, keeping strokes not confirmed yet on top. */
  putEvent(event: Event, options: { sameVersionWins?: boolean } = {}): void {
    const held = this.held();
    let next = options.sameVersionWins && held && event.version >= held.version ? event : newerEvent(held, event);
    for (const stroke of this.outbox.all()) next = withAnswers(next, stroke.participantId, stroke.cells);
    this.queries.setQueryData(eventKey(this.eventId), next);
    this.outbox.caughtUp(next.version);
    this.publishPending();
  }

  /** A local change without a new version (the matching diff will find it already there). */
  edit(change: (event: Event) => Event): void {
    const held = this.held();
    if (held) this.queries.setQueryData(eventKey(this.eventId), change(held));
  }

  /** A participant as the server returned it (join, a saved sheet). */
  putParticipant(participant: Participant): void {
    this.edit((event) => withTally(applyChange(event, { op: 'participantJoined', participant })));
  }

  private async reload(): Promise<void> {
    try {
      // Same version as held is expected here (a refused stroke changed nothing on the server),
      // and it must still win over the cells drawn before.
      this.putEvent(await api.getEvent(this.eventId, credentialsFor(this.eventId)), { sameVersionWins: true });
    } catch {
      // The socket's next snapshot will set things straight.
    }
  }

  private applyDiff(diff: { version: number; changes: Change[] }): 'applied' | 'ignored' | 'gap' {
    const held = this.held();
    if (!held) return 'gap';
    const result = applyDiff(held, diff);
    if (result.outcome !== 'applied') return result.outcome;
    this.queries.setQueryData(eventKey(this.eventId), result.event);
    this.outbox.caughtUp(diff.version);
    this.publishPending();
    if (result.deleted) this.update({ gone: true });
    return 'applied';
  }

  private currentIdentity(): string {
    return `${getSession().user?.id ?? ''}|${getGuest(this.eventId)?.participantId ?? ''}`;
  }

  private publishPending(): void {
    const { slots, places } = this.outbox.pendingCells();
    const unsent = this.outbox.unsent().length;
    const { state } = this;
    const same = (a: ReadonlySet<string>, b: Set<string>) => a.size === b.size && [...b].every((id) => a.has(id));
    if (state.unsent === unsent && same(state.pendingSlots, slots) && same(state.pendingPlaces, places)) return;
    this.update({ unsent, pendingSlots: slots, pendingPlaces: places });
  }

  private update(patch: Partial<RoomState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

/** Rooms per query client (one in the app; one per test), then per event. */
const roomsByClient = new WeakMap<QueryClient, Map<string, LiveRoom>>();

function roomsOf(queries: QueryClient): Map<string, LiveRoom> {
  let rooms = roomsByClient.get(queries);
  if (!rooms) {
    rooms = new Map();
    roomsByClient.set(queries, rooms);
  }
  return rooms;
}

export function roomFor(eventId: string, queries: QueryClient): LiveRoom {
  const rooms = roomsOf(queries);
  let room = rooms.get(eventId);
  if (!room) {
    room = new LiveRoom(eventId, queries);
    rooms.set(eventId, room);
  }
  return room;
}

export function existingRoom(eventId: string, queries: QueryClient): LiveRoom | undefined {
  return roomsOf(queries).get(eventId);
}
