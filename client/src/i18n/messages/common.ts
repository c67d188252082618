import { catalog } from '..';

/** Words used all over the app. */
export const commonMessages = catalog({
  en: {
    appName: 'Prost',
    loading: 'Pouring…',
    retry: 'Try again',
    cancel: 'Cancel',
    save: 'Save',
  },
  ru: {
    appName: 'Prost',
    loading: 'Наливаем…',
    retry: 'Ещё раз',
    cancel: 'Отмена',
    save: 'Сохранить',
  },
});
