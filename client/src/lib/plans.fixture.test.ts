// The shared fixture: the same cases the Rust domain test checks (src/domain, written by the
// server side), so the client's live ranking cannot drift from the server's `tally.plans`.
import { describe, expect, it } from 'vitest';
import fixture from './fixtures/plans.json';
import { rankPlans } from './plans';
import type { Event, Plan } from './types';

interface Case {
  name: string;
  event: Pick<Event, 'timezone' | 'grid' | 'slots' | 'places'> & { participants: Pick<Event['participants'][number], 'id' | 'name' | 'answers'>[] };
  plans: Plan[];
}

const cases = (fixture as { cases: Case[] }).cases;

describe('the shared plans fixture', () => {
  it('has cases to check', () => {
    expect(cases.length).toBeGreaterThan(5);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const participants = c.event.participants.map((p) => ({ ...p, isGuest: true, joinedAt: '2026-01-01T00:00:00Z' }));
    expect(rankPlans({ ...c.event, participants })).toEqual(c.plans);
  });
});
