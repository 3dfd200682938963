/**
 * The moderator's review in Chromium, against the real server: an editor has sent two activities
 * for review (through the API); a MODERATOR signs in, opens "To review", opens one (the resident
 * preview), publishes it (then it is public), opens the other and returns it with a reason; the
 * editor then sees it returned, with the reason, in their list. Screenshots of the queue and an
 * item in English and Hebrew; axe over each view.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/main.ts';
import contentHe from '../../web/admin/content/locales/he.ts';
import { addUser, PASSWORD, type Signed, signIn } from '../support/accounts.ts';
import {
  artifact,
  browserAvailable,
  launchBrowser,
  newTestContext,
  seriousViolations,
  setGenerousWaits,
} from '../support/browser.ts';
import { call } from '../support/content.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';

setGenerousWaits();

const EDITOR = 'rina.editor@example.org';
const MODERATOR = 'mo.moderator@town.example';
const FIRST = 'Repair café at the library';
const SECOND = 'Saturday river clean-up';
const THIRD = 'סדנת תיקון אופניים';
const REASON = 'Please add the meeting point and what to bring.';

async function shot(page: Page, name: string) {
  await page.addStyleTag({ content: '.admin { height: auto !important; overflow: visible !important; }' });
  await page.screenshot({ path: artifact(name), fullPage: true });
}

describe.skipIf(!browserAvailable())('back office: the review of pending content in Chromium', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let editor: Signed;
  const ids: Record<string, string> = {};
  const api = { request: (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init) };

  async function sendForReview(title: Record<string, string>, home: [number, number], orgId: string) {
    const made = await call<{ id: string; updated_at: string }>(
      api,
      editor,
      'POST',
      '/api/admin/opportunities',
      {
        kind: 'event',
        title,
        description: { en: 'Bring what is broken; volunteers help you fix it.' },
        organisation_id: orgId,
        location: { lon: home[0], lat: home[1] },
      },
    );
    expect(made.status).toBe(201);
    const sent = await call(api, editor, 'POST', `/api/admin/opportunities/${made.body.id}/status`, {
      status: 'pending',
      expected_updated_at: made.body.updated_at,
    });
    expect(sent.status).toBe(200);
    return made.body.id;
  }

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    server = await startServer({
      config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      database,
      onProgress: () => {},
    });
    await addUser(database.db, {
      tenant: 'lindmere',
      email: EDITOR,
      role: 'editor',
      organisation: 'fix-it',
      organisationName: 'Fix-it Friends',
    });
    await addUser(database.db, { tenant: 'lindmere', email: MODERATOR, role: 'moderator' });
    editor = await signIn(api, EDITOR);
    const org = await database.db
      .selectFrom('organisation')
      .select('id')
      .where('slug', '=', 'fix-it')
      .executeTakeFirstOrThrow();
    const config = (await (await fetch(`${server.url}/api/config`)).json()) as {
      tenant: { home: { center: [number, number] } };
    };
    const home = config.tenant.home.center;
    ids.first = await sendForReview({ en: FIRST }, home, org.id);
    ids.second = await sendForReview({ en: SECOND }, home, org.id);
    ids.third = await sendForReview({ he: THIRD, en: 'Bicycle repair workshop' }, home, org.id);
    browser = await launchBrowser();
    context = await newTestContext(browser, { viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('a moderator opens the queue, publishes one item and returns another with a reason', async () => {
    await page.goto(`${server.url}/admin/sign-in?next=/admin/review&lang=en`);
    await page.getByLabel('E-mail address').fill(MODERATOR);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/admin\/review$/);
    await page.getByRole('heading', { name: 'To review' }).waitFor();
    // the moderator's navigation has the queue and not the editors' content pages
    await page.getByRole('link', { name: 'To review' }).waitFor();
    expect(await page.getByRole('link', { name: 'Places and activities' }).count()).toBe(0);
    await expect.poll(() => page.locator('.list-count').textContent()).toBe('Waiting: 3');
    const rows = page.locator('.review-table tbody tr');
    expect(await rows.count()).toBe(3);
    await expect.poll(() => rows.first().textContent()).toContain('Fix-it Friends');
    expect(await rows.first().textContent()).toContain(EDITOR);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'admin-review-queue-en.png');

    // the first: its preview as residents will see it, then Publish
    await page.getByRole('link', { name: FIRST }).click();
    await page.locator('#review-item-heading', { hasText: FIRST }).waitFor();
    await page.getByTestId('content-preview').getByRole('heading', { name: FIRST }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'admin-review-item-en.png');
    expect((await fetch(`${server.url}/api/opportunities/${ids.first}`)).status).toBe(404);
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `“${FIRST}” is published.` })
      .waitFor();
    await expect.poll(() => page.locator('.list-count').textContent()).toBe('Waiting: 2');
    expect((await fetch(`${server.url}/api/opportunities/${ids.first}`)).status).toBe(200);

    // the second: returning it needs a reason
    await page.getByRole('link', { name: SECOND }).click();
    await page.locator('#review-item-heading', { hasText: SECOND }).waitFor();
    await page.getByRole('button', { name: 'Return to the editor' }).click();
    await page.getByRole('alert').filter({ hasText: 'Write a reason for the editors' }).waitFor();
    await page.getByLabel('Reason for the editors').fill(REASON);
    await page.getByRole('button', { name: 'Return to the editor' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `“${SECOND}” was returned to its editors.` })
      .waitFor();
    await expect.poll(() => page.locator('.list-count').textContent()).toBe('Waiting: 1');
    const back = await call<{ status: string }>(api, editor, 'GET', `/api/admin/opportunities/${ids.second}`);
    expect(back.body.status).toBe('draft');
  });

  it('in Hebrew: the queue and an item right to left', async () => {
    await page.goto(`${server.url}/admin/review?lang=he`);
    await page.getByRole('heading', { name: contentHe.review.heading, level: 2 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByRole('link', { name: THIRD }).waitFor();
    await shot(page, 'admin-review-queue-he.png');
    await page.getByRole('link', { name: THIRD }).click();
    await page.locator('#review-item-heading', { hasText: THIRD }).waitFor();
    await page.getByTestId('content-preview').getByRole('heading', { name: THIRD }).waitFor();
    await page.getByRole('button', { name: contentHe.review.publish, exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'admin-review-item-he.png');
  });

  it('the editor sees the returned activity with the reason in their list', async () => {
    const editorContext = await newTestContext(browser, { viewport: { width: 1280, height: 900 } });
    const p = await editorContext.newPage();
    await p.goto(`${server.url}/admin/sign-in?next=/admin/content&lang=en`);
    await p.getByLabel('E-mail address').fill(EDITOR);
    await p.getByLabel('Password').fill(PASSWORD);
    await p.getByRole('button', { name: 'Sign in', exact: true }).click();
    await p.waitForURL(/\/admin\/content$/);
    const row = p.locator('tr', { hasText: SECOND });
    await row.getByTestId('returned-note').waitFor();
    expect(await row.getByTestId('returned-note').textContent()).toContain(REASON);
    expect(await p.locator('tr', { hasText: FIRST }).getByTestId('returned-note').count()).toBe(0);
    await shot(p, 'admin-review-returned-en.png');
    await editorContext.close();
  });
});
