import { useEffect, useState } from 'react';
import { useMessages } from '../../i18n';
import { eventMessages } from '../../i18n/messages/event';
import type { EventStatus } from '../../lib';

const SHOW_MS = 3200;

/**
 * "Prost!": two glasses clink and bubbles rise when the plan is locked while this page is open,
 * for the organiser who locked it and for every friend watching live. Not on a plain page load of
 * an already-final event: that plan is old news.
 */
export function Celebration({ status }: { status: EventStatus }) {
  const t = useMessages(eventMessages);
  const [previous, setPrevious] = useState(status);
  const [shown, setShown] = useState(false);
  // Noticed during render (React's "state from the previous render" pattern), not in an effect.
  if (previous !== status) {
    setPrevious(status);
    if (previous === 'open' && status === 'finalized') setShown(true);
  }

  useEffect(() => {
    if (!shown) return;
    const timer = setTimeout(() => setShown(false), SHOW_MS);
    return () => clearTimeout(timer);
  }, [shown]);

  if (!shown) return null;
  return (
    <div className="celebration" role="status" onClick={() => setShown(false)}>
      <div className="celebration-card">
        <div className="clink" aria-hidden="true">
          <span className="clink-glass clink-left">🍺</span>
          <span className="clink-glass clink-right">🍺</span>
        </div>
        <p className="celebration-title">{t.celebrate}</p>
        <p>{t.celebrateText}</p>
      </div>
      <div className="bubbles" aria-hidden="true">
        {Array.from({ length: 14 }, (_, i) => (
          <span key={i} className="bubble" style={{ left: `${(i * 37) % 100}%`, animationDelay: `${(i % 7) * 140}ms` }} />
        ))}
      </div>
    </div>
  );
}
