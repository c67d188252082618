// The review step: the proposed answers are on the grid (dotted), this bar says where they came
// from and sends them with the ordinary answers call (PUT, the whole sheet), or throws them away.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useMessages } from '../../i18n';
import { availabilityMessages } from '../../i18n/messages/availability';
import { commonMessages } from '../../i18n/messages/common';
import { api, eventKey, type Answer, type Event, type Participant } from '../../lib';
import { credentialsFor } from '../../lib/credentials';
import { applyChange, withTally } from '../../lib/reducer';
import { errorText } from '../ui/errorText';
import { useToast } from '../ui/Toast';
import type { Proposal } from './proposal';

/** My sheet with the proposal laid over it, for the slots the event still has. */
export function sheetWith(event: Event, me: Participant, proposal: Proposal): { slots: Record<string, Answer>; places: Record<string, Answer> } {
  const live = new Set(event.slots.map((s) => s.id));
  const slots = Object.fromEntries(Object.entries({ ...me.answers.slots, ...proposal.slots }).filter(([id]) => live.has(id)));
  return { slots, places: me.answers.places };
}

export function ProposalBar({ event, me, proposal, onDone }: { event: Event; me: Participant; proposal: Proposal; onDone(): void }) {
  const t = useMessages(availabilityMessages);
  const common = useMessages(commonMessages);
  const toast = useToast();
  const queries = useQueryClient();
  const ref = useRef<HTMLDivElement>(null);
  const send = useMutation({
    mutationFn: () => api.putAnswers(event.id, me.id, sheetWith(event, me, proposal), credentialsFor(event.id)),
    onSuccess: (participant) => {
      queries.setQueryData<Event>(eventKey(event.id), (held) => (held ? withTally(applyChange(held, { op: 'participantUpdated', participant })) : held));
      toast.show(t.sent);
      onDone();
    },
  });
  // The dialog has closed: focus lands here, where the next decision is.
  useEffect(() => ref.current?.focus(), []);

  return (
    <div className="card proposal-bar stack" ref={ref} tabIndex={-1} role="region" aria-label={t.previewTitle} data-testid="proposal-bar">
      <strong>
        <span aria-hidden="true">👀 </span>
        {t.previewTitle}
      </strong>
      <p className="small" data-testid="proposal-summary">
        {proposal.summary}
      </p>
      {send.isError && (
        <p className="field-error" role="alert">
          {t.sendFailed} {errorText(send.error, common)}
        </p>
      )}
      <div className="row">
        <button type="button" className="btn btn-primary" data-testid="proposal-send" disabled={send.isPending} onClick={() => send.mutate()}>
          {send.isPending ? t.sending : t.send}
        </button>
        <button type="button" className="btn btn-ghost" data-testid="proposal-discard" disabled={send.isPending} onClick={onDone}>
          {t.discard}
        </button>
      </div>
    </div>
  );
}
