import { useMessages } from '../../i18n';
import { layoutMessages } from '../../i18n/messages/layout';

export function Footer() {
  const t = useMessages(layoutMessages);
  return (
    <footer className="site-footer">
      <p>{t.footer}</p>
    </footer>
  );
}
