import { useMessages } from '../../i18n';
import { commonMessages } from '../../i18n/messages/common';

/** The loader: a glass filling up, with a caption for screen readers and eyes alike. */
export function Pour({ label }: { label?: string }) {
  const t = useMessages(commonMessages);
  return (
    <div className="pour" role="status">
      <span className="pour-glass" aria-hidden="true" />
      <span>{label ?? t.loading}</span>
    </div>
  );
}
