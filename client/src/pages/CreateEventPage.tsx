import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMessages } from '../i18n';
import { commonMessages } from '../i18n/messages/common';
import { createMessages } from '../i18n/messages/create';
import { isApiError, localTime, useCreateEvent, viewerZone } from '../lib';
import { Calendar } from '../components/create/Calendar';
import { areaOfField, emptyForm, missingParts, optionDates, toNewEvent, type CreateForm, type FormArea } from '../components/create/createForm';
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

export default function CreateEventPage() {
  const t = useMessages(createMessages);
  const common = useMessages(commonMessages);
  const navigate = useNavigate();
  const create = useCreateEvent();
  const [form, setForm] = useState<CreateForm>(() => emptyForm(viewerZone()));
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

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    // A place typed in but never "added" is surely meant to be included.
    const pending = draftPlace.current?.name.trim() ? [{ key: nextKey.current++, ...draftPlace.current }] : [];
    const toSend = { ...form, places: [...form.places, ...pending] };
    const missing = missingParts(toSend);
    if (missing.length) {
      setErrors({ title: missing.includes('title') ? t.needTitle : undefined, times: missing.includes('times') ? t.needTimes : undefined });
      setFormError(t.fixErrors);
      return;
    }
    try {
      const event = await create.mutateAsync(toNewEvent(toSend));
      navigate(`/e/${event.id}`);
    } catch (error) {
      if (isApiError(error, 'invalid_argument') && Object.keys(error.fields).length) {
        const byArea: AreaErrors = {};
        for (const [field, message] of Object.entries(error.fields)) byArea[areaOfField(field)] ??= message;
        setErrors(byArea);
        setFormError(t.fixErrors);
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
      <form className="stack" onSubmit={submit} noValidate>
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
        </section>

        <section className="card stack" aria-labelledby="create-times">
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
