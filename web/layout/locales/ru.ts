import type en from './en.ts';

const ru: typeof en & Record<string, string> = {
  filters_zero: 'Фильтры',
  filters_one: 'Фильтры ({{count}})',
  filters_other: 'Фильтры ({{count}})',
  showMap: 'Карта',
  showList: 'Список',
  sheetLabel: 'Карта или список',
  closeFilters: 'Закрыть фильтры',
  show_one: 'Показать {{count}} занятие',
  show_few: 'Показать {{count}} занятия',
  show_many: 'Показать {{count}} занятий',
  show_other: 'Показать {{count}} занятия',
  loading: 'Загрузка занятий…',
  loadingShort: 'Загрузка…',
};
export default ru;
