// A month view where days toggle in and out of a set. Keyboard: one day is in the tab order at a
// time (roving tabindex); arrows move by day and week, Home/End to the week's ends, PageUp/PageDown
// by month, Enter or Space toggles. Moving past the month's edge turns the page.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useLang, useMessages } from '../../i18n';
import { createMessages } from '../../i18n/messages/create';
import { formatDay, localeOf, type DateKey } from '../../lib';
import { firstOfMonth, keyMove, monthOf, monthWeeks, shiftMonth } from './calendarMonth';

interface CalendarProps {
  selected: readonly DateKey[];
  onToggle(date: DateKey): void;
  /** Days before this one cannot be picked. */
  today: DateKey;
  labelledBy?: string;
}

const MONDAY_NOON = Date.UTC(2024, 0, 1, 12);

function useWeekdayNames(locale: string) {
  return useMemo(() => {
    const short = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
    const long = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
    return Array.from({ length: 7 }, (_, i) => ({
      short: short.format(MONDAY_NOON + i * 86_400_000),
      long: long.format(MONDAY_NOON + i * 86_400_000),
    }));
  }, [locale]);
}

export function Calendar({ selected, onToggle, today, labelledBy }: CalendarProps) {
  const t = useMessages(createMessages);
  const { lang } = useLang();
  const locale = localeOf(lang);
  const [focused, setFocused] = useState<DateKey>(() => selected[0] ?? today);
  const [month, setMonth] = useState(() => monthOf(focused));
  const weeks = useMemo(() => monthWeeks(month), [month]);
  const weekdays = useWeekdayNames(locale);
  const picked = useMemo(() => new Set(selected), [selected]);
  const grid = useRef<HTMLTableElement>(null);
  const moved = useRef(false);

  // Focus follows the roving day only after a key press, never on first render.
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    grid.current?.querySelector<HTMLButtonElement>(`[data-date="${focused}"]`)?.focus();
  }, [focused, month]);

  const monthTitle = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    Date.parse(`${firstOfMonth(month)}T12:00:00Z`),
  );
  const inMonth = (date: DateKey) => date.startsWith(firstOfMonth(month).slice(0, 7));
  // The roving stop must be a day shown in this month, even after paging with the arrows.
  const tabStop = inMonth(focused) ? focused : today.startsWith(firstOfMonth(month).slice(0, 7)) ? today : firstOfMonth(month);

  function turn(by: number) {
    const next = shiftMonth(month, by);
    setMonth(next);
    setFocused(firstOfMonth(next) < today ? today : firstOfMonth(next));
  }

  function onKeyDown(e: KeyboardEvent<HTMLButtonElement>, date: DateKey) {
    const move = keyMove(date, e.key);
    if (!move) return;
    const target = move < today ? today : move;
    e.preventDefault();
    moved.current = true;
    setFocused(target);
    if (!inMonth(target)) setMonth(monthOf(target));
  }

  const canGoBack = firstOfMonth(month) > today;

  return (
    <div className="calendar" role="group" aria-labelledby={labelledBy}>
      <div className="calendar-head">
        <button type="button" className="btn btn-ghost icon-btn" onClick={() => turn(-1)} disabled={!canGoBack} aria-label={t.prevMonth}>
          <span aria-hidden="true">‹</span>
        </button>
        <h3 className="calendar-title" aria-live="polite">
          {monthTitle}
        </h3>
        <button type="button" className="btn btn-ghost icon-btn" onClick={() => turn(1)} aria-label={t.nextMonth}>
          <span aria-hidden="true">›</span>
        </button>
      </div>
      <table className="calendar-grid" ref={grid}>
        <thead>
          <tr>
            {weekdays.map((day) => (
              <th key={day.long} scope="col" abbr={day.long}>
                {day.short}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week[0]?.date}>
              {week.map(({ date, outside }) => {
                if (outside) return <td key={date} />;
                const past = date < today;
                return (
                  <td key={date}>
                    <button
                      type="button"
                      className="calendar-day"
                      data-date={date}
                      data-today={date === today || undefined}
                      aria-pressed={picked.has(date)}
                      aria-label={formatDay(date, lang, 'long')}
                      disabled={past}
                      tabIndex={date === tabStop ? 0 : -1}
                      onClick={() => {
                        setFocused(date);
                        onToggle(date);
                      }}
                      onKeyDown={(e) => onKeyDown(e, date)}
                    >
                      {Number(date.slice(8))}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
