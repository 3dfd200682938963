import type { Translation } from './types.ts';

const ru: Translation = {
  appName: 'Commons Map',
  loading: 'Загрузка карты…',
  loadFailed: 'Не удалось загрузить карту.',
  retry: 'Попробовать снова',
  uiLanguage: 'Язык',
  skipToList: 'Перейти к списку',
  mapLabel: 'Карта общественных мест и занятий',
  panelLabel: 'Места и занятия',
  youAreHere: 'Выбранная точка',
  search: { label: 'Поиск мест, занятий, улиц', placeholder: 'Название, улица или район', none: 'Ничего не найдено' },
  layers: { title: 'Показать на карте' },
  layer: { parks: 'Парки', gardens: 'Общественные сады', centres: 'Общественные центры', programs: 'Программы и занятия', 'degraded-zones': 'Объявленные депрессивные зоны', neighbourhoods: 'Границы районов' },
  nearMe: { title: 'Рядом со мной', useLocation: 'Использовать моё местоположение', pick: 'Выбрать точку на карте', pickHint: 'Нажмите на карту в нужном месте.', cancel: 'Отмена', clear: 'Очистить', locating: 'Определяем ваше местоположение…', denied: 'Местоположение недоступно. Выберите точку на карте.', none: 'Ничего в пределах {{distance}} от этой точки.' },
  list: { title: 'Занятия', count_one: '{{count}} занятие', count_few: '{{count}} занятия', count_many: '{{count}} занятий', count_other: '{{count}} занятий', places: 'Места на карте', placesCount_one: '{{count}} место на карте', placesCount_few: '{{count}} места на карте', placesCount_many: '{{count}} мест на карте', placesCount_other: '{{count}} мест на карте', empty: 'Ничего не найдено. Попробуйте меньше фильтров или другой район.', more: 'Показать ещё', nearTitle: 'Ближе всего к выбранной точке', nearCount_one: '{{count}} результат рядом', nearCount_few: '{{count}} результата рядом', nearCount_many: '{{count}} результатов рядом', nearCount_other: '{{count}} результатов рядом', forYou: 'Для вас' },
  forYou: { title: 'Для вас на этой неделе', none: 'Пока ничего для вашего выбора на этой неделе.' },
  audience: { title: 'Для кого?', intro: 'Выберите один или несколько вариантов — сначала покажем то, что вам подходит. Изменить можно в любой момент.', skip: 'Пропустить', done: 'Показать', change: 'Для: {{list}}', choose: 'Для кого?' },
  filters: { title: 'Фильтры', category: 'Что', audience: 'Для кого', language: 'Язык занятия', when: 'Когда', from: 'С', to: 'По', free: 'Только бесплатные', wheelchair: 'Доступно для колясок', openNow: 'Идёт сейчас', distance: 'Расстояние', anyDistance: 'Любое расстояние', clear: 'Сбросить фильтры', results_one: '{{count}} результат', results_few: '{{count}} результата', results_many: '{{count}} результатов', results_other: '{{count}} результатов' },
  when: { any: 'В любое время', today: 'Сегодня', tomorrow: 'Завтра', weekend: 'В эти выходные', week: 'На этой неделе', evenings: 'По вечерам', dates: 'Даты' },
  details: { close: 'Закрыть', address: 'Адрес', openingHours: 'Часы работы', openNow: 'Сейчас открыто', closedNow: 'Сейчас закрыто', changesAt: 'до {{time}}', opensAt: 'откроется {{time}}', nextDates: 'Ближайшие даты', noDates: 'Ближайших дат нет.', forWhom: 'Для', ages: 'возраст {{min}}–{{max}}', languages: 'Языки', cost: 'Стоимость', free: 'Бесплатно', registration: 'Как присоединиться', registrationRequired: 'Нужна регистрация', registrationNone: 'Регистрация не нужна: просто приходите.', website: 'Сайт', phone: 'Телефон', email: 'Эл. почта', where: 'Где', activitiesHere: 'Занятия здесь', area: 'Площадь', plots: 'Участки', population: 'Жители', designation: 'Решение', programme: 'Программа', walk: '{{distance}} от выбранной точки, около {{minutes}} мин пешком', share: 'Копировать ссылку', copied: 'Ссылка скопирована', qr: 'Отсканируйте, чтобы открыть на телефоне', addSeries: 'Добавить все даты в календарь', addNext: 'Добавить ближайшую дату', fallback: 'Ещё не переведено: показано на языке {{lang}}', contact: 'Контакты', accessibility: 'Доступность', wheelchair: 'Доступ для колясок: {{value}}', categories: 'Категории' },
  kind: { park: 'Парк', community_garden: 'Общественный сад', community_centre: 'Общественный центр', library: 'Библиотека', playground: 'Детская площадка', coworking: 'Коворкинг', organisation_site: 'Пункт услуг', program: 'Программа', event: 'Событие', volunteering: 'Волонтёрство', group: 'Группа', service: 'Услуга', grant: 'Грант', degraded_zone: 'Объявленная депрессивная зона', revitalization_zone: 'Зона обновления', neighbourhood: 'Район', street: 'Улица' },
  value: { yes: 'да', limited: 'частично', no: 'нет' },
};
export default ru;
