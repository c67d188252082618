import { chainsOf, plansOf, rankPlans, type Event, type Slot } from '../../lib';

/** What the organiser is about to lock: a run of back-to-back slots and a place. */
export interface PlanChoice {
  slotIds: string[];
  placeId: string | null;
}

/**
 * The crowd favourite: the top of the ranking. With no whole plan yet (times answered, places
 * not), the best evening by times alone and the best-liked place; with no answers at all, the
 * earliest slot.
 */
export function defaultChoice(event: Event): PlanChoice | null {
  const top = plansOf(event)[0];
  if (top) return { slotIds: top.slotIds, placeId: top.placeId };
  const place = event.tally.best.placeIds[0] ?? event.places[0]?.id ?? null;
  const evening = rankPlans({ ...event, places: [] })[0];
  if (evening) return { slotIds: evening.slotIds, placeId: place };
  const first = [...event.slots].sort((a, b) => a.start.localeCompare(b.start))[0];
  return first ? { slotIds: [first.id], placeId: place } : null;
}

/** The back-to-back slots a chosen run can stretch over: the chain it sits in. */
export function chainOf(event: Event, slotIds: readonly string[]): Slot[] {
  const first = slotIds[0];
  return chainsOf(event).find((chain) => chain.some((s) => s.id === first)) ?? [];
}

/** The run from slot index `from` to `to` (inclusive) of a chain, whichever way round they come. */
export function runBetween(chain: readonly Slot[], from: number, to: number): string[] {
  const [a, b] = from <= to ? [from, to] : [to, from];
  return chain.slice(a, b + 1).map((s) => s.id);
}
