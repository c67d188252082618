import { Link } from 'react-router';
import { useMessages } from '../i18n';
import { landingMessages } from '../i18n/messages/landing';
import { useSession } from '../lib';
import { usePageTitle } from '../components/layout/usePageTitle';
import { signInPath } from '../components/layout/returnTo';
import '../styles/landing.css';

/** One friend's pint: poured (`level` 0–1) once they answered, empty while they have not. */
function FillingPint({ level, delay }: { level: number; delay: number }) {
  return (
    <span className="mock-pint" data-empty={level === 0 || undefined} aria-hidden="true">
      {level > 0 && <span className="mock-beer" style={{ height: `${Math.round(level * 100)}%`, animationDelay: `${delay}ms` }} />}
    </span>
  );
}

/** Six friends, five answered: the picture says what the caption does ("5 of 6 are in"). */
const MOCK_LEVELS = [0.9, 0.82, 0.94, 0.86, 0.9, 0];

export function HeroCard() {
  const t = useMessages(landingMessages);
  const levels = MOCK_LEVELS;
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
              <Link to={signInPath('/new', 'register')} className="btn btn-big">
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
