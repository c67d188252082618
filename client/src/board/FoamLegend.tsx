// The heatmap's key: from an empty glass to everyone in, and the marks for the leading slots or
// the plan. With nobody in yet there is no scale to explain, so there is no key either.
import { useMessages } from '../i18n';
import { boardMessages } from '../i18n/messages/board';
import { FOAM_LEVELS } from './foam';

export function FoamLegend({ people, best = false, final = false }: { people: number; best?: boolean; final?: boolean }) {
  const t = useMessages(boardMessages);
  if (people <= 0 && !final) return null;
  return (
    <div className="board-legend" aria-label={t.legend} role="group">
      {people > 0 && (
        <span className="board-legend__scale">
          <span className="board-muted">{t.legendEmpty}</span>
          {Array.from({ length: FOAM_LEVELS }, (_, level) => (
            <span key={level} className="board-legend__swatch" data-foam={level} aria-hidden="true" />
          ))}
          <span className="board-muted">{t.legendFull(people)}</span>
        </span>
      )}
      {final ? (
        <span className="board-legend__key">
          <span className="board-legend__mark" data-mark="final" aria-hidden="true" />
          <span className="board-muted">{t.legendFinal}</span>
        </span>
      ) : (
        best && (
          <span className="board-legend__key">
            <span className="board-legend__mark" data-mark="best" aria-hidden="true" />
            <span className="board-muted">{t.legendBest}</span>
          </span>
        )
      )}
    </div>
  );
}
