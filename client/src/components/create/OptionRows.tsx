import { useLang, useMessages } from '../../i18n';
import { createMessages } from '../../i18n/messages/create';
import { commonMessages } from '../../i18n/messages/common';
import { formatDay } from '../../lib';
import { TimeSelect } from '../ui/TimeSelect';
import type { OptionRow } from './createForm';

interface OptionRowsProps {
  options: OptionRow[];
  onChange(options: OptionRow[]): void;
  /** Adds one more time on a day that already has one. */
  onAddTo(date: string): void;
}

/** Explicit options grouped by day: each day can hold several start–end times. */
export function OptionRows({ options, onChange, onAddTo }: OptionRowsProps) {
  const t = useMessages(createMessages);
  const common = useMessages(commonMessages);
  const { lang } = useLang();
  if (!options.length) return <p className="muted">{t.optionsEmpty}</p>;

  const days = [...new Set(options.map((o) => o.date))].sort();
  const update = (key: number, patch: Partial<OptionRow>) => onChange(options.map((o) => (o.key === key ? { ...o, ...patch } : o)));

  return (
    <ul className="option-days">
      {days.map((date) => (
        <li key={date} className="option-day">
          <strong>{formatDay(date, lang, 'long')}</strong>
          {options
            .filter((o) => o.date === date)
            .map((row) => {
              const when = `${formatDay(date, lang)} ${row.start}–${row.end}`;
              return (
                <div key={row.key} className="option-row">
                  <label className="field">
                    <span className="label">{t.optionStart}</span>
                    <TimeSelect value={row.start} onChange={(v) => update(row.key, { start: v })} required />
                  </label>
                  <label className="field">
                    <span className="label">{t.optionEnd}</span>
                    <TimeSelect value={row.end} onChange={(v) => update(row.key, { end: v })} required />
                  </label>
                  <button
                    type="button"
                    className="btn btn-ghost icon-btn"
                    aria-label={t.optionRemove(when)}
                    title={common.remove}
                    onClick={() => onChange(options.filter((o) => o.key !== row.key))}
                  >
                    <span aria-hidden="true">✕</span>
                  </button>
                </div>
              );
            })}
          <button type="button" className="btn btn-small" onClick={() => onAddTo(date)}>
            <span aria-hidden="true">+</span> {t.optionAnother}
          </button>
        </li>
      ))}
    </ul>
  );
}
