/**
 * The words of the mails residents receive about their proposals and needs (confirmation of a
 * proposal; returned, rejected, published — for proposals and for needs), in the six UI
 * languages. `{name}` placeholders are filled by `fill` (server/subscriptions/texts.ts).
 */
import { MAIL_LANGUAGES, type MailLanguage } from '../subscriptions/texts.ts';

export interface ProposalMailTexts {
  confirmSubject: string;
  confirmIntro: string;
  confirmButton: string;
  confirmIgnore: string;
  returnedSubject: string;
  returnedIntro: string;
  returnedEdit: string;
  rejectedSubject: string;
  rejectedIntro: string;
  publishedSubject: string;
  publishedIntro: string;
  publishedOpen: string;
  needReturnedSubject: string;
  needReturnedIntro: string;
  needReturnedAgain: string;
  needRejectedSubject: string;
  needRejectedIntro: string;
  needPublishedSubject: string;
  needPublishedIntro: string;
  needPublishedOpen: string;
  footer: string;
}

const en: ProposalMailTexts = {
  confirmSubject: 'Confirm your proposal for {tenant}',
  confirmIntro:
    'Someone (we hope you) proposed “{title}” for the {tenant} map. Confirm it so that the moderators can look at it.',
  confirmButton: 'Confirm my proposal',
  confirmIgnore:
    'If it was not you, ignore this mail: nothing is published and the proposal is deleted in 7 days.',
  returnedSubject: 'Your proposal “{title}” needs a change',
  returnedIntro: 'The moderators of {tenant} sent your proposal back with this note:',
  returnedEdit: 'Change it and send it again',
  rejectedSubject: 'Your proposal “{title}” was not accepted',
  rejectedIntro: 'The moderators of {tenant} did not accept your proposal, for this reason:',
  publishedSubject: '“{title}” is on the {tenant} map',
  publishedIntro:
    'Thank you! The moderators published your proposal: it is on the map now, marked as a resident initiative.',
  publishedOpen: 'See it on the map',
  needReturnedSubject: 'What you reported needs a change',
  needReturnedIntro: 'The moderators of {tenant} could not publish what you reported, with this note:',
  needReturnedAgain: 'You can report it again from the map, changed as the note asks.',
  needRejectedSubject: 'What you reported was not published',
  needRejectedIntro: 'The moderators of {tenant} did not publish what you reported, for this reason:',
  needPublishedSubject: 'What you reported is on the {tenant} map',
  needPublishedIntro:
    'Thank you! It is on the map now, at an approximate location and without your name or address.',
  needPublishedOpen: 'See it on the map',
  footer: 'You receive this because this address was given with a submission to the {tenant} map.',
};

const fr: typeof en = {
  confirmSubject: 'Confirmez votre proposition pour {tenant}',
  confirmIntro:
    'Quelqu’un (vous, nous l’espérons) a proposé « {title} » pour la carte de {tenant}. Confirmez-la pour que les modérateurs puissent l’examiner.',
  confirmButton: 'Confirmer ma proposition',
  confirmIgnore:
    'Si ce n’était pas vous, ignorez ce message : rien n’est publié et la proposition est supprimée dans 7 jours.',
  returnedSubject: 'Votre proposition « {title} » est à modifier',
  returnedIntro: 'Les modérateurs de {tenant} vous ont renvoyé votre proposition avec cette remarque :',
  returnedEdit: 'La modifier et la renvoyer',
  rejectedSubject: 'Votre proposition « {title} » n’a pas été acceptée',
  rejectedIntro: 'Les modérateurs de {tenant} n’ont pas accepté votre proposition, pour cette raison :',
  publishedSubject: '« {title} » est sur la carte de {tenant}',
  publishedIntro:
    'Merci ! Les modérateurs ont publié votre proposition : elle est sur la carte, signalée comme initiative d’habitants.',
  publishedOpen: 'La voir sur la carte',
  needReturnedSubject: 'Votre signalement est à modifier',
  needReturnedIntro:
    'Les modérateurs de {tenant} n’ont pas pu publier votre signalement, avec cette remarque :',
  needReturnedAgain:
    'Vous pouvez le signaler à nouveau depuis la carte, modifié comme le demande la remarque.',
  needRejectedSubject: 'Votre signalement n’a pas été publié',
  needRejectedIntro: 'Les modérateurs de {tenant} n’ont pas publié votre signalement, pour cette raison :',
  needPublishedSubject: 'Votre signalement est sur la carte de {tenant}',
  needPublishedIntro:
    'Merci ! Il est sur la carte, à un emplacement approximatif, sans votre nom ni votre adresse.',
  needPublishedOpen: 'Le voir sur la carte',
  footer:
    'Vous recevez ce message car cette adresse a été donnée avec une contribution à la carte de {tenant}.',
};

