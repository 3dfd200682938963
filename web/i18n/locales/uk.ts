import type { Translation } from './types.ts';

const uk: Translation = {
  appName: 'Commons Map',
  loading: 'Завантаження мапи…',
  loadFailed: 'Не вдалося завантажити мапу.',
  retry: 'Спробувати ще раз',
  uiLanguage: 'Мова',
  skipToList: 'Перейти до списку',
  mapLabel: 'Мапа громадських місць і занять',
  panelLabel: 'Місця та заняття',
  youAreHere: 'Обрана точка',
  search: { label: 'Пошук місць, занять, вулиць', placeholder: 'Назва, вулиця або район', none: 'Нічого не знайдено' },
  layers: { title: 'Показати на мапі' },
  layer: { parks: 'Парки', gardens: 'Громадські сади', centres: 'Громадські центри', programs: 'Програми та заняття', 'degraded-zones': 'Визначені занедбані зони', neighbourhoods: 'Межі районів' },
  nearMe: { title: 'Поруч зі мною', useLocation: 'Використати моє місцезнаходження', pick: 'Обрати точку на мапі', pickHint: 'Натисніть на мапу в потрібному місці.', cancel: 'Скасувати', clear: 'Очистити', locating: 'Визначаємо ваше місцезнаходження…', denied: 'Місцезнаходження недоступне. Оберіть точку на мапі.', none: 'Нічого в межах {{distance}} від цієї точки.' },
  list: { title: 'Заняття', count_one: '{{count}} заняття', count_few: '{{count}} заняття', count_many: '{{count}} занять', count_other: '{{count}} занять', places: 'Місця на мапі', placesCount_one: '{{count}} місце на мапі', placesCount_few: '{{count}} місця на мапі', placesCount_many: '{{count}} місць на мапі', placesCount_other: '{{count}} місць на мапі', empty: 'Нічого не знайдено. Спробуйте менше фільтрів або інший район.', more: 'Показати більше', nearTitle: 'Найближче до обраної точки', nearCount_one: '{{count}} результат поруч', nearCount_few: '{{count}} результати поруч', nearCount_many: '{{count}} результатів поруч', nearCount_other: '{{count}} результатів поруч', forYou: 'Для вас' },
  forYou: { title: 'Для вас цього тижня', none: 'Поки що нічого для вашого вибору цього тижня.' },
  audience: { title: 'Для кого?', intro: 'Оберіть один чи кілька варіантів — спершу покажемо те, що вам підходить. Змінити можна будь-коли.', skip: 'Пропустити', done: 'Показати', change: 'Для: {{list}}', choose: 'Для кого?' },
  filters: { title: 'Фільтри', category: 'Що', audience: 'Для кого', language: 'Мова заняття', when: 'Коли', from: 'З', to: 'По', free: 'Лише безкоштовні', wheelchair: 'Доступно для візків', openNow: 'Відбувається зараз', distance: 'Відстань', anyDistance: 'Будь-яка відстань', clear: 'Очистити фільтри', results_one: '{{count}} результат', results_few: '{{count}} результати', results_many: '{{count}} результатів', results_other: '{{count}} результатів' },
  when: { any: 'Будь-коли', today: 'Сьогодні', tomorrow: 'Завтра', weekend: 'Цими вихідними', week: 'Цього тижня', evenings: 'Увечері', dates: 'Дати' },
  details: { close: 'Закрити', address: 'Адреса', openingHours: 'Години роботи', openNow: 'Зараз відчинено', closedNow: 'Зараз зачинено', changesAt: 'до {{time}}', opensAt: 'відчиниться {{time}}', nextDates: 'Найближчі дати', noDates: 'Найближчих дат немає.', forWhom: 'Для', ages: 'вік {{min}}–{{max}}', languages: 'Мови', cost: 'Вартість', free: 'Безкоштовно', registration: 'Як долучитися', registrationRequired: 'Потрібна реєстрація', registrationNone: 'Реєстрація не потрібна: просто приходьте.', website: 'Вебсайт', phone: 'Телефон', email: 'Ел. пошта', where: 'Де', activitiesHere: 'Заняття тут', area: 'Площа', plots: 'Ділянки', population: 'Мешканці', designation: 'Рішення', programme: 'Програма', walk: '{{distance}} від обраної точки, близько {{minutes}} хв пішки', share: 'Копіювати посилання', copied: 'Посилання скопійовано', qr: 'Скануйте, щоб відкрити на телефоні', addSeries: 'Додати всі дати до календаря', addNext: 'Додати найближчу дату', fallback: 'Ще не перекладено: показано мовою {{lang}}', contact: 'Контакти', accessibility: 'Доступність', wheelchair: 'Доступ для візків: {{value}}', categories: 'Категорії' },
  kind: { park: 'Парк', community_garden: 'Громадський сад', community_centre: 'Громадський центр', library: 'Бібліотека', playground: 'Дитячий майданчик', coworking: 'Коворкінг', organisation_site: 'Пункт послуг', program: 'Програма', event: 'Подія', volunteering: 'Волонтерство', group: 'Група', service: 'Послуга', grant: 'Грант', degraded_zone: 'Визначена занедбана зона', revitalization_zone: 'Зона відновлення', neighbourhood: 'Район', street: 'Вулиця' },
  value: { yes: 'так', limited: 'частково', no: 'ні' },
};
export default uk;
