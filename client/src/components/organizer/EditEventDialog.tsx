import { useState, type FormEvent } from 'react';
import { useMessages } from '../../i18n';
import { commonMessages } from '../../i18n/messages/common';
import { createMessages } from '../../i18n/messages/create';
import { organizerMessages } from '../../i18n/messages/organizer';
import { isApiError, localInputToUtc, usePatchEvent, type Event } from '../../lib';
import { SettingsFields, type SettingsValue } from '../create/SettingsFields';
import { Dialog } from '../ui/Dialog';
import { errorText } from '../ui/errorText';
import { TextField } from '../ui/TextField';
import { useToast } from '../ui/Toast';
import { utcToLocalInput } from './localInput';

function EditForm({ event, onDone }: { event: Event; onDone(): void }) {
  const t = useMessages(organizerMessages);
  const create = useMessages(createMessages);
  const common = useMessages(commonMessages);
  const toast = useToast();
  const patch = usePatchEvent(event.id);
  const [title, setTitle] = useState(event.title);
  const [description, setDescription] = useState(event.description ?? '');
  const [settings, setSettings] = useState<SettingsValue>({
    allowGuests: event.settings.allowGuests,
    participantsCanAddPlaces: event.settings.participantsCanAddPlaces,
    deadline: utcToLocalInput(event.settings.deadline, event.timezone),
    visibility: event.visibility,
  });
  const fields = isApiError(patch.error, 'invalid_argument') ? patch.error.fields : {};

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await patch.mutateAsync({
        title: title.trim(),
        description: description.trim() || null,
        visibility: settings.visibility,
        settings: {
          allowGuests: settings.allowGuests,
          participantsCanAddPlaces: settings.participantsCanAddPlaces,
          deadline: settings.deadline ? (localInputToUtc(settings.deadline, event.timezone)?.toISOString() ?? null) : null,
        },
      });
      toast.show(t.saved);
      onDone();
    } catch {
      // Shown below.
    }
  }

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <TextField label={create.title} value={title} onChange={setTitle} error={fields.title} maxLength={200} required />
      <TextField label={create.description} value={description} onChange={setDescription} error={fields.description} multiline />
      <SettingsFields value={settings} onChange={setSettings} zone={event.timezone} />
      {patch.isError && (
        <p className="alert" role="alert">
          {errorText(patch.error, common)}
        </p>
      )}
      <div className="row dialog-actions">
        <button type="button" className="btn" onClick={onDone}>
          {common.cancel}
        </button>
        <button type="submit" className="btn btn-primary" disabled={patch.isPending || !title.trim()}>
          {patch.isPending ? common.saving : common.save}
        </button>
      </div>
    </form>
  );
}

/** Title, description and the house rules, as the organiser left them; saved with one PATCH. */
export function EditEventDialog({ event, open, onClose }: { event: Event; open: boolean; onClose(): void }) {
  const t = useMessages(organizerMessages);
  return (
    <Dialog open={open} title={t.editTitle} onClose={onClose}>
      {open && <EditForm event={event} onDone={onClose} />}
    </Dialog>
  );
}
