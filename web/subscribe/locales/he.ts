import type en from './en.ts';

// \u2068…\u2069 keep the example address left to right inside the Hebrew sentence
const he: typeof en = {
  title: 'קבלת התצוגה הזו בדוא״ל',
  intro: 'דוא״ל קצר עם הפעילויות של התצוגה הזו, בשפה שלכם. בלי חשבון.',
  email: 'כתובת דוא״ל',
  emailHelp: 'תחילה נשלח קישור לאישור; שום דבר אחר לא יישלח לפני שתאשרו.',
  language: 'שפת הדוא״ל',
  frequency: 'תדירות',
  weekly: 'כל שבוע',
  daily: 'כל יום (היום ומחר)',
  forView: 'לתצוגה הזו: ',
  allActivities: 'כל הפעילויות',
  submit: 'הרשמה',
  sending: 'שולח…',
  sent: 'בדקו את תיבת הדואר: שלחנו קישור לאישור ההרשמה.',
  mailOff: 'עדכונים בדוא״ל אינם זמינים בשרת הזה.',
  errorEmail: 'הזינו כתובת דוא״ל כמו \u2068name@example.org\u2069.',
  errorServer: 'ההרשמה לא הצליחה: {{message}}',
  errorNetwork: 'לא ניתן להגיע לשרת. נסו שוב בעוד רגע.',
};
export default he;
