import { useLang, useMessages } from '../../i18n';
import { layoutMessages } from '../../i18n/messages/layout';

/** RU ⇄ EN. The label names the language you will get, in that language. */
export function LangToggle() {
  const { lang, setLang } = useLang();
  const t = useMessages(layoutMessages);
  return (
    <button
      type="button"
      className="btn btn-ghost icon-btn lang-btn"
      data-testid="lang-toggle"
      aria-label={`${t.langShort}: ${t.langSwitch}`}
      title={t.langSwitch}
      lang={lang === 'en' ? 'ru' : 'en'}
      onClick={() => setLang(lang === 'en' ? 'ru' : 'en')}
    >
      {t.langShort}
    </button>
  );
}
