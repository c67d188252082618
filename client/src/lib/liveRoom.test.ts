// The board never lies: a stroke is drawn at once, then confirmed or visibly put back, and a
// stroke made with no connection waits, marked unsent, until it can go out. These run without a
// socket (the room is never acquired), so every stroke takes the REST path through `fetch`.
import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventKey, roomFor } from './liveRoom';
import { makeEvent, person } from './testing/fixtures';
import type { Answers, Event } from './types';

type Reply = 'ok' | 'offline' | 'closed';
let reply: Reply;
let puts: Answers[];

function stubServer(held: () => Event) {
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    if (reply === 'offline') throw new TypeError('Failed to fetch');
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (init.method === 'PUT') {
      if (reply === 'closed') return json(409, { error: { code: 'conflict', message: 'the plan is locked' } });
      const answers = JSON.parse(String(init.body)) as Answers;
      puts.push(answers);
      return json(200, { ...person('a', 'Anya'), answers });
    }
    if (url.includes('/events/')) return json(200, held());
    return json(404, { error: { code: 'not_found', message: 'no' } });
  });
}

let queries: QueryClient;
let server: Event;
const held = () => queries.getQueryData<Event>(eventKey('ev1'))!;
const anya = () => held().participants.find((p) => p.id === 'a')!.answers;

beforeEach(() => {
  queries = new QueryClient();
  server = makeEvent({ participants: [person('a', 'Anya', { s1: 'maybe' })] });
  queries.setQueryData(eventKey('ev1'), server);
  reply = 'ok';
  puts = [];
  stubServer(() => server);
});
afterEach(() => vi.unstubAllGlobals());

describe('a stroke', () => {
  it('is drawn at once and confirmed by the saved sheet', async () => {
    const room = roomFor('ev1', queries);
    const done = room.paint('a', { slots: { s2: 'yes' } });
    expect(anya().slots).toEqual({ s1: 'maybe', s2: 'yes' });
    expect(room.getState().pendingSlots.has('s2')).toBe(true);
    await done;
    expect(puts).toEqual([{ slots: { s1: 'maybe', s2: 'yes' }, places: {} }]);
    expect(room.getState().pendingSlots.size).toBe(0);
  });

  it('goes back to what the cells held when the server refuses it', async () => {
    reply = 'closed';
    const room = roomFor('ev1', queries);
    const done = room.paint('a', { slots: { s1: 'yes', s2: 'yes' } });
    expect(anya().slots).toEqual({ s1: 'yes', s2: 'yes' });
    await expect(done).rejects.toMatchObject({ code: 'conflict' });
    expect(anya().slots).toEqual({ s1: 'maybe' });
    expect(held().tally.slots.find((s) => s.slotId === 's2')?.yes).toEqual([]);
    expect(room.getState().pendingSlots.size).toBe(0);
  });
});

describe('strokes with no connection', () => {
  it('stay drawn, marked unsent, and go out in order on retry', async () => {
    reply = 'offline';
    const room = roomFor('ev1', queries);
    const first = room.paint('a', { slots: { s2: 'yes' } });
    const second = room.paint('a', { slots: { s2: null, s3: 'maybe' } });
    await vi.waitFor(() => expect(room.getState().unsent).toBe(2));
    expect(anya().slots).toEqual({ s1: 'maybe', s3: 'maybe' });
    expect(puts).toEqual([]);

    reply = 'ok';
    room.retryUnsent();
    await Promise.all([first, second]);
    // The last sheet sent is the one drawn: the later stroke's clear of s2 is not undone.
    expect(puts.at(-1)).toEqual({ slots: { s1: 'maybe', s3: 'maybe' }, places: {} });
    expect(room.getState().unsent).toBe(0);
    expect(room.getState().pendingSlots.size).toBe(0);
    expect(anya().slots).toEqual({ s1: 'maybe', s3: 'maybe' });
  });

  it('survive a snapshot that does not have them yet', async () => {
    reply = 'offline';
    const room = roomFor('ev1', queries);
    void room.paint('a', { slots: { s3: 'yes' } });
    await vi.waitFor(() => expect(room.getState().unsent).toBe(1));
    room.putEvent({ ...server, version: server.version + 1 });
    expect(anya().slots).toEqual({ s1: 'maybe', s3: 'yes' });
  });
});
