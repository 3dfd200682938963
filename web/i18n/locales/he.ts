import type { Translation } from './types.ts';

const he: Translation = {
  appName: 'מפת הקהילה',
  loading: 'המפה נטענת…',
  loadFailed: 'לא ניתן היה לטעון את המפה.',
  retry: 'נסו שוב',
  uiLanguage: 'שפה',
  skipToList: 'דילוג לרשימה',
  mapLabel: 'מפת מקומות ופעילויות קהילתיים',
  panelLabel: 'מקומות ופעילויות',
  youAreHere: 'הנקודה שנבחרה',
  search: { label: 'חיפוש מקומות, פעילויות, רחובות', placeholder: 'שם, רחוב או שכונה', none: 'לא נמצאו תוצאות' },
  layers: { title: 'הצגה על המפה' },
  layer: { parks: 'פארקים', gardens: 'גינות קהילתיות', centres: 'מרכזים קהילתיים', programs: 'תוכניות ופעילויות', 'degraded-zones': 'אזורים מוכרזים לשיקום', neighbourhoods: 'גבולות שכונות' },
  nearMe: { title: 'בקרבתי', useLocation: 'שימוש במיקום שלי', pick: 'בחירת נקודה על המפה', pickHint: 'לחצו או געו במפה במקום הרצוי.', cancel: 'ביטול', clear: 'ניקוי', locating: 'מאתרים את מיקומך…', denied: 'המיקום שלך אינו זמין. בחרו נקודה על המפה.', none: 'אין דבר בטווח {{distance}} מנקודה זו.' },
  list: { title: 'פעילויות', count_one: 'פעילות אחת', count_other: '{{count}} פעילויות', places: 'מקומות בתצוגה', placesCount_one: 'מקום אחד בתצוגה', placesCount_other: '{{count}} מקומות בתצוגה', empty: 'אין תוצאות. נסו פחות מסננים או אזור אחר.', more: 'הצגת עוד', nearTitle: 'הקרובים ביותר לנקודה שנבחרה', nearCount_one: 'תוצאה אחת ליד הנקודה', nearCount_other: '{{count}} תוצאות ליד הנקודה', forYou: 'בשבילך' },
  forYou: { title: 'בשבילך השבוע', none: 'עדיין אין פעילויות לבחירתך השבוע.' },
  audience: { title: 'למי זה מיועד?', intro: 'בחרו אפשרות אחת או יותר, ונציג קודם את מה שמתאים לכם. אפשר לשנות בכל עת.', skip: 'דילוג', done: 'הצגה', change: 'עבור: {{list}}', choose: 'למי זה מיועד?' },
  filters: { title: 'מסננים', category: 'מה', audience: 'למי', language: 'שפת הפעילות', when: 'מתי', from: 'מתאריך', to: 'עד תאריך', free: 'ללא תשלום בלבד', wheelchair: 'נגיש לכיסא גלגלים', openNow: 'מתקיים עכשיו', distance: 'מרחק', anyDistance: 'כל מרחק', clear: 'ניקוי מסננים', results_one: 'תוצאה אחת', results_other: '{{count}} תוצאות' },
  when: { any: 'בכל זמן', today: 'היום', tomorrow: 'מחר', weekend: 'בסוף השבוע', week: 'השבוע', evenings: 'בערבים', dates: 'תאריכים' },
  details: { close: 'סגירה', address: 'כתובת', openingHours: 'שעות פתיחה', openNow: 'פתוח עכשיו', closedNow: 'סגור עכשיו', changesAt: 'עד {{time}}', opensAt: 'נפתח {{time}}', nextDates: 'המועדים הבאים', noDates: 'אין מועדים קרובים.', forWhom: 'מיועד ל', ages: 'גילאי {{min}}–{{max}}', languages: 'שפות', cost: 'עלות', free: 'ללא תשלום', registration: 'איך מצטרפים', registrationRequired: 'נדרשת הרשמה', registrationNone: 'אין צורך בהרשמה: פשוט לבוא.', website: 'אתר', phone: 'טלפון', email: 'דוא״ל', where: 'איפה', activitiesHere: 'פעילויות במקום', area: 'שטח', plots: 'חלקות', population: 'תושבים', designation: 'הכרזה', programme: 'תוכנית', walk: '{{distance}} מהנקודה שנבחרה, כ־{{minutes}} דקות הליכה', share: 'העתקת קישור', copied: 'הקישור הועתק', qr: 'סרקו כדי לפתוח בטלפון', addSeries: 'הוספת כל המועדים ליומן', addNext: 'הוספת המועד הבא', fallback: 'טרם תורגם: מוצג ב{{lang}}', contact: 'יצירת קשר', accessibility: 'נגישות', wheelchair: 'גישה לכיסא גלגלים: {{value}}', categories: 'קטגוריות' },
  kind: { park: 'פארק', community_garden: 'גינה קהילתית', community_centre: 'מרכז קהילתי', library: 'ספרייה', playground: 'גן שעשועים', coworking: 'מרחב עבודה משותף', organisation_site: 'מוקד שירות', program: 'תוכנית', event: 'אירוע', volunteering: 'התנדבות', group: 'קבוצה', service: 'שירות', grant: 'מענק', degraded_zone: 'אזור מוכרז לשיקום', revitalization_zone: 'אזור התחדשות', neighbourhood: 'שכונה', street: 'רחוב' },
  value: { yes: 'כן', limited: 'חלקית', no: 'לא' },
};
export default he;
