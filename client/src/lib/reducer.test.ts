import { describe, expect, it } from 'vitest';
import { applyDiff, withAnswers } from './reducer';
import { makeEvent, person, slot } from './testing/fixtures';
import type { Change, Event } from './types';

const base = () =>
  makeEvent({
    version: 10,
    participants: [person('a', 'Anya', { s1: 'yes', s2: 'maybe' }, { p1: 'yes' }), person('b', 'Boris', { s1: 'no' }, { p2: 'maybe' })],
  });

function applied(event: Event, ...changes: Change[]): Event {
  const result = applyDiff(event, { version: event.version + 1, changes });
  if (result.outcome !== 'applied') throw new Error(`expected applied, got ${result.outcome}`);
  return result.event;
}

describe('applyDiff versions', () => {
  it('applies held + 1 and takes its version', () => {
    const next = applied(base(), { op: 'answers', participantId: 'b', slots: { s2: 'yes' }, places: {} });
    expect(next.version).toBe(11);
  });

  it('ignores a duplicate or older diff', () => {
    const change: Change = { op: 'reopened' };
    expect(applyDiff(base(), { version: 10, changes: [change] }).outcome).toBe('ignored');
    expect(applyDiff(base(), { version: 3, changes: [change] }).outcome).toBe('ignored');
  });

  it('reports a gap instead of applying past a missed version', () => {
    expect(applyDiff(base(), { version: 12, changes: [{ op: 'reopened' }] }).outcome).toBe('gap');
  });

  it('applies several changes of one version in order and flags deletion', () => {
    const result = applyDiff(base(), { version: 11, changes: [{ op: 'participantLeft', participantId: 'a' }, { op: 'deleted' }] });
    expect(result.outcome === 'applied' && result.deleted).toBe(true);
    expect(result.outcome === 'applied' && result.event.participants.map((p) => p.id)).toEqual(['b']);
  });
});

describe('applyDiff ops', () => {
  it('answers: sets and clears only the cells given, and retallies', () => {
    const next = applied(base(), { op: 'answers', participantId: 'a', slots: { s1: null, s3: 'yes' }, places: { p1: 'no' } });
    expect(next.participants[0]?.answers).toEqual({ slots: { s2: 'maybe', s3: 'yes' }, places: { p1: 'no' } });
    expect(next.tally.slots[0]).toMatchObject({ yes: [], no: ['Boris'], score: 0 });
    expect(next.tally.slots[2]).toMatchObject({ yes: ['Anya'], score: 1 });
    expect(next.tally.best.slotIds).toEqual(['s3']);
  });

  it('participantJoined adds once (an echo of our own join replaces, not duplicates)', () => {
    const cara = person('c', 'Cara', { s2: 'yes' });
    const next = applied(base(), { op: 'participantJoined', participant: cara });
    expect(next.participants.map((p) => p.name)).toEqual(['Anya', 'Boris', 'Cara']);
    expect(next.tally.slots[1]?.yes).toEqual(['Cara']);
    const again = applied(next, { op: 'participantJoined', participant: cara });
    expect(again.participants).toHaveLength(3);
  });

  it('participantLeft takes their answers out of the tally', () => {
    const next = applied(base(), { op: 'participantLeft', participantId: 'b' });
    expect(next.tally.slots[0]?.no).toEqual([]);
  });

  it('placeAdded and placeRemoved (answers to it go too)', () => {
    const added = applied(base(), { op: 'placeAdded', place: { id: 'p3', name: 'Kneipe' } });
    expect(added.places.map((p) => p.id)).toEqual(['p1', 'p2', 'p3']);
    expect(added.tally.places).toHaveLength(3);
    const removed = applied(added, { op: 'placeRemoved', placeId: 'p1' });
    expect(removed.places.map((p) => p.id)).toEqual(['p2', 'p3']);
    expect(removed.participants[0]?.answers.places).toEqual({});
    expect(removed.tally.places.map((p) => p.placeId)).toEqual(['p2', 'p3']);
  });

  it('slotsChanged replaces the list and drops answers to slots that went', () => {
    const next = applied(base(), { op: 'slotsChanged', slots: [slot('s2', '2026-12-04T17:30:00Z'), slot('s9', '2026-12-05T17:00:00Z')] });
    expect(next.slots.map((s) => s.id)).toEqual(['s2', 's9']);
    expect(next.participants[0]?.answers.slots).toEqual({ s2: 'maybe' });
    expect(next.participants[1]?.answers.slots).toEqual({});
  });

  it('settings replaces title, zone, visibility and switches', () => {
    const next = applied(base(), {
      op: 'settings',
      title: 'Saturday pints',
      description: null,
      timezone: 'Asia/Kathmandu',
      visibility: 'public',
      settings: { allowGuests: false, participantsCanAddPlaces: false, deadline: '2026-12-01T00:00:00Z' },
    });
    expect(next).toMatchObject({ title: 'Saturday pints', timezone: 'Asia/Kathmandu', visibility: 'public' });
    expect(next.settings.deadline).toBe('2026-12-01T00:00:00Z');
  });

  it('comment appends once', () => {
    const comment = { id: 'c1', author: 'Anya', participantId: 'a', text: 'Prost!', createdAt: '2026-12-01T10:00:00Z' };
    const next = applied(applied(base(), { op: 'comment', comment }), { op: 'comment', comment });
    expect(next.comments).toEqual([comment]);
    expect(next.commentCount).toBe(1);
  });

  it('a new comment counts on top of the ones the view left out', () => {
    const comment = { id: 'c9', author: 'Anya', participantId: 'a', text: 'Prost!', createdAt: '2026-12-01T10:00:00Z' };
    const next = applied({ ...base(), commentCount: 130 }, { op: 'comment', comment });
    expect(next.commentCount).toBe(131);
  });

  it('finalized then reopened', () => {
    const final = { slotId: 's1', placeId: 'p1', start: '2026-12-04T17:00:00Z', end: '2026-12-04T17:30:00Z', place: null };
    const locked = applied(base(), { op: 'finalized', final });
    expect(locked).toMatchObject({ status: 'finalized', final });
    const open = applied(locked, { op: 'reopened' });
    expect(open).toMatchObject({ status: 'open', final: null });
  });

  it('skips an op it does not know rather than failing the whole diff', () => {
    const next = applied(base(), { op: 'somethingNew' } as unknown as Change, { op: 'reopened' });
    expect(next.version).toBe(11);
  });
});

describe('withAnswers (optimistic strokes)', () => {
  it('changes cells and the tally without touching the version', () => {
    const next = withAnswers(base(), 'b', { slots: { s3: 'yes' } });
    expect(next.version).toBe(10);
    expect(next.tally.slots[2]?.yes).toEqual(['Boris']);
    expect(next.participants[1]?.answers.places).toEqual({ p2: 'maybe' });
  });
});

describe('claims by sign-up', () => {
  it('takes the new organiser when a guest organiser signs up', () => {
    const next = applied(base(), { op: 'organizer', organizer: { id: 'u9', name: 'Olga', isGuest: false } });
    expect(next.organizer).toEqual({ id: 'u9', name: 'Olga', isGuest: false });
  });

  it('updates a guest who signed up in place, answers and all', () => {
    const anya = { ...base().participants[0]!, userId: 'u7', isGuest: false };
    const next = applied(base(), { op: 'participantUpdated', participant: anya });
    expect(next.participants).toHaveLength(2);
    expect(next.participants[0]).toMatchObject({ id: 'a', userId: 'u7', isGuest: false });
    expect(next.tally.slots[0]?.yesIds).toEqual(['a']);
  });
});
