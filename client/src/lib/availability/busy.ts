// Busy time as half-open intervals [start, end) in epoch milliseconds, and what they propose for
// an event's slots: "no" where a slot touches busy time, "yes" everywhere else.
import type { Answer, Slot } from '../types';

export interface Interval {
  start: number;
  end: number;
}

/** Sorted, with overlapping and touching intervals joined into one. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

/** The span the slots cover: only busy time inside it matters. */
export function slotWindow(slots: readonly Pick<Slot, 'start' | 'end'>[]): Interval | null {
  if (slots.length === 0) return null;
  let start = Infinity;
  let end = -Infinity;
  for (const slot of slots) {
    start = Math.min(start, Date.parse(slot.start));
    end = Math.max(end, Date.parse(slot.end));
  }
  return { start, end };
}

export interface BusyProposal {
  slots: Record<string, Answer>;
  busy: number;
  free: number;
}

/** "No" over busy time, "yes" elsewhere. `busy` must be merged (sorted, disjoint). */
export function proposeFromBusy(slots: readonly Slot[], busy: readonly Interval[]): BusyProposal {
  const answers: Record<string, Answer> = {};
  let busyCount = 0;
  for (const slot of slots) {
    const start = Date.parse(slot.start);
    const end = Date.parse(slot.end);
    const clash = overlapsAny(busy, start, end);
    answers[slot.id] = clash ? 'no' : 'yes';
    if (clash) busyCount += 1;
  }
  return { slots: answers, busy: busyCount, free: slots.length - busyCount };
}

/** Binary search over merged intervals: the first that ends after `start`, then whether it begins before `end`. */
function overlapsAny(busy: readonly Interval[], start: number, end: number): boolean {
  let lo = 0;
  let hi = busy.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (busy[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  const candidate = busy[lo];
  return candidate !== undefined && candidate.start < end;
}
