// Answers painted with no connection, kept in this tab's sessionStorage so a reload (or a phone
// that drops the page while offline) does not lose them: the live room writes the outbox's
// unsent strokes here, in the order they were painted, and sends them again after the next load.
// sessionStorage, not localStorage: it is per tab, so two tabs never replay each other's strokes.
import type { AnswerCells } from './types';

export interface StoredStroke {
  participantId: string;
  cells: Partial<AnswerCells>;
}

const keyOf = (eventId: string) => `prost.unsent.${eventId}`;

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    // Storage off (some private modes throw on access): unsent answers live in memory only.
    return null;
  }
}

const isCells = (value: unknown): value is Record<string, string | null> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((v) => v === null || v === 'yes' || v === 'maybe' || v === 'no');

function isStroke(value: unknown): value is StoredStroke {
  if (typeof value !== 'object' || value === null) return false;
  const { participantId, cells } = value as { participantId?: unknown; cells?: { slots?: unknown; places?: unknown } };
  return (
    typeof participantId === 'string' &&
    typeof cells === 'object' &&
    cells !== null &&
    (cells.slots === undefined || isCells(cells.slots)) &&
    (cells.places === undefined || isCells(cells.places))
  );
}

/** Replaces what is kept for the event; an empty list removes the entry. */
export function saveUnsent(eventId: string, strokes: readonly StoredStroke[]): void {
  const store = storage();
  if (!store) return;
  try {
    if (strokes.length === 0) store.removeItem(keyOf(eventId));
    else store.setItem(keyOf(eventId), JSON.stringify(strokes.map(({ participantId, cells }) => ({ participantId, cells }))));
  } catch {
    // Full or refused: the strokes are still in memory and still retried while the page lives.
  }
}

/** What was kept for the event, oldest first; anything unreadable counts as nothing. */
export function loadUnsent(eventId: string): StoredStroke[] {
  const raw = storage()?.getItem(keyOf(eventId));
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter(isStroke) : [];
  } catch {
    return [];
  }
}