const he: typeof en = {
  confirmSubject: 'אישור ההצעה שלך ל{tenant}',
  confirmIntro:
    'מישהו (אנחנו מקווים שאת/ה) הציע את „{title}” למפה של {tenant}. יש לאשר כדי שהמנהלים יוכלו לבדוק אותה.',
  confirmButton: 'אישור ההצעה שלי',
  confirmIgnore: 'אם לא את/ה שלחת, אפשר להתעלם מהודעה זו: דבר לא יפורסם וההצעה תימחק בעוד 7 ימים.',
  returnedSubject: 'ההצעה „{title}” צריכה שינוי',
  returnedIntro: 'המנהלים של {tenant} החזירו את ההצעה שלך עם ההערה הזו:',
  returnedEdit: 'לשנות ולשלוח שוב',
  rejectedSubject: 'ההצעה „{title}” לא התקבלה',
  rejectedIntro: 'המנהלים של {tenant} לא קיבלו את ההצעה שלך, מהסיבה הזו:',
  publishedSubject: '„{title}” נמצא במפה של {tenant}',
  publishedIntro: 'תודה! המנהלים פרסמו את ההצעה שלך: היא מופיעה עכשיו במפה, מסומנת כיוזמת תושבים.',
  publishedOpen: 'לראות במפה',
  needReturnedSubject: 'הדיווח שלך צריך שינוי',
  needReturnedIntro: 'המנהלים של {tenant} לא יכלו לפרסם את הדיווח שלך, עם ההערה הזו:',
  needReturnedAgain: 'אפשר לדווח שוב מהמפה, עם השינוי שההערה מבקשת.',
  needRejectedSubject: 'הדיווח שלך לא פורסם',
  needRejectedIntro: 'המנהלים של {tenant} לא פרסמו את הדיווח שלך, מהסיבה הזו:',
  needPublishedSubject: 'הדיווח שלך נמצא במפה של {tenant}',
  needPublishedIntro: 'תודה! הוא מופיע עכשיו במפה, במיקום משוער, בלי שמך או כתובתך.',
  needPublishedOpen: 'לראות במפה',
  footer: 'הודעה זו נשלחה כי כתובת זו נמסרה עם פנייה למפה של {tenant}.',
};

const pl: typeof en = {
  confirmSubject: 'Potwierdź swoją propozycję dla {tenant}',
  confirmIntro:
    'Ktoś (mamy nadzieję, że Ty) zaproponował „{title}” na mapę {tenant}. Potwierdź, aby moderatorzy mogli ją przejrzeć.',
  confirmButton: 'Potwierdzam propozycję',
  confirmIgnore:
    'Jeśli to nie Ty, zignoruj tę wiadomość: nic nie zostanie opublikowane, a propozycja zniknie za 7 dni.',
  returnedSubject: 'Propozycja „{title}” wymaga zmiany',
  returnedIntro: 'Moderatorzy {tenant} odesłali Twoją propozycję z tą uwagą:',
  returnedEdit: 'Popraw i wyślij ponownie',
  rejectedSubject: 'Propozycja „{title}” nie została przyjęta',
  rejectedIntro: 'Moderatorzy {tenant} nie przyjęli Twojej propozycji z tego powodu:',
  publishedSubject: '„{title}” jest na mapie {tenant}',
  publishedIntro:
    'Dziękujemy! Moderatorzy opublikowali Twoją propozycję: jest już na mapie, oznaczona jako inicjatywa mieszkańców.',
  publishedOpen: 'Zobacz na mapie',
  needReturnedSubject: 'Twoje zgłoszenie wymaga zmiany',
  needReturnedIntro: 'Moderatorzy {tenant} nie mogli opublikować Twojego zgłoszenia, z tą uwagą:',
  needReturnedAgain: 'Możesz zgłosić je ponownie z mapy, zmienione zgodnie z uwagą.',
  needRejectedSubject: 'Twoje zgłoszenie nie zostało opublikowane',
  needRejectedIntro: 'Moderatorzy {tenant} nie opublikowali Twojego zgłoszenia z tego powodu:',
  needPublishedSubject: 'Twoje zgłoszenie jest na mapie {tenant}',
  needPublishedIntro: 'Dziękujemy! Jest już na mapie, w przybliżonym miejscu, bez Twojego imienia i adresu.',
  needPublishedOpen: 'Zobacz na mapie',
  footer: 'Otrzymujesz tę wiadomość, ponieważ ten adres podano przy zgłoszeniu na mapę {tenant}.',
};

