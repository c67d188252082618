// "Plans: evenings, not cells" (API.md): whole candidate plans, a run of back-to-back slots with a
// place, ranked by how many people can make all of it. The server sends `tally.plans`; the client
// ranks again from the same definition because live diffs carry answer cells, not the tally.
// The shared fixture (fixtures/plans.json) holds both implementations to the same answers.
import { addDays, localTime } from './time';
import type { Answer, Event, Plan, Slot } from './types';

/** The server sends at most this many, and so does the client. */
export const MAX_PLANS = 10;

const WEIGHT: Record<Answer, number> = { yes: 1, maybe: 0.5, no: 0 };
const weight = (answer: Answer | undefined) => (answer ? WEIGHT[answer] : 0);

type PlanInput = Pick<Event, 'timezone' | 'grid' | 'slots' | 'places' | 'participants'>;

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/**
 * Slots that can make one evening together, in time order. Only a grid with a daily window has
 * neighbours: cells of one grid day whose end touches the next one's start. A grid day is the
 * local date of the cell, less a day for cells before the window opens, so a 20:00–02:00 window
 * stays one night across midnight. Explicit options and whole days stand alone, since nobody
 * proposed "Friday and Saturday" as one pub night.
 */
export function chainsOf(event: Pick<Event, 'timezone' | 'grid' | 'slots'>): Slot[][] {
  const sorted = [...event.slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || Date.parse(a.end) - Date.parse(b.end));
  const grid = event.grid;
  if (!grid?.from || !grid.to || !grid.stepMinutes) return sorted.map((slot) => [slot]);
  const opens = minutesOf(grid.from);
  const step = grid.stepMinutes * 60_000;
  const isCell = (s: Slot) => Date.parse(s.end) - Date.parse(s.start) === step;
  const gridDay = (s: Slot) => {
    const local = localTime(s.start, event.timezone);
    return local.minute < opens ? addDays(local.date, -1) : local.date;
  };
  const chains: Slot[][] = [];
  for (const slot of sorted) {
    const chain = chains.at(-1);
    const last = chain?.at(-1);
    const touching =
      last !== undefined && isCell(last) && isCell(slot) && Date.parse(last.end) === Date.parse(slot.start) && gridDay(last) === gridDay(slot);
    if (chain && touching) chain.push(slot);
    else chains.push([slot]);
  }
  return chains;
}

interface Ranked extends Plan {
  placeOrder: number;
  slotOrder: number;
}

/**
 * Each person's weight for one place: yes 1, maybe ½, else 0. With no places in the event the
 * place part is skipped (weight 1 for all).
 */
function placeWeights(event: PlanInput, placeId: string | null): number[] {
  return event.participants.map((p) => (placeId === null ? 1 : weight(p.answers.places[placeId])));
}

/** The ranked plans for an event, as `tally.plans` carries them. */
export function rankPlans(event: PlanInput): Plan[] {
  const people = event.participants;
  const places: (string | null)[] = event.places.length ? event.places.map((p) => p.id) : [null];
  const slotOrder = new Map(chainsOf(event).flat().map((s, i) => [s.id, i]));
  const plans: Ranked[] = [];
  for (const chain of chainsOf(event)) {
    // weights[k][i]: person i on slot k of the chain.
    const bySlot = chain.map((slot) => people.map((p) => weight(p.answers.slots[slot.id])));
    places.forEach((placeId, placeOrder) => {
      const atPlace = placeWeights(event, placeId);
      /** Per person, the weakest answer over slots i..j and the place. */
      const crew = (i: number, j: number) =>
        atPlace.map((w, person) => Math.min(w, ...bySlot.slice(i, j + 1).map((slot) => slot[person] ?? 0)));
      const scoreOf = (i: number, j: number) => crew(i, j).reduce((sum, w) => sum + w, 0);
      for (let i = 0; i < chain.length; i++) {
        for (let j = i; j < chain.length; j++) {
          const score = scoreOf(i, j);
          if (score === 0) break; // Longer runs only lose people.
          // A plan runs as long as its score allows: one neighbour more would cost someone.
          if (i > 0 && scoreOf(i - 1, j) === score) continue;
          if (j + 1 < chain.length && scoreOf(i, j + 1) === score) continue;
          const weights = crew(i, j);
          const yes = people.filter((_, k) => weights[k] === 1).map((p) => p.id);
          const maybe = people.filter((_, k) => weights[k] === 0.5).map((p) => p.id);
          const run = chain.slice(i, j + 1);
          const first = run[0]!;
          plans.push({
            slotIds: run.map((s) => s.id),
            start: first.start,
            end: run.at(-1)!.end,
            placeId,
            yes,
            maybe,
            yesIds: yes,
            maybeIds: maybe,
            score,
            placeOrder,
            slotOrder: slotOrder.get(first.id) ?? 0,
          });
        }
      }
    });
  }
  const duration = (p: Plan) => Date.parse(p.end) - Date.parse(p.start);
  plans.sort(
    (a, b) =>
      b.score - a.score ||
      duration(b) - duration(a) ||
      Date.parse(a.start) - Date.parse(b.start) ||
      a.placeOrder - b.placeOrder ||
      a.slotOrder - b.slotOrder,
  );
  return plans.slice(0, MAX_PLANS).map(({ placeOrder: _p, slotOrder: _s, ...plan }) => plan);
}

/** The server's ranking when it sent one, else ours (an older server, or a body built locally). */
export function plansOf(event: PlanInput & Pick<Event, 'tally'>): Plan[] {
  return event.tally.plans ?? rankPlans(event);
}
