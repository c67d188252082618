// People are ids, not names: two guests called Sasha are two people. These helpers give each one
// a name the page can show without mixing them up, and warn someone about to join as a twin.
import type { Participant } from './types';

/** How names compare: "Саша", " саша " and "САША" are the same name to the eye. */
export const nameKey = (name: string) => name.trim().toLocaleLowerCase().replace(/\s+/g, ' ');

/**
 * The name to show for every participant, by id. Unique names stay as they are; people sharing
 * a name are numbered in the order they joined ("Саша", "Саша (2)"), so the first keeps theirs.
 */
export function displayNames(participants: readonly Pick<Participant, 'id' | 'name' | 'joinedAt'>[]): Map<string, string> {
  const byName = new Map<string, Pick<Participant, 'id' | 'name' | 'joinedAt'>[]>();
  for (const p of participants) {
    const key = nameKey(p.name);
    byName.set(key, [...(byName.get(key) ?? []), p]);
  }
  const names = new Map<string, string>();
  for (const group of byName.values()) {
    // The server lists people in the order they joined; the sort is stable, so two who joined in
    // the same millisecond keep that order (an id tie-break would number them at random).
    const ordered = [...group].sort((a, b) => a.joinedAt.localeCompare(b.joinedAt));
    ordered.forEach((p, i) => names.set(p.id, i === 0 ? p.name : `${p.name} (${i + 1})`));
  }
  return names;
}

/** Whether someone already in the event goes by `name`. */
export function nameTaken(participants: readonly Pick<Participant, 'name'>[], name: string): boolean {
  const key = nameKey(name);
  return key !== '' && participants.some((p) => nameKey(p.name) === key);
}

/**
 * A free name to offer in one tap instead of a taken one ("Саша 2"). The join form asks for an
 * initial first ("Саша К."), which friends read better; this is the fallback.
 */
export function distinctName(participants: readonly Pick<Participant, 'name'>[], name: string): string {
  const base = name.trim();
  for (let n = 2; ; n++) {
    const candidate = `${base} ${n}`;
    if (!nameTaken(participants, candidate)) return candidate;
  }
}
