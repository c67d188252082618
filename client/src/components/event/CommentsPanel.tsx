import { useId, useState, type FormEvent } from 'react';
import { useLang, useMessages } from '../../i18n';
import { commonMessages } from '../../i18n/messages/common';
import { panelMessages } from '../../i18n/messages/panels';
import { useAddComment, viewerZone, formatInstant, type Comment, type Event } from '../../lib';
import { olderComments } from '../../lib/api';

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
  const earlier = useEarlierComments(event);
  const shown = [...earlier.comments, ...event.comments];
  const more = Math.max(0, (event.commentCount ?? event.comments.length) - shown.length);

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
      {more > 0 && earlier.cursor && (
        <div className="comment-earlier">
          <button type="button" className="btn btn-ghost btn-small" onClick={earlier.load} disabled={earlier.loading}>
            {earlier.loading ? t.commentsEarlierLoading : t.commentsEarlier(more)}
          </button>
          {earlier.failed && (
            <p className="field-error" role="alert">
              {t.commentsEarlierFailed}
            </p>
          )}
        </div>
      )}
      {shown.length === 0 ? (
        <p className="empty">
          <span className="empty-emoji" aria-hidden="true">
            💬
          </span>
          {t.commentsEmpty}
        </p>
      ) : (
        <ol className="comment-list">
          {shown.map((comment) => {
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

/** Comments older than the event's latest ones, fetched a page at a time on request. A fresh
 * copy of the event (its latest comments move on) starts the history over. */
function useEarlierComments(event: Event) {
  const from = event.olderComments ?? null;
  const [state, setState] = useState({ from, comments: [] as Comment[], cursor: from });
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  // Adjusted while rendering, as React suggests for state that follows a prop.
  if (state.from !== from) setState({ from, comments: [], cursor: from });
  async function load() {
    if (!state.cursor || loading) return;
    setLoading(true);
    setFailed(false);
    try {
      const page = await olderComments(event.id, state.cursor);
      setState((s) => ({ ...s, comments: [...page.items, ...s.comments], cursor: page.nextCursor }));
    } catch {
      setFailed(true);
    } finally {
      setLoading(false);
    }
  }
  return { comments: state.comments, cursor: state.cursor, loading, failed, load: () => void load() };
}
