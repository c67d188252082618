import { useId, useState } from 'react';
import { useMessages } from '../../i18n';
import { createMessages } from '../../i18n/messages/create';
import type { Visibility } from '../../lib';
import { TimeSelect } from '../ui/TimeSelect';

export interface SettingsValue {
  allowGuests: boolean;
  participantsCanAddPlaces: boolean;
  /** `YYYY-MM-DDTHH:MM`, in the event's zone; '' for none. */
  deadline: string;
  visibility: Visibility;
}

interface SettingsFieldsProps {
  value: SettingsValue;
  onChange(value: SettingsValue): void;
  zone: string;
  error?: string;
}

/** The organiser's switches, shared by the create form and the event's edit dialog. */
export function SettingsFields({ value, onChange, zone, error }: SettingsFieldsProps) {
  const t = useMessages(createMessages);
  const deadlineId = useId();
  const set = <K extends keyof SettingsValue>(key: K, v: SettingsValue[K]) => onChange({ ...value, [key]: v });
  // The deadline is a date plus a 24-hour time; the time is remembered while there is no date.
  const [deadlineDate = '', deadlineTime = ''] = value.deadline ? value.deadline.split('T') : [];
  const [spareTime, setSpareTime] = useState('23:00');
  const time = deadlineTime.slice(0, 5) || spareTime;
  const setDeadlineDate = (date: string) => set('deadline', date ? `${date}T${time}` : '');
  const setDeadlineTime = (next: string) => {
    setSpareTime(next);
    if (deadlineDate) set('deadline', `${deadlineDate}T${next}`);
  };
  return (
    <div className="stack settings-fields">
      <label className="check">
        <input type="checkbox" checked={value.allowGuests} onChange={(e) => set('allowGuests', e.target.checked)} />
        <span>
          {t.allowGuests}
          <span className="field-hint" style={{ display: 'block' }}>
            {t.allowGuestsHint}
          </span>
        </span>
      </label>
      <label className="check">
        <input type="checkbox" checked={value.participantsCanAddPlaces} onChange={(e) => set('participantsCanAddPlaces', e.target.checked)} />
        <span>{t.canAddPlaces}</span>
      </label>
      <div className="field">
        <label htmlFor={deadlineId}>
          {t.deadline} <span className="muted small">({zone.replace(/_/g, ' ')})</span>
        </label>
        <div className="deadline-fields">
          <input id={deadlineId} type="date" className="input" data-testid="create-deadline" aria-invalid={error ? true : undefined} value={deadlineDate} onChange={(e) => setDeadlineDate(e.target.value)} />
          <TimeSelect aria-label={t.deadlineTime} value={time} onChange={setDeadlineTime} />
        </div>
        <span className="field-hint">{t.deadlineHint}</span>
      </div>
      <fieldset className="field plain-fieldset">
        <legend className="label">{t.visibility}</legend>
        <label className="check">
          <input type="radio" name={`${deadlineId}-visibility`} checked={value.visibility === 'link'} onChange={() => set('visibility', 'link')} />
          <span>{t.visibilityLink}</span>
        </label>
        <label className="check">
          <input type="radio" name={`${deadlineId}-visibility`} checked={value.visibility === 'public'} onChange={() => set('visibility', 'public')} />
          <span>{t.visibilityPublic}</span>
        </label>
      </fieldset>
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}
