import { Link } from 'react-router';
import { useMessages } from '../i18n';
import { layoutMessages } from '../i18n/messages/layout';
import { usePageTitle } from '../components/layout/usePageTitle';

/** Unknown routes and unknown event ids both end up here. */
export default function NotFoundPage() {
  const t = useMessages(layoutMessages);
  usePageTitle(t.notFoundTitle);
  return (
    <section className="page page-narrow oops" aria-labelledby="oops-title">
      <div className="oops-art" aria-hidden="true">
        <span className="oops-glass">🍺</span>
        <span className="oops-code">404</span>
      </div>
      <h1 id="oops-title">{t.notFoundTitle}</h1>
      <p className="muted">{t.notFoundText}</p>
      <Link to="/" className="btn btn-primary btn-big">
        {t.notFoundHome}
      </Link>
    </section>
  );
}
