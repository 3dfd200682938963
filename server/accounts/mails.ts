/** The sign-in link mail in the six languages (HTML escaped; Hebrew right to left). */
import { bdi, document, escapeHtml, isolate } from '../subscriptions/html.ts';
import type { OutgoingMail } from '../subscriptions/mailer.ts';

export const AUTH_MAIL_LANGUAGES = ['en', 'fr', 'he', 'pl', 'uk', 'ru'] as const;
export type AuthMailLanguage = (typeof AUTH_MAIL_LANGUAGES)[number];

interface LinkTexts {
  subject: string;
  intro: string;
  button: string;
  expires: string;
  ignore: string;
}

const TEXTS: Record<AuthMailLanguage, LinkTexts> = {
  en: {
    subject: 'Your sign-in link for {tenant}',
    intro: 'Someone (we hope you) asked to sign in to the {tenant} back office of Commons Map.',
    button: 'Sign in',
    expires: 'The link works once, for {minutes} minutes.',
    ignore: 'If it was not you, ignore this mail: nobody can sign in without the link.',
  },
  fr: {
    subject: 'Votre lien de connexion pour {tenant}',
    intro: 'Quelqu’un (vous, nous l’espérons) a demandé à se connecter à l’administration de {tenant} sur Commons Map.',
    button: 'Se connecter',
    expires: 'Le lien fonctionne une seule fois, pendant {minutes} minutes.',
    ignore: 'Si ce n’était pas vous, ignorez ce message : personne ne peut se connecter sans le lien.',
  },
  he: {
    subject: 'קישור הכניסה שלך ל־{tenant}',
    intro: 'מישהו (אנו מקווים שאת/ה) ביקש להיכנס לממשק הניהול של {tenant} ב־Commons Map.',
    button: 'כניסה',
    expires: 'הקישור פועל פעם אחת, במשך {minutes} דקות.',
    ignore: 'אם לא ביקשת זאת, אפשר להתעלם מהודעה זו: אי אפשר להיכנס בלי הקישור.',
  },
  pl: {
    subject: 'Twój link do logowania: {tenant}',
    intro: 'Ktoś (mamy nadzieję, że Ty) poprosił o zalogowanie do panelu {tenant} w Commons Map.',
    button: 'Zaloguj się',
    expires: 'Link działa jeden raz, przez {minutes} minut.',
    ignore: 'Jeśli to nie Ty, zignoruj tę wiadomość: bez linku nikt się nie zaloguje.',
  },
  uk: {
    subject: 'Ваше посилання для входу: {tenant}',
    intro: 'Хтось (сподіваємося, ви) попросив увійти до панелі керування {tenant} у Commons Map.',
    button: 'Увійти',
    expires: 'Посилання діє один раз, протягом {minutes} хвилин.',
    ignore: 'Якщо це були не ви, просто проігноруйте цей лист: без посилання ніхто не увійде.',
  },
  ru: {
    subject: 'Ваша ссылка для входа: {tenant}',
    intro: 'Кто-то (надеемся, вы) попросил войти в панель управления {tenant} в Commons Map.',
    button: 'Войти',
    expires: 'Ссылка действует один раз, в течение {minutes} минут.',
    ignore: 'Если это были не вы, просто проигнорируйте письмо: без ссылки никто не войдёт.',
  },
};

const fill = (s: string, v: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_, k: string) => v[k] ?? '');

export function signInLinkMail(o: {
  to: string;
  language: AuthMailLanguage;
  tenantName: string;
  url: string;
  minutes: number;
}): OutgoingMail {
  const t = TEXTS[o.language];
  const plain = { tenant: isolate(o.tenantName), minutes: isolate(String(o.minutes)) };
  const html = { tenant: bdi(o.tenantName), minutes: bdi(String(o.minutes)) };
  const esc = (s: string, v: Record<string, string>) =>
    fill(escapeHtml(s), v); // the template is escaped first; the values are escaped by bdi()
  return {
    to: o.to,
    subject: fill(t.subject, { tenant: o.tenantName }),
    text: [fill(t.intro, plain), '', `${t.button}: ${o.url}`, '', fill(t.expires, plain), fill(t.ignore, plain)].join('\n'),
    html: document(
      o.language,
      fill(t.subject, { tenant: o.tenantName }),
      `<p>${esc(t.intro, html)}</p>
<p><a class="button" href="${escapeHtml(o.url)}">${escapeHtml(t.button)}</a></p>
<p>${esc(t.expires, html)}</p>
<p class="footer">${esc(t.ignore, html)}</p>`,
    ),
  };
}
