/** The phone layout's words (web/layout): the sheet's switches, the filters sheet, loading. */
export default {
  filters_zero: 'Filters',
  filters_one: 'Filters ({{count}})',
  filters_other: 'Filters ({{count}})',
  showMap: 'Map',
  showList: 'List',
  sheetLabel: 'Map or list',
  closeFilters: 'Close filters',
  show_one: 'Show {{count}} activity',
  show_other: 'Show {{count}} activities',
  loading: 'Loading activities…',
  loadingShort: 'Loading…',
};
