import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useLang, useMessages } from '../i18n';
import { commonMessages } from '../i18n/messages/common';
import { createMessages } from '../i18n/messages/create';
import { formatDay, isApiError, localTime, useCreateEvent, useSession, viewerZone } from '../lib';
import { Calendar } from '../components/create/Calendar';
import { areaOfField, optionDates, toNewEvent, type CreateForm, type FormArea } from '../components/create/createForm';
import { byArea, problemsOf, type Problem } from '../components/create/formProblems';
import { clearCreateDraft, useCreateDraft } from '../components/create/useCreateDraft';
import { signInPath } from '../components/layout/returnTo';
import { ModePicker } from '../components/create/ModePicker';
import { OptionRows } from '../components/create/OptionRows';
import { PlaceDraft, type PlaceDraftValue } from '../components/create/PlaceDraft';
import { PlaceList } from '../components/create/PlaceList';
import { SettingsFields, type SettingsValue } from '../components/create/SettingsFields';
import { TimeZonePicker } from '../components/create/TimeZonePicker';
import { WindowFields } from '../components/create/WindowFields';
import { usePageTitle } from '../components/layout/usePageTitle';
import { errorText } from '../components/ui/errorText';
import { TextField } from '../components/ui/TextField';
import '../styles/create.css';

type AreaErrors = Partial<Record<FormArea, string>>;

/** Where focus goes for each part of the form: its first control. */
const FOCUS_OF: Record<FormArea, string> = {
  title: '[data-testid="create-title"]',
  description: '[data-testid="create-description"]',
  times: '#create-times-section [data-date][tabindex="0"], #create-times-section select, #create-times-section button',
  timezone: '[data-testid="create-timezone"]',
  places: '[data-testid="create-place-name"]',
  settings: '[data-testid="create-deadline"]',
};
const AREA_ORDER: FormArea[] = ['title', 'description', 'times', 'timezone', 'places', 'settings'];

