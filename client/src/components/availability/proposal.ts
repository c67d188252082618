import type { Answer } from '../../lib';

/** Answers proposed for the grid, waiting for the person to review and send them. */
export interface Proposal {
  slots: Record<string, Answer>;
  /** What was matched, in words, for the review bar. */
  summary: string;
}

/** Leaves out the slots already answered, when the person asked to keep those. */
export function withoutAnswered(slots: Record<string, Answer>, held: Record<string, Answer>, keep: boolean): Record<string, Answer> {
  if (!keep) return slots;
  return Object.fromEntries(Object.entries(slots).filter(([id]) => held[id] === undefined));
}
