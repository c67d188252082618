import { useId, useState, type FormEvent } from 'react';
import { useLang, useMessages } from '../../i18n';
import { commonMessages } from '../../i18n/messages/common';
import { panelMessages } from '../../i18n/messages/panels';
import { useAddComment, viewerZone, formatInstant, type Event } from '../../lib';

import { errorText } from '../ui/errorText';

const MAX_LENGTH = 2000;

/** The chat under the board: what people say about the plan. */
export function CommentsPanel({ event, canWrite }: { event: Event; canWrite: boolean }) {
  const t = useMessages(panelMessages);
  const common = useMessages(commonMessages);
  const { lang } = useLang();
  const zone = viewerZone();
  const add = useAddComment(event.id);
  const [text, setText] = useState('');
  const fieldId = useId();
  const organizerParticipant = event.participants.find((p) => p.userId === event.organizer.id)?.id;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) return;
    try {
      await add.mutateAsync(trimmed);
      setText('');
    } catch {
      // Shown below from the mutation's error; the text stays for another try.
    }
  }

  return (
    <section className="panel comments-panel" aria-labelledby="comments-title">
      <h2 id="comments-title">{t.commentsTitle}</h2>
      {event.comments.length === 0 ? (
        <p className="empty">
          <span className="empty-emoji" aria-hidden="true">
            💬
          </span>
          {t.commentsEmpty}
        </p>
      ) : (
        <ol className="comment-list">
          {event.comments.map((comment) => {
            const byOrganizer = !comment.participantId || comment.participantId === organizerParticipant;
            return (
              <li key={comment.id} className="comment">
                <div className="comment-head">
                  <strong>{comment.author}</strong>
                  {byOrganizer && <span className="badge badge-organizer">{t.organizerBadge}</span>}
                  <time className="muted small" dateTime={comment.createdAt}>
                    {formatInstant(comment.createdAt, zone, lang)}
                  </time>
                </div>
                <p className="comment-text">{comment.text}</p>
              </li>
            );
          })}
        </ol>
      )}
      {canWrite ? (
        <form className="comment-form" onSubmit={submit}>
          <label htmlFor={fieldId} className="visually-hidden">
            {t.commentLabel}
          </label>
          <textarea
            id={fieldId}
            className="textarea"
            value={text}
            maxLength={MAX_LENGTH}
            rows={2}
            placeholder={t.commentPlaceholder}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              // Ctrl/Cmd+Enter sends, plain Enter makes a new line.
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
            }}
          />
          <button type="submit" className="btn btn-primary" disabled={add.isPending || !text.trim()}>
            {add.isPending ? t.commentSending : t.commentSend}
          </button>
          {add.isError && (
            <p className="field-error" role="alert">
              {errorText(add.error, common)}
            </p>
          )}
        </form>
      ) : (
        <p className="muted small">{event.status === 'finalized' ? t.commentLocked : t.commentJoinFirst}</p>
      )}
    </section>
  );
}
