import { useMessages } from '../../i18n';
import { createMessages } from '../../i18n/messages/create';
import type { PlaceRow } from './createForm';

/** The places added so far in the create form, each removable. */
export function PlaceList({ places, onRemove }: { places: PlaceRow[]; onRemove(key: number): void }) {
  const t = useMessages(createMessages);
  if (!places.length) return <p className="muted small">{t.placesEmpty}</p>;
  return (
    <ul className="place-rows">
      {places.map((place) => (
        <li key={place.key} className="place-row">
          <span aria-hidden="true">📍</span>
          <span className="place-row-text">
            <strong>{place.name}</strong>
            {place.address && <span className="muted small">{place.address}</span>}
            {place.url && <span className="muted small place-row-url">{place.url}</span>}
          </span>
          <button type="button" className="btn btn-ghost icon-btn" aria-label={t.placeRemove(place.name)} onClick={() => onRemove(place.key)}>
            <span aria-hidden="true">✕</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
