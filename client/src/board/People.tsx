// Everyone who joined, as buttons: tapping one lights up their answers on the grid.
import { useMessages } from '../i18n';
import { boardMessages } from '../i18n/messages/board';
import type { Participant } from '../lib';

interface PeopleProps {
  people: Participant[];
  /** Display names by participant id (same-name people numbered). */
  names: ReadonlyMap<string, string>;
  highlighted: string | null;
  onToggle(id: string): void;
}

export function People({ people, names, highlighted, onToggle }: PeopleProps) {
  const t = useMessages(boardMessages);
  // With nobody in, the who-said-what panel already says so.
  if (!people.length) return null;
  return (
    <div className="board-people">
      <p className="board-muted">
        {t.people(people.length)} · {t.highlightHint}
      </p>
      <ul className="board-people__list">
        {people.map((p) => (
          <li key={p.id}>
            <button
              type="button"
              className="board-person"
              data-testid="person"
              aria-pressed={highlighted === p.id}
              onClick={() => onToggle(p.id)}
            >
              {names.get(p.id) ?? p.name}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
