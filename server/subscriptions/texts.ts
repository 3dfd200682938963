/**
 * The words of the subscription mails and pages in the six UI languages. `{name}` placeholders
 * are filled by `fill`, which escapes nothing: the HTML renderers escape what they insert.
 */
export const MAIL_LANGUAGES = ['en', 'fr', 'he', 'pl', 'uk', 'ru'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

export const RTL: ReadonlySet<string> = new Set(['he']);

export interface MailTexts {
  confirmSubject: string;
  confirmIntro: string;
  confirmButton: string;
  confirmIgnore: string;
  alreadySubject: string;
  alreadyIntro: string;
  digestSubjectWeekly: string;
  digestSubjectDaily: string;
  digestIntroWeekly: string;
  digestIntroDaily: string;
  open: string;
  manage: string;
  unsubscribe: string;
  footer: string;
  weekly: string;
  daily: string;
  confirmPageTitle: string;
  confirmPageText: string;
  confirmedTitle: string;
  confirmedText: string;
  invalidTitle: string;
  invalidText: string;
  manageTitle: string;
  language: string;
  frequency: string;
  filters: string;
  filtersHelp: string;
  save: string;
  saved: string;
  delete: string;
  deletedTitle: string;
  deletedText: string;
  unsubscribePageText: string;
}

const en: MailTexts = {
  confirmSubject: 'Confirm your {tenant} digest',
  confirmIntro:
    'Someone (we hope you) asked for a {frequency} e-mail of what is on in {tenant}. Confirm to start receiving it.',
  confirmButton: 'Confirm my subscription',
  confirmIgnore:
    'If it was not you, ignore this mail: nothing will be sent and the address is deleted in 7 days.',
  alreadySubject: 'Your {tenant} digest',
  alreadyIntro: 'This address already receives the {tenant} digest. You can change or stop it here.',
  digestSubjectWeekly: 'What is on in {tenant} this week',
  digestSubjectDaily: 'What is on in {tenant} today and tomorrow',
  digestIntroWeekly: 'Activities for you in the coming week, soonest first.',
  digestIntroDaily: 'Activities for you today and tomorrow, soonest first.',
  open: 'Details',
  manage: 'Change this digest',
  unsubscribe: 'Unsubscribe',
  footer: 'You receive this because you subscribed to {tenant} on Commons Map.',
  weekly: 'weekly',
  daily: 'daily',
  confirmPageTitle: 'Confirm your subscription',
  confirmPageText: 'Press the button to start receiving the digest.',
  confirmedTitle: 'Subscription confirmed',
  confirmedText: 'Thank you. The first digest comes at the next scheduled time.',
  invalidTitle: 'This link does not work',
  invalidText: 'It has expired or was already used. You can subscribe again from the map.',
  manageTitle: 'Your digest',
  language: 'Language',
  frequency: 'How often',
  filters: 'Filters',
  filtersHelp:
    'The filters of the map view, as in its address (for example category=gardening&audience=seniors).',
  save: 'Save',
  saved: 'Saved.',
  delete: 'Delete my subscription',
  deletedTitle: 'Unsubscribed',
  deletedText: 'Your address has been deleted. No more mail will be sent.',
  unsubscribePageText: 'Press the button to stop the digest and delete your address.',
};

const fr: MailTexts = {
  confirmSubject: 'Confirmez votre lettre {tenant}',
  confirmIntro:
    'Quelqu’un (vous, nous l’espérons) a demandé un e-mail {frequency} de ce qui se passe à {tenant}. Confirmez pour commencer à le recevoir.',
  confirmButton: 'Confirmer mon abonnement',
  confirmIgnore:
    'Si ce n’était pas vous, ignorez ce message : rien ne sera envoyé et l’adresse sera supprimée dans 7 jours.',
  alreadySubject: 'Votre lettre {tenant}',
  alreadyIntro: 'Cette adresse reçoit déjà la lettre de {tenant}. Vous pouvez la modifier ou l’arrêter ici.',
  digestSubjectWeekly: 'Ce qui se passe à {tenant} cette semaine',
  digestSubjectDaily: 'Ce qui se passe à {tenant} aujourd’hui et demain',
  digestIntroWeekly: 'Les activités pour vous la semaine prochaine, les plus proches d’abord.',
  digestIntroDaily: 'Les activités pour vous aujourd’hui et demain, les plus proches d’abord.',
  open: 'Détails',
  manage: 'Modifier cette lettre',
  unsubscribe: 'Se désabonner',
  footer: 'Vous recevez ce message car vous êtes abonné·e à {tenant} sur Commons Map.',
  weekly: 'hebdomadaire',
  daily: 'quotidien',
  confirmPageTitle: 'Confirmez votre abonnement',
  confirmPageText: 'Appuyez sur le bouton pour commencer à recevoir la lettre.',
  confirmedTitle: 'Abonnement confirmé',
  confirmedText: 'Merci. La première lettre arrivera à la prochaine date prévue.',
  invalidTitle: 'Ce lien ne fonctionne pas',
  invalidText: 'Il a expiré ou a déjà servi. Vous pouvez vous réabonner depuis la carte.',
  manageTitle: 'Votre lettre',
  language: 'Langue',
  frequency: 'Fréquence',
  filters: 'Filtres',
  filtersHelp:
    'Les filtres de la vue de la carte, comme dans son adresse (par exemple category=gardening&audience=seniors).',
  save: 'Enregistrer',
  saved: 'Enregistré.',
  delete: 'Supprimer mon abonnement',
  deletedTitle: 'Désabonné·e',
  deletedText: 'Votre adresse a été supprimée. Plus aucun message ne sera envoyé.',
  unsubscribePageText: 'Appuyez sur le bouton pour arrêter la lettre et supprimer votre adresse.',
};

const he: MailTexts = {
  confirmSubject: 'אישור העדכון מ־{tenant}',
  confirmIntro:
    'מישהו (אנחנו מקווים שאתם) ביקש דוא״ל {frequency} על מה שקורה ב־{tenant}. אשרו כדי להתחיל לקבל אותו.',
  confirmButton: 'אישור ההרשמה',
  confirmIgnore: 'אם לא אתם ביקשתם, התעלמו מהודעה זו: שום דבר לא יישלח והכתובת תימחק בעוד 7 ימים.',
  alreadySubject: 'העדכון שלכם מ־{tenant}',
  alreadyIntro: 'כתובת זו כבר מקבלת את העדכון מ־{tenant}. כאן אפשר לשנות או להפסיק אותו.',
  digestSubjectWeekly: 'מה קורה ב־{tenant} השבוע',
  digestSubjectDaily: 'מה קורה ב־{tenant} היום ומחר',
  digestIntroWeekly: 'פעילויות בשבילכם בשבוע הקרוב, הקרובות ביותר תחילה.',
  digestIntroDaily: 'פעילויות בשבילכם היום ומחר, הקרובות ביותר תחילה.',
  open: 'פרטים',
  manage: 'שינוי העדכון',
  unsubscribe: 'ביטול ההרשמה',
  footer: 'קיבלתם הודעה זו כי נרשמתם לעדכונים של {tenant} ב־\u2068Commons Map\u2069.',
  weekly: 'שבועי',
  daily: 'יומי',
  confirmPageTitle: 'אישור ההרשמה',
  confirmPageText: 'לחצו על הכפתור כדי להתחיל לקבל את העדכון.',
  confirmedTitle: 'ההרשמה אושרה',
  confirmedText: 'תודה. העדכון הראשון יגיע במועד הקבוע הבא.',
  invalidTitle: 'הקישור הזה אינו פועל',
  invalidText: 'תוקפו פג או שכבר נעשה בו שימוש. אפשר להירשם שוב מהמפה.',
  manageTitle: 'העדכון שלכם',
  language: 'שפה',
  frequency: 'תדירות',
  filters: 'מסננים',
  filtersHelp: 'המסננים של תצוגת המפה, כמו בכתובת שלה (למשל category=gardening&audience=seniors).',
  save: 'שמירה',
  saved: 'נשמר.',
  delete: 'מחיקת ההרשמה',
  deletedTitle: 'ההרשמה בוטלה',
  deletedText: 'הכתובת שלכם נמחקה. לא יישלחו הודעות נוספות.',
  unsubscribePageText: 'לחצו על הכפתור כדי להפסיק את העדכון ולמחוק את הכתובת.',
};

const pl: MailTexts = {
  confirmSubject: 'Potwierdź biuletyn {tenant}',
  confirmIntro:
    'Ktoś (mamy nadzieję, że Ty) poprosił o {frequency} e-mail z wydarzeniami w {tenant}. Potwierdź, aby zacząć go otrzymywać.',
  confirmButton: 'Potwierdzam subskrypcję',
  confirmIgnore:
    'Jeśli to nie Ty, zignoruj tę wiadomość: nic nie zostanie wysłane, a adres zostanie usunięty za 7 dni.',
  alreadySubject: 'Twój biuletyn {tenant}',
  alreadyIntro: 'Ten adres już otrzymuje biuletyn {tenant}. Tutaj możesz go zmienić lub zatrzymać.',
  digestSubjectWeekly: 'Co się dzieje w {tenant} w tym tygodniu',
  digestSubjectDaily: 'Co się dzieje w {tenant} dziś i jutro',
  digestIntroWeekly: 'Zajęcia dla Ciebie w nadchodzącym tygodniu, najbliższe najpierw.',
  digestIntroDaily: 'Zajęcia dla Ciebie dziś i jutro, najbliższe najpierw.',
  open: 'Szczegóły',
  manage: 'Zmień ten biuletyn',
  unsubscribe: 'Wypisz się',
  footer: 'Otrzymujesz tę wiadomość, bo zapisałeś(-aś) się na {tenant} w Commons Map.',
  weekly: 'cotygodniowy',
  daily: 'codzienny',
  confirmPageTitle: 'Potwierdź subskrypcję',
  confirmPageText: 'Naciśnij przycisk, aby zacząć otrzymywać biuletyn.',
  confirmedTitle: 'Subskrypcja potwierdzona',
  confirmedText: 'Dziękujemy. Pierwszy biuletyn przyjdzie w najbliższym zaplanowanym terminie.',
  invalidTitle: 'Ten link nie działa',
  invalidText: 'Wygasł lub został już użyty. Możesz zapisać się ponownie z mapy.',
  manageTitle: 'Twój biuletyn',
  language: 'Język',
  frequency: 'Jak często',
  filters: 'Filtry',
  filtersHelp: 'Filtry widoku mapy, jak w jego adresie (na przykład category=gardening&audience=seniors).',
  save: 'Zapisz',
  saved: 'Zapisano.',
  delete: 'Usuń moją subskrypcję',
  deletedTitle: 'Wypisano',
  deletedText: 'Twój adres został usunięty. Nie wyślemy już żadnych wiadomości.',
  unsubscribePageText: 'Naciśnij przycisk, aby zatrzymać biuletyn i usunąć swój adres.',
};

const uk: MailTexts = {
  confirmSubject: 'Підтвердіть розсилку {tenant}',
  confirmIntro:
    'Хтось (сподіваємося, ви) попросив {frequency} лист про події в {tenant}. Підтвердьте, щоб почати його отримувати.',
  confirmButton: 'Підтвердити підписку',
  confirmIgnore:
    'Якщо це були не ви, проігноруйте цей лист: нічого не надсилатиметься, а адресу буде видалено через 7 днів.',
  alreadySubject: 'Ваша розсилка {tenant}',
  alreadyIntro: 'Ця адреса вже отримує розсилку {tenant}. Тут її можна змінити або зупинити.',
  digestSubjectWeekly: 'Що відбувається в {tenant} цього тижня',
  digestSubjectDaily: 'Що відбувається в {tenant} сьогодні й завтра',
  digestIntroWeekly: 'Заняття для вас на найближчий тиждень, найближчі першими.',
  digestIntroDaily: 'Заняття для вас сьогодні й завтра, найближчі першими.',
  open: 'Докладніше',
  manage: 'Змінити розсилку',
  unsubscribe: 'Відписатися',
  footer: 'Ви отримали цей лист, бо підписалися на {tenant} у Commons Map.',
  weekly: 'щотижневий',
  daily: 'щоденний',
  confirmPageTitle: 'Підтвердьте підписку',
  confirmPageText: 'Натисніть кнопку, щоб почати отримувати розсилку.',
  confirmedTitle: 'Підписку підтверджено',
  confirmedText: 'Дякуємо. Перший лист надійде в найближчий запланований час.',
  invalidTitle: 'Це посилання не працює',
  invalidText: 'Термін дії минув або його вже використано. Ви можете підписатися знову з мапи.',
  manageTitle: 'Ваша розсилка',
  language: 'Мова',
  frequency: 'Як часто',
  filters: 'Фільтри',
  filtersHelp: 'Фільтри вигляду мапи, як у її адресі (наприклад category=gardening&audience=seniors).',
  save: 'Зберегти',
  saved: 'Збережено.',
  delete: 'Видалити підписку',
  deletedTitle: 'Ви відписалися',
  deletedText: 'Вашу адресу видалено. Листів більше не буде.',
  unsubscribePageText: 'Натисніть кнопку, щоб зупинити розсилку й видалити адресу.',
};

const ru: MailTexts = {
  confirmSubject: 'Подтвердите рассылку {tenant}',
  confirmIntro:
    'Кто-то (надеемся, вы) запросил {frequency} письмо о событиях в {tenant}. Подтвердите, чтобы начать его получать.',
  confirmButton: 'Подтвердить подписку',
  confirmIgnore:
    'Если это были не вы, проигнорируйте письмо: ничего не будет отправлено, а адрес удалится через 7 дней.',
  alreadySubject: 'Ваша рассылка {tenant}',
  alreadyIntro: 'Этот адрес уже получает рассылку {tenant}. Здесь её можно изменить или остановить.',
  digestSubjectWeekly: 'Что происходит в {tenant} на этой неделе',
  digestSubjectDaily: 'Что происходит в {tenant} сегодня и завтра',
  digestIntroWeekly: 'Занятия для вас на ближайшую неделю, ближайшие первыми.',
  digestIntroDaily: 'Занятия для вас сегодня и завтра, ближайшие первыми.',
  open: 'Подробнее',
  manage: 'Изменить рассылку',
  unsubscribe: 'Отписаться',
  footer: 'Вы получили это письмо, потому что подписались на {tenant} в Commons Map.',
  weekly: 'еженедельное',
  daily: 'ежедневное',
  confirmPageTitle: 'Подтвердите подписку',
  confirmPageText: 'Нажмите кнопку, чтобы начать получать рассылку.',
  confirmedTitle: 'Подписка подтверждена',
  confirmedText: 'Спасибо. Первое письмо придёт в ближайшее запланированное время.',
  invalidTitle: 'Эта ссылка не работает',
  invalidText: 'Срок её действия истёк или она уже использована. Вы можете подписаться снова с карты.',
  manageTitle: 'Ваша рассылка',
  language: 'Язык',
  frequency: 'Как часто',
  filters: 'Фильтры',
  filtersHelp: 'Фильтры вида карты, как в его адресе (например category=gardening&audience=seniors).',
  save: 'Сохранить',
  saved: 'Сохранено.',
  delete: 'Удалить подписку',
  deletedTitle: 'Вы отписались',
  deletedText: 'Ваш адрес удалён. Писем больше не будет.',
  unsubscribePageText: 'Нажмите кнопку, чтобы остановить рассылку и удалить адрес.',
};

const TEXTS: Record<MailLanguage, MailTexts> = { en, fr, he, pl, uk, ru };

export const LANGUAGE_NAMES: Record<MailLanguage, string> = {
  en: 'English',
  fr: 'Français',
  he: 'עברית',
  pl: 'Polski',
  uk: 'Українська',
  ru: 'Русский',
};

export function textsFor(lang: string): MailTexts {
  return TEXTS[(MAIL_LANGUAGES as readonly string[]).includes(lang) ? (lang as MailLanguage) : 'en'];
}

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}
