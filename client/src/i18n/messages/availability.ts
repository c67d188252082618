import { catalog, plural } from '..';

const slotsEn = (n: number) => plural('en', n, { one: '{n} time', other: '{n} times' });
const slotsRu = (n: number) => plural('ru', n, { one: '{n} вариант', few: '{n} варианта', many: '{n} вариантов', other: '{n} варианта' });
/** The genitive, after «для»: «для 1 варианта», «для 3 вариантов». */
const slotsOfRu = (n: number) => plural('ru', n, { one: '{n} варианта', few: '{n} вариантов', many: '{n} вариантов', other: '{n} варианта' });

/** Why a calendar gave no proposal: from the file's parser, the feed's fetch, or reading the file. */
export type ImportProblem = 'malformed' | 'notCalendar' | 'tooBig' | 'badUrl' | 'cors' | 'http' | 'readFailed';

/** Filling the grid from a calendar or from another event's answers, reviewed before sending. */
export const availabilityMessages = catalog({
  en: {
    title: 'Fill in from…',
    lead: 'We propose “no” where you are busy and “yes” everywhere else. You see it on the grid first, and nothing is sent until you say so.',
    tabFile: 'Calendar file',
    tabFeed: 'Calendar link',
    tabEvent: 'Another event',
    sources: 'Where to take your answers from',
    fileLabel: 'Your calendar as an .ics file',
    fileHint: 'Google Calendar: Settings → Import & export → Export. Apple Calendar: File → Export. Outlook: Save calendar. The file is read here, in your browser, and never uploaded.',
    feedLabel: 'ICS feed address',
    feedPlaceholder: 'https://… or webcal://…',
    feedHint: 'Your browser fetches it directly; Prost never sees it. Many providers do not allow that, in which case use the file instead.',
    feedFetch: 'Read the feed',
    feedFetching: 'Reading…',
    keepExisting: 'Keep the answers I already gave',
    reading: 'Reading your calendar…',
    problem: (problem: ImportProblem, status: number | null = null) =>
      ({
        malformed: 'This file is not a calendar we can read (it is not valid iCalendar). Export it again as .ics and pick that file.',
        notCalendar: 'This holds no calendar (maybe it is a contact card). Pick an .ics calendar export.',
        tooBig: 'That is over 10 MB: probably not a calendar export. Export just your calendar as .ics.',
        badUrl: 'That is not an https:// or webcal:// address.',
        cors: 'Your calendar’s server did not let the browser read this feed (it does not allow other sites: “CORS”), or it could not be reached. Download the calendar as an .ics file and use “Calendar file” instead.',
        http: `The calendar’s server answered with an error${status ? ` (${status})` : ''}. Check the address, or use the .ics file instead.`,
        readFailed: 'The file could not be read. Try picking it again.',
      })[problem],
    nothingBusy: 'Nothing in your calendar clashes with these times: all “yes”. Prost!',
    calendarSummary: (busy: number, free: number) => `From your calendar: ${slotsEn(busy)} busy (“no”), ${slotsEn(free)} free (“yes”).`,
    eventPick: 'An event you answered',
    eventNone: 'There is no other event of yours here to copy from yet.',
    eventLoading: 'Fetching your events…',
    eventNoAnswers: 'You have not answered any times in that event.',
    eventHowMatched: 'Each time here takes your answer to the same moment there, or else to the same weekday and time of day on your clock (last Friday 19:00 → this Friday 19:00).',
    copySummary: (moment: number, weekday: number, unmatched: number) =>
      [
        moment ? `${slotsEn(moment)} at the very same moment` : '',
        weekday ? `${slotsEn(weekday)} by the same weekday and time` : '',
        unmatched ? `${slotsEn(unmatched)} with no match, left as they are` : '',
      ]
        .filter(Boolean)
        .join('; ') + '.',
    copyNothing: 'None of these times match a time you answered there (not the same moment, nor the same weekday and time).',
    use: 'Preview on the grid',
    previewTitle: 'Preview: not sent yet',
    send: 'Send these answers',
    sending: 'Sending…',
    discard: 'Discard',
    sent: 'Answers sent. Your calendar stays with you.',
    sendFailed: 'The answers were not sent.',
  },
  ru: {
    title: 'Заполнить по…',
    lead: 'Где вы заняты, предложим «нет», в остальное время — «да». Сначала вы увидите это на сетке, и ничего не отправится, пока вы не подтвердите.',
    tabFile: 'Файл календаря',
    tabFeed: 'Ссылка на календарь',
    tabEvent: 'Другая встреча',
    sources: 'Откуда взять ответы',
    fileLabel: 'Календарь в файле .ics',
    fileHint: 'Google Календарь: Настройки → Импорт и экспорт → Экспорт. Календарь Apple: Файл → Экспорт. Outlook: Сохранить календарь. Файл читается здесь, в браузере, и никуда не загружается.',
    feedLabel: 'Адрес ICS-ленты',
    feedPlaceholder: 'https://… или webcal://…',
    feedHint: 'Браузер скачает ленту сам, Prost её не увидит. Многие сервисы так делать не разрешают — тогда воспользуйтесь файлом.',
    feedFetch: 'Загрузить ленту',
    feedFetching: 'Загружаем…',
    keepExisting: 'Не трогать ответы, которые я уже дал',
    reading: 'Читаем календарь…',
    problem: (problem: ImportProblem, status: number | null = null) =>
      ({
        malformed: 'Этот файл не похож на календарь, который мы умеем читать (это не iCalendar). Экспортируйте календарь заново в .ics и выберите этот файл.',
        notCalendar: 'Здесь нет календаря (возможно, это визитка контакта). Выберите экспорт календаря в .ics.',
        tooBig: 'Больше 10 МБ — вряд ли это экспорт календаря. Экспортируйте в .ics только свой календарь.',
        badUrl: 'Это не адрес вида https:// или webcal://.',
        cors: 'Сервер календаря не дал браузеру прочитать ленту (он не разрешает это другим сайтам — так называемый CORS) или не ответил. Скачайте календарь файлом .ics и выберите «Файл календаря».',
        http: `Сервер календаря ответил ошибкой${status ? ` (${status})` : ''}. Проверьте адрес или воспользуйтесь файлом .ics.`,
        readFailed: 'Не получилось прочитать файл. Попробуйте выбрать его ещё раз.',
      })[problem],
    nothingBusy: 'В календаре ничего не пересекается с этими вариантами: везде «да». Prost!',
    calendarSummary: (busy: number, free: number) => `По календарю: ${slotsRu(busy)} заняты («нет»), ${slotsRu(free)} свободны («да»).`,
    eventPick: 'Встреча, где вы уже ответили',
    eventNone: 'Других ваших встреч, откуда можно скопировать ответы, пока нет.',
    eventLoading: 'Загружаем ваши встречи…',
    eventNoAnswers: 'В той встрече вы ещё не отметили ни одного варианта.',
    eventHowMatched: 'Каждый вариант здесь получит ваш ответ на тот же момент там, а если такого нет — на тот же день недели и время по вашим часам (прошлая пятница 19:00 → эта пятница 19:00).',
    copySummary: (moment: number, weekday: number, unmatched: number) =>
      [
        moment ? `${slotsRu(moment)} совпали точно по времени` : '',
        weekday ? `${slotsRu(weekday)} — по дню недели и времени` : '',
        unmatched ? `для ${slotsOfRu(unmatched)} совпадений нет, они остались как были` : '',
      ]
        .filter(Boolean)
        .join('; ') + '.',
    copyNothing: 'Ни один вариант здесь не совпал с тем, на что вы отвечали там: ни точно по времени, ни по дню недели и часу.',
    use: 'Показать на сетке',
    previewTitle: 'Предпросмотр: ещё не отправлено',
    send: 'Отправить эти ответы',
    sending: 'Отправляем…',
    discard: 'Отменить',
    sent: 'Ответы отправлены. Календарь остался у вас.',
    sendFailed: 'Ответы не отправились.',
  },
});
