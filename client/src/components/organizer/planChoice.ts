import { rankPlans, type Event } from '../../lib';

export interface PlanChoice {
  slotId: string;
  placeId: string | null;
}

/** The crowd favourite: the top of the ranking (the earliest slot when nobody has answered). */
export function defaultChoice(event: Event): PlanChoice | null {
  const top = rankPlans(event, event.tally)[0];
  return top ? { slotId: top.slotId, placeId: top.placeId } : null;
}
