import { useMessages } from '../../i18n';
import { panelMessages } from '../../i18n/messages/panels';
import type { Answer, Participant, Place, PlaceTally } from '../../lib';
import { mapLinkOf } from './mapLink';
import { VoteButtons } from './VoteButtons';

interface PlaceCardProps {
  place: Place;
  tally: PlaceTally | undefined;
  best: boolean;
  /** The place the locked plan chose. */
  chosen?: boolean;
  people: Participant[];
  /** Display names by participant id (same-name people told apart). */
  names: ReadonlyMap<string, string>;
  /** The viewer's answer, when they have joined. */
  mine: Answer | undefined;
  /** Null when the viewer cannot vote (not joined, locked, past the deadline). */
  onVote: ((answer: Answer | null) => void) | null;
}

/** One answer's names. The dot is for the eye; the words say the same to a screen reader. */
function Voters({ kind, names }: { kind: Answer; names: string[] }) {
  const t = useMessages(panelMessages);
  if (!names.length) return null;
  return (
    <li className={`voters voters-${kind}`}>
      <span className="voters-dot" aria-hidden="true" />
      <span className="visually-hidden">{t.votersLabel(kind)} </span>
      {names.join(', ')}
    </li>
  );
}

export function PlaceCard({ place, tally, best, chosen = false, people, names, mine, onVote }: PlaceCardProps) {
  const t = useMessages(panelMessages);
  const suggester = place.suggestedBy ? (names.get(place.suggestedBy) ?? people.find((p) => p.id === place.suggestedBy)?.name ?? null) : null;
  const named = (ids: readonly string[]) => ids.map((id) => names.get(id) ?? id);
  const mapLink = mapLinkOf(place);
  const total = tally ? tally.yes.length + tally.maybe.length + tally.no.length : 0;
  return (
    <li className={`place-card card${chosen ? ' place-card-chosen' : best ? ' place-card-best' : ''}`} data-place-id={place.id} data-chosen={chosen || undefined}>
      <div className="place-card-head">
        <h3>{place.name}</h3>
        {chosen ? <span className="badge badge-chosen">🥂 {t.chosenPlace}</span> : best && total > 0 && <span className="badge badge-best">🏆 {t.bestPlace}</span>}
      </div>
      {(place.address || suggester) && (
        <p className="muted small place-card-meta">{[place.address, suggester && t.suggestedBy(suggester)].filter(Boolean).join(' · ')}</p>
      )}
      <p className="small place-card-votes">{total ? t.votes(tally!.yes.length, tally!.maybe.length, tally!.no.length) : t.nobodyVoted}</p>
      {tally && total > 0 && (
        <ul className="voters-list small">
          <Voters kind="yes" names={named(tally.yesIds)} />
          <Voters kind="maybe" names={named(tally.maybeIds)} />
          <Voters kind="no" names={named(tally.noIds)} />
        </ul>
      )}
      <div className="place-card-actions">
        {onVote && <VoteButtons label={t.placeVote(place.name)} value={mine} onChange={onVote} />}
        {mapLink && (
          <a className="btn btn-small btn-ghost" href={mapLink} target="_blank" rel="noopener noreferrer" aria-label={t.openMapLabel(place.name)}>
            <span aria-hidden="true">🗺️</span> {t.openMap}
          </a>
        )}
      </div>
    </li>
  );
}
