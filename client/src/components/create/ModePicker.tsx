import { useMessages } from '../../i18n';
import { createMessages } from '../../i18n/messages/create';
import type { TimeMode } from './createForm';

const MODES: TimeMode[] = ['grid', 'options', 'days'];

/** Window grid, exact options or whole days; each with a one-line explanation of what friends will see. */
export function ModePicker({ mode, onChange }: { mode: TimeMode; onChange(mode: TimeMode): void }) {
  const t = useMessages(createMessages);
  const label = { grid: t.modeGrid, options: t.modeOptions, days: t.modeDays };
  const hint = { grid: t.modeGridHint, options: t.modeOptionsHint, days: t.modeDaysHint };
  return (
    <div className="stack mode-picker">
      <div className="segmented" role="group" aria-label={t.modeLabel}>
        {MODES.map((m) => (
          <button key={m} type="button" data-testid={`create-mode-${m}`} aria-pressed={mode === m} onClick={() => onChange(m)}>
            {label[m]}
          </button>
        ))}
      </div>
      <p className="muted small">{hint[mode]}</p>
    </div>
  );
}
