/**
 * The pages behind the links in the mails, rendered on the server with every value escaped:
 *
 * - /subscriptions/confirm — GET shows a button, POST confirms. A GET never confirms: mail
 *   scanners and link previews follow links, and must not subscribe anyone.
 * - /subscriptions/manage — change language, frequency or filters, or delete.
 * - /subscriptions/unsubscribe — GET shows a button; POST deletes. This is the List-Unsubscribe
 *   URL: a mail client's one-click POST (body List-Unsubscribe=One-Click, RFC 8058) deletes too.
 *
 * Outside /api on purpose: a mail provider posting many one-click unsubscribes from one address
 * must not meet the subscribe rate limit.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../http/deps.ts';
import { ApiError } from '../http/errors.ts';
import { document, escapeHtml } from './html.ts';
import {
  addToken,
  confirmByToken,
  deleteByToken,
  findByToken,
  type Frequency,
  updateSubscription,
} from './queries.ts';
import { storableFilters } from './service.ts';
import { LANGUAGE_NAMES, MAIL_LANGUAGES, textsFor } from './texts.ts';
import { TOKEN_RE } from './tokens.ts';
import { requestPrefix } from '../tenants/links.ts';

function page(c: Context, lang: string, title: string, body: string, status: 200 | 400 | 404 = 200) {
  c.header('cache-control', 'no-store');
  c.header('referrer-policy', 'no-referrer'); // the token must not leak to a linked site
  return c.html(document(lang, title, `<h1>${escapeHtml(title)}</h1>${body}`), status);
}

const p = (s: string) => `<p>${escapeHtml(s)}</p>`;

function invalid(c: Context, lang = 'en') {
  const t = textsFor(lang);
  return page(c, lang, t.invalidTitle, p(t.invalidText), 404);
}

async function formToken(c: Context): Promise<{ token: string | undefined; form: Record<string, string> }> {
  const form: Record<string, string> = {};
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    for (const [k, v] of Object.entries(await c.req.parseBody())) if (typeof v === 'string') form[k] = v;
  }
  const token = form.token ?? c.req.query('token');
  return { token: token && TOKEN_RE.test(token) ? token : undefined, form };
}

const tokenInput = (token: string) => `<input type="hidden" name="token" value="${escapeHtml(token)}">`;

export function subscriptionPages(deps: AppDeps) {
  const app = new Hono();
  app.use(
    '/subscriptions/*',
    bodyLimit({
      maxSize: 16 * 1024,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', 'The form is larger than 16 KB');
      },
    }),
  );

  app.get('/subscriptions/confirm', async (c) => {
    const token = c.req.query('token') ?? '';
    const row = TOKEN_RE.test(token) ? await findByToken(deps.db, token, 'confirm') : undefined;
    if (!row) return invalid(c);
    const t = textsFor(row.language);
    return page(
      c,
      row.language,
      t.confirmPageTitle,
      `${p(t.confirmPageText)}<form method="post" action="${requestPrefix()}/subscriptions/confirm">${tokenInput(token)}<button type="submit">${escapeHtml(t.confirmButton)}</button></form>`,
    );
  });

  app.post('/subscriptions/confirm', async (c) => {
    const { token } = await formToken(c);
    const row = token ? await confirmByToken(deps.db, token) : undefined;
    if (!row) return invalid(c);
    const t = textsFor(row.language);
    const manage = await addToken(deps.db, row.id, 'manage');
    return page(
      c,
      row.language,
      t.confirmedTitle,
      `${p(t.confirmedText)}<p><a href="${requestPrefix()}/subscriptions/manage?token=${escapeHtml(manage)}">${escapeHtml(t.manage)}</a></p>`,
    );
  });

  app.get('/subscriptions/manage', async (c) => {
    const token = c.req.query('token') ?? '';
    const row = TOKEN_RE.test(token) ? await findByToken(deps.db, token, 'manage') : undefined;
    if (!row) return invalid(c);
    return manageForm(c, token, row.language, row.frequency, row.filters);
  });

  app.post('/subscriptions/manage', async (c) => {
    const { token, form } = await formToken(c);
    const row = token ? await findByToken(deps.db, token, 'manage') : undefined;
    if (!token || !row) return invalid(c);
    const lang = (MAIL_LANGUAGES as readonly string[]).includes(form.language ?? '')
      ? (form.language as string)
      : row.language;
    const freq: Frequency =
      form.frequency === 'daily' ? 'daily' : form.frequency === 'weekly' ? 'weekly' : row.frequency;
    let filters = row.filters;
    let problem: string | undefined;
    if (form.filters !== undefined) {
      try {
        const tenantSlug = await deps.db
          .selectFrom('tenant')
          .select('slug')
          .where('id', '=', row.tenant_id)
          .executeTakeFirstOrThrow();
        const tenant = await deps.tenants.resolve(tenantSlug.slug);
        filters = await storableFilters(
          deps,
          tenant,
          Object.fromEntries(new URLSearchParams(form.filters.replace(/^\?/, ''))),
        );
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        problem = err.message;
      }
    }
    if (problem) return manageForm(c, token, row.language, row.frequency, row.filters, problem);
    await updateSubscription(deps.db, row.id, { language: lang, frequency: freq, filters });
    return manageForm(c, token, lang, freq, filters, undefined, textsFor(lang).saved);
  });

  app.get('/subscriptions/unsubscribe', async (c) => {
    const token = c.req.query('token') ?? '';
    const row = TOKEN_RE.test(token) ? await findByToken(deps.db, token, 'manage') : undefined;
    if (!row) return invalid(c);
    const t = textsFor(row.language);
    return page(
      c,
      row.language,
      t.unsubscribe,
      `${p(t.unsubscribePageText)}<form method="post" action="${requestPrefix()}/subscriptions/unsubscribe">${tokenInput(token)}<button class="danger" type="submit">${escapeHtml(t.unsubscribe)}</button></form>`,
    );
  });

  // the List-Unsubscribe URL: a one-click POST (token in the query) or the page's form
  app.post('/subscriptions/unsubscribe', async (c) => {
    const { token } = await formToken(c);
    const row = token ? await findByToken(deps.db, token, 'manage') : undefined;
    if (!token || !row) return invalid(c);
    await deleteByToken(deps.db, token);
    const t = textsFor(row.language);
    return page(c, row.language, t.deletedTitle, p(t.deletedText));
  });

  return app;
}

function manageForm(
  c: Context,
  token: string,
  lang: string,
  frequency: Frequency,
  filters: Record<string, string>,
  problem?: string,
  done?: string,
) {
  const t = textsFor(lang);
  const options = MAIL_LANGUAGES.map(
    (l) =>
      `<option value="${l}" lang="${l}"${l === lang ? ' selected' : ''}>${escapeHtml(LANGUAGE_NAMES[l])}</option>`,
  ).join('');
  const radio = (f: Frequency) =>
    `<label style="font-weight:normal"><input type="radio" name="frequency" value="${f}"${f === frequency ? ' checked' : ''}> ${escapeHtml(t[f])}</label>`;
  const query = new URLSearchParams(filters).toString();
  const body =
    (done ? `<p role="status">${escapeHtml(done)}</p>` : '') +
    (problem
      ? `<p role="alert" id="filters-error" style="color:#a61c00;font-weight:bold">${escapeHtml(problem)}</p>`
      : '') +
    `<form method="post" action="${requestPrefix()}/subscriptions/manage">${tokenInput(token)}` +
    `<label for="language">${escapeHtml(t.language)}</label><select id="language" name="language">${options}</select>` +
    `<fieldset style="margin-top:12px"><legend>${escapeHtml(t.frequency)}</legend>${radio('weekly')}${radio('daily')}</fieldset>` +
    `<label for="filters">${escapeHtml(t.filters)}</label>` +
    `<input id="filters" name="filters" dir="ltr" size="50" value="${escapeHtml(query)}" aria-describedby="filters-help${problem ? ' filters-error' : ''}"${problem ? ' aria-invalid="true"' : ''}>` +
    `<p id="filters-help">${escapeHtml(t.filtersHelp)}</p>` +
    `<p><button type="submit">${escapeHtml(t.save)}</button></p></form>` +
    `<form method="post" action="${requestPrefix()}/subscriptions/unsubscribe">${tokenInput(token)}<p><button class="danger" type="submit">${escapeHtml(t.delete)}</button></p></form>`;
  return page(c, lang, t.manageTitle, body, problem ? 400 : 200);
}
