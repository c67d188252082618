// One event's live state, shared by every component that shows that event: the socket, the
// connection status, the number of viewers, and this browser's strokes still waiting for an ack.
// Snapshots and diffs go straight into the TanStack Query cache, checked by version.
import type { QueryClient } from '@tanstack/react-query';
import * as api from './api';
import { LiveConnection, type LiveStatus } from './live';
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
}

interface Stroke {
  participantId: string;
  cells: Partial<AnswerCells>;
}

/** Keeps the newer of two bodies of the same event; REST replies and snapshots may cross. */
export function newerEvent(held: Event | undefined, incoming: Event): Event {
  return held && held.version > incoming.version ? held : incoming;
}

export class LiveRoom {
  private state: RoomState = { status: 'connecting', presence: 0, gone: false };
  private listeners = new Set<() => void>();
  private readonly connection: LiveConnection;
  private readonly strokes = new Map<number, Stroke>();
  private nextStroke = 1;
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
      onStatus: (status) => this.update({ status }),
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
   * otherwise as the participant's whole sheet over REST. A refusal puts the server's truth back.
   */
  async paint(participantId: string, cells: Partial<AnswerCells>): Promise<void> {
    const id = this.nextStroke++;
    this.strokes.set(id, { participantId, cells });
    this.edit((event) => withAnswers(event, participantId, cells));
    try {
      try {
        await this.connection.sendAnswers(participantId, cells);
      } catch (e) {
        if (!api.isApiError(e, 'network')) throw e;
        // Not connected, or the socket dropped mid-stroke (it may or may not have landed): the
        // whole sheet is idempotent, so sending it settles either case.
        const sheet = this.held()?.participants.find((p) => p.id === participantId)?.answers;
        if (!sheet) throw e;
        const saved = await api.putAnswers(this.eventId, participantId, sheet, { participantToken: getGuest(this.eventId)?.token });
        this.putParticipant(saved);
      }
    } catch (e) {
      this.strokes.delete(id);
      await this.reload();
      throw e;
    } finally {
      this.strokes.delete(id);
    }
  }

  /** Replaces the held event with the server's, keeping strokes still in flight on top. */
  putEvent(event: Event): void {
    let next = newerEvent(this.held(), event);
    for (const stroke of this.strokes.values()) next = withAnswers(next, stroke.participantId, stroke.cells);
    this.queries.setQueryData(eventKey(this.eventId), next);
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
      const fresh = await api.getEvent(this.eventId, { participantToken: getGuest(this.eventId)?.token });
      // Same version as held is expected here (a refused stroke changed nothing on the server),
      // and it must still win over our optimistic cells.
      const held = this.held();
      if (!held || fresh.version >= held.version) this.queries.setQueryData(eventKey(this.eventId), fresh);
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
    if (result.deleted) this.update({ gone: true });
    return 'applied';
  }

  private currentIdentity(): string {
    return `${getSession().user?.id ?? ''}|${getGuest(this.eventId)?.participantId ?? ''}`;
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
