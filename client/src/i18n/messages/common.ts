import { catalog } from '..';

/** Words used all over the app. */
export const commonMessages = catalog({
  en: {
    appName: 'Prost',
    loading: 'Pouring…',
    retry: 'Try again',
    cancel: 'Cancel',
    save: 'Save',
    saving: 'Saving…',
    close: 'Close',
    remove: 'Remove',
    edit: 'Edit',
    back: 'Back',
    optional: 'optional',
    networkError: 'The tap ran dry: we could not reach the server. Check your connection and try again.',
    rateLimited: (seconds: number | null) =>
      seconds ? `Easy there, one round at a time. Try again in ${seconds} s.` : 'Easy there, one round at a time. Try again in a moment.',
    genericError: 'Something spilled. Try again in a moment.',
    busyError: 'Every tap is busy right now. Give it a few seconds and try again.',
  },
  ru: {
    appName: 'Prost',
    loading: 'Загружаем…',
    retry: 'Ещё раз',
    cancel: 'Отмена',
    save: 'Сохранить',
    saving: 'Сохраняем…',
    close: 'Закрыть',
    remove: 'Убрать',
    edit: 'Изменить',
    back: 'Назад',
    optional: 'необязательно',
    networkError: 'Сервер не отвечает. Проверьте интернет и попробуйте ещё раз.',
    rateLimited: (seconds: number | null) =>
      seconds ? `Слишком много запросов. Попробуйте через ${seconds} с.` : 'Слишком много запросов. Попробуйте чуть позже.',
    genericError: 'Что-то пошло не так. Попробуйте ещё раз чуть позже.',
    busyError: 'Все краны сейчас заняты. Подождите пару секунд и попробуйте снова.',
  },
});
