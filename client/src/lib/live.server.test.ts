// @vitest-environment node
// Runs the live client against a real server; skipped unless one is named:
//   PROST_URL=http://127.0.0.1:18080 NODE_OPTIONS=--experimental-websocket npm test -- live.server
// (Node 20 has WebSocket only behind that flag.)
import { describe, expect, it } from 'vitest';
import { LiveConnection, type LiveStatus } from './live';
import { applyDiff } from './reducer';
import type { Event, JoinResponse } from './types';

const base = process.env.PROST_URL;

async function post<T>(path: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(`${base}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A watcher holding its own copy of the event, as the query cache would. */
function watcher(eventId: string, participantToken?: string) {
  let held: Event | undefined;
  const statuses: LiveStatus[] = [];
  let presence = 0;
  const connection = new LiveConnection(
    eventId,
    {
      heldVersion: () => held?.version ?? null,
      credentials: () => ({ participantToken }),
      onSnapshot: (event) => (held = event),
      onDiff: (diff) => {
        if (!held) return 'gap';
        const result = applyDiff(held, diff);
        if (result.outcome === 'applied') held = result.event;
        return result.outcome;
      },
      onStatus: (s) => statuses.push(s),
      onPresence: (n) => (presence = n),
    },
    { url: `${base!.replace(/^http/, 'ws')}/api/v1/events/${eventId}/live` },
  );
  connection.start();
  return { connection, statuses, held: () => held, presence: () => presence };
}

async function until(condition: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!base)('live connection against a running prost', () => {
  it('a stroke painted on one socket shows on another', async () => {
    const email = `live-${Date.now()}@example.com`;
    const auth = await post<{ accessToken: string }>('/auth/register', { email, password: 'pretzels!', name: 'Olga' });
    const event = await post<Event>(
      '/events',
      { title: 'Live check', timezone: 'Asia/Kathmandu', grid: { dates: ['2026-12-04'], from: '18:00', to: '20:00', stepMinutes: 30 } },
      auth.accessToken,
    );
    const guest = await post<JoinResponse>(`/events/${event.id}/participants`, { name: 'Anya' });

    const painter = watcher(event.id, guest.participantToken ?? undefined);
    const viewer = watcher(event.id);
    try {
      await until(() => !!painter.held() && !!viewer.held(), 'both snapshots');
      await until(() => viewer.presence() === 2, 'presence of two');

      const [s1, s2] = event.slots;
      const version = await painter.connection.sendAnswers(guest.participant.id, { slots: { [s1!.id]: 'yes', [s2!.id]: 'maybe' } });
      expect(version).toBe(event.version + 2); // the guest's join, then the stroke
      await until(() => viewer.held()?.version === version, 'the diff on the viewer');
      const tally = viewer.held()!.tally;
      expect(tally.slots[0]).toMatchObject({ yes: ['Anya'], score: 1 });
      expect(tally.slots[1]).toMatchObject({ maybe: ['Anya'], score: 0.5 });

      // Clearing a cell travels as null.
      await painter.connection.sendAnswers(guest.participant.id, { slots: { [s1!.id]: null } });
      await until(() => viewer.held()!.tally.slots[0]!.yes.length === 0, 'the cleared cell');

      // A read-only socket's stroke is refused with its ref.
      await expect(viewer.connection.sendAnswers(guest.participant.id, { slots: { [s1!.id]: 'no' } })).rejects.toMatchObject({
        code: 'unauthenticated',
      });
      expect(viewer.statuses).toContain('open');

      // A watcher that was away catches up from its last version when it comes back.
      viewer.connection.stop();
      const missed = await painter.connection.sendAnswers(guest.participant.id, { slots: { [s2!.id]: 'yes' } });
      viewer.connection.start();
      await until(() => viewer.held()?.version === missed, 'the catch-up after reconnecting');
      expect(viewer.held()!.tally.slots[1]).toMatchObject({ yes: ['Anya'], maybe: [] });
    } finally {
      painter.connection.stop();
      viewer.connection.stop();
    }
  });
});
