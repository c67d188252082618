// This browser's answers the server has not confirmed yet, oldest first. The board never lies:
// every stroke is shown at once, then either confirmed (an ack, or a saved sheet over REST) or
// rolled back to what the cells held before it. A stroke made with no connection waits here,
// marked unsent, and goes out in order when the connection is back (or when asked to retry).
import type { AnswerCells, Answers } from './types';

export type StrokeState = 'sending' | 'unsent';

export interface Stroke {
  readonly id: number;
  readonly participantId: string;
  readonly cells: Partial<AnswerCells>;
  /** What the touched cells held before the stroke, for a rollback. */
  readonly before: Partial<AnswerCells>;
  state: StrokeState;
  /** Confirmed at this version: the overlay stays until the held event has caught up with it. */
  confirmedAt?: number;
  settle(outcome: { ok: true } | { ok: false; error: unknown }): void;
}

/** The cells' current values in `answers` (null for no answer), to put back on a rollback. */
export function cellsBefore(answers: Answers | undefined, cells: Partial<AnswerCells>): Partial<AnswerCells> {
  const pick = (held: Record<string, string> | undefined, touched: Record<string, unknown> | undefined) =>
    touched ? Object.fromEntries(Object.keys(touched).map((id) => [id, held?.[id] ?? null])) : undefined;
  return {
    slots: pick(answers?.slots, cells.slots) as AnswerCells['slots'] | undefined,
    places: pick(answers?.places, cells.places) as AnswerCells['places'] | undefined,
  };
}

export class Outbox {
  private strokes: Stroke[] = [];
  private nextId = 1;

  add(participantId: string, cells: Partial<AnswerCells>, before: Partial<AnswerCells>): { stroke: Stroke; done: Promise<void> } {
    let settle!: Stroke['settle'];
    const done = new Promise<void>((resolve, reject) => {
      settle = (outcome) => (outcome.ok ? resolve() : reject(outcome.error));
    });
    const stroke: Stroke = { id: this.nextId++, participantId, cells, before, state: 'sending', settle };
    this.strokes.push(stroke);
    return { stroke, done };
  }

  /** Every stroke still drawn over the server's event, oldest first. */
  all(): readonly Stroke[] {
    return this.strokes;
  }

  /** Waiting for a connection, oldest first. */
  unsent(): Stroke[] {
    return this.strokes.filter((s) => s.state === 'unsent' && s.confirmedAt === undefined);
  }

  has(stroke: Stroke): boolean {
    return this.strokes.includes(stroke);
  }

  /** The server took it (at `version`); it leaves once the held event reaches that version. */
  confirm(stroke: Stroke, version: number): void {
    stroke.confirmedAt = version;
    stroke.settle({ ok: true });
  }

  /** Drops the strokes the held event (at `version`) already shows. */
  caughtUp(version: number): void {
    this.strokes = this.strokes.filter((s) => s.confirmedAt === undefined || s.confirmedAt > version);
  }

  /** The server refused it: it leaves now, and the caller puts the cells back. */
  refuse(stroke: Stroke, error: unknown): void {
    this.strokes = this.strokes.filter((s) => s !== stroke);
    stroke.settle({ ok: false, error });
  }

  /** Cells of strokes not confirmed yet, for the board's "not saved yet" marks. */
  pendingCells(): { slots: Set<string>; places: Set<string> } {
    const slots = new Set<string>();
    const places = new Set<string>();
    for (const s of this.strokes) {
      if (s.confirmedAt !== undefined) continue;
      for (const id of Object.keys(s.cells.slots ?? {})) slots.add(id);
      for (const id of Object.keys(s.cells.places ?? {})) places.add(id);
    }
    return { slots, places };
  }
}
