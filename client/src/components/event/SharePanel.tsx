import { useMessages } from '../../i18n';
import { eventMessages } from '../../i18n/messages/event';
import type { Event } from '../../lib';
import { useToast } from '../ui/Toast';
import { eventUrl, telegramShareUrl } from './shareLinks';

/** Copy the link, send it to Telegram, or hand it to the phone's own share sheet. */
export function SharePanel({ event }: { event: Event }) {
  const t = useMessages(eventMessages);
  const toast = useToast();
  const url = eventUrl(event.id);
  const text = t.shareText(event.title);
  const canShareNatively = typeof navigator !== 'undefined' && typeof navigator.share === 'function';

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      toast.show(t.shareCopied);
    } catch {
      toast.show(t.shareCopyFailed);
    }
  }

  async function shareNatively() {
    try {
      await navigator.share({ title: event.title, text, url });
    } catch {
      // Dismissing the sheet rejects too; nothing to tell the user.
    }
  }

  return (
    <div className="share" role="group" aria-label={t.share}>
      <button type="button" className="btn btn-small" data-testid="share-copy" onClick={copy}>
        <span aria-hidden="true">🔗</span> {t.shareCopy}
      </button>
      <a className="btn btn-small" data-testid="share-telegram" href={telegramShareUrl(url, text)} target="_blank" rel="noopener noreferrer">
        <span aria-hidden="true">✈️</span> {t.shareTelegram}
      </a>
      {canShareNatively && (
        <button type="button" className="btn btn-small" data-testid="share-native" onClick={shareNatively}>
          <span aria-hidden="true">📤</span> {t.shareNative}
        </button>
      )}
    </div>
  );
}
