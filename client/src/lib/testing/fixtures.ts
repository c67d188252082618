// Small builders for tests: an event with just what a case needs.
import { computeTally } from '../tally';
import type { Answer, Event, Participant, Slot } from '../types';

export function slot(id: string, start: string, minutes = 30): Slot {
  return { id, start, end: new Date(Date.parse(start) + minutes * 60_000).toISOString() };
}

export function person(
  id: string,
  name: string,
  slots: Record<string, Answer> = {},
  places: Record<string, Answer> = {},
  userId: string | null = null,
): Participant {
  return { id, name, isGuest: userId === null, userId, answers: { slots, places }, joinedAt: '2026-01-01T00:00:00Z' };
}

export function makeEvent(parts: Partial<Event> = {}): Event {
  const event: Event = {
    id: 'ev1',
    title: 'Friday pints',
    description: null,
    timezone: 'Europe/Berlin',
    visibility: 'link',
    status: 'open',
    organizer: { id: 'u-org', name: 'Olga' },
    slots: [slot('s1', '2026-12-04T17:00:00Z'), slot('s2', '2026-12-04T17:30:00Z'), slot('s3', '2026-12-04T18:00:00Z')],
    grid: null,
    places: [
      { id: 'p1', name: 'Bar Pivovar' },
      { id: 'p2', name: 'Zum Hirschen' },
    ],
    settings: { allowGuests: true, participantsCanAddPlaces: true, deadline: null },
    participants: [],
    tally: { slots: [], places: [], best: { slotIds: [], placeIds: [] } },
    comments: [],
    final: null,
    version: 1,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...parts,
  };
  return { ...event, tally: computeTally(event) };
}
