import { catalog } from '..';

/**
 * What each visibility means, beside the choice. Apart from the create form's catalog because
 * that one also travels with the event page (its place form), and these lines need not.
 */
export const visibilityMessages = catalog({
  en: {
    visibilityLinkHint: 'Only people you send the link to can open it. It never shows up in search.',
    visibilityPublicHint: 'Anyone can find it on What’s on, without an account, and join. Its title, times and places are public.',
  },
  ru: {
    visibilityLinkHint: 'Открыть встречу смогут только те, кому вы отправите ссылку. В поиске её не будет.',
    visibilityPublicHint: 'Встреча появится в афише: любой найдёт её без аккаунта и сможет присоединиться. Название, время и места увидят все.',
  },
});
