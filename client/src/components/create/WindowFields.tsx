import { useId } from 'react';
import { useMessages } from '../../i18n';
import { createMessages } from '../../i18n/messages/create';
import { TimeSelect } from '../ui/TimeSelect';
import { STEPS, type Step } from './createForm';

interface WindowFieldsProps {
  from: string;
  to: string;
  step: Step;
  onChange(change: { from?: string; to?: string; step?: Step }): void;
}

/** The daily window and its slot length, for the when2meet-style grid. */
export function WindowFields({ from, to, step, onChange }: WindowFieldsProps) {
  const t = useMessages(createMessages);
  const id = useId();
  // The server reads an end at or before the start as the next day; say so, it is a feature.
  const overnight = from && to && to !== '24:00' && to <= from;
  return (
    <div className="stack">
      <div className="window-fields">
        <div className="field">
          <label htmlFor={`${id}-from`}>{t.from}</label>
          <TimeSelect id={`${id}-from`} data-testid="create-from" value={from} onChange={(v) => onChange({ from: v })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t.to}</label>
          <TimeSelect id={`${id}-to`} data-testid="create-to" endOfDay value={to} onChange={(v) => onChange({ to: v })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-step`}>{t.step}</label>
          <select id={`${id}-step`} className="select" data-testid="create-step" value={step} onChange={(e) => onChange({ step: Number(e.target.value) as Step })}>
            {STEPS.map((s) => (
              <option key={s} value={s}>
                {t.stepMinutes(s)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {overnight && <p className="muted small">🌙 {t.overnight}</p>}
    </div>
  );
}
