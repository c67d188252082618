// What the create form can refuse before asking the server: the same rules the server applies
// (API.md: a title, some times, at least one slot that starts in the future, no deadline in the
// past), so nobody creates an event that is born closed. Listed in the order the form shows them,
// so the first one is where focus goes.
import { addDays, localInputToUtc, zonedToUtc } from '../../lib';
import type { CreateForm, FormArea } from './createForm';

export type Problem =
  | { area: 'title'; code: 'needTitle' }
  | { area: 'times'; code: 'needTimes' | 'pastTimes' }
  | { area: 'times'; code: 'pastOption'; date: string; start: string }
  | { area: 'settings'; code: 'pastDeadline' };

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** When the last slot of a picked day starts, in ms (a window past midnight ends the next day). */
function lastStart(form: CreateForm, date: string): number {
  if (form.mode === 'days') return zonedToUtc(date, '00:00', form.timezone).getTime();
  const overnight = form.to !== '24:00' && minutes(form.to) <= minutes(form.from);
  const end =
    form.to === '24:00'
      ? zonedToUtc(addDays(date, 1), '00:00', form.timezone).getTime()
      : zonedToUtc(overnight ? addDays(date, 1) : date, form.to, form.timezone).getTime();
  return end - form.step * 60_000;
}

export function problemsOf(form: CreateForm, now: number): Problem[] {
  const problems: Problem[] = [];
  if (!form.title.trim()) problems.push({ area: 'title', code: 'needTitle' });
  if (form.mode === 'options') {
    if (!form.options.length) problems.push({ area: 'times', code: 'needTimes' });
    const past = [...form.options]
      .sort((a, b) => `${a.date}${a.start}`.localeCompare(`${b.date}${b.start}`))
      .find((o) => zonedToUtc(o.date, o.start, form.timezone).getTime() <= now);
    if (past) problems.push({ area: 'times', code: 'pastOption', date: past.date, start: past.start });
  } else if (!form.dates.length) {
    problems.push({ area: 'times', code: 'needTimes' });
  } else if (form.dates.every((date) => lastStart(form, date) <= now)) {
    problems.push({ area: 'times', code: 'pastTimes' });
  }
  const deadline = form.deadline ? localInputToUtc(form.deadline, form.timezone) : null;
  if (deadline && deadline.getTime() <= now) problems.push({ area: 'settings', code: 'pastDeadline' });
  return problems;
}

/** The first problem per area, for the field errors. */
export function byArea(problems: readonly Problem[]): Partial<Record<FormArea, Problem>> {
  const out: Partial<Record<FormArea, Problem>> = {};
  for (const p of problems) out[p.area] ??= p;
  return out;
}
