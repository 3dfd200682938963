/**
 * The words of the block connectors' mails in the six UI languages: the confirmation of an
 * application, a declined application, and the alert of something new in one's area. (The
 * approval mail is the back office's invitation, server/users/mails.ts, with the role "block
 * connector".) `{name}` placeholders are filled by the renderers, which escape what they insert.
 */
import type { MailLanguage } from '../subscriptions/texts.ts';

export interface ConnectorTexts {
  confirmSubject: string;
  confirmIntro: string;
  confirmButton: string;
  confirmIgnore: string;
  declinedSubject: string;
  declinedIntro: string;
  declinedReason: string;
  alertSubject: string;
  alertIntro: string;
  alertOpen: string;
  alertPage: string;
  alertFooter: string;
  kinds: { opportunity: string; proposal: string; need: string };
}

const en: ConnectorTexts = {
  confirmSubject: 'Confirm your application as a block connector in {tenant}',
  confirmIntro:
    'Hello {name}, you applied to be a block connector in {tenant}. Confirm your application: an administrator of the municipality will then look at it and write to you.',
  confirmButton: 'Confirm my application',
  confirmIgnore: 'If it was not you, ignore this mail: nothing happens without the confirmation.',
  declinedSubject: 'Your block connector application in {tenant}',
  declinedIntro:
    'Thank you, {name}. Your application to be a block connector in {tenant} was not accepted this time.',
  declinedReason: 'The reason given:',
  alertSubject: 'New in your area: {item}',
  alertIntro: 'Something new was published in the area you look after in {tenant}:',
  alertOpen: 'See it on the map',
  alertPage: 'Confirm or flag it on the page of your area',
  alertFooter: 'You receive this mail because you are a block connector of {tenant}.',
  kinds: { opportunity: 'Activity', proposal: 'Residents’ proposal', need: 'Something missing' },
};

const fr: ConnectorTexts = {
  confirmSubject: 'Confirmez votre candidature de relais de quartier à {tenant}',
  confirmIntro:
    'Bonjour {name}, vous avez proposé d’être relais de quartier à {tenant}. Confirmez votre candidature : un administrateur de la commune l’examinera ensuite et vous écrira.',
  confirmButton: 'Confirmer ma candidature',
  confirmIgnore: 'Si ce n’était pas vous, ignorez ce message : rien ne se passe sans confirmation.',
  declinedSubject: 'Votre candidature de relais de quartier à {tenant}',
  declinedIntro:
    'Merci, {name}. Votre candidature de relais de quartier à {tenant} n’a pas été retenue cette fois.',
  declinedReason: 'La raison donnée :',
  alertSubject: 'Nouveau dans votre secteur : {item}',
  alertIntro: 'Quelque chose de nouveau a été publié dans le secteur dont vous vous occupez à {tenant} :',
  alertOpen: 'Voir sur la carte',
  alertPage: 'Le confirmer ou le signaler sur la page de votre secteur',
  alertFooter: 'Vous recevez ce message parce que vous êtes relais de quartier de {tenant}.',
  kinds: { opportunity: 'Activité', proposal: 'Proposition d’habitants', need: 'Un manque' },
};

const he: ConnectorTexts = {
  confirmSubject: 'אישור הבקשה שלך להיות מקשר/ת שכונתי/ת ב־{tenant}',
  confirmIntro:
    'שלום {name}, ביקשת להיות מקשר/ת שכונתי/ת ב־{tenant}. יש לאשר את הבקשה: לאחר מכן מנהל/ת ברשות יבדקו אותה ויכתבו אליך.',
  confirmButton: 'אישור הבקשה שלי',
  confirmIgnore: 'אם לא את/ה שלחת, אפשר להתעלם מהודעה זו: ללא אישור לא קורה דבר.',
  declinedSubject: 'הבקשה שלך להיות מקשר/ת שכונתי/ת ב־{tenant}',
  declinedIntro: 'תודה, {name}. הבקשה שלך להיות מקשר/ת שכונתי/ת ב־{tenant} לא התקבלה הפעם.',
  declinedReason: 'הסיבה שנמסרה:',
  alertSubject: 'חדש באזור שלך: {item}',
  alertIntro: 'פורסם משהו חדש באזור שבאחריותך ב־{tenant}:',
  alertOpen: 'לצפייה במפה',
  alertPage: 'לאשר או לסמן לבדיקה בדף האזור שלך',
  alertFooter: 'הודעה זו נשלחה אליך כי את/ה מקשר/ת שכונתי/ת של {tenant}.',
  kinds: { opportunity: 'פעילות', proposal: 'הצעת תושבים', need: 'משהו שחסר' },
};

