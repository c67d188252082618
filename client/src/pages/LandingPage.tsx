import { Link } from 'react-router';
import { useMessages } from '../i18n';
import { landingMessages } from '../i18n/messages/landing';
import { useSession } from '../lib';
import { usePageTitle } from '../components/layout/usePageTitle';
import '../styles/landing.css';

/** A pint glass that fills to `level` (0–1); the hero's little illustration of votes arriving. */
function FillingPint({ level, delay }: { level: number; delay: number }) {
  return (
    <span className="mock-pint" aria-hidden="true">
      <span className="mock-beer" style={{ height: `${Math.round(level * 100)}%`, animationDelay: `${delay}ms` }} />
    </span>
  );
}

function HeroCard() {
  const t = useMessages(landingMessages);
  const levels = [0.35, 0.9, 0.6, 1, 0.2];
  return (
    <div className="hero-card card" aria-hidden="true">
      <div className="spread">
        <strong>{t.mockTitle}</strong>
        <span className="muted small">{t.mockVotes}</span>
      </div>
      <div className="mock-pints">
        {levels.map((level, i) => (
          <FillingPint key={i} level={level} delay={i * 180} />
        ))}
      </div>
      <div className="mock-best">
        <span className="small muted">{t.mockBest}</span>
        <span>🏆 {t.mockPlan}</span>
      </div>
    </div>
  );
}

export default function LandingPage() {
  const t = useMessages(landingMessages);
  const { status } = useSession();
  usePageTitle(null);
  const steps = [
    { icon: '🍺', title: t.step1Title, text: t.step1Text },
    { icon: '🔗', title: t.step2Title, text: t.step2Text },
    { icon: '🥂', title: t.step3Title, text: t.step3Text },
  ];
  return (
    <div className="landing">
      <section className="hero page" aria-labelledby="hero-title">
        <div className="hero-copy">
          <p className="kicker">{t.kicker}</p>
          <h1 id="hero-title">{t.title}</h1>
          <p className="lead">{t.lead}</p>
          <div className="row">
            <Link to="/new" className="btn btn-primary btn-big">
              {t.ctaCreate}
            </Link>
            {status === 'signedIn' ? (
              <Link to="/events" className="btn btn-big">
                {t.ctaEvents}
              </Link>
            ) : (
              <Link to="/register" className="btn btn-big">
                {t.ctaSignUp}
              </Link>
            )}
          </div>
        </div>
        <HeroCard />
      </section>

      <section className="page how" aria-labelledby="how-title">
        <h2 id="how-title">{t.howTitle}</h2>
        <ol className="steps">
          {steps.map((step, i) => (
            <li key={i} className="step card">
              <span className="step-icon" aria-hidden="true">
                {step.icon}
              </span>
              <h3>{step.title}</h3>
              <p className="muted">{step.text}</p>
            </li>
          ))}
        </ol>
      </section>

      <section className="page why" aria-labelledby="why-title">
        <h2 id="why-title">{t.whyTitle}</h2>
        <ul className="why-list">
          {[t.why1, t.why2, t.why3, t.why4].map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p className="joke">{t.joke}</p>
        <Link to="/new" className="btn btn-primary btn-big">
          {t.ctaCreate}
        </Link>
      </section>
    </div>
  );
}
