import type en from './en.ts';

const uk: typeof en & Record<string, string> = {
  filters_zero: 'Фільтри',
  filters_one: 'Фільтри ({{count}})',
  filters_other: 'Фільтри ({{count}})',
  showMap: 'Мапа',
  showList: 'Список',
  sheetLabel: 'Мапа або список',
  closeFilters: 'Закрити фільтри',
  show_one: 'Показати {{count}} заняття',
  show_few: 'Показати {{count}} заняття',
  show_many: 'Показати {{count}} занять',
  show_other: 'Показати {{count}} заняття',
  loading: 'Завантаження занять…',
  loadingShort: 'Завантаження…',
};
export default uk;
