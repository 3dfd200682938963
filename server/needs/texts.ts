/**
 * The words of the needs and supports mails in the six UI languages (the submitter's language;
 * `{name}` placeholders are filled by server/subscriptions/texts.ts's `fill`).
 */
import type { MailLanguage } from '../subscriptions/texts.ts';

export interface NeedsMailTexts {
  needSubject: string;
  needIntro: string;
  surveySubject: string;
  surveyIntro: string;
  needButton: string;
  needIgnore: string;
  supportSubject: string;
  supportIntro: string;
  supportButton: string;
  supportIgnore: string;
  withdrawIntro: string;
  withdrawButton: string;
}

const en: NeedsMailTexts = {
  needSubject: 'Confirm what is missing on the {tenant} map',
  needIntro:
    'Thank you for telling {tenant} what is missing. Confirm your address and it goes to the moderators. Once published it shows on the map about 100 m from where you pinned it, without your address or any other personal data.',
  surveySubject: 'Confirm your answer to the {tenant} survey',
  surveyIntro:
    'Thank you for answering the survey “{survey}”. Confirm your address and your answer is counted; what you wrote goes to the moderators before anything is shown on the map.',
  needButton: 'Confirm',
  needIgnore:
    'If it was not you, ignore this mail: nothing is counted or published without the confirmation.',
  supportSubject: 'Confirm your support in {tenant}',
  supportIntro:
    'You asked to support “{item}”. Confirm and your support is counted: once per e-mail address.',
  supportButton: 'Confirm my support',
  supportIgnore: 'If it was not you, ignore this mail: nothing is counted without the confirmation.',
  withdrawIntro: 'Changed your mind? You can withdraw your support at any time with this link:',
  withdrawButton: 'Withdraw my support',
};

const fr: typeof en = {
  needSubject: 'Confirmez ce qui manque sur la carte de {tenant}',
  needIntro:
    'Merci d’avoir signalé à {tenant} ce qui manque. Confirmez votre adresse et votre message est transmis aux modérateurs. Une fois publié, il apparaît sur la carte à environ 100 m de l’endroit indiqué, sans votre adresse ni aucune donnée personnelle.',
  surveySubject: 'Confirmez votre réponse à l’enquête de {tenant}',
  surveyIntro:
    'Merci d’avoir répondu à l’enquête « {survey} ». Confirmez votre adresse et votre réponse est comptée ; ce que vous avez écrit passe par les modérateurs avant d’apparaître sur la carte.',
  needButton: 'Confirmer',
  needIgnore: 'Si ce n’était pas vous, ignorez ce message : rien n’est compté ni publié sans confirmation.',
  supportSubject: 'Confirmez votre soutien à {tenant}',
  supportIntro:
    'Vous avez demandé à soutenir « {item} ». Confirmez et votre soutien est compté : une fois par adresse e-mail.',
  supportButton: 'Confirmer mon soutien',
  supportIgnore: 'Si ce n’était pas vous, ignorez ce message : rien n’est compté sans confirmation.',
  withdrawIntro: 'Vous avez changé d’avis ? Vous pouvez retirer votre soutien à tout moment avec ce lien :',
  withdrawButton: 'Retirer mon soutien',
};

const he: typeof en = {
  needSubject: 'אישור מה חסר במפה של {tenant}',
  needIntro:
    'תודה שסיפרתם ל{tenant} מה חסר. אשרו את הכתובת שלכם והפנייה תועבר למנהלי התוכן. לאחר הפרסום היא תוצג במפה כ־100 מטר מהמקום שסימנתם, בלי הכתובת שלכם ובלי פרטים אישיים אחרים.',
  surveySubject: 'אישור התשובה שלכם לסקר של {tenant}',
  surveyIntro:
    'תודה שעניתם על הסקר „{survey}”. אשרו את הכתובת שלכם והתשובה תיספר; מה שכתבתם יעבור למנהלי התוכן לפני שיוצג משהו במפה.',
  needButton: 'אישור',
  needIgnore: 'אם לא אתם שלחתם, התעלמו מהודעה זו: שום דבר לא נספר ולא מתפרסם בלי אישור.',
  supportSubject: 'אישור התמיכה שלכם ב{tenant}',
  supportIntro: 'ביקשתם לתמוך ב„{item}”. אשרו והתמיכה שלכם תיספר: פעם אחת לכל כתובת דוא״ל.',
  supportButton: 'אישור התמיכה שלי',
  supportIgnore: 'אם לא אתם שלחתם, התעלמו מהודעה זו: שום דבר לא נספר בלי אישור.',
  withdrawIntro: 'שיניתם את דעתכם? אפשר לבטל את התמיכה בכל עת בקישור הזה:',
  withdrawButton: 'ביטול התמיכה שלי',
};

