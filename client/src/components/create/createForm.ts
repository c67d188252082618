// The create form's state and how it becomes a `POST /events` body. Times are typed in the
// event's zone; the server wants UTC instants for explicit options and local dates for grids.
import { addDays, localInputToUtc, zonedToUtc, type NewEvent, type NewPlace, type NewSlot, type Visibility } from '../../lib';

export type TimeMode = 'grid' | 'options' | 'days';
export type Step = 15 | 30 | 60;
export const STEPS: readonly Step[] = [15, 30, 60];

/** One explicit option: a date with a start and end time, local to the event's zone. */
export interface OptionRow {
  key: number;
  date: string;
  start: string;
  end: string;
}

export interface PlaceRow {
  key: number;
  name: string;
  address: string;
  url: string;
}

export interface CreateForm {
  title: string;
  description: string;
  timezone: string;
  visibility: Visibility;
  mode: TimeMode;
  /** Days picked on the calendar (grid and whole-day modes). */
  dates: string[];
  from: string;
  to: string;
  step: Step;
  options: OptionRow[];
  places: PlaceRow[];
  allowGuests: boolean;
  participantsCanAddPlaces: boolean;
  /** A datetime-local value in the event's zone, or '' for none. */
  deadline: string;
}

export function emptyForm(timezone: string): CreateForm {
  return {
    title: '',
    description: '',
    timezone,
    visibility: 'link',
    mode: 'grid',
    dates: [],
    from: '18:00',
    to: '23:00',
    step: 30,
    options: [],
    places: [],
    allowGuests: true,
    participantsCanAddPlaces: true,
    deadline: '',
  };
}

/** The days that have options, for the calendar in options mode. */
export function optionDates(options: readonly OptionRow[]): string[] {
  return [...new Set(options.map((o) => o.date))].sort();
}

function optionSlot(row: OptionRow, zone: string): NewSlot {
  const start = zonedToUtc(row.date, row.start, zone);
  let end = zonedToUtc(row.date, row.end, zone);
  // "22:00–01:00" means into the next night, as people write it.
  if (end <= start) end = zonedToUtc(addDays(row.date, 1), row.end, zone);
  return { start: start.toISOString(), end: end.toISOString() };
}

export function placeBody(row: Pick<PlaceRow, 'name' | 'address' | 'url'>): NewPlace {
  const body: NewPlace = { name: row.name.trim() };
  if (row.address.trim()) body.address = row.address.trim();
  if (row.url.trim()) body.mapUrl = row.url.trim();
  return body;
}

/** The request body for the form as it stands. Blank place rows are left out. */
export function toNewEvent(form: CreateForm): NewEvent {
  const zone = form.timezone;
  const body: NewEvent = {
    title: form.title.trim(),
    timezone: zone,
    visibility: form.visibility,
    settings: {
      allowGuests: form.allowGuests,
      participantsCanAddPlaces: form.participantsCanAddPlaces,
      deadline: form.deadline ? (localInputToUtc(form.deadline, zone)?.toISOString() ?? null) : null,
    },
  };
  if (form.description.trim()) body.description = form.description.trim();
  const dates = [...form.dates].sort();
  if (form.mode === 'grid') body.grid = { dates, from: form.from, to: form.to, stepMinutes: form.step };
  // Whole days are a grid without a daily window, and so without a step.
  else if (form.mode === 'days') body.grid = { dates };
  else body.slots = form.options.map((row) => optionSlot(row, zone));
  const places = form.places.filter((p) => p.name.trim()).map(placeBody);
  if (places.length) body.places = places;
  return body;
}

export type FormArea = 'title' | 'description' | 'times' | 'timezone' | 'places' | 'settings';

/** Which part of the form a server field error (`grid.stepMinutes`, `places[1].name`) belongs to. */
export function areaOfField(field: string): FormArea {
  if (field.startsWith('title')) return 'title';
  if (field.startsWith('description')) return 'description';
  if (field.startsWith('timezone')) return 'timezone';
  if (field.startsWith('places')) return 'places';
  if (field.startsWith('settings') || field.startsWith('visibility')) return 'settings';
  return 'times';
}
