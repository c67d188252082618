// Who said what, recomputed on the client exactly as the server does (src/domain/tally.rs): live
// diffs carry only the changed answer cells, never the tally. Also the best-plan ranking.
import type { Answer, Answers, Event, Participant, Slot, Tally, Voters } from './types';

/** "If need be" is worth half a yes; no counts nothing. */
export const ANSWER_WEIGHT: Record<Answer, number> = { yes: 1, maybe: 0.5, no: 0 };

function votersOf(participants: readonly Participant[], answerOf: (answers: Answers) => Answer | undefined): Voters {
  const voters: Voters = { yes: [], maybe: [], no: [], score: 0 };
  for (const p of participants) {
    const answer = answerOf(p.answers);
    if (answer) voters[answer].push(p.name);
  }
  voters.score = voters.yes.length + 0.5 * voters.maybe.length;
  return voters;
}

/** Every id with the top score; with no votes at all, every option ties at zero (as the server says). */
function top(scored: { id: string; score: number }[]): string[] {
  const max = Math.max(...scored.map((s) => s.score));
  return scored.filter((s) => s.score === max).map((s) => s.id);
}

export function computeTally(event: Pick<Event, 'slots' | 'places' | 'participants'>): Tally {
  const slots = event.slots.map((s) => ({ slotId: s.id, ...votersOf(event.participants, (a) => a.slots[s.id]) }));
  const places = event.places.map((pl) => ({ placeId: pl.id, ...votersOf(event.participants, (a) => a.places[pl.id]) }));
  return {
    slots,
    places,
    best: {
      slotIds: top(slots.map((s) => ({ id: s.slotId, score: s.score }))),
      placeIds: top(places.map((p) => ({ id: p.placeId, score: p.score }))),
    },
  };
}

/** One candidate plan: a slot, and a place when the event has places. */
export interface PlanOption {
  slotId: string;
  placeId: string | null;
  /** Slot score + place score. */
  score: number;
  /** How many people can make both: per person the weaker of their two answers (yes 1, maybe ½). */
  together: number;
  /** People who said no to the slot or to the place. */
  blocked: number;
}

const weight = (answer: Answer | undefined) => (answer ? ANSWER_WEIGHT[answer] : 0);

/**
 * Every slot × place combination, best first: by combined score, then by how many people can make
 * both (a slot everyone likes paired with a bar only half of them like is worse than it looks), then
 * by fewer refusals, then the earlier slot, then the organiser's order of places.
 */
export function rankPlans(event: Pick<Event, 'slots' | 'places' | 'participants'>, tally: Tally = computeTally(event)): PlanOption[] {
  const slotScore = new Map(tally.slots.map((s) => [s.slotId, s.score]));
  const placeScore = new Map(tally.places.map((p) => [p.placeId, p.score]));
  const places: (string | null)[] = event.places.length ? event.places.map((p) => p.id) : [null];
  const startOf = new Map(event.slots.map((s: Slot) => [s.id, Date.parse(s.start)]));
  const options: (PlanOption & { order: number })[] = [];
  let order = 0;
  for (const slot of event.slots) {
    for (const placeId of places) {
      let together = 0;
      let blocked = 0;
      for (const p of event.participants) {
        const slotAnswer = p.answers.slots[slot.id];
        const placeAnswer = placeId ? p.answers.places[placeId] : 'yes';
        together += Math.min(weight(slotAnswer), weight(placeAnswer));
        if (slotAnswer === 'no' || placeAnswer === 'no') blocked += 1;
      }
      const score = (slotScore.get(slot.id) ?? 0) + (placeId ? (placeScore.get(placeId) ?? 0) : 0);
      options.push({ slotId: slot.id, placeId, score, together, blocked, order: order++ });
    }
  }
  options.sort(
    (a, b) =>
      b.score - a.score ||
      b.together - a.together ||
      a.blocked - b.blocked ||
      (startOf.get(a.slotId) ?? 0) - (startOf.get(b.slotId) ?? 0) ||
      a.order - b.order,
  );
  return options.map(({ order: _order, ...option }) => option);
}
