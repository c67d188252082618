import { useMessages } from '../../i18n';
import { layoutMessages } from '../../i18n/messages/layout';
import { pickTheme, useTheme } from '../../styles/theme';

/** Lager or stout: one tap swaps the theme and the choice is remembered. */
export function ThemeToggle() {
  const t = useMessages(layoutMessages);
  const theme = useTheme();
  const next = theme === 'stout' ? 'lager' : 'stout';
  return (
    <button
      type="button"
      className="btn btn-ghost icon-btn"
      data-testid="theme-toggle"
      aria-label={next === 'stout' ? t.toStout : t.toLager}
      title={next === 'stout' ? t.toStout : t.toLager}
      onClick={() => pickTheme(next)}
    >
      <span aria-hidden="true">{theme === 'stout' ? '🌙' : '☀️'}</span>
    </button>
  );
}
