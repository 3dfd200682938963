/** The invitation mail of POST /api/admin/users in the six languages (HTML escaped; Hebrew right to left). */
import { AUTH_MAIL_LANGUAGES, type AuthMailLanguage } from '../accounts/mails.ts';
import type { Role } from '../db/schema.ts';
import { bdi, document, escapeHtml, isolate } from '../subscriptions/html.ts';
import type { OutgoingMail } from '../subscriptions/mailer.ts';

export { AUTH_MAIL_LANGUAGES, type AuthMailLanguage };

interface InviteTexts {
  subject: string;
  intro: string;
  ofOrganisation: string;
  button: string;
  expires: string;
  password: string;
  ignore: string;
  roles: Record<Role, string>;
}

const TEXTS: Record<AuthMailLanguage, InviteTexts> = {
  en: {
    subject: 'You are invited to the {tenant} back office',
    intro: '{by} gave you the role “{role}” in the back office of {tenant} on Commons Map.',
    ofOrganisation: 'for the organisation {organisation}',
    button: 'Sign in',
    expires:
      'The link works once, for {hours} hours. Ask for a new one on the sign-in page if it has expired.',
    password: 'After signing in you can set a password on your account page.',
    ignore: 'If you did not expect this mail, you can ignore it.',
    roles: {
      admin: 'administrator',
      editor: 'editor',
      moderator: 'moderator',
      planner: 'planner',
      block_connector: 'block connector',
    },
  },
  fr: {
    subject: 'Invitation à l’administration de {tenant}',
    intro: '{by} vous a donné le rôle « {role} » dans l’administration de {tenant} sur Commons Map.',
    ofOrganisation: 'pour l’organisation {organisation}',
    button: 'Se connecter',
    expires:
      'Le lien fonctionne une seule fois, pendant {hours} heures. S’il a expiré, demandez-en un autre sur la page de connexion.',
    password: 'Une fois connecté, vous pourrez choisir un mot de passe sur la page de votre compte.',
    ignore: 'Si vous n’attendiez pas ce message, vous pouvez l’ignorer.',
    roles: {
      admin: 'administrateur',
      editor: 'rédacteur',
      moderator: 'modérateur',
      planner: 'planificateur',
      block_connector: 'relais de quartier',
    },
  },
  he: {
    subject: 'הזמנה לממשק הניהול של {tenant}',
    intro: '{by} נתן/ה לך את התפקיד „{role}” בממשק הניהול של {tenant} ב־Commons Map.',
    ofOrganisation: 'עבור הארגון {organisation}',
    button: 'כניסה',
    expires: 'הקישור פועל פעם אחת, במשך {hours} שעות. אם פג תוקפו, אפשר לבקש קישור חדש בדף הכניסה.',
    password: 'לאחר הכניסה אפשר לקבוע סיסמה בדף החשבון.',
    ignore: 'אם לא ציפית להודעה זו, אפשר להתעלם ממנה.',
    roles: {
      admin: 'מנהל/ת',
      editor: 'עורך/ת',
      moderator: 'מנחה',
      planner: 'מתכנן/ת',
      block_connector: 'מקשר/ת שכונתי/ת',
    },
  },
  pl: {
    subject: 'Zaproszenie do panelu {tenant}',
    intro: '{by} nadał(a) Ci rolę „{role}” w panelu {tenant} w Commons Map.',
    ofOrganisation: 'dla organizacji {organisation}',
    button: 'Zaloguj się',
    expires: 'Link działa jeden raz, przez {hours} godzin. Jeśli wygasł, poproś o nowy na stronie logowania.',
    password: 'Po zalogowaniu możesz ustawić hasło na stronie swojego konta.',
    ignore: 'Jeśli nie spodziewałeś(-aś) się tej wiadomości, możesz ją zignorować.',
    roles: {
      admin: 'administrator',
      editor: 'redaktor',
      moderator: 'moderator',
      planner: 'planista',
      block_connector: 'łącznik sąsiedzki',
    },
  },
  uk: {
    subject: 'Запрошення до панелі керування {tenant}',
    intro: '{by} надав(ла) вам роль «{role}» у панелі керування {tenant} у Commons Map.',
    ofOrganisation: 'для організації {organisation}',
    button: 'Увійти',
    expires:
      'Посилання діє один раз, протягом {hours} годин. Якщо воно застаріло, попросіть нове на сторінці входу.',
    password: 'Після входу ви можете встановити пароль на сторінці свого облікового запису.',
    ignore: 'Якщо ви не чекали цього листа, просто проігноруйте його.',
    roles: {
      admin: 'адміністратор',
      editor: 'редактор',
      moderator: 'модератор',
      planner: 'планувальник',
      block_connector: 'сусідський зв’язковий',
    },
  },
  ru: {
    subject: 'Приглашение в панель управления {tenant}',
    intro: '{by} назначил(а) вам роль «{role}» в панели управления {tenant} в Commons Map.',
    ofOrganisation: 'для организации {organisation}',
    button: 'Войти',
    expires:
      'Ссылка действует один раз, в течение {hours} часов. Если она устарела, запросите новую на странице входа.',
    password: 'После входа вы можете задать пароль на странице своей учётной записи.',
    ignore: 'Если вы не ждали этого письма, просто проигнорируйте его.',
    roles: {
      admin: 'администратор',
      editor: 'редактор',
      moderator: 'модератор',
      planner: 'планировщик',
      block_connector: 'соседский связной',
    },
  },
};

const fill = (s: string, v: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_, k: string) => v[k] ?? '');

export function inviteMail(o: {
  to: string;
  language: AuthMailLanguage;
  tenantName: string;
  by: string;
  role: Role;
  organisation: string | null;
  url: string;
  hours: number;
}): OutgoingMail {
  const t = TEXTS[o.language];
  const role = t.roles[o.role];
  const plain = {
    tenant: isolate(o.tenantName),
    by: isolate(o.by),
    role,
    hours: isolate(String(o.hours)),
    organisation: isolate(o.organisation ?? ''),
  };
  const html = {
    tenant: bdi(o.tenantName),
    by: bdi(o.by),
    role: escapeHtml(role),
    hours: bdi(String(o.hours)),
    organisation: bdi(o.organisation ?? ''),
  };
  const esc = (s: string, v: Record<string, string>) => fill(escapeHtml(s), v);
  const org = (v: Record<string, string>) =>
    o.organisation ? ` ${fill(escapeHtml(t.ofOrganisation), v)}` : '';
  const subject = fill(t.subject, { tenant: o.tenantName });
  return {
    to: o.to,
    subject,
    text: [
      `${fill(t.intro, plain)}${o.organisation ? ` ${fill(t.ofOrganisation, plain)}` : ''}`,
      '',
      `${t.button}: ${o.url}`,
      '',
      fill(t.expires, plain),
      t.password,
      t.ignore,
    ].join('\n'),
    html: document(
      o.language,
      subject,
      `<p>${esc(t.intro, html)}${org(html)}</p>
<p><a class="button" href="${escapeHtml(o.url)}">${escapeHtml(t.button)}</a></p>
<p>${esc(t.expires, html)}</p>
<p>${escapeHtml(t.password)}</p>
<p class="footer">${escapeHtml(t.ignore)}</p>`,
    ),
  };
}