export default function CreateEventPage() {
  const t = useMessages(createMessages);
  const common = useMessages(commonMessages);
  const { lang } = useLang();
  const navigate = useNavigate();
  const session = useSession();
  const create = useCreateEvent();
  const [form, setForm] = useCreateDraft(viewerZone());
  const [organizerName, setOrganizerName] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const signedOut = session.status === 'signedOut';
  const [errors, setErrors] = useState<AreaErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const draftPlace = useRef<PlaceDraftValue | null>(null);
  const nextKey = useRef(1);
  const today = localTime(Date.now(), viewerZone()).date;
  usePageTitle(t.pageTitle);

  const patch = (change: Partial<CreateForm>) => setForm((f) => ({ ...f, ...change }));
  const pickedDates = form.mode === 'options' ? optionDates(form.options) : form.dates;

  function toggleDate(date: string) {
    setErrors((e) => ({ ...e, times: undefined }));
    if (form.mode !== 'options') {
      patch({ dates: form.dates.includes(date) ? form.dates.filter((d) => d !== date) : [...form.dates, date] });
    } else if (form.options.some((o) => o.date === date)) {
      patch({ options: form.options.filter((o) => o.date !== date) });
    } else {
      addOption(date);
    }
  }

  function addOption(date: string) {
    setForm((f) => ({ ...f, options: [...f.options, { key: nextKey.current++, date, start: f.from, end: f.to }] }));
  }

  function addPlace(place: PlaceDraftValue) {
    setForm((f) => ({ ...f, places: [...f.places, { key: nextKey.current++, ...place }] }));
    setErrors((e) => ({ ...e, places: undefined }));
  }

  const problemText = (p: Problem) =>
    p.code === 'pastOption' ? t.pastOption(`${formatDay(p.date, lang)}, ${p.start}`) : t[p.code];

  /** Shows the errors, names their fields in the banner, and takes focus to the first one. */
  function refuse(found: AreaErrors) {
    setErrors(found);
    const areas = AREA_ORDER.filter((area) => found[area]);
    const names = areas.map((area) => t.areaName(area));
    const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} ${t.and} ${names.at(-1)}` : (names[0] ?? '');
    setFormError(list ? t.fixErrorsIn(list) : t.fixErrors);
    const first = areas[0];
    // After React has drawn the errors, so the field's description is there when it is announced.
    if (first) requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>(FOCUS_OF[first])?.focus());
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    // A place typed in but never "added" is surely meant to be included.
    const pending = draftPlace.current?.name.trim() ? [{ key: nextKey.current++, ...draftPlace.current }] : [];
    const toSend = { ...form, places: [...form.places, ...pending] };
    const problems = byArea(problemsOf(toSend, Date.now()));
    if (Object.keys(problems).length) {
      refuse(Object.fromEntries(Object.entries(problems).map(([area, p]) => [area, problemText(p)])));
      return;
    }
    try {
      const body = toNewEvent(toSend);
      if (signedOut && organizerName.trim()) body.organizerName = organizerName.trim();
      body.language = lang;
      const event = await create.mutateAsync(body);
      clearCreateDraft();
      navigate(`/e/${event.id}`);
    } catch (error) {
      if (isApiError(error, 'invalid_argument') && Object.keys(error.fields).length) {
        const found: AreaErrors = {};
        for (const [field, message] of Object.entries(error.fields)) found[areaOfField(field)] ??= message;
        refuse(found);
      } else {
        setFormError(errorText(error, common));
      }
    }
  }

  const settings: SettingsValue = {
    allowGuests: form.allowGuests,
    participantsCanAddPlaces: form.participantsCanAddPlaces,
    deadline: form.deadline,
    visibility: form.visibility,
  };

  return (
    <div className="page create">
      <h1>{t.heading}</h1>
      <p className="muted">{t.lead}</p>
      {signedOut && (
        <p className="card guest-note small">
          <span aria-hidden="true">🔑 </span>
          {t.guestNote} <Link to={signInPath('/new', 'register')}>{t.guestSignUp}</Link>
        </p>
      )}
      <form className="stack" onSubmit={submit} noValidate ref={formRef}>
        <section className="card stack" aria-labelledby="create-basics">
          <h2 id="create-basics">{t.basics}</h2>
          <TextField
            label={t.title}
            testId="create-title"
            value={form.title}
            onChange={(title) => {
              patch({ title });
              setErrors((er) => ({ ...er, title: undefined }));
            }}
            error={errors.title}
            placeholder={t.titlePlaceholder}
            maxLength={200}
            required
          />
          <TextField
            label={`${t.description} (${common.optional})`}
            testId="create-description"
            value={form.description}
            onChange={(description) => patch({ description })}
            error={errors.description}
            placeholder={t.descriptionPlaceholder}
            multiline
          />
          {signedOut && (
            <TextField
              label={t.organizerName}
              testId="create-organizer-name"
              value={organizerName}
              onChange={setOrganizerName}
              hint={t.organizerNameHint}
              autoComplete="nickname"
              maxLength={80}
            />
          )}
        </section>

        <section className="card stack" aria-labelledby="create-times" id="create-times-section">
          <h2 id="create-times">{t.times}</h2>
          <ModePicker mode={form.mode} onChange={(mode) => patch({ mode })} />
          <div className="create-times">
            <div className="stack">
              <span className="label" id="create-calendar-label">
                {t.calendarLabel}
              </span>
              <Calendar selected={pickedDates} onToggle={toggleDate} today={today} labelledBy="create-calendar-label" />
              <p className="muted small" aria-live="polite">
                {pickedDates.length ? t.datesPicked(pickedDates.length) : t.noDatesYet}
              </p>
            </div>
            <div className="stack">
              {form.mode === 'grid' && <WindowFields from={form.from} to={form.to} step={form.step} onChange={patch} />}
              {form.mode === 'options' && <OptionRows options={form.options} onChange={(options) => patch({ options })} onAddTo={addOption} />}
              <TimeZonePicker value={form.timezone} onChange={(timezone) => patch({ timezone })} error={errors.timezone} />
            </div>
          </div>
          {errors.times && (
            <p className="field-error" role="alert">
              {errors.times}
            </p>
          )}
        </section>

        <section className="card stack" aria-labelledby="create-places">
          <h2 id="create-places">{t.places}</h2>
          <p className="muted">{t.placesLead}</p>
          <PlaceList places={form.places} onRemove={(key) => patch({ places: form.places.filter((p) => p.key !== key) })} />
          <PlaceDraft onAdd={addPlace} error={errors.places} onDraftChange={(draft) => (draftPlace.current = draft)} />
        </section>

        <section className="card stack" aria-labelledby="create-settings">
          <h2 id="create-settings">{t.settings}</h2>
          <SettingsFields value={settings} onChange={patch} zone={form.timezone} error={errors.settings} />
        </section>

        {formError && (
          <p className="alert" role="alert">
            {formError}
          </p>
        )}
        <div className="create-submit">
          <button type="submit" className="btn btn-primary btn-big" data-testid="create-submit" disabled={create.isPending}>
            {create.isPending ? t.submitting : t.submit}
          </button>
        </div>
      </form>
    </div>
  );
}
