// The heatmap's key: from an empty glass to everyone in.
import { useMessages } from '../i18n';
import { boardMessages } from '../i18n/messages/board';
import { FOAM_LEVELS } from './foam';

export function FoamLegend({ people }: { people: number }) {
  const t = useMessages(boardMessages);
  return (
    <div className="board-legend" aria-label={t.legend} role="group">
      <span className="board-muted">{t.legendEmpty}</span>
      {Array.from({ length: FOAM_LEVELS }, (_, level) => (
        <span key={level} className="board-legend__swatch" data-foam={level} aria-hidden="true" />
      ))}
      <span className="board-muted">{t.legendFull(people)}</span>
    </div>
  );
}
