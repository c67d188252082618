// Take everything away as a file, or leave for good behind a typed confirmation.
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMessages } from '../../i18n';
import { commonMessages } from '../../i18n/messages/common';
import { settingsMessages } from '../../i18n/messages/settings';
import { downloadExport, useDeleteAccount } from '../../lib/account';
import { Dialog } from '../ui/Dialog';
import { errorText } from '../ui/errorText';
import { TextField } from '../ui/TextField';
import { useToast } from '../ui/Toast';

const exportName = () => `prost-export-${new Date().toISOString().slice(0, 10)}.json`;

export function ExportSection() {
  const t = useMessages(settingsMessages);
  const common = useMessages(commonMessages);
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function save() {
    setBusy(true);
    setError(null);
    try {
      await downloadExport(exportName());
      toast.show(t.exportDone);
    } catch (e) {
      setError(errorText(e, common));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card stack settings-section" aria-labelledby="settings-export" data-testid="settings-export">
      <h2 id="settings-export">{t.exportTitle}</h2>
      <p className="muted">{t.exportLead}</p>
      <div>
        <button type="button" className="btn" data-testid="settings-export-button" disabled={busy} onClick={() => void save()}>
          <span aria-hidden="true">📦</span> {busy ? t.exporting : t.exportButton}
        </button>
      </div>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** Whether what was typed is the confirmation word (spaces and case forgiven, nothing else). */
export const confirmsDeletion = (typed: string, word: string) => typed.trim().toLocaleUpperCase() === word.toLocaleUpperCase();

export function DeleteAccountSection() {
  const t = useMessages(settingsMessages);
  const common = useMessages(commonMessages);
  const toast = useToast();
  const navigate = useNavigate();
  const remove = useDeleteAccount();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ready = confirmsDeletion(typed, t.deleteWord);

  function close() {
    setOpen(false);
    setTyped('');
    setError(null);
  }

  async function confirm() {
    setError(null);
    try {
      await remove.mutateAsync();
      navigate('/', { replace: true });
      remove.leave();
      toast.show(t.deleted);
    } catch (e) {
      setError(errorText(e, common));
    }
  }

  return (
    <section className="card stack settings-section danger-zone" aria-labelledby="settings-delete" data-testid="settings-delete">
      <h2 id="settings-delete">{t.deleteTitle}</h2>
      <p className="muted">{t.deleteLead}</p>
      <div>
        <button type="button" className="btn btn-danger" data-testid="settings-delete-open" onClick={() => setOpen(true)}>
          {t.deleteButton}
        </button>
      </div>
      <Dialog open={open} title={t.deleteDialogTitle} onClose={close} testId="delete-dialog">
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            if (ready && !remove.isPending) void confirm();
          }}
        >
          <p>{t.deleteWhatGoes}</p>
          <ul className="delete-list">
            <li>{t.deleteAccount}</li>
            <li>{t.deleteEvents}</li>
            <li>{t.deleteAnswers}</li>
          </ul>
          <p className="small muted">{t.deleteExportFirst}</p>
          <TextField label={t.deleteTypeLabel(t.deleteWord)} testId="delete-confirm-text" value={typed} onChange={setTyped} autoComplete="off" />
          {error && (
            <p className="alert" role="alert">
              {error}
            </p>
          )}
          <div className="row dialog-actions">
            <button type="button" className="btn" onClick={close}>
              {common.cancel}
            </button>
            <button type="submit" className="btn btn-danger" data-testid="delete-confirm" disabled={!ready || remove.isPending}>
              {remove.isPending ? t.deleting : t.deleteConfirm}
            </button>
          </div>
        </form>
      </Dialog>
    </section>
  );
}
