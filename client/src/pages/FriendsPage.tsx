// "People you planned with": the signed-in person's friends, most recent first, with how many
// evenings they shared. Friends come from events, so there is nothing to add or remove here.
import { Link } from 'react-router';
import { useLang, useMessages } from '../i18n';
import { commonMessages } from '../i18n/messages/common';
import { friendsMessages } from '../i18n/messages/friends';
import { formatDay, localTime, viewerZone, type Friend } from '../lib';
import { useFriends } from '../lib/discovery';
import { usePageTitle } from '../components/layout/usePageTitle';
import { errorText } from '../components/ui/errorText';
import '../styles/friends.css';

function FriendRow({ friend }: { friend: Friend }) {
  const t = useMessages(friendsMessages);
  const { lang } = useLang();
  const last = friend.lastEventAt ? formatDay(localTime(friend.lastEventAt, viewerZone()).date, lang, 'long') : null;
  return (
    <li className="friend card" data-testid="friend" data-user-id={friend.id}>
      <span className="friend-avatar" aria-hidden="true">
        {friend.name.trim().charAt(0).toUpperCase() || '🍺'}
      </span>
      <span className="friend-text">
        <strong className="friend-name">{friend.name}</strong>
        <span className="muted small">
          {t.together(friend.eventsTogether)}
          {last && ` · ${t.lastOne(last)}`}
        </span>
      </span>
      {friend.telegramLinked && <span className="badge badge-telegram">{t.onTelegram}</span>}
    </li>
  );
}

export default function FriendsPage() {
  const t = useMessages(friendsMessages);
  const common = useMessages(commonMessages);
  const friends = useFriends();
  usePageTitle(t.title);
  const items = friends.data?.items ?? [];

  return (
    <div className="page page-narrow stack friends-page">
      <h1>{t.title}</h1>
      <p className="muted">{t.lead}</p>
      {friends.isPending && (
        <div className="stack" role="status" aria-label={common.loading}>
          {[0, 1, 2].map((i) => (
            <div key={i} className="skeleton" style={{ height: 64 }} />
          ))}
        </div>
      )}
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
      {friends.isSuccess && items.length === 0 && (
        <div className="card empty" data-testid="friends-empty">
          <span className="empty-emoji" aria-hidden="true">
            🍻
          </span>
          <h2>{t.emptyTitle}</h2>
          <p>{t.emptyText}</p>
          <Link to="/new" className="btn btn-primary">
            {t.emptyCta}
          </Link>
        </div>
      )}
      {items.length > 0 && (
        <ul className="friend-list" data-testid="friends">
          {items.map((friend) => (
            <FriendRow key={friend.id} friend={friend} />
          ))}
        </ul>
      )}
    </div>
  );
}
