import { useNavigate } from 'react-router';
import { useNow } from '../../board/useNow';
import { useLang, useMessages } from '../../i18n';
import { commonMessages } from '../../i18n/messages/common';
import { organizerMessages } from '../../i18n/messages/organizer';
import { forgetOrganizerToken, formatInstant, useDeleteEvent, usePatchEvent, useRemoveParticipant, useSession, viewerZone, type Event } from '../../lib';

import { PlaceDraft } from '../create/PlaceDraft';
import { placeBody } from '../create/createForm';
import { slotText } from '../event/slotText';
import { ConfirmButton } from '../ui/ConfirmButton';
import { errorText } from '../ui/errorText';
import { useToast } from '../ui/Toast';
import { SlotAdder } from './SlotAdder';

/**
 * The organiser's back room: people, times, places, the deadline and the delete button. The
 * everyday actions (lock, reopen, edit) sit in `OrganizerBar` near the top instead.
 */
export function OrganizerPanel({ event }: { event: Event }) {
  const t = useMessages(organizerMessages);
  const common = useMessages(commonMessages);
  const { lang } = useLang();
  const zone = viewerZone();
  const toast = useToast();
  const navigate = useNavigate();
  const patch = usePatchEvent(event.id);
  const remove = useRemoveParticipant(event.id);
  const del = useDeleteEvent(event.id);
  const session = useSession();
  const slots = [...event.slots].sort((a, b) => a.start.localeCompare(b.start));
  const deadline = event.settings.deadline;
  const now = useNow(deadline);
  const problem = patch.error ?? remove.error ?? del.error;

  async function deleteEvent() {
    await del.mutateAsync();
    forgetOrganizerToken(event.id);
    toast.show(t.deleted);
    // A guest organiser has no "my events" to go back to.
    navigate(session.status === 'signedIn' ? '/events' : '/');
  }

  return (
    <details className="panel organizer-panel">
      <summary>
        <span className="organizer-summary">
          <span aria-hidden="true">🍺</span> {t.title}
        </span>
        <span className="muted small">{t.lead}</span>
      </summary>

      {problem && (
        <p className="alert" role="alert">
          {errorText(problem, common)}
        </p>
      )}

      <section className="organizer-section" aria-labelledby="org-people">
        <h3 id="org-people">{t.people}</h3>
        {event.participants.length === 0 ? (
          <p className="muted">{t.nobody}</p>
        ) : (
          <ul className="org-list">
            {event.participants.map((person) => (
              <li key={person.id}>
                <span>
                  {person.name}
                  {person.isGuest && <span className="muted small"> · {t.guest}</span>}
                </span>
                <ConfirmButton
                  className="btn btn-ghost icon-btn"
                  label={t.removePerson(person.name)}
                  title={t.removePerson(person.name)}
                  question={t.removePersonConfirm(person.name)}
                  confirmText={common.remove}
                  onConfirm={() => remove.mutateAsync(person.id)}
                >
                  <span aria-hidden="true">✕</span>
                </ConfirmButton>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="organizer-section" aria-labelledby="org-slots">
        <h3 id="org-slots">{t.slots}</h3>
        <p className="muted small">{t.eventZone(event.timezone.replace(/_/g, ' '))}</p>
        <ul className="org-list org-list-scroll">
          {slots.map((slot) => {
            const when = slotText(event, slot, event.timezone, lang);
            return (
              <li key={slot.id}>
                <span>{when}</span>
                <ConfirmButton
                  className="btn btn-ghost icon-btn"
                  label={t.removeSlot(when)}
                  title={t.removeSlot(when)}
                  question={t.removeSlotConfirm(when)}
                  confirmText={common.remove}
                  onConfirm={() => patch.mutateAsync({ removeSlotIds: [slot.id] })}
                >
                  <span aria-hidden="true">✕</span>
                </ConfirmButton>
              </li>
            );
          })}
        </ul>
        <SlotAdder event={event} busy={patch.isPending} onAdd={(slot) => patch.mutateAsync({ addSlots: [slot] })} />
      </section>

      <section className="organizer-section" aria-labelledby="org-places">
        <h3 id="org-places">{t.places}</h3>
        {event.places.length > 0 && (
          <ul className="org-list">
            {event.places.map((place) => (
              <li key={place.id}>
                <span>{place.name}</span>
                <ConfirmButton
                  className="btn btn-ghost icon-btn"
                  label={t.removePlace(place.name)}
                  title={t.removePlace(place.name)}
                  question={t.removePlaceConfirm(place.name)}
                  confirmText={common.remove}
                  onConfirm={() => patch.mutateAsync({ removePlaceIds: [place.id] })}
                >
                  <span aria-hidden="true">✕</span>
                </ConfirmButton>
              </li>
            ))}
          </ul>
        )}
        <PlaceDraft testIdPrefix="org-place" busy={patch.isPending} onAdd={(place) => patch.mutateAsync({ addPlaces: [placeBody(place)] })} />
      </section>

      <section className="organizer-section" aria-labelledby="org-deadline">
        <h3 id="org-deadline">{t.deadline}</h3>
        <p>{deadline ? t.deadlineAt(formatInstant(deadline, zone, lang)) : t.deadlineNone}</p>
        <div className="row">
          {event.status === 'open' && (!deadline || Date.parse(deadline) > now) && (
            <button type="button" className="btn" disabled={patch.isPending} onClick={() => patch.mutate({ settings: { deadline: new Date().toISOString() } })}>
              {t.closeNow}
            </button>
          )}
          {deadline && (
            <button type="button" className="btn" disabled={patch.isPending} onClick={() => patch.mutate({ settings: { deadline: null } })}>
              {t.clearDeadline}
            </button>
          )}
        </div>
      </section>

      <section className="organizer-section organizer-danger" aria-labelledby="org-danger">
        <h3 id="org-danger">{t.danger}</h3>
        <ConfirmButton title={t.delete} question={t.deleteConfirm} confirmText={t.deleteYes} onConfirm={deleteEvent} testId="event-delete">
          {t.delete}
        </ConfirmButton>
      </section>
    </details>
  );
}