const uk: typeof en = {
  confirmSubject: 'Підтвердьте свою пропозицію для {tenant}',
  confirmIntro:
    'Хтось (сподіваємося, ви) запропонував «{title}» для мапи {tenant}. Підтвердьте, щоб модератори могли її розглянути.',
  confirmButton: 'Підтвердити пропозицію',
  confirmIgnore:
    'Якщо це були не ви, проігноруйте цей лист: нічого не буде опубліковано, а пропозицію видалять за 7 днів.',
  returnedSubject: 'Пропозицію «{title}» треба змінити',
  returnedIntro: 'Модератори {tenant} повернули вашу пропозицію з такою приміткою:',
  returnedEdit: 'Змінити й надіслати знову',
  rejectedSubject: 'Пропозицію «{title}» не прийнято',
  rejectedIntro: 'Модератори {tenant} не прийняли вашу пропозицію з такої причини:',
  publishedSubject: '«{title}» тепер на мапі {tenant}',
  publishedIntro:
    'Дякуємо! Модератори опублікували вашу пропозицію: вона вже на мапі з позначкою «ініціатива мешканців».',
  publishedOpen: 'Переглянути на мапі',
  needReturnedSubject: 'Ваше повідомлення треба змінити',
  needReturnedIntro: 'Модератори {tenant} не змогли опублікувати ваше повідомлення, з такою приміткою:',
  needReturnedAgain: 'Ви можете повідомити знову з мапи, змінивши, як просить примітка.',
  needRejectedSubject: 'Ваше повідомлення не опубліковано',
  needRejectedIntro: 'Модератори {tenant} не опублікували ваше повідомлення з такої причини:',
  needPublishedSubject: 'Ваше повідомлення тепер на мапі {tenant}',
  needPublishedIntro: 'Дякуємо! Воно вже на мапі, у приблизному місці, без вашого імені чи адреси.',
  needPublishedOpen: 'Переглянути на мапі',
  footer: 'Ви отримали цей лист, бо цю адресу вказали разом із дописом на мапу {tenant}.',
};

const ru: typeof en = {
  confirmSubject: 'Подтвердите своё предложение для {tenant}',
  confirmIntro:
    'Кто-то (надеемся, вы) предложил «{title}» для карты {tenant}. Подтвердите, чтобы модераторы могли его рассмотреть.',
  confirmButton: 'Подтвердить предложение',
  confirmIgnore:
    'Если это были не вы, проигнорируйте письмо: ничего не будет опубликовано, а предложение удалят через 7 дней.',
  returnedSubject: 'Предложение «{title}» нужно изменить',
  returnedIntro: 'Модераторы {tenant} вернули ваше предложение с таким комментарием:',
  returnedEdit: 'Изменить и отправить снова',
  rejectedSubject: 'Предложение «{title}» не принято',
  rejectedIntro: 'Модераторы {tenant} не приняли ваше предложение по такой причине:',
  publishedSubject: '«{title}» теперь на карте {tenant}',
  publishedIntro:
    'Спасибо! Модераторы опубликовали ваше предложение: оно уже на карте с пометкой «инициатива жителей».',
  publishedOpen: 'Посмотреть на карте',
  needReturnedSubject: 'Ваше сообщение нужно изменить',
  needReturnedIntro: 'Модераторы {tenant} не смогли опубликовать ваше сообщение, с таким комментарием:',
  needReturnedAgain: 'Вы можете сообщить снова с карты, изменив, как просит комментарий.',
  needRejectedSubject: 'Ваше сообщение не опубликовано',
  needRejectedIntro: 'Модераторы {tenant} не опубликовали ваше сообщение по такой причине:',
  needPublishedSubject: 'Ваше сообщение теперь на карте {tenant}',
  needPublishedIntro: 'Спасибо! Оно уже на карте, в приблизительном месте, без вашего имени и адреса.',
  needPublishedOpen: 'Посмотреть на карте',
  footer: 'Вы получили это письмо, потому что этот адрес был указан вместе с сообщением для карты {tenant}.',
};

const TEXTS: Record<MailLanguage, ProposalMailTexts> = { en, fr, he, pl, uk, ru };

export function proposalTexts(lang: string): ProposalMailTexts {
  return TEXTS[(MAIL_LANGUAGES as readonly string[]).includes(lang) ? (lang as MailLanguage) : 'en'];
}

export const PROPOSAL_TEXTS = TEXTS;
