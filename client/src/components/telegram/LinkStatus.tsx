// One Telegram link, whatever it belongs to (an account or a guest's participant), in each of its
// states: checking, could not check, not linked, waiting for Start in Telegram, link gone flat,
// linked. The caller supplies the words that differ.
import { useEffect, useRef } from 'react';
import { useMessages } from '../../i18n';
import { commonMessages } from '../../i18n/messages/common';
import { telegramMessages } from '../../i18n/messages/telegram';
import type { LinkPhase, TelegramLink } from '../../lib/telegram';
import { ConfirmButton } from '../ui/ConfirmButton';
import { botOfLink, telegramErrorText } from './telegramText';

export interface LinkFlowView {
  phase: LinkPhase;
  statusError: unknown;
  retryStatus(): void;
  pending: TelegramLink | null;
  start(): void;
  starting: boolean;
  startError: unknown;
  unlink(): void;
  unlinking: boolean;
  unlinkError: unknown;
}

interface LinkStatusProps {
  flow: LinkFlowView;
  /** What linking does, shown before it is done. */
  explain: string;
  startLabel: string;
  /** The sentence once linked ("Reminders go to Anya on Telegram"). */
  linkedText: string;
  unlinkLabel: string;
  unlinkQuestion: string;
  /** The bot's username from the server's config, for when a link does not name it. */
  botUsername: string | null;
}

export function LinkStatus({ flow, explain, startLabel, linkedText, unlinkLabel, unlinkQuestion, botUsername }: LinkStatusProps) {
  const t = useMessages(telegramMessages);
  const common = useMessages(commonMessages);
  const { phase } = flow;
  const failure = flow.startError ?? flow.unlinkError;
  // The button that asked for the link is gone once it arrives: keyboard focus moves on to the
  // link itself instead of falling back to the top of the page.
  const openRef = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (phase === 'waiting') openRef.current?.focus();
  }, [phase]);

  let body;
  if (phase === 'loading') {
    body = <div className="skeleton telegram-skeleton" aria-label={common.loading} />;
  } else if (phase === 'error') {
    body = (
      <div className="row">
        <span className="field-error">
          {t.statusError} {telegramErrorText(flow.statusError, t, common)}
        </span>
        <button type="button" className="btn btn-small" onClick={flow.retryStatus}>
          {common.retry}
        </button>
      </div>
    );
  } else if (phase === 'linked') {
    body = (
      <div className="telegram-linked">
        <p>
          <span aria-hidden="true">✅ </span>
          {linkedText}
        </p>
        <ConfirmButton className="btn btn-ghost btn-small" title={unlinkLabel} question={unlinkQuestion} confirmText={unlinkLabel} onConfirm={flow.unlink} testId="telegram-unlink">
          {unlinkLabel}
        </ConfirmButton>
      </div>
    );
  } else if (phase === 'waiting' && flow.pending) {
    const bot = botOfLink(flow.pending.url) ?? botUsername;
    body = (
      <div className="telegram-waiting">
        <a ref={openRef} className="btn btn-primary telegram-open" data-testid="telegram-open" href={flow.pending.url} target="_blank" rel="noopener noreferrer">
          <span aria-hidden="true">✈️</span> {t.openTelegram}
        </a>
        <p className="telegram-wait-line">
          <span className="telegram-bubbles" aria-hidden="true" />
          {t.waiting}
        </p>
        {bot && <p className="muted small">{t.sendByHand(bot, flow.pending.code)}</p>}
      </div>
    );
  } else {
    body = (
      <div className="telegram-idle">
        <p className="muted">{phase === 'expired' ? t.expired : explain}</p>
        <button type="button" className="btn btn-primary" data-testid="telegram-link" onClick={flow.start} disabled={flow.starting}>
          <span aria-hidden="true">✈️</span> {flow.starting ? t.starting : phase === 'expired' ? t.freshLink : startLabel}
        </button>
      </div>
    );
  }

  // Only the moments worth hearing: the link is out, it went flat, it worked.
  const announcement = phase === 'waiting' ? t.waiting : phase === 'expired' ? t.expired : phase === 'linked' ? linkedText : '';
  return (
    <div className="telegram-status" data-testid="telegram-status" data-state={phase} aria-busy={phase === 'loading'}>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {body}
      {failure != null && phase !== 'error' && <p className="field-error">{telegramErrorText(failure, t, common)}</p>}
    </div>
  );
}
