import type { EventSummary } from '../../lib';

export type SummaryStatus = 'open' | 'final' | 'past';

/**
 * Where a listed event stands for its reader. Summaries carry no deadline, so "past" means every
 * candidate time has gone by without a plan: nobody can make it any more.
 */
export function summaryStatus(summary: Pick<EventSummary, 'status' | 'lastEnd'>, now: number = Date.now()): SummaryStatus {
  if (summary.status === 'finalized') return 'final';
  if (summary.lastEnd && Date.parse(summary.lastEnd) < now) return 'past';
  return 'open';
}
