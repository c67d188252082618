import { useState, type ReactNode } from 'react';
import { useMessages } from '../../i18n';
import { commonMessages } from '../../i18n/messages/common';
import { Dialog } from './Dialog';

interface ConfirmButtonProps {
  /** The button's content; `label` names it for screen readers when the content is an icon. */
  children: ReactNode;
  label?: string;
  className?: string;
  title: string;
  question: string;
  confirmText: string;
  onConfirm(): Promise<unknown> | void;
  testId?: string;
}

/** A destructive action behind an "are you sure?" dialog; the dialog stays open if it fails. */
export function ConfirmButton({ children, label, className = 'btn btn-danger', title, question, confirmText, onConfirm, testId }: ConfirmButtonProps) {
  const common = useMessages(commonMessages);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
      setOpen(false);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" className={className} aria-label={label} data-testid={testId} onClick={() => setOpen(true)}>
        {children}
      </button>
      <Dialog open={open} title={title} onClose={() => setOpen(false)}>
        <p>{question}</p>
        <div className="row dialog-actions">
          <button type="button" className="btn" onClick={() => setOpen(false)}>
            {common.cancel}
          </button>
          <button type="button" className="btn btn-danger" onClick={() => void confirm().catch(() => undefined)} disabled={busy}>
            {confirmText}
          </button>
        </div>
      </Dialog>
    </>
  );
}
