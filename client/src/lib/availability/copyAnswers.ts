// "Copy my answers from another event": each slot here takes the answer I gave there to the same
// moment, or else to the same weekday and time of day on my own clock (last Friday's 19:00 for
// this Friday's 19:00). Slots with neither keep whatever they have.
import { localTime } from '..';
import type { Answer, Slot } from '../types';

export interface CopiedAnswers {
  slots: Record<string, Answer>;
  /** Slots matched to a source slot at the very same start and end. */
  sameMoment: number;
  /** Slots matched by weekday and local time of day. */
  sameWeekday: number;
  /** Slots nothing matched. */
  unmatched: number;
}

/** Weekday (0 = Sunday) and minute of day of an instant on `zone`'s wall clock, plus the length. */
function weeklyKey(slot: Slot, zone: string): string {
  const local = localTime(slot.start, zone);
  const [y = 1970, m = 1, d = 1] = local.date.split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  const minutes = Math.round((Date.parse(slot.end) - Date.parse(slot.start)) / 60_000);
  return `${weekday}|${local.minute}|${minutes}`;
}

const momentKey = (slot: Slot) => `${Date.parse(slot.start)}|${Date.parse(slot.end)}`;

export function copyAnswers(target: readonly Slot[], source: readonly Slot[], answers: Record<string, Answer>, zone: string): CopiedAnswers {
  const byMoment = new Map<string, Answer>();
  const byWeekday = new Map<string, Answer>();
  // The most recent answer wins when a source has the same weekday and time twice.
  const answered = source.filter((s) => answers[s.id]).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  for (const slot of answered) {
    const answer = answers[slot.id]!;
    byMoment.set(momentKey(slot), answer);
    byWeekday.set(weeklyKey(slot, zone), answer);
  }
  const result: CopiedAnswers = { slots: {}, sameMoment: 0, sameWeekday: 0, unmatched: 0 };
  for (const slot of target) {
    const moment = byMoment.get(momentKey(slot));
    if (moment) {
      result.slots[slot.id] = moment;
      result.sameMoment += 1;
      continue;
    }
    const weekly = byWeekday.get(weeklyKey(slot, zone));
    if (weekly) {
      result.slots[slot.id] = weekly;
      result.sameWeekday += 1;
    } else {
      result.unmatched += 1;
    }
  }
  return result;
}
