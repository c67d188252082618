// "Plans: evenings, not cells" (API.md): whole candidate plans, a run of back-to-back slots with a
// place, ranked by how many people can make all of it. The server sends `tally.plans`; the client
// ranks again from the same definition because live diffs carry answer cells, not the tally.
// The shared fixture (fixtures/plans.json) holds both implementations to the same answers.
import { localTime } from './time';
import type { Answer, Answers, Event, Plan, Slot } from './types';

/** The server sends at most this many, and so does the client. */
export const MAX_PLANS = 10;

const WEIGHT: Record<Answer, number> = { yes: 1, maybe: 0.5, no: 0 };
const weight = (answer: Answer | undefined) => (answer ? WEIGHT[answer] : 0);

type PlanInput = Pick<Event, 'timezone' | 'grid' | 'slots' | 'places' | 'participants'>;

/**
 * Slots that can make one evening together, in time order. Only a grid with a daily window has
 * neighbours (cells on one local day, end touching start); explicit options and whole days stand
 * alone, since nobody proposed "Friday and Saturday" as one pub night.
 */
export function chainsOf(event: Pick<Event, 'timezone' | 'grid' | 'slots'>): Slot[][] {
  const sorted = [...event.slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || a.id.localeCompare(b.id));
  const hasWindow = !!event.grid && !!event.grid.from && !!event.grid.to;
  if (!hasWindow) return sorted.map((slot) => [slot]);
  const chains: Slot[][] = [];
  for (const slot of sorted) {
    const chain = chains.at(-1);
    const last = chain?.at(-1);
    const touching =
      last !== undefined &&
      Date.parse(last.end) === Date.parse(slot.start) &&
      localTime(last.start, event.timezone).date === localTime(slot.start, event.timezone).date;
    if (chain && touching) chain.push(slot);
    else chains.push([slot]);
  }
  return chains;
}

/** Who can make every slot of a run, and how well: the weakest of their answers (yes 1, maybe ½). */
function crewOf(sheets: readonly Answers[], run: readonly Slot[]): number[] {
  return sheets.map((sheet) => Math.min(...run.map((slot) => weight(sheet.slots[slot.id]))));
}

const sameCrew = (a: readonly number[], b: readonly number[]) => a.every((w, i) => w === b[i]);

/**
 * Every run of a chain that is as long as its crew allows: one slot more on either side and
 * someone would drop out or sink to "if need be". Runs nobody can make are left out.
 */
function runsOf(chain: readonly Slot[], sheets: readonly Answers[]): Slot[][] {
  const runs: Slot[][] = [];
  for (let i = 0; i < chain.length; i++) {
    for (let j = i; j < chain.length; j++) {
      const run = chain.slice(i, j + 1);
      const crew = crewOf(sheets, run);
      if (!crew.some((w) => w > 0)) break; // Longer runs only lose people.
      const growsRight = j + 1 < chain.length && sameCrew(crew, crewOf(sheets, chain.slice(i, j + 2)));
      const growsLeft = i > 0 && sameCrew(crew, crewOf(sheets, chain.slice(i - 1, j + 1)));
      if (!growsRight && !growsLeft) runs.push(run);
    }
  }
  return runs;
}

interface Ranked extends Plan {
  placeOrder: number;
}

/** The ranked plans for an event, as `tally.plans` carries them. */
export function rankPlans(event: PlanInput): Plan[] {
  const sheets = event.participants.map((p) => p.answers);
  const places: (string | null)[] = event.places.length ? event.places.map((p) => p.id) : [null];
  const plans: Ranked[] = [];
  for (const chain of chainsOf(event)) {
    for (const run of runsOf(chain, sheets)) {
      const crew = crewOf(sheets, run);
      places.forEach((placeId, placeOrder) => {
        const yes: string[] = [];
        const maybe: string[] = [];
        event.participants.forEach((p, i) => {
          const w = Math.min(crew[i] ?? 0, placeId === null ? 1 : weight(p.answers.places[placeId]));
          if (w === 1) yes.push(p.id);
          else if (w > 0) maybe.push(p.id);
        });
        const score = yes.length + 0.5 * maybe.length;
        if (score === 0) return;
        const first = run[0]!;
        const last = run.at(-1)!;
        plans.push({ slotIds: run.map((s) => s.id), start: first.start, end: last.end, placeId, yes, maybe, score, placeOrder });
      });
    }
  }
  plans.sort(
    (a, b) =>
      b.score - a.score ||
      b.slotIds.length - a.slotIds.length ||
      Date.parse(a.start) - Date.parse(b.start) ||
      a.placeOrder - b.placeOrder,
  );
  return plans.slice(0, MAX_PLANS).map(({ placeOrder: _order, ...plan }) => plan);
}

/** The server's ranking when it sent one, else ours (an older server, or a body built locally). */
export function plansOf(event: PlanInput & Pick<Event, 'tally'>): Plan[] {
  return event.tally.plans ?? rankPlans(event);
}
