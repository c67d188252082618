// Who said what, recomputed on the client exactly as the server does (src/domain/tally.rs): live
// diffs carry only the changed answer cells, never the tally. The plans come from plans.ts.
import { rankPlans } from './plans';
import type { Answer, Answers, Event, Participant, Tally, Voters } from './types';

/** "If need be" is worth half a yes; no counts nothing. */
export const ANSWER_WEIGHT: Record<Answer, number> = { yes: 1, maybe: 0.5, no: 0 };

function votersOf(participants: readonly Participant[], answerOf: (answers: Answers) => Answer | undefined): Voters {
  const voters: Voters = { yes: [], maybe: [], no: [], yesIds: [], maybeIds: [], noIds: [], score: 0 };
  const ids = { yes: voters.yesIds, maybe: voters.maybeIds, no: voters.noIds };
  for (const p of participants) {
    const answer = answerOf(p.answers);
    if (!answer) continue;
    voters[answer].push(p.name);
    ids[answer].push(p.id);
  }
  voters.score = voters.yes.length + 0.5 * voters.maybe.length;
  return voters;
}

/** Every id with the top score; with no votes at all, every option ties at zero (as the server says). */
function top(scored: { id: string; score: number }[]): string[] {
  const max = Math.max(...scored.map((s) => s.score));
  return scored.filter((s) => s.score === max).map((s) => s.id);
}

export function computeTally(event: Pick<Event, 'timezone' | 'grid' | 'slots' | 'places' | 'participants'>): Tally {
  const slots = event.slots.map((s) => ({ slotId: s.id, ...votersOf(event.participants, (a) => a.slots[s.id]) }));
  const places = event.places.map((pl) => ({ placeId: pl.id, ...votersOf(event.participants, (a) => a.places[pl.id]) }));
  return {
    slots,
    places,
    best: {
      slotIds: top(slots.map((s) => ({ id: s.slotId, score: s.score }))),
      placeIds: top(places.map((p) => ({ id: p.placeId, score: p.score }))),
    },
    plans: rankPlans(event),
  };
}
