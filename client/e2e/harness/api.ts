// Setting up state over the REST API where the UI is not what a test is about. Plain `fetch`
// against API.md; a browser context can be signed in by logging in through its own request
// context, which stores the httpOnly refresh cookie the app trades for a session on load.
import type { BrowserContext } from 'playwright-core';
import type { Event } from '../../src/lib/types';

export interface Account {
  name: string;
  email: string;
  password: string;
  token: string;
  userId: string;
}

// The app's own API types: the tests read the same shapes the client does.
export type { Participant, Place, Slot } from '../../src/lib/types';
export type EventView = Event;

export interface GridOptions {
  title?: string;
  timezone?: string;
  dates: string[];
  from?: string;
  to?: string;
  stepMinutes?: number;
  places?: { name: string; address?: string; mapUrl?: string }[];
}

let accounts = 0;

export class Api {
  constructor(readonly base: string) {}

  private async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const response = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A fresh account with a unique email. */
  async register(name: string): Promise<Account> {
    accounts += 1;
    const email = `${name.toLowerCase()}.${process.pid}.${accounts}.${Date.now()}@example.com`;
    const password = 'correct horse battery';
    const body = await this.call<{ accessToken: string; user: { id: string } }>('POST', '/auth/register', {
      email,
      password,
      name,
    });
    return { name, email, password, token: body.accessToken, userId: body.user.id };
  }

  /** A grid event (dates × daily window); defaults: 18:00–21:00 in 30-minute steps, two places. */
  createGridEvent(account: Account, options: GridOptions): Promise<EventView> {
    return this.call('POST', '/events', {
      title: options.title ?? 'Friday pints',
      timezone: options.timezone ?? 'Europe/Berlin',
      grid: { dates: options.dates, from: options.from ?? '18:00', to: options.to ?? '21:00', stepMinutes: options.stepMinutes ?? 30 },
      places: options.places ?? [
        { name: 'Bar Pivovar', address: 'Tverskaya 1', mapUrl: 'https://www.openstreetmap.org/#map=17/55.7577/37.6136' },
        { name: 'Stout Corner', address: 'Nevsky 2' },
      ],
      settings: { allowGuests: true, participantsCanAddPlaces: true, deadline: null },
    }, { authorization: `Bearer ${account.token}` });
  }

  getEvent(id: string): Promise<EventView> {
    return this.call('GET', `/events/${id}`);
  }

  /** Joins as a guest; returns the participant id and its secret token. */
  async joinAsGuest(eventId: string, name: string): Promise<{ participantId: string; token: string }> {
    const body = await this.call<{ participant: { id: string }; participantToken: string }>(
      'POST',
      `/events/${eventId}/participants`,
      { name },
    );
    return { participantId: body.participant.id, token: body.participantToken };
  }

  answerAsGuest(eventId: string, guest: { participantId: string; token: string }, slots: Record<string, string>, places: Record<string, string> = {}) {
    return this.call('PUT', `/events/${eventId}/participants/${guest.participantId}/answers`, { slots, places }, {
      'x-participant-token': guest.token,
    });
  }

  finalize(account: Account, eventId: string, slotId: string, placeId: string): Promise<EventView> {
    return this.call('POST', `/events/${eventId}/finalize`, { slotId, placeId }, { authorization: `Bearer ${account.token}` });
  }
}

/** Signs a browser context in as `account` (the refresh cookie lands in the context's jar). */
export async function signInContext(context: BrowserContext, base: string, account: Account): Promise<void> {
  const response = await context.request.post(`${base}/api/v1/auth/login`, {
    data: { email: account.email, password: account.password },
  });
  if (!response.ok()) throw new Error(`login: ${response.status()} ${await response.text()}`);
}

/** `YYYY-MM-DD`, `days` from today in the runner's calendar (future dates, so nothing is in the past). */
export function isoDate(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
