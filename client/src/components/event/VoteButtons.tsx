import { useMessages } from '../../i18n';
import { panelMessages } from '../../i18n/messages/panels';
import { ANSWERS, type Answer } from '../../lib';

/** Yes / if need be / no as pressed buttons; pressing the chosen one again takes the answer back. */
export function VoteButtons({ label, value, onChange }: { label: string; value: Answer | undefined; onChange(answer: Answer | null): void }) {
  const t = useMessages(panelMessages);
  const text: Record<Answer, string> = { yes: t.yes, maybe: t.maybe, no: t.no };
  return (
    <div className="vote-buttons" role="group" aria-label={label}>
      {ANSWERS.map((answer) => (
        <button
          key={answer}
          type="button"
          className={`vote vote-${answer}`}
          aria-pressed={value === answer}
          data-answer={answer}
          onClick={() => onChange(value === answer ? null : answer)}
        >
          {text[answer]}
        </button>
      ))}
    </div>
  );
}
