import { lazy, Suspense, useMemo, useState } from 'react';
import { useMessages } from '../../i18n';
import { panelMessages } from '../../i18n/messages/panels';
import { displayNames, useAddPlace, useAnswerStroke, type Answer, type Event, type Participant } from '../../lib';
import { PlaceDraft, type PlaceDraftValue } from '../create/PlaceDraft';
import { placeBody } from '../create/createForm';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { errorText } from '../ui/errorText';
import { commonMessages } from '../../i18n/messages/common';
import { PlaceCard } from './PlaceCard';
import type { MappedPlace } from './PlaceMap';

const PlaceMap = lazy(() => import('./PlaceMap'));

interface PlacesPanelProps {
  event: Event;
  me: Participant | null;
  canVote: boolean;
  canSuggest: boolean;
}

export function PlacesPanel({ event, me, canVote, canSuggest }: PlacesPanelProps) {
  const t = useMessages(panelMessages);
  const common = useMessages(commonMessages);
  const stroke = useAnswerStroke(event.id);
  const addPlace = useAddPlace(event.id);
  const [suggesting, setSuggesting] = useState(false);
  const tallies = useMemo(() => new Map(event.tally.places.map((p) => [p.placeId, p])), [event.tally]);
  const names = useMemo(() => displayNames(event.participants), [event.participants]);
  // The crowd's favourites while answers are open (a tie at zero favours nobody); once the plan is
  // locked, the place it chose.
  const chosen = event.status === 'finalized' ? (event.final?.placeId ?? null) : null;
  const best = useMemo(
    () =>
      event.status === 'finalized'
        ? new Set<string>()
        : new Set(event.tally.best.placeIds.filter((id) => (event.tally.places.find((p) => p.placeId === id)?.score ?? 0) > 0)),
    [event.status, event.tally],
  );
  const pinned = useMemo(() => (chosen ? new Set([chosen]) : best), [chosen, best]);
  const mapped = useMemo(() => event.places.filter((p): p is MappedPlace => typeof p.lat === 'number' && typeof p.lng === 'number'), [event.places]);

  const vote = (placeId: string) => (answer: Answer | null) => {
    if (me) stroke.paint(me.id, { places: { [placeId]: answer } });
  };

  async function suggest(place: PlaceDraftValue) {
    await addPlace.mutateAsync(placeBody(place));
    setSuggesting(false);
  }

  return (
    <section className="panel places-panel" aria-labelledby="places-title">
      <h2 id="places-title">{t.placesTitle}</h2>
      {event.places.length === 0 ? (
        <p className="empty">
          <span className="empty-emoji" aria-hidden="true">
            🪑
          </span>
          {canSuggest ? t.placesEmptyCanAdd : t.placesEmpty}
        </p>
      ) : (
        <ul className="place-cards">
          {event.places.map((place) => (
            <PlaceCard
              key={place.id}
              place={place}
              tally={tallies.get(place.id)}
              best={best.has(place.id) && event.places.length > 1}
              chosen={chosen === place.id}
              people={event.participants}
              names={names}
              mine={me?.answers.places[place.id]}
              onVote={canVote && me ? vote(place.id) : null}
            />
          ))}
        </ul>
      )}
      {stroke.error && (
        <p className="field-error" role="alert">
          {errorText(stroke.error, common)}
        </p>
      )}
      {mapped.length > 0 && (
        <ErrorBoundary fallback={() => <p className="muted small">{t.mapFailed}</p>}>
          <Suspense fallback={<div className="place-map place-map-loading skeleton" aria-label={t.mapLoading} role="status" />}>
            <PlaceMap places={mapped} best={pinned} label={t.mapTitle} />
          </Suspense>
        </ErrorBoundary>
      )}
      {canSuggest &&
        (suggesting ? (
          <div className="suggest stack">
            <h3>{t.suggestTitle}</h3>
            <PlaceDraft
              onAdd={suggest}
              testIdPrefix="place"
              busy={addPlace.isPending}
              error={addPlace.isError ? errorText(addPlace.error, common) : undefined}
            />
          </div>
        ) : (
          <button type="button" className="btn" onClick={() => setSuggesting(true)}>
            <span aria-hidden="true">📍</span> {t.suggestOpen}
          </button>
        ))}
    </section>
  );
}
