// The organiser invites friends ("people you planned with") to this event: a searchable list of
// checkboxes that says who is on Telegram, then who was reached and who could not be. Anyone not
// on the list gets the share link, which sits at the bottom. Loaded only when opened.
import { useId, useMemo, useState } from 'react';
import { useMessages } from '../../i18n';
import { commonMessages } from '../../i18n/messages/common';
import { friendsMessages } from '../../i18n/messages/friends';
import type { Event, Friend, InvitationResult } from '../../lib';
import { useFriends, useInvite } from '../../lib/discovery';
import { SharePanel } from '../event/SharePanel';
import { Dialog } from '../ui/Dialog';
import { errorText } from '../ui/errorText';
import { useToast } from '../ui/Toast';
import { matchesName } from './matchName';
import '../../styles/friends.css';

interface InviteDialogProps {
  event: Event;
  open: boolean;
  onClose(): void;
}

export default function InviteDialog({ event, open, onClose }: InviteDialogProps) {
  const t = useMessages(friendsMessages);
  return (
    <Dialog open={open} title={t.inviteTitle} onClose={onClose} testId="invite-dialog">
      <InviteBody event={event} />
    </Dialog>
  );
}

export function InviteBody({ event }: { event: Event }) {
  const t = useMessages(friendsMessages);
  const common = useMessages(commonMessages);
  const id = useId();
  const toast = useToast();
  const friends = useFriends();
  const invite = useInvite(event.id);
  const [filter, setFilter] = useState('');
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<InvitationResult | null>(null);

  const all = useMemo(() => friends.data?.items ?? [], [friends.data]);
  const joined = useMemo(() => new Set(event.participants.map((p) => p.userId).filter(Boolean)), [event.participants]);
  const shown = useMemo(() => all.filter((f) => matchesName(f.name, filter)), [all, filter]);
  const names = useMemo(() => new Map(all.map((f) => [f.id, f.name])), [all]);
  const nameList = (ids: string[]) => ids.map((userId) => names.get(userId) ?? userId).join(', ');

  const toggle = (friend: Friend, on: boolean) => {
    setProblem(null);
    setPicked((current) => {
      const next = new Set(current);
      if (on) next.add(friend.id);
      else next.delete(friend.id);
      return next;
    });
  };

  async function send() {
    if (picked.size === 0) {
      setProblem(t.invitePickSomeone);
      return;
    }
    setProblem(null);
    try {
      const reply = await invite.mutateAsync([...picked]);
      setResult(reply);
      setPicked(new Set());
      if (reply.invited.length) toast.show(t.inviteDone);
    } catch (error) {
      setProblem(errorText(error, common));
    }
  }

  return (
    <div className="stack invite-body">
      <p className="muted small">{t.inviteLead}</p>
      {friends.isPending && <div className="skeleton" style={{ height: 120 }} role="status" aria-label={common.loading} />}
      {friends.isError && (
        <div className="alert stack" role="alert">
          <span>
            {t.loadError} {errorText(friends.error, common)}
          </span>
          <button type="button" className="btn" onClick={() => void friends.refetch()}>
            {common.retry}
          </button>
        </div>
      )}
      {friends.isSuccess && all.length === 0 && <p className="muted" data-testid="invite-no-friends">{t.inviteNoFriends}</p>}
      {all.length > 0 && (
        <>
          <div className="field">
            <label htmlFor={`${id}-filter`}>{t.inviteSearch}</label>
            <input
              id={`${id}-filter`}
              type="search"
              className="input"
              data-testid="invite-search"
              value={filter}
              placeholder={t.inviteSearchPlaceholder}
              onChange={(e) => setFilter(e.target.value)}
            />
          </div>
          <fieldset className="plain-fieldset">
            <legend className="visually-hidden">{t.inviteTitle}</legend>
            {shown.length === 0 ? (
              <p className="muted">{t.inviteNoMatch(filter.trim())}</p>
            ) : (
              <ul className="invite-list" data-testid="invite-list">
                {shown.map((friend) => {
                  const already = joined.has(friend.id);
                  return (
                    <li key={friend.id}>
                      <label className="check invite-row" data-testid="invite-friend" data-user-id={friend.id}>
                        <input
                          type="checkbox"
                          checked={picked.has(friend.id)}
                          disabled={already}
                          onChange={(e) => toggle(friend, e.target.checked)}
                        />
                        <span className="friend-text">
                          <span className="friend-name">{friend.name}</span>
                          <span className="muted small">
                            {t.together(friend.eventsTogether)}
                            {already && ` · ${t.inviteAlreadyIn}`}
                          </span>
                        </span>
                        {friend.telegramLinked && <span className="badge badge-telegram">{t.onTelegram}</span>}
                      </label>
                    </li>
                  );
                })}
              </ul>
            )}
          </fieldset>
          <div className="spread">
            <button
              type="button"
              className="btn btn-ghost btn-small"
              onClick={() => setPicked(new Set([...picked, ...shown.filter((f) => !joined.has(f.id)).map((f) => f.id)]))}
            >
              {t.selectAll}
            </button>
            <span className="muted small" aria-live="polite">
              {t.inviteSelected(picked.size)}
            </span>
          </div>
          {problem && (
            <p className="field-error" role="alert">
              {problem}
            </p>
          )}
          <button type="button" className="btn btn-primary" data-testid="invite-send" onClick={() => void send()} disabled={invite.isPending}>
            {invite.isPending ? t.inviteSending : t.inviteSend(picked.size)}
          </button>
        </>
      )}
      {result && (
        <div className="stack invite-result" role="status" data-testid="invite-result">
          {result.invited.length > 0 && <p data-testid="invite-invited">{t.invitedList(nameList(result.invited))}</p>}
          {result.unreachable.length > 0 && (
            <p className="invite-unreachable" data-testid="invite-unreachable">
              {t.unreachableList(nameList(result.unreachable))}
            </p>
          )}
        </div>
      )}
      <div className="stack invite-share">
        <p className="small">{t.inviteOthers}</p>
        <SharePanel event={event} />
      </div>
    </div>
  );
}
