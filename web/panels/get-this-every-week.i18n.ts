/** The strings of "Get this every week" (GetThisEveryWeek.tsx), as the i18next namespace "feeds". */
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { addNamespace } from '../i18n/index.ts';

const en = {
  title: 'Get this every week',
  intro: 'Receive this list — with its filters — without an account.',
  calendarTitle: 'In your calendar',
  addToCalendar: 'Add this list to my calendar',
  calendarHelp:
    'Your calendar app keeps it up to date. Or copy this address into Google Calendar, Apple Calendar or Thunderbird:',
  calendarUrl: 'Address of the calendar',
  copy: 'Copy',
  copied: 'Address copied',
  copyFailed: 'Select the address and copy it',
  feedTitle: 'In a news reader',
  atom: 'Follow this list as a news feed (Atom)',
  feedName: 'What’s on — news feed',
  printTitle: 'On paper',
  print: 'Print a leaflet for {{area}}',
  printHint: 'Pick a point in a neighbourhood to print its leaflet.',
  cap: 'At most 500 activities; without dates chosen, the coming eight weeks.',
};
type Strings = typeof en;

const fr: Strings = {
  title: 'Recevoir ceci chaque semaine',
  intro: 'Recevez cette liste — avec ses filtres — sans compte.',
  calendarTitle: 'Dans votre agenda',
  addToCalendar: 'Ajouter cette liste à mon agenda',
  calendarHelp:
    'Votre agenda la tient à jour. Ou copiez cette adresse dans Google Agenda, Calendrier d’Apple ou Thunderbird :',
  calendarUrl: 'Adresse de l’agenda',
  copy: 'Copier',
  copied: 'Adresse copiée',
  copyFailed: 'Sélectionnez l’adresse et copiez-la',
  feedTitle: 'Dans un lecteur de flux',
  atom: 'Suivre cette liste en flux d’actualités (Atom)',
  feedName: 'Au programme — flux d’actualités',
  printTitle: 'Sur papier',
  print: 'Imprimer un dépliant pour {{area}}',
  printHint: 'Choisissez un point dans un quartier pour imprimer son dépliant.',
  cap: '500 activités au plus ; sans dates choisies, les huit semaines à venir.',
};
const he: Strings = {
  title: 'לקבל את זה כל שבוע',
  intro: 'קבלו את הרשימה הזו — עם המסננים שלה — בלי חשבון.',
  calendarTitle: 'ביומן שלכם',
  addToCalendar: 'הוספת הרשימה הזו ליומן שלי',
  // Latin product names isolated (U+2068 … U+2069) so the commas stay in Hebrew order
  calendarHelp:
    'היומן שלכם יעדכן אותה. או העתיקו את הכתובת הזו אל \u2068Google Calendar\u2069, \u2068Apple Calendar\u2069 או \u2068Thunderbird\u2069:',
  calendarUrl: 'כתובת היומן',
  copy: 'העתקה',
  copied: 'הכתובת הועתקה',
  copyFailed: 'סמנו את הכתובת והעתיקו אותה',
  feedTitle: 'בקורא חדשות',
  atom: 'מעקב אחרי הרשימה כערוץ חדשות (\u2068Atom\u2069)',
  feedName: 'מה קורה — ערוץ חדשות',
  printTitle: 'על נייר',
  print: 'הדפסת עלון עבור {{area}}',
  printHint: 'בחרו נקודה בשכונה כדי להדפיס את העלון שלה.',
  cap: 'עד 500 פעילויות; בלי תאריכים שנבחרו — שמונת השבועות הקרובים.',
};
const pl: Strings = {
  title: 'Otrzymuj to co tydzień',
  intro: 'Otrzymuj tę listę — z jej filtrami — bez zakładania konta.',
  calendarTitle: 'W kalendarzu',
  addToCalendar: 'Dodaj tę listę do mojego kalendarza',
  calendarHelp:
    'Twój kalendarz będzie ją aktualizował. Albo skopiuj ten adres do Kalendarza Google, Kalendarza Apple lub Thunderbirda:',
  calendarUrl: 'Adres kalendarza',
  copy: 'Kopiuj',
  copied: 'Adres skopiowany',
  copyFailed: 'Zaznacz adres i skopiuj go',
  feedTitle: 'W czytniku wiadomości',
  atom: 'Obserwuj tę listę jako kanał wiadomości (Atom)',
  feedName: 'Co się dzieje — kanał wiadomości',
  printTitle: 'Na papierze',
  print: 'Wydrukuj ulotkę dla: {{area}}',
  printHint: 'Wybierz punkt w dzielnicy, aby wydrukować jej ulotkę.',
  cap: 'Najwyżej 500 zajęć; bez wybranych dat — najbliższe osiem tygodni.',
};
const uk: Strings = {
  title: 'Отримувати це щотижня',
  intro: 'Отримуйте цей список — з його фільтрами — без облікового запису.',
  calendarTitle: 'У вашому календарі',
  addToCalendar: 'Додати цей список до мого календаря',
  calendarHelp:
    'Ваш календар оновлюватиме його. Або скопіюйте цю адресу в Google Календар, Календар Apple чи Thunderbird:',
  calendarUrl: 'Адреса календаря',
  copy: 'Копіювати',
  copied: 'Адресу скопійовано',
  copyFailed: 'Виділіть адресу й скопіюйте її',
  feedTitle: 'У програмі для новин',
  atom: 'Стежити за цим списком як за стрічкою новин (Atom)',
  feedName: 'Що відбувається — стрічка новин',
  printTitle: 'На папері',
  print: 'Надрукувати листівку для: {{area}}',
  printHint: 'Виберіть точку в районі, щоб надрукувати його листівку.',
  cap: 'Щонайбільше 500 заходів; без вибраних дат — найближчі вісім тижнів.',
};
const ru: Strings = {
  title: 'Получать это каждую неделю',
  intro: 'Получайте этот список — с его фильтрами — без учётной записи.',
  calendarTitle: 'В вашем календаре',
  addToCalendar: 'Добавить этот список в мой календарь',
  calendarHelp:
    'Ваш календарь будет его обновлять. Или скопируйте этот адрес в Google Календарь, Календарь Apple или Thunderbird:',
  calendarUrl: 'Адрес календаря',
  copy: 'Копировать',
  copied: 'Адрес скопирован',
  copyFailed: 'Выделите адрес и скопируйте его',
  feedTitle: 'В программе для новостей',
  atom: 'Следить за этим списком как за лентой новостей (Atom)',
  feedName: 'Что происходит — лента новостей',
  printTitle: 'На бумаге',
  print: 'Напечатать листовку для: {{area}}',
  printHint: 'Выберите точку в районе, чтобы напечатать его листовку.',
  cap: 'Не более 500 занятий; без выбранных дат — ближайшие восемь недель.',
};

/** every language's strings (tests/web/locales.test.ts checks them against English) */
export const FEEDS_STRINGS = { en, fr, he, pl, uk, ru };

const NS = 'feeds';

export function useFeedsText() {
  // registered on first use: this module is loaded before i18next is initialised
  if (!i18next.hasResourceBundle('en', NS)) addNamespace(NS, FEEDS_STRINGS);
  const { t, i18n } = useTranslation(NS);
  return {
    t: (key: keyof Strings, vars?: Record<string, string>) => t(key, vars ?? {}),
    lang: i18n.language,
  };
}
