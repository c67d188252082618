import { catalog, plural } from '..';

const slotsEn = (n: number) => plural('en', n, { one: '{n} time', other: '{n} times' });
const placesEn = (n: number) => plural('en', n, { one: '{n} place', other: '{n} places' });
const slotsRu = (n: number) => plural('ru', n, { one: '{n} вариант времени', few: '{n} варианта времени', many: '{n} вариантов времени', other: '{n} варианта времени' });
const placesRu = (n: number) => plural('ru', n, { one: '{n} место', few: '{n} места', many: '{n} мест', other: '{n} места' });

export const myEventsMessages = catalog({
  en: {
    title: 'My events',
    newEvent: 'New event',
    organised: 'You are pouring',
    joined: 'You are invited',
    statusOpen: 'Voting open',
    statusFinal: 'Plan locked',
    statusPast: 'Last call passed',
    counts: (slots: number, places: number) => `${slotsEn(slots)} · ${placesEn(places)}`,
    noDates: 'No times yet',
    finalOn: (when: string) => `Meeting ${when}`,
    by: (name: string) => `by ${name}`,
    emptyTitle: 'Your tab is empty',
    emptyText: 'No events yet. Somebody has to be the one who finally organises the get-together. Why not you?',
    emptyCta: 'Pour the first round',
    loadError: 'We could not fetch your events.',
    loadMore: 'Show more',
  },
  ru: {
    title: 'Мои встречи',
    newEvent: 'Новая встреча',
    organised: 'Вы наливаете',
    joined: 'Вас позвали',
    statusOpen: 'Голосуем',
    statusFinal: 'План готов',
    statusPast: 'Последний заказ прошёл',
    counts: (slots: number, places: number) => `${slotsRu(slots)} · ${placesRu(places)}`,
    noDates: 'Время пока не выбрано',
    finalOn: (when: string) => `Встречаемся ${when}`,
    by: (name: string) => `от ${name}`,
    emptyTitle: 'Счёт пока пустой',
    emptyText: 'Встреч ещё нет. Кто-то же должен наконец всех собрать. Почему не вы?',
    emptyCta: 'Налить первую',
    loadError: 'Не получилось загрузить ваши встречи.',
    loadMore: 'Показать ещё',
  },
});

