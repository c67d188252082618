// Applies live diffs to the event held in the query cache. Every op is idempotent (an echo of our
// own optimistic change, or a place we already added from the REST reply, lands harmlessly), and
// versions decide what applies: exactly held + 1 applies, older is a duplicate, a gap needs a resync.
import { computeTally } from './tally';
import type { AnswerCells, Answers, Change, Event } from './types';

export type DiffResult =
  | { outcome: 'applied'; event: Event; deleted: boolean }
  | { outcome: 'ignored' }
  | { outcome: 'gap' };

export function applyDiff(event: Event, diff: { version: number; changes: readonly Change[] }): DiffResult {
  if (diff.version <= event.version) return { outcome: 'ignored' };
  if (diff.version > event.version + 1) return { outcome: 'gap' };
  let next = event;
  let deleted = false;
  for (const change of diff.changes) {
    if (change.op === 'deleted') deleted = true;
    next = applyChange(next, change);
  }
  return { outcome: 'applied', event: withTally({ ...next, version: diff.version }), deleted };
}

/** Merges partial cells into a sheet: `null` clears, a value sets. */
export function mergeAnswers(answers: Answers, cells: Partial<AnswerCells>): Answers {
  const merge = <T>(held: Record<string, T>, changes: Record<string, T | null> | undefined) => {
    if (!changes) return held;
    const out = { ...held };
    for (const [id, value] of Object.entries(changes)) {
      if (value === null) delete out[id];
      else out[id] = value;
    }
    return out;
  };
  return { slots: merge(answers.slots, cells.slots), places: merge(answers.places, cells.places) };
}

/** A participant's cells changed (a diff, or our own stroke applied optimistically); tally recomputed. */
export function withAnswers(event: Event, participantId: string, cells: Partial<AnswerCells>): Event {
  return withTally(applyChange(event, { op: 'answers', participantId, slots: cells.slots ?? {}, places: cells.places ?? {} }));
}

export function withTally(event: Event): Event {
  return { ...event, tally: computeTally(event) };
}

function upsert<T extends { id: string }>(list: readonly T[], item: T): T[] {
  return list.some((x) => x.id === item.id) ? list.map((x) => (x.id === item.id ? item : x)) : [...list, item];
}

/** Drops answers to ids that no longer exist. */
function pruneAnswers(event: Event, keep: { slots?: Set<string>; places?: Set<string> }): Event {
  const prune = <T>(held: Record<string, T>, ids: Set<string> | undefined) =>
    ids ? Object.fromEntries(Object.entries(held).filter(([id]) => ids.has(id))) : held;
  return {
    ...event,
    participants: event.participants.map((p) => ({
      ...p,
      answers: { slots: prune(p.answers.slots, keep.slots), places: prune(p.answers.places, keep.places) },
    })),
  };
}

/** One change, without the version check or the tally (the caller does both once per diff). */
export function applyChange(event: Event, change: Change): Event {
  switch (change.op) {
    case 'answers':
      return {
        ...event,
        participants: event.participants.map((p) =>
          p.id === change.participantId ? { ...p, answers: mergeAnswers(p.answers, change) } : p,
        ),
      };
    // participantUpdated: a guest who signed up, the same id now with an account.
    case 'participantJoined':
    case 'participantUpdated':
      return { ...event, participants: upsert(event.participants, change.participant) };
    case 'organizer':
      // A guest organiser signed up and the account took the event.
      return { ...event, organizer: change.organizer };
    case 'participantLeft':
      return { ...event, participants: event.participants.filter((p) => p.id !== change.participantId) };
    case 'placeAdded':
      return { ...event, places: upsert(event.places, change.place) };
    case 'placeRemoved': {
      const places = event.places.filter((p) => p.id !== change.placeId);
      return pruneAnswers({ ...event, places }, { places: new Set(places.map((p) => p.id)) });
    }
    case 'slotsChanged':
      return pruneAnswers({ ...event, slots: change.slots }, { slots: new Set(change.slots.map((s) => s.id)) });
    case 'settings': {
      const { title, description, timezone, visibility, settings } = change;
      return { ...event, title, description: description ?? null, timezone, visibility, settings };
    }
    case 'comment': {
      const isNew = !event.comments.some((c) => c.id === change.comment.id);
      const count = (event.commentCount ?? event.comments.length) + (isNew ? 1 : 0);
      return { ...event, comments: upsert(event.comments, change.comment), commentCount: count };
    }
    case 'finalized':
      return { ...event, status: 'finalized', final: change.final };
    case 'reopened':
      return { ...event, status: 'open', final: null };
    case 'deleted':
      // Nothing to change in the body; `applyDiff` reports it so the page can say goodbye.
      return event;
    default:
      // A newer server may send ops this client does not know; skipping one is better than
      // dropping the connection, and the next snapshot carries its effect.
      return event;
  }
}
