// Switches the board between the viewer's time zone and the event's. Always clickable, even when
// the two zones agree, so the control never moves or greys out under someone's finger.
import { useLang, useMessages } from '../i18n';
import { boardMessages } from '../i18n/messages/board';
import { formatOffset, zoneCity } from '../lib/time';

export interface ZoneToggleProps {
  shown: string;
  other: string;
  /** True while the board shows the event's zone rather than the viewer's. */
  eventZone: boolean;
  onSwitch(): void;
}

export function ZoneToggle({ shown, other, eventZone, onSwitch }: ZoneToggleProps) {
  const t = useMessages(boardMessages);
  const { lang } = useLang();
  const same = formatOffset(shown, lang) === formatOffset(other, lang) && zoneCity(shown, lang) === zoneCity(other, lang);
  return (
    <div className="board-zone">
      <span>{t.zoneShown(zoneCity(shown, lang), formatOffset(shown, lang))}</span>
      <button type="button" className="board-chip" data-testid="tz-toggle" aria-pressed={eventZone} onClick={onSwitch}>
        {same ? t.zoneSame : t.zoneSwitch(zoneCity(other, lang))}
      </button>
    </div>
  );
}
