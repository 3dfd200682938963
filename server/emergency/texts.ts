/**
 * The words of the emergency notices (mail) and of the emergency entry of the Atom feed, in the
 * six UI languages. `{name}` placeholders are filled with subscriptions/texts.ts's `fill`.
 */
import type { EmergencyRole } from '../db/schema.ts';

export const EMERGENCY_ROLES: readonly EmergencyRole[] = [
  'shelter',
  'distribution_point',
  'volunteer_call',
  'information_point',
];

export interface EmergencyTexts {
  subject: string;
  intro: string;
  areas: string;
  wholeTown: string;
  places: string;
  openMap: string;
  clearSubject: string;
  clearIntro: string;
  feedTitle: string;
  why: string;
  manage: string;
  unsubscribe: string;
  roles: Record<EmergencyRole, string>;
}

const en: EmergencyTexts = {
  subject: 'Emergency in {tenant}',
  intro: '{tenant} has switched its map to emergency mode.',
  areas: 'Affected areas',
  wholeTown: 'The whole town',
  places: 'Where to go',
  openMap: 'Open the emergency map',
  clearSubject: 'All clear in {tenant}',
  clearIntro: '{tenant} has ended the emergency. The map shows the usual activities again.',
  feedTitle: 'Emergency',
  why: 'You receive this notice because you subscribed to news of {tenant}.',
  manage: 'Manage your subscription',
  unsubscribe: 'Unsubscribe',
  roles: {
    shelter: 'Shelter',
    distribution_point: 'Distribution point',
    volunteer_call: 'Volunteers needed',
    information_point: 'Information point',
  },
};

const fr: EmergencyTexts = {
  subject: 'Urgence à {tenant}',
  intro: '{tenant} a passé sa carte en mode urgence.',
  areas: 'Secteurs concernés',
  wholeTown: 'Toute la ville',
  places: 'Où aller',
  openMap: "Ouvrir la carte d'urgence",
  clearSubject: 'Fin de l’alerte à {tenant}',
  clearIntro: '{tenant} a mis fin à l’urgence. La carte montre de nouveau les activités habituelles.',
  feedTitle: 'Urgence',
  why: 'Vous recevez cet avis parce que vous êtes abonné·e aux nouvelles de {tenant}.',
  manage: 'Gérer votre abonnement',
  unsubscribe: 'Se désabonner',
  roles: {
    shelter: 'Abri',
    distribution_point: 'Point de distribution',
    volunteer_call: 'Appel aux bénévoles',
    information_point: "Point d'information",
  },
};

const he: EmergencyTexts = {
  subject: 'מצב חירום ב{tenant}',
  intro: '{tenant} העבירה את המפה למצב חירום.',
  areas: 'אזורים מושפעים',
  wholeTown: 'כל העיר',
  places: 'לאן ללכת',
  openMap: 'פתיחת מפת החירום',
  clearSubject: 'סיום מצב החירום ב{tenant}',
  clearIntro: '{tenant} סיימה את מצב החירום. המפה מציגה שוב את הפעילויות הרגילות.',
  feedTitle: 'מצב חירום',
  why: 'קיבלת הודעה זו כי נרשמת לעדכונים של {tenant}.',
  manage: 'ניהול המינוי',
  unsubscribe: 'ביטול המינוי',
  roles: {
    shelter: 'מקלט',
    distribution_point: 'נקודת חלוקה',
    volunteer_call: 'דרושים מתנדבים',
    information_point: 'נקודת מידע',
  },
};

const pl: EmergencyTexts = {
  subject: 'Sytuacja kryzysowa: {tenant}',
  intro: '{tenant} przełączyło mapę w tryb sytuacji kryzysowej.',
  areas: 'Obszary objęte',
  wholeTown: 'Całe miasto',
  places: 'Dokąd się udać',
  openMap: 'Otwórz mapę kryzysową',
  clearSubject: 'Koniec sytuacji kryzysowej: {tenant}',
  clearIntro: '{tenant} zakończyło sytuację kryzysową. Mapa znów pokazuje zwykłe zajęcia.',
  feedTitle: 'Sytuacja kryzysowa',
  why: 'Otrzymujesz to powiadomienie, ponieważ subskrybujesz wiadomości: {tenant}.',
  manage: 'Zarządzaj subskrypcją',
  unsubscribe: 'Wypisz się',
  roles: {
    shelter: 'Schronienie',
    distribution_point: 'Punkt wydawania',
    volunteer_call: 'Potrzebni wolontariusze',
    information_point: 'Punkt informacyjny',
  },
};

const uk: EmergencyTexts = {
  subject: 'Надзвичайна ситуація: {tenant}',
  intro: '{tenant} перевело мапу в режим надзвичайної ситуації.',
  areas: 'Зачеплені райони',
  wholeTown: 'Усе місто',
  places: 'Куди звернутися',
  openMap: 'Відкрити мапу надзвичайної ситуації',
  clearSubject: 'Відбій: {tenant}',
  clearIntro: '{tenant} завершило надзвичайну ситуацію. Мапа знову показує звичайні заходи.',
  feedTitle: 'Надзвичайна ситуація',
  why: 'Ви отримали це повідомлення, бо підписалися на новини: {tenant}.',
  manage: 'Керувати підпискою',
  unsubscribe: 'Відписатися',
  roles: {
    shelter: 'Укриття',
    distribution_point: 'Пункт видачі',
    volunteer_call: 'Потрібні волонтери',
    information_point: 'Інформаційний пункт',
  },
};

const ru: EmergencyTexts = {
  subject: 'Чрезвычайная ситуация: {tenant}',
  intro: '{tenant} перевёл карту в режим чрезвычайной ситуации.',
  areas: 'Затронутые районы',
  wholeTown: 'Весь город',
  places: 'Куда обратиться',
  openMap: 'Открыть карту чрезвычайной ситуации',
  clearSubject: 'Отбой: {tenant}',
  clearIntro: '{tenant} завершил чрезвычайную ситуацию. Карта снова показывает обычные занятия.',
  feedTitle: 'Чрезвычайная ситуация',
  why: 'Вы получили это уведомление, потому что подписаны на новости: {tenant}.',
  manage: 'Управлять подпиской',
  unsubscribe: 'Отписаться',
  roles: {
    shelter: 'Укрытие',
    distribution_point: 'Пункт выдачи',
    volunteer_call: 'Нужны волонтёры',
    information_point: 'Информационный пункт',
  },
};

const TEXTS: Record<string, EmergencyTexts> = { en, fr, he, pl, uk, ru };

export function emergencyTexts(lang: string): EmergencyTexts {
  return TEXTS[lang] ?? en;
}
