// The two themes: light "lager" and dark "stout". Until the user picks one, the page follows the
// system's colour scheme; a pick is remembered in localStorage. `applyStartTheme()` runs in the
// entry module before React renders, so the first painted frame is already in the right theme.
import { useSyncExternalStore } from 'react';

export type Theme = 'lager' | 'stout';

const STORAGE_KEY = 'prost.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The theme to show: the user's remembered pick wins; otherwise the system decides. */
export function chooseTheme(saved: string | null, systemPrefersDark: boolean): Theme {
  if (saved === 'lager' || saved === 'stout') return saved;
  return systemPrefersDark ? 'stout' : 'lager';
}

function readSaved(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage blocked (private mode): follow the system.
    return null;
  }
}

function systemPrefersDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches;
}

let current: Theme = 'lager';
/** Set inside a Telegram Mini App: Telegram's theme, not the system's, is the one to follow. */
let hostTheme = false;
const listeners = new Set<() => void>();

function show(theme: Theme): void {
  current = theme;
  document.documentElement.dataset.theme = theme;
  // Lets the browser draw scrollbars and form controls to match.
  document.documentElement.style.colorScheme = theme === 'stout' ? 'dark' : 'light';
  for (const listener of listeners) listener();
}

/** Sets the theme before the first render and keeps following the system until the user picks. */
export function applyStartTheme(): Theme {
  show(chooseTheme(readSaved(), systemPrefersDark()));
  if (typeof matchMedia === 'function') {
    matchMedia(DARK_QUERY).addEventListener('change', () => {
      if (readSaved() === null && !hostTheme) show(chooseTheme(null, systemPrefersDark()));
    });
  }
  return current;
}

/** Follows the app Prost runs inside (Telegram): its theme wins over the system's and a saved pick. */
export function followHostTheme(theme: Theme): void {
  hostTheme = true;
  show(theme);
}

/** The user's pick: shown at once and remembered across visits. */
export function pickTheme(theme: Theme): void {
  try {
    localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Not remembered, but still switched for this visit.
  }
  show(theme);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useTheme(): Theme {
  return useSyncExternalStore(subscribe, () => current, () => current);
}
