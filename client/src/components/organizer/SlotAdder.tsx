import { useId, useState, type FormEvent } from 'react';
import { useMessages } from '../../i18n';
import { organizerMessages } from '../../i18n/messages/organizer';
import { addDays, zonedToUtc, type Event, type NewSlot } from '../../lib';
import { isWholeDayEvent } from '../event/slotText';
import { TimeSelect } from '../ui/TimeSelect';

/** Turns the typed date and times (in the event's zone) into a slot; a whole-day event adds a day. */
function slotFrom(event: Event, date: string, start: string, end: string): NewSlot {
  if (isWholeDayEvent(event)) {
    return { start: zonedToUtc(date, '00:00', event.timezone).toISOString(), end: zonedToUtc(addDays(date, 1), '00:00', event.timezone).toISOString() };
  }
  const from = zonedToUtc(date, start, event.timezone);
  let to = zonedToUtc(date, end, event.timezone);
  if (to <= from) to = zonedToUtc(addDays(date, 1), end, event.timezone);
  return { start: from.toISOString(), end: to.toISOString() };
}

export function SlotAdder({ event, onAdd, busy }: { event: Event; onAdd(slot: NewSlot): Promise<unknown>; busy: boolean }) {
  const t = useMessages(organizerMessages);
  const id = useId();
  const [date, setDate] = useState('');
  const [start, setStart] = useState(event.grid?.from ?? '19:00');
  const [end, setEnd] = useState(event.grid?.to ?? '22:00');
  const wholeDay = isWholeDayEvent(event);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!date) return;
    try {
      await onAdd(slotFrom(event, date, start, end));
      setDate('');
    } catch {
      // The panel shows the error.
    }
  }

  return (
    <form className="slot-adder" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-date`}>{t.addSlotDate}</label>
        <input id={`${id}-date`} type="date" className="input" value={date} onChange={(e) => setDate(e.target.value)} required />
      </div>
      {!wholeDay && (
        <>
          <div className="field">
            <label htmlFor={`${id}-start`}>{t.addSlotStart}</label>
            <TimeSelect id={`${id}-start`} value={start} onChange={setStart} required />
          </div>
          <div className="field">
            <label htmlFor={`${id}-end`}>{t.addSlotEnd}</label>
            <TimeSelect id={`${id}-end`} value={end} onChange={setEnd} required />
          </div>
        </>
      )}
      <button type="submit" className="btn" disabled={busy || !date}>
        + {t.addSlot}
      </button>
    </form>
  );
}
