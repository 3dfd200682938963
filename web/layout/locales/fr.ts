import type en from './en.ts';

const fr: typeof en = {
  filters_zero: 'Filtres',
  filters_one: 'Filtres ({{count}})',
  filters_other: 'Filtres ({{count}})',
  showMap: 'Carte',
  showList: 'Liste',
  sheetLabel: 'Carte ou liste',
  closeFilters: 'Fermer les filtres',
  show_one: 'Voir {{count}} activité',
  show_other: 'Voir {{count}} activités',
  loading: 'Chargement des activités…',
  loadingShort: 'Chargement…',
};
export default fr;
