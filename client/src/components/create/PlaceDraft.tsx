import { useState, type FormEvent } from 'react';
import { useMessages } from '../../i18n';
import { createMessages } from '../../i18n/messages/create';
import { TextField } from '../ui/TextField';

export interface PlaceDraftValue {
  name: string;
  address: string;
  url: string;
}

const EMPTY: PlaceDraftValue = { name: '', address: '', url: '' };

interface PlaceDraftProps {
  onAdd(place: PlaceDraftValue): unknown;
  /** The create form prefixes its selectors (`create-place-name`); other forms may use their own. */
  testIdPrefix?: string;
  busy?: boolean;
  error?: string;
  /** Reports the unsaved draft, so a form can take a typed-but-not-added place along on submit. */
  onDraftChange?(draft: PlaceDraftValue): void;
}

/**
 * The three fields of a new place and an "add" button. It is not a <form> of its own, so it can sit
 * inside the create form; Enter in the name or link field adds the place instead of submitting.
 */
export function PlaceDraft({ onAdd, testIdPrefix = 'create-place', busy, error, onDraftChange }: PlaceDraftProps) {
  const t = useMessages(createMessages);
  const [draft, setDraft] = useState<PlaceDraftValue>(EMPTY);

  const set = (field: keyof PlaceDraftValue) => (value: string) => {
    const next = { ...draft, [field]: value };
    setDraft(next);
    onDraftChange?.(next);
  };

  async function add(e?: FormEvent) {
    e?.preventDefault();
    if (!draft.name.trim()) return;
    try {
      await onAdd(draft);
    } catch {
      return; // The owner shows the error; the draft stays for another try.
    }
    setDraft(EMPTY);
    onDraftChange?.(EMPTY);
  }

  return (
    <div
      className="place-draft"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.target instanceof HTMLInputElement) void add(e);
      }}
    >
      <TextField label={t.placeName} testId={`${testIdPrefix}-name`} value={draft.name} onChange={set('name')} placeholder={t.placeNamePlaceholder} maxLength={120} />
      <TextField label={t.placeAddress} testId={`${testIdPrefix}-address`} value={draft.address} onChange={set('address')} autoComplete="street-address" />
      <TextField label={t.placeUrl} testId={`${testIdPrefix}-url`} type="url" value={draft.url} onChange={set('url')} inputMode="url" placeholder="https://yandex.ru/maps/…" />
      {error && <p className="field-error">{error}</p>}
      <button type="button" className="btn" data-testid={`${testIdPrefix}-add`} onClick={() => void add()} disabled={busy || !draft.name.trim()}>
        <span aria-hidden="true">📍</span> {t.placeAdd}
      </button>
    </div>
  );
}
