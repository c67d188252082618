import { useCallback, useId, useState, type FormEvent } from 'react';
import { useMessages } from '../../i18n';
import { discoveryMessages } from '../../i18n/messages/discovery';
import { EMPTY_SEARCH, RADII_KM, searchProblem, type SearchValue, type WhereMode } from './searchParams';
import { useNearMe, type LocateState } from './useNearMe';

interface SearchFormProps {
  /** What the address bar says now; the form starts from it. */
  value: SearchValue;
  onSearch(value: SearchValue): void;
}

const WHERE: WhereMode[] = ['anywhere', 'place', 'near'];

/** The search form. It edits a draft; the search itself runs (and lands in the URL) on submit. */
export function SearchForm({ value, onSearch }: SearchFormProps) {
  const t = useMessages(discoveryMessages);
  const id = useId();
  const [draft, setDraft] = useState<SearchValue>(value);
  const [problem, setProblem] = useState<string | null>(null);
  const set = <K extends keyof SearchValue>(key: K, v: SearchValue[K]) => {
    setProblem(null);
    setDraft((d) => ({ ...d, [key]: v }));
  };
  const found = useCallback((near: { lat: number; lng: number }) => {
    setProblem(null);
    setDraft((d) => ({ ...d, near }));
  }, []);
  const nearMe = useNearMe(found);

  function submit(e: FormEvent) {
    e.preventDefault();
    const refused = searchProblem(draft);
    if (refused) {
      setProblem(t[refused]);
      return;
    }
    onSearch(draft);
  }

  function clear() {
    setDraft(EMPTY_SEARCH);
    setProblem(null);
    onSearch(EMPTY_SEARCH);
  }

  const whereLabel = { anywhere: t.whereAnywhere, place: t.wherePlace, near: t.whereNear };

  return (
    <form className="card search-form" role="search" aria-label={t.formLabel} onSubmit={submit} noValidate data-testid="search-form">
      <div className="field search-q">
        <label htmlFor={`${id}-q`}>{t.q}</label>
        <input
          id={`${id}-q`}
          type="search"
          className="input"
          data-testid="search-q"
          value={draft.q}
          maxLength={200}
          placeholder={t.qPlaceholder}
          aria-describedby={`${id}-q-hint`}
          onChange={(e) => set('q', e.target.value)}
        />
        <span id={`${id}-q-hint`} className="field-hint">
          {t.qHint}
        </span>
      </div>

      <div className="search-dates">
        <div className="field">
          <label htmlFor={`${id}-from`}>{t.from}</label>
          <input
            id={`${id}-from`}
            type="date"
            className="input"
            data-testid="search-from"
            value={draft.from}
            aria-describedby={`${id}-from-hint`}
            onChange={(e) => set('from', e.target.value)}
          />
          <span id={`${id}-from-hint`} className="field-hint">
            {t.fromHint}
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t.to}</label>
          <input
            id={`${id}-to`}
            type="date"
            className="input"
            data-testid="search-to"
            value={draft.to}
            min={draft.from || undefined}
            aria-invalid={problem === t.toBeforeFrom || undefined}
            onChange={(e) => set('to', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>{t.status}</label>
          <select id={`${id}-status`} className="select" data-testid="search-status" value={draft.status} onChange={(e) => set('status', e.target.value as SearchValue['status'])}>
            <option value="">{t.statusAny}</option>
            <option value="open">{t.statusOpen}</option>
            <option value="finalized">{t.statusFinal}</option>
          </select>
        </div>
      </div>

      <fieldset className="plain-fieldset field search-where">
        <legend className="label">{t.where}</legend>
        <div className="segmented" role="group" aria-label={t.where}>
          {WHERE.map((mode) => (
            <button
              key={mode}
              type="button"
              aria-pressed={draft.where === mode}
              data-testid={`search-where-${mode}`}
              onClick={() => set('where', mode)}
            >
              {whereLabel[mode]}
            </button>
          ))}
        </div>
        {draft.where === 'place' && (
          <div className="field">
            <label htmlFor={`${id}-place`}>{t.place}</label>
            <input
              id={`${id}-place`}
              className="input"
              data-testid="search-place"
              value={draft.place}
              maxLength={200}
              placeholder={t.placePlaceholder}
              onChange={(e) => set('place', e.target.value)}
            />
          </div>
        )}
        {draft.where === 'near' && (
          <NearFields
            state={nearMe.state}
            located={draft.near !== null}
            radiusKm={draft.radiusKm}
            radiusId={`${id}-radius`}
            onLocate={nearMe.locate}
            onRadius={(km) => set('radiusKm', km)}
          />
        )}
      </fieldset>

      {problem && (
        <p className="field-error" role="alert" data-testid="search-problem">
          {problem}
        </p>
      )}
      <div className="row search-actions">
        <button type="submit" className="btn btn-primary" data-testid="search-submit">
          <span aria-hidden="true">🔍</span> {t.search}
        </button>
        <button type="button" className="btn btn-ghost" data-testid="search-reset" onClick={clear}>
          {t.reset}
        </button>
      </div>
    </form>
  );
}

interface NearFieldsProps {
  state: LocateState;
  located: boolean;
  radiusKm: number;
  radiusId: string;
  onLocate(): void;
  onRadius(km: number): void;
}

function NearFields({ state, located, radiusKm, radiusId, onLocate, onRadius }: NearFieldsProps) {
  const t = useMessages(discoveryMessages);
  const failure = { denied: t.locationDenied, unavailable: t.locationUnavailable, unsupported: t.locationUnsupported }[
    state as 'denied' | 'unavailable' | 'unsupported'
  ];
  return (
    <div className="stack search-near">
      <div className="row">
        <button type="button" className="btn" data-testid="search-locate" onClick={onLocate} disabled={state === 'locating'}>
          <span aria-hidden="true">📍</span> {state === 'locating' ? t.locating : located ? t.locateAgain : t.locate}
        </button>
        <label htmlFor={radiusId} className="label">
          {t.radius}
        </label>
        <select id={radiusId} className="select search-radius" data-testid="search-radius" value={radiusKm} onChange={(e) => onRadius(Number(e.target.value))}>
          {RADII_KM.map((km) => (
            <option key={km} value={km}>
              {t.radiusKm(km)}
            </option>
          ))}
        </select>
      </div>
      <p className="field-hint" role="status" data-testid="search-locate-state" data-state={located ? 'located' : state}>
        {failure ?? (located ? `${t.located}. ${t.locationNote}` : t.locationNote)}
      </p>
    </div>
  );
}