const pl: ConnectorTexts = {
  confirmSubject: 'Potwierdź zgłoszenie na łącznika sąsiedzkiego w {tenant}',
  confirmIntro:
    'Dzień dobry, {name}. Zgłosiłeś(-aś) się na łącznika sąsiedzkiego w {tenant}. Potwierdź zgłoszenie: administrator gminy je rozpatrzy i napisze do Ciebie.',
  confirmButton: 'Potwierdzam zgłoszenie',
  confirmIgnore: 'Jeśli to nie Ty, zignoruj tę wiadomość: bez potwierdzenia nic się nie stanie.',
  declinedSubject: 'Twoje zgłoszenie na łącznika sąsiedzkiego w {tenant}',
  declinedIntro:
    'Dziękujemy, {name}. Twoje zgłoszenie na łącznika sąsiedzkiego w {tenant} nie zostało tym razem przyjęte.',
  declinedReason: 'Podany powód:',
  alertSubject: 'Nowość w Twojej okolicy: {item}',
  alertIntro: 'W okolicy, którą się opiekujesz w {tenant}, opublikowano coś nowego:',
  alertOpen: 'Zobacz na mapie',
  alertPage: 'Potwierdź lub zgłoś na stronie swojej okolicy',
  alertFooter: 'Otrzymujesz tę wiadomość, bo jesteś łącznikiem sąsiedzkim w {tenant}.',
  kinds: { opportunity: 'Zajęcia', proposal: 'Propozycja mieszkańców', need: 'Czego brakuje' },
};

const uk: ConnectorTexts = {
  confirmSubject: 'Підтвердьте заявку сусідського зв’язкового в {tenant}',
  confirmIntro:
    'Вітаємо, {name}. Ви подали заявку стати сусідським зв’язковим у {tenant}. Підтвердьте її: адміністратор громади розгляне заявку й напише вам.',
  confirmButton: 'Підтвердити заявку',
  confirmIgnore: 'Якщо це були не ви, просто проігноруйте лист: без підтвердження нічого не станеться.',
  declinedSubject: 'Ваша заявка сусідського зв’язкового в {tenant}',
  declinedIntro: 'Дякуємо, {name}. Цього разу вашу заявку сусідського зв’язкового в {tenant} не прийнято.',
  declinedReason: 'Зазначена причина:',
  alertSubject: 'Нове у вашому районі: {item}',
  alertIntro: 'У районі, який ви опікуєте в {tenant}, опубліковано щось нове:',
  alertOpen: 'Переглянути на карті',
  alertPage: 'Підтвердити або позначити на сторінці вашого району',
  alertFooter: 'Ви отримали цей лист, бо ви сусідський зв’язковий у {tenant}.',
  kinds: { opportunity: 'Заняття', proposal: 'Пропозиція мешканців', need: 'Чого бракує' },
};

const ru: ConnectorTexts = {
  confirmSubject: 'Подтвердите заявку соседского связного в {tenant}',
  confirmIntro:
    'Здравствуйте, {name}. Вы подали заявку стать соседским связным в {tenant}. Подтвердите её: администратор муниципалитета рассмотрит заявку и напишет вам.',
  confirmButton: 'Подтвердить заявку',
  confirmIgnore: 'Если это были не вы, просто проигнорируйте письмо: без подтверждения ничего не произойдёт.',
  declinedSubject: 'Ваша заявка соседского связного в {tenant}',
  declinedIntro: 'Спасибо, {name}. В этот раз ваша заявка соседского связного в {tenant} не принята.',
  declinedReason: 'Указанная причина:',
  alertSubject: 'Новое в вашем районе: {item}',
  alertIntro: 'В районе, за которым вы присматриваете в {tenant}, опубликовано что-то новое:',
  alertOpen: 'Посмотреть на карте',
  alertPage: 'Подтвердить или отметить на странице вашего района',
  alertFooter: 'Вы получили это письмо, потому что вы соседский связной в {tenant}.',
  kinds: { opportunity: 'Занятие', proposal: 'Предложение жителей', need: 'Чего не хватает' },
};

export const CONNECTOR_TEXTS: Record<MailLanguage, ConnectorTexts> = { en, fr, he, pl, uk, ru };
