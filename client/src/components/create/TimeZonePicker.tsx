import { useId, useMemo, useState } from 'react';
import { useLang, useMessages } from '../../i18n';
import { createMessages } from '../../i18n/messages/create';
import { formatOffset, russianCity } from '../../lib';
import { allZones, filterZones } from './zones';

interface TimeZonePickerProps {
  value: string;
  onChange(zone: string): void;
  error?: string;
}

/** A native select of every IANA zone, narrowed by a search box above it (the list has ~400). */
export function TimeZonePicker({ value, onChange, error }: TimeZonePickerProps) {
  const t = useMessages(createMessages);
  const { lang } = useLang();
  const [query, setQuery] = useState('');
  const selectId = useId();
  const searchId = useId();
  const hintId = useId();
  const matches = useMemo(() => {
    const found = filterZones(allZones(), query);
    // The chosen zone stays listed, so the select never shows a value it does not have.
    return found.includes(value) ? found : [value, ...found];
  }, [query, value]);

  return (
    <div className="field">
      <label htmlFor={selectId}>{t.timezone}</label>
      <div className="zone-picker">
        <input
          id={searchId}
          className="input"
          type="search"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            const first = filterZones(allZones(), e.target.value)[0];
            if (first && e.target.value.trim()) onChange(first);
          }}
          placeholder={t.timezoneSearch}
          aria-label={t.timezoneSearch}
          aria-controls={selectId}
        />
        <select
          id={selectId}
          className="select"
          data-testid="create-timezone"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={hintId}
          aria-invalid={error ? true : undefined}
        >
          {matches.map((zone) => (
            <option key={zone} value={zone}>
              {lang === 'ru' && russianCity(zone) ? `${russianCity(zone)} — ${zone.replace(/_/g, ' ')}` : zone.replace(/_/g, ' ')} ({formatOffset(zone, lang)})
            </option>
          ))}
        </select>
      </div>
      <span id={hintId} className="field-hint">
        {t.timezoneHint}
      </span>
      {error && <span className="field-error">{error}</span>}
    </div>
  );
}
