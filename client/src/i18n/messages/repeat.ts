import { catalog } from '..';

/** "Same again next week" and the organiser's answers spreadsheet. */
export const repeatMessages = catalog({
  en: {
    sameAgain: 'Same again next week',
    sameAgainHint: 'A fresh round with the same places and times, a week later. You organise it; nobody is in it yet.',
    sameAgainBusy: 'Pouring the next round…',
    sameAgainDone: 'Same again! Here is next week’s round. Send the link around.',
    sameAgainSignIn: 'Sign in to pour it again',
    csv: 'Download answers (CSV)',
    csvBusy: 'Filling the spreadsheet…',
    csvFailed: 'The spreadsheet did not download.',
  },
  ru: {
    sameAgain: 'Повторить через неделю',
    sameAgainHint: 'Новая встреча с теми же местами и временем, только на неделю позже. Организатор — вы, участников пока нет.',
    sameAgainBusy: 'Наливаем следующую…',
    sameAgainDone: 'Повторяем! Вот встреча на следующую неделю — разошлите ссылку.',
    sameAgainSignIn: 'Войдите, чтобы повторить',
    csv: 'Скачать ответы (CSV)',
    csvBusy: 'Собираем таблицу…',
    csvFailed: 'Таблица не скачалась.',
  },
});
