// A 24-hour time picker: one native select of HH:MM in fixed steps. Native `<input type="time">`
// follows the browser's locale (12-hour "06:00 PM" in an English browser), while the rest of Prost
// speaks 24-hour time; a select is keyboard-usable (type "18" to jump), labelled by its <label>,
// and on a phone opens the system's wheel.
import type { SelectHTMLAttributes } from 'react';

/** Every `HH:MM` of a day in `step`-minute steps, plus `extra` (a value off the grid) in its place. */
export function timeOptions(step: number, extra?: string): string[] {
  const times: string[] = [];
  for (let minute = 0; minute < 24 * 60; minute += step) {
    times.push(`${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`);
  }
  if (extra && /^\d{2}:\d{2}$/.test(extra) && !times.includes(extra)) {
    times.push(extra);
    times.sort();
  }
  return times;
}

interface TimeSelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'> {
  /** `HH:MM`, 24-hour. */
  value: string;
  onChange(value: string): void;
  /** Minutes between choices; 15 unless told. */
  step?: number;
  /** Offer "24:00" last: the end of a window that closes at midnight, on the same day. */
  endOfDay?: boolean;
}

export function TimeSelect({ value, onChange, step = 15, endOfDay = false, className, ...rest }: TimeSelectProps) {
  const current = value.slice(0, 5);
  const times = timeOptions(step, current === '24:00' ? undefined : current);
  if (endOfDay) times.push('24:00');
  return (
    <select {...rest} className={className ? `select time-select ${className}` : 'select time-select'} value={current} onChange={(e) => onChange(e.target.value)}>
      {times.map((time) => (
        <option key={time} value={time}>
          {time}
        </option>
      ))}
    </select>
  );
}