const pl: typeof en = {
  needSubject: 'Potwierdź, czego brakuje na mapie: {tenant}',
  needIntro:
    'Dziękujemy, że powiedzieliście nam ({tenant}), czego brakuje. Potwierdź adres, a zgłoszenie trafi do moderatorów. Po publikacji pojawi się na mapie około 100 m od wskazanego miejsca, bez Twojego adresu ani innych danych osobowych.',
  surveySubject: 'Potwierdź odpowiedź w ankiecie: {tenant}',
  surveyIntro:
    'Dziękujemy za odpowiedź w ankiecie „{survey}”. Potwierdź adres, a odpowiedź zostanie policzona; to, co napisano, przejrzą moderatorzy, zanim cokolwiek pojawi się na mapie.',
  needButton: 'Potwierdź',
  needIgnore:
    'Jeśli to nie Ty, zignoruj tę wiadomość: bez potwierdzenia nic nie jest liczone ani publikowane.',
  supportSubject: 'Potwierdź swoje poparcie: {tenant}',
  supportIntro: 'Chcesz poprzeć „{item}”. Potwierdź, a poparcie zostanie policzone: raz na adres e-mail.',
  supportButton: 'Potwierdzam poparcie',
  supportIgnore: 'Jeśli to nie Ty, zignoruj tę wiadomość: bez potwierdzenia nic nie jest liczone.',
  withdrawIntro: 'Zmiana zdania? Poparcie można wycofać w każdej chwili tym linkiem:',
  withdrawButton: 'Wycofuję poparcie',
};

const uk: typeof en = {
  needSubject: 'Підтвердьте, чого бракує на мапі: {tenant}',
  needIntro:
    'Дякуємо, що розповіли нам ({tenant}), чого бракує. Підтвердьте адресу, і повідомлення потрапить до модераторів. Після публікації воно з’явиться на мапі приблизно за 100 м від позначеного місця, без вашої адреси та інших особистих даних.',
  surveySubject: 'Підтвердьте відповідь в опитуванні: {tenant}',
  surveyIntro:
    'Дякуємо за відповідь в опитуванні «{survey}». Підтвердьте адресу, і відповідь буде враховано; написане перегляне модератор, перш ніж щось з’явиться на мапі.',
  needButton: 'Підтвердити',
  needIgnore:
    'Якщо це були не ви, просто проігноруйте лист: без підтвердження нічого не враховується і не публікується.',
  supportSubject: 'Підтвердьте свою підтримку: {tenant}',
  supportIntro:
    'Ви хочете підтримати «{item}». Підтвердьте, і підтримку буде враховано: один раз на адресу e-mail.',
  supportButton: 'Підтвердити підтримку',
  supportIgnore: 'Якщо це були не ви, просто проігноруйте лист: без підтвердження нічого не враховується.',
  withdrawIntro: 'Передумали? Підтримку можна відкликати будь-коли за цим посиланням:',
  withdrawButton: 'Відкликати підтримку',
};

const ru: typeof en = {
  needSubject: 'Подтвердите, чего не хватает на карте: {tenant}',
  needIntro:
    'Спасибо, что рассказали нам ({tenant}), чего не хватает. Подтвердите адрес, и сообщение попадёт к модераторам. После публикации оно появится на карте примерно в 100 м от отмеченного места, без вашего адреса и других личных данных.',
  surveySubject: 'Подтвердите ответ в опросе: {tenant}',
  surveyIntro:
    'Спасибо за ответ в опросе «{survey}». Подтвердите адрес, и ответ будет учтён; написанное просмотрит модератор, прежде чем что-то появится на карте.',
  needButton: 'Подтвердить',
  needIgnore:
    'Если это были не вы, просто проигнорируйте письмо: без подтверждения ничего не учитывается и не публикуется.',
  supportSubject: 'Подтвердите свою поддержку: {tenant}',
  supportIntro:
    'Вы хотите поддержать «{item}». Подтвердите, и поддержка будет учтена: один раз на адрес e-mail.',
  supportButton: 'Подтвердить поддержку',
  supportIgnore:
    'Если это были не вы, просто проигнорируйте письмо: без подтверждения ничего не учитывается.',
  withdrawIntro: 'Передумали? Поддержку можно отозвать в любой момент по этой ссылке:',
  withdrawButton: 'Отозвать поддержку',
};

export const NEEDS_TEXTS: Record<MailLanguage, NeedsMailTexts> = { en, fr, he, pl, uk, ru };

export function needsTextsFor(lang: string): NeedsMailTexts {
  return NEEDS_TEXTS[lang as MailLanguage] ?? en;
}
