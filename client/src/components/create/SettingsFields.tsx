import { useId } from 'react';
import { useMessages } from '../../i18n';
import { createMessages } from '../../i18n/messages/create';
import type { Visibility } from '../../lib';

export interface SettingsValue {
  allowGuests: boolean;
  participantsCanAddPlaces: boolean;
  /** datetime-local, in the event's zone; '' for none. */
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
        <input id={deadlineId} type="datetime-local" className="input" value={value.deadline} onChange={(e) => set('deadline', e.target.value)} />
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
