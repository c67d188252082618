// The heatmap's scale: six foam levels, from an empty glass to everyone in.
import type { Voters } from '../lib';

export const FOAM_LEVELS = 6;

/** 0 for nobody; otherwise 1..5 by score against the number of people, so any interest shows. */
export function foamLevel(voters: Pick<Voters, 'score'> | undefined, people: number): number {
  if (!voters || voters.score <= 0 || people <= 0) return 0;
  return Math.max(1, Math.min(FOAM_LEVELS - 1, Math.round((voters.score / people) * (FOAM_LEVELS - 1))));
}
