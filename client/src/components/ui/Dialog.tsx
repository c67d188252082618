// A modal on the native <dialog>: the browser traps focus, closes on Escape and restores focus to
// the opener, which is more than a hand-rolled overlay would get right.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useMessages } from '../../i18n';
import { commonMessages } from '../../i18n/messages/common';

interface DialogProps {
  open: boolean;
  title: string;
  onClose(): void;
  children: ReactNode;
  testId?: string;
}

export function Dialog({ open, title, onClose, children, testId }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const t = useMessages(commonMessages);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      data-testid={testId}
      onClose={onClose}
      onClick={(e) => {
        // A click on the backdrop lands on the dialog element itself.
        if (e.target === e.currentTarget) onClose();
      }}
    >
      {open && (
        <div className="dialog-body">
          <div className="spread">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="btn btn-ghost icon-btn" aria-label={t.close} onClick={onClose}>
              <span aria-hidden="true">✕</span>
            </button>
          </div>
          {children}
        </div>
      )}
    </dialog>
  );
}
