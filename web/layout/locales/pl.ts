import type en from './en.ts';

const pl: typeof en & Record<string, string> = {
  filters_zero: 'Filtry',
  filters_one: 'Filtry ({{count}})',
  filters_other: 'Filtry ({{count}})',
  showMap: 'Mapa',
  showList: 'Lista',
  sheetLabel: 'Mapa lub lista',
  closeFilters: 'Zamknij filtry',
  show_one: 'Pokaż {{count}} zajęcie',
  show_few: 'Pokaż {{count}} zajęcia',
  show_many: 'Pokaż {{count}} zajęć',
  show_other: 'Pokaż {{count}} zajęć',
  loading: 'Wczytywanie zajęć…',
  loadingShort: 'Wczytywanie…',
};
export default pl;
