import { decode, encode } from '@msgpack/msgpack';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, LiveConnection, type LiveHandlers } from './live';
import { applyDiff } from './reducer';
import { makeEvent } from './testing/fixtures';
import type { Event } from './types';

/** A stand-in socket: records what the client sends and lets the test play the server. */
class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  binaryType = 'blob';
  sent: Record<string, unknown>[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocol: string,
  ) {
    FakeSocket.all.push(this);
  }
  send(data: Uint8Array) {
    this.sent.push(decode(data) as Record<string, unknown>);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  serve(message: unknown) {
    const bytes = encode(message);
    this.onmessage?.({ data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

function connect(held: { event?: Event }) {
  const handlers: LiveHandlers = {
    heldVersion: () => held.event?.version ?? null,
    credentials: () => ({ participantToken: 'guest-secret' }),
    onSnapshot: (event) => (held.event = event),
    onDiff: (diff) => {
      if (!held.event) return 'gap';
      const result = applyDiff(held.event, diff);
      if (result.outcome === 'applied') held.event = result.event;
      return result.outcome;
    },
    onStatus: vi.fn(),
    onPresence: vi.fn(),
    onGone: vi.fn(),
  };
  const connection = new LiveConnection('ev1', handlers, {
    url: 'ws://prost.test/api/v1/events/ev1/live',
    WebSocket: FakeSocket as unknown as typeof WebSocket,
  });
  connection.start();
  return { connection, handlers, socket: () => FakeSocket.all.at(-1)! };
}

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('LiveConnection', () => {
  it('speaks msgpack, says hello with the guest token, and takes the snapshot', () => {
    const held: { event?: Event } = {};
    const { socket, handlers } = connect(held);
    expect(socket().protocol).toBe('prost.msgpack.v1');
    socket().open();
    expect(socket().binaryType).toBe('arraybuffer');
    expect(socket().sent[0]).toEqual({ type: 'hello', participantToken: 'guest-secret' });
    socket().serve({ type: 'snapshot', version: 5, event: makeEvent({ version: 5 }) });
    socket().serve({ type: 'presence', viewers: 3 });
    expect(held.event?.version).toBe(5);
    expect(handlers.onPresence).toHaveBeenCalledWith(3);
    expect(handlers.onStatus).toHaveBeenLastCalledWith('open');
  });

  it('asks for a resync once when a diff leaves a gap', () => {
    const held: { event?: Event } = {};
    const { socket } = connect(held);
    socket().open();
    socket().serve({ type: 'snapshot', version: 5, event: makeEvent({ version: 5 }) });
    socket().serve({ type: 'diff', version: 7, changes: [{ op: 'reopened' }] });
    socket().serve({ type: 'diff', version: 8, changes: [{ op: 'reopened' }] });
    const hellos = socket().sent.filter((m) => m.type === 'hello');
    expect(hellos).toEqual([
      { type: 'hello', participantToken: 'guest-secret' },
      { type: 'hello', participantToken: 'guest-secret', sinceVersion: 5 },
    ]);
    socket().serve({ type: 'diff', version: 6, changes: [{ op: 'reopened' }] });
    expect(held.event?.version).toBe(6);
  });

  it('ignores frames it cannot read and keeps going', () => {
    const held: { event?: Event } = {};
    const { socket } = connect(held);
    socket().open();
    expect(() => socket().onmessage?.({ data: new Uint8Array([0xc1, 0xff]).buffer })).not.toThrow();
    socket().serve({ type: 'snapshot', version: 2, event: makeEvent({ version: 2 }) });
    expect(held.event?.version).toBe(2);
  });

  it('settles each stroke by its ref: ack resolves, error rejects with the server code', async () => {
    const { connection, socket } = connect({});
    socket().open();
    const first = connection.sendAnswers('p1', { slots: { s1: 'yes' } });
    const second = connection.sendAnswers('p1', { slots: { s2: null } });
    const [a, b] = socket().sent.filter((m) => m.type === 'answers');
    expect(a).toEqual({ type: 'answers', ref: 1, participantId: 'p1', slots: { s1: 'yes' }, places: {} });
    expect(b).toMatchObject({ ref: 2, slots: { s2: null } });
    socket().serve({ type: 'error', ref: 2, code: 'conflict', message: 'the plan is locked' });
    socket().serve({ type: 'ack', ref: 1, version: 9 });
    await expect(first).resolves.toBe(9);
    await expect(second).rejects.toMatchObject({ code: 'conflict' });
  });

  it('fails strokes in flight when the socket drops, then reconnects with backoff and catches up', async () => {
    const held: { event?: Event } = {};
    const { connection, socket, handlers } = connect(held);
    socket().open();
    socket().serve({ type: 'snapshot', version: 4, event: makeEvent({ version: 4 }) });
    const stroke = connection.sendAnswers('p1', { slots: { s1: 'yes' } });
    socket().drop();
    await expect(stroke).rejects.toMatchObject({ code: 'network' });
    expect(handlers.onStatus).toHaveBeenLastCalledWith('offline');
    await expect(connection.sendAnswers('p1', {})).rejects.toMatchObject({ code: 'network' });

    vi.advanceTimersByTime(15_000);
    expect(FakeSocket.all).toHaveLength(2);
    socket().open();
    expect(socket().sent[0]).toEqual({ type: 'hello', participantToken: 'guest-secret', sinceVersion: 4 });
  });

  it('stops for good when the server says the event is gone', () => {
    const { socket, handlers } = connect({});
    socket().open();
    socket().drop(4404);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(handlers.onGone).toHaveBeenCalled();
  });

  it('pings while open', () => {
    const { socket } = connect({});
    socket().open();
    vi.advanceTimersByTime(25_000);
    expect(socket().sent.at(-1)).toEqual({ type: 'ping' });
  });
});

describe('backoffDelay', () => {
  it('grows exponentially up to a cap, with full jitter', () => {
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(3, () => 1)).toBe(4_000);
    expect(backoffDelay(20, () => 1)).toBe(15_000);
    expect(backoffDelay(3, () => 0.5)).toBe(2_000);
  });
});
