// The event: what most people open, from a link a friend sent. Everything here stays live; the
// data layer's `useEvent` keeps the cached event in step with the socket.
import { lazy, Suspense, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { Board } from '../board/Board';
import { readOnlyReason } from '../board/readOnly';
import { useNow } from '../board/useNow';
import { eventKey, useEvent, useIsOrganizer, useSession, type Event, type LiveStatus as LiveState, type Participant, type Plan } from '../lib';
import { BestPlanPanel } from '../components/event/BestPlanPanel';
import { Celebration } from '../components/event/Celebration';
import { CommentsPanel } from '../components/event/CommentsPanel';
import { EventHeader } from '../components/event/EventHeader';
import { EventLoadError, EventSkeleton, RoundOver } from '../components/event/EventStates';
import { FinalPlan } from '../components/event/FinalPlan';
import { GuestOrganizerNote } from '../components/event/GuestOrganizerNote';
import { JoinForm } from '../components/event/JoinForm';
import { LiveStatus } from '../components/event/LiveStatus';
import { PlacesPanel } from '../components/event/PlacesPanel';
import { SharePanel } from '../components/event/SharePanel';
import { TelegramPanel } from '../components/telegram/TelegramPanel';
import { YouAreIn } from '../components/event/YouAreIn';
import { usePageTitle } from '../components/layout/usePageTitle';
import { defaultChoice, type PlanChoice } from '../components/organizer/planChoice';
import NotFoundPage from './NotFoundPage';
import '../styles/event.css';

// Most people who open a link are friends, not the organiser: the organiser's tools load only for them.
const OrganizerBar = lazy(() => import('../components/organizer/OrganizerBar').then((m) => ({ default: m.OrganizerBar })));
const OrganizerPanel = lazy(() => import('../components/organizer/OrganizerPanel').then((m) => ({ default: m.OrganizerPanel })));
const FinalizeDialog = lazy(() => import('../components/organizer/FinalizeDialog').then((m) => ({ default: m.FinalizeDialog })));

function EventView({ event, me, live }: { event: Event; me: Participant | null; live: { status: LiveState; presence: number } }) {
  const session = useSession();
  const isOrganizer = useIsOrganizer(event);
  const [finalizing, setFinalizing] = useState<PlanChoice | null>(null);
  const [justJoined, setJustJoined] = useState(false);
  usePageTitle(event.title);

  const open = event.status === 'open';
  const now = useNow(event.settings.deadline);
  const canVote = readOnlyReason(event, me, now) === null;
  const canSuggest = open && (isOrganizer || (!!me && event.settings.participantsCanAddPlaces));
  const pick = isOrganizer && open ? (plan: Plan) => setFinalizing({ slotIds: plan.slotIds, placeId: plan.placeId }) : undefined;

  return (
    <div className="page event-page">
      <Celebration status={event.status} />
      <EventHeader
        event={event}
        aside={
          <>
            <LiveStatus status={live.status} presence={live.presence} />
            <SharePanel event={event} />
          </>
        }
      />
      {isOrganizer && (
        <Suspense fallback={<div className="organizer-bar skeleton" style={{ height: 66 }} />}>
          <OrganizerBar
            event={event}
            onFinalize={() => {
              const choice = defaultChoice(event);
              if (choice) setFinalizing(choice);
            }}
          />
        </Suspense>
      )}
      {isOrganizer && <GuestOrganizerNote event={event} />}
      {event.final && <FinalPlan event={event} plan={event.final} />}
      {me ? (
        <YouAreIn eventId={event.id} me={me} focusOnShow={justJoined} />
      ) : (
        open && <JoinForm event={event} isOrganizer={isOrganizer} onJoined={() => setJustJoined(true)} />
      )}
      <div className="card board-card">
        <Board event={event} me={me} />
      </div>
      <div className="event-panels">
        <PlacesPanel event={event} me={me} canVote={canVote} canSuggest={canSuggest} />
        {/* Once the plan is locked, the ranking is history; the final plan says it all. */}
        {open && <BestPlanPanel event={event} onPick={pick} />}
        <CommentsPanel event={event} canWrite={!!me || isOrganizer} />
        <TelegramPanel eventId={event.id} me={me} userId={session.user?.id ?? null} />
      </div>
      {isOrganizer && (
        <Suspense fallback={null}>
          <OrganizerPanel event={event} />
          <FinalizeDialog event={event} choice={finalizing} onClose={() => setFinalizing(null)} />
        </Suspense>
      )}
    </div>
  );
}

export default function EventPage() {
  const { id = '' } = useParams();
  const view = useEvent(id);
  const queries = useQueryClient();

  if (!view.event) {
    if (view.gone) return <NotFoundPage />;
    if (view.error) return <EventLoadError error={view.error} onRetry={() => void queries.refetchQueries({ queryKey: eventKey(id) })} />;
    return <EventSkeleton />;
  }
  // We had the event and the server says it is gone: deleted while we watched.
  if (view.gone) return <RoundOver />;
  return <EventView event={view.event} me={view.me} live={{ status: view.status, presence: view.presence }} />;
}
