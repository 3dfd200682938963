import type en from './en.ts';

const he: typeof en = {
  filters_zero: 'מסננים',
  filters_one: 'מסננים ({{count}})',
  filters_other: 'מסננים ({{count}})',
  showMap: 'מפה',
  showList: 'רשימה',
  sheetLabel: 'מפה או רשימה',
  closeFilters: 'סגירת המסננים',
  show_one: 'הצגת פעילות אחת',
  show_other: 'הצגת {{count}} פעילויות',
  loading: 'הפעילויות נטענות…',
  loadingShort: 'טוען…',
};
export default he;
