// Filling the grid from elsewhere, in the browser: a calendar file or feed (parsed here by ical.js,
// never uploaded), or my answers in another event. The result is a proposal shown on the grid;
// it goes out only when the person sends it, with the ordinary answers call. Loaded on demand,
// and ical.js later still, only once a calendar is actually read.
import { useId, useState } from 'react';
import { useMessages } from '../../i18n';
import { availabilityMessages, type ImportProblem } from '../../i18n/messages/availability';
import { slotWindow, proposeFromBusy } from '../../lib/availability/busy';
import { viewerZone, type Event, type Participant } from '../../lib';
import { Dialog } from '../ui/Dialog';
import { EventSource } from './EventSource';
import { ProposalBar } from './ProposalBar';
import { withoutAnswered, type Proposal } from './proposal';
import '../../styles/availability.css';

type Source = 'file' | 'feed' | 'event';
const SOURCES: Source[] = ['file', 'feed', 'event'];

interface AvailabilityImportProps {
  event: Event;
  me: Participant;
  open: boolean;
  onClose(): void;
  proposal: Proposal | null;
  onPropose(proposal: Proposal | null): void;
}

export default function AvailabilityImport({ event, me, open, onClose, proposal, onPropose }: AvailabilityImportProps) {
  const t = useMessages(availabilityMessages);
  return (
    <>
      <Dialog open={open} title={t.title} onClose={onClose} testId="import-dialog">
        <ImportSources
          event={event}
          me={me}
          onPropose={(next) => {
            onPropose(next);
            onClose();
          }}
        />
      </Dialog>
      {proposal && <ProposalBar event={event} me={me} proposal={proposal} onDone={() => onPropose(null)} />}
    </>
  );
}

export function ImportSources({ event, me, onPropose }: { event: Event; me: Participant; onPropose(proposal: Proposal): void }) {
  const t = useMessages(availabilityMessages);
  const id = useId();
  const [source, setSource] = useState<Source>('file');
  const [keep, setKeep] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [feed, setFeed] = useState('');
  const label = { file: t.tabFile, feed: t.tabFeed, event: t.tabEvent };
  const held = me.answers.slots;

  const fail = (reason: ImportProblem, status: number | null = null) => setProblem(t.problem(reason, status));

  /** Parses a calendar and proposes "no" over its busy time, "yes" elsewhere. */
  async function fromCalendar(text: string) {
    const window = slotWindow(event.slots);
    if (!window) return;
    const { busyFromIcs } = await import('../../lib/availability/ics');
    const result = busyFromIcs(text, window, viewerZone());
    if (!result.ok) {
      fail(result.problem);
      return;
    }
    const proposed = proposeFromBusy(event.slots, result.busy);
    onPropose({
      slots: withoutAnswered(proposed.slots, held, keep),
      summary: proposed.busy === 0 ? t.nothingBusy : t.calendarSummary(proposed.busy, proposed.free),
    });
  }

  async function run(work: () => Promise<void>) {
    setProblem(null);
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  }

  const readFile = (file: File | undefined) =>
    run(async () => {
      if (!file) return;
      let text: string;
      try {
        text = await file.text();
      } catch {
        fail('readFailed');
        return;
      }
      await fromCalendar(text);
    });

  const readFeed = () =>
    run(async () => {
      const { fetchFeed, FeedError } = await import('../../lib/availability/feed');
      let text: string;
      try {
        text = await fetchFeed(feed);
      } catch (error) {
        if (error instanceof FeedError) fail(error.problem, error.status);
        else fail('cors');
        return;
      }
      await fromCalendar(text);
    });

  return (
    <div className="stack import-sources">
      <p className="muted small">{t.lead}</p>
      <div className="segmented" role="group" aria-label={t.sources}>
        {SOURCES.map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={source === s}
            data-testid={`import-source-${s}`}
            onClick={() => {
              setSource(s);
              setProblem(null);
            }}
          >
            {label[s]}
          </button>
        ))}
      </div>

      {source === 'file' && (
        <div className="field">
          <label htmlFor={`${id}-file`}>{t.fileLabel}</label>
          <input
            id={`${id}-file`}
            type="file"
            className="input"
            accept=".ics,.ical,.ifb,.icalendar,text/calendar"
            data-testid="import-file"
            aria-describedby={`${id}-file-hint`}
            disabled={busy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              // Cleared, so picking the same file again (after fixing it) reads it again.
              e.target.value = '';
              void readFile(file);
            }}
          />
          <span id={`${id}-file-hint`} className="field-hint">
            {t.fileHint}
          </span>
        </div>
      )}

      {source === 'feed' && (
        <form
          className="stack"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void readFeed();
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-feed`}>{t.feedLabel}</label>
            <input
              id={`${id}-feed`}
              type="url"
              inputMode="url"
              className="input"
              data-testid="import-feed"
              value={feed}
              placeholder={t.feedPlaceholder}
              aria-describedby={`${id}-feed-hint`}
              onChange={(e) => setFeed(e.target.value)}
            />
            <span id={`${id}-feed-hint`} className="field-hint">
              {t.feedHint}
            </span>
          </div>
          <button type="submit" className="btn" data-testid="import-feed-fetch" disabled={busy || !feed.trim()}>
            {busy ? t.feedFetching : t.feedFetch}
          </button>
        </form>
      )}

      {source === 'event' && <EventSource event={event} held={held} keep={keep} onPropose={onPropose} onProblem={setProblem} />}

      {Object.keys(held).length > 0 && (
        <label className="check">
          <input type="checkbox" checked={keep} onChange={(e) => setKeep(e.target.checked)} data-testid="import-keep" />
          <span>{t.keepExisting}</span>
        </label>
      )}
      {busy && (
        <p className="muted small" role="status">
          {t.reading}
        </p>
      )}
      {problem && (
        <p className="alert" role="alert" data-testid="import-problem">
          {problem}
        </p>
      )}
    </div>
  );
}
