/**
 * The back office's content pages in Chromium, against the real server (issue 12, "done when"):
 * an EDITOR of an organisation signs in, creates a weekly programme with the schedule builder
 * (Tuesdays and Thursdays 10:00–12:00, an end date, one exception) and two translations (English
 * and Hebrew) with its point put on the map, sees the next dates the server works out, previews
 * it through the resident details panel, publishes it, changes its title, and finds it on the
 * resident map (search, details with the next dates, the map's programmes layer) and both
 * changes (the publication and the edit) in the item's history with their previous values.
 * Screenshots of the list, the editor with the schedule builder and the preview, in English and
 * Hebrew; axe over each view.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/main.ts';
import contentHe from '../../web/admin/content/locales/he.ts';
import { addUser, PASSWORD, signIn } from '../support/accounts.ts';
import {
  artifact,
  browserAvailable,
  launchBrowser,
  mapIdle,
  newTestContext,
  seriousViolations,
  setGenerousWaits,
} from '../support/browser.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';

setGenerousWaits();

const EMAIL = 'dana.editor@example.org';
const TITLE_EN = 'Tuesday and Thursday garden club';
const TITLE_HE = 'מועדון גינה בימי שלישי וחמישי';
const NEW_TITLE_EN = 'Garden club for neighbours';

/** a full-page screenshot: the back office scrolls inside its frame, so the frame grows for it (and the save bar stays in its place) */
async function shot(page: Page, name: string) {
  await page.addStyleTag({
    content:
      '.admin { height: auto !important; overflow: visible !important; } .save-bar { position: static !important; }',
  });
  await page.screenshot({ path: artifact(name), fullPage: true });
}

/** 'YYYY-MM-DD' plus n days */
function addDays(ymd: string, n: number): string {
  const d = new Date(`${ymd}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
const weekday = (ymd: string) => new Date(`${ymd}T12:00:00Z`).getUTCDay(); // 0 Sunday

describe.skipIf(!browserAvailable())('back office: places and activities in Chromium', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let timeZone: string;
  let home: [number, number];
  let itemUrl = '';
  /** the first date, its exception and the next five dates the schedule must give (worked out here) */
  let from = '';
  let until = '';
  let exception = '';
  let expected: string[] = [];

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    server = await startServer({
      config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      database,
      onProgress: () => {},
    });
    await addUser(database.db, {
      tenant: 'lindmere',
      email: EMAIL,
      role: 'editor',
      organisation: 'green-hands',
      organisationName: 'Green Hands',
    });
    const config = (await (await fetch(`${server.url}/api/config`)).json()) as {
      tenant: { timezone: string; home: { center: [number, number] } };
    };
    timeZone = config.tenant.timezone;
    home = config.tenant.home.center;
    // the first Monday after today (in the town's zone): every date of the schedule is to come
    const today = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(new Date());
    from = addDays(today, 1);
    while (weekday(from) !== 1) from = addDays(from, 1);
    until = addDays(from, 180);
    exception = addDays(from, 8); // the second Tuesday
    expected = [];
    for (let d = from; expected.length < 5; d = addDays(d, 1))
      if ((weekday(d) === 2 || weekday(d) === 4) && d !== exception) expected.push(d);
    browser = await launchBrowser();
    context = await newTestContext(browser, { viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  /** how the page writes a date of the schedule (the test's own dates, in the page's language) */
  const dayText = (ymd: string, lang: string) =>
    new Intl.DateTimeFormat(lang, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(`${ymd}T12:00:00Z`));

  it('an editor signs in, creates a weekly programme with two translations, previews and publishes it', async () => {
    await page.goto(`${server.url}/admin/sign-in?next=/admin/content&lang=en`);
    await page.getByLabel('E-mail address').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/admin\/content$/);
    await page.getByRole('heading', { name: 'Places and activities' }).waitFor();
    await expect.poll(() => page.locator('.list-count').textContent()).toBe('0 activities');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'New activity' }).click();
    await page.getByRole('heading', { name: 'New activity' }).waitFor();
    // the texts side by side, each in its direction; the missing ones marked
    const heTitle = page.getByLabel('Title (Hebrew)');
    expect(await heTitle.getAttribute('dir')).toBe('rtl');
    expect(await page.getByLabel('Title (English)').getAttribute('dir')).toBe('ltr');
    expect(await page.locator('.lang-column.is-missing').count()).toBeGreaterThanOrEqual(2);
    await page.getByLabel('Title (English)').fill(TITLE_EN);
    await page.getByLabel('Description (English)').fill('Planting, weeding and tea with the neighbours.');
    await heTitle.fill(TITLE_HE);
    await page.getByLabel('Description (Hebrew)').fill('שתילה, ניכוש ותה עם השכנים.');
    await expect
      .poll(() => heTitle.evaluate((e) => e.closest('.lang-column')?.classList.contains('is-missing')))
      .toBe(false);
    await page.getByRole('checkbox', { name: 'Gardening' }).check();
    await page.getByRole('checkbox', { name: 'Seniors', exact: true }).check();

    // the point: a click on the picker's map, then exactly where the test wants it
    await page.waitForFunction(() => window.__contentPickerMap !== undefined);
    await page.waitForFunction(() => window.__contentPickerMap?.loaded() === true);
    await page.locator('.picker-map .maplibregl-canvas').click({ position: { x: 200, y: 150 } });
    await expect.poll(() => page.locator('.point-status').textContent()).toMatch(/Point at/);
    await page.getByLabel('Latitude').fill(String(home[1]));
    await page.getByLabel('Longitude').fill(String(home[0]));

    // the schedule builder: every Tuesday and Thursday 10:00–12:00 from a Monday for 180 days, not on the second Tuesday
    await page.getByLabel('How often').selectOption('weekly');
    for (const d of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'])
      await page
        .getByRole('checkbox', { name: d, exact: true })
        .setChecked(d === 'Tuesday' || d === 'Thursday');
    await page.getByLabel('Starts at').fill('10:00');
    await page.getByLabel('Ends at').fill('12:00');
    await page.getByLabel('First date').fill(from);
    await page.getByLabel('Last date').fill(until);
    await page.getByRole('button', { name: 'Add an exception' }).click();
    await page.getByLabel('Date without a session').fill(exception);
    await expect.poll(() => page.locator('.in-words').textContent()).toContain('Every Tuesday and Thursday');
    // the next dates, from the server, are the test's own five
    const next = page.locator('.next-dates');
    await expect
      .poll(async () =>
        (await next.locator('li').allTextContents()).map((s) => s.replace(/[\u2066-\u2069]/g, '')),
      )
      .toEqual(expected.map((d) => `${dayText(d, 'en')}, 10:00–12:00`));
    await shot(page, 'admin-content-editor.png');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Create the draft' }).click();
    await page.waitForURL(/\/admin\/content\/opportunities\/(?!new$)[^/]+$/);
    itemUrl = page.url();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Created as a draft.' }).count())
      .toBe(1);
    await expect.poll(() => page.locator('.workflow .status').textContent()).toContain('Draft');
    // what was saved comes back into the builder as it was written
    await expect.poll(() => page.locator('.in-words').textContent()).toContain('Every Tuesday and Thursday');

    // the preview: the resident details panel
    await page.getByRole('button', { name: 'Show the preview' }).click();
    const preview = page.getByTestId('content-preview');
    await expect.poll(() => preview.locator('#details-title').textContent()).toBe(TITLE_EN);
    await expect.poll(async () => (await preview.locator('.dates li').count()) > 0).toBe(true);
    await preview.scrollIntoViewIfNeeded();
    await shot(page, 'admin-content-preview.png');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Publish: show it to residents' }).click();
    await expect.poll(() => page.locator('.workflow .status').textContent()).toContain('Published');

    // an edit after publication
    await page.getByLabel('Title (English)').fill(NEW_TITLE_EN);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(1);

    // someone else saves meanwhile: the next save is refused, said so, and Reload shows their version
    const other = await signIn({ request: (path, init) => fetch(`${server.url}${path}`, init) }, EMAIL);
    const id = decodeURIComponent(page.url().split('/').pop() ?? '');
    const current = (await (
      await fetch(`${server.url}/api/admin/opportunities/${id}`, { headers: other.write })
    ).json()) as {
      updated_at: string;
    };
    const patched = await fetch(`${server.url}/api/admin/opportunities/${id}`, {
      method: 'PATCH',
      headers: other.write,
      body: JSON.stringify({ age_min: 60, expected_updated_at: current.updated_at }),
    });
    expect(patched.status).toBe(200);
    await page.getByLabel('About the cost').fill('Tea is offered');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const stale = page.getByRole('alert').filter({ hasText: 'Someone else changed this item' });
    await stale.waitFor();
    await stale.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => page.getByLabel('From age').inputValue()).toBe('60');
    expect(await page.getByLabel('About the cost').inputValue()).toBe('');

    // both changes in the history, with their previous values
    const history = page.locator('.history');
    const statusRow = history
      .locator('.history-entry')
      .filter({ hasText: 'Status changed' })
      .locator('tr')
      .filter({ hasText: 'status' });
    await expect.poll(() => statusRow.locator('td').allTextContents()).toEqual(['draft', 'published']);
    const titleRow = history
      .locator('.history-entry')
      .filter({ hasText: 'Changed' })
      .filter({ has: page.locator('th', { hasText: /^title$/ }) })
      .locator('tr')
      .filter({ has: page.locator('th', { hasText: /^title$/ }) });
    await expect.poll(() => titleRow.locator('td').first().textContent()).toContain(TITLE_EN);
    expect(await titleRow.locator('td').nth(1).textContent()).toContain(NEW_TITLE_EN);
    expect(await history.locator('.history-entry').filter({ hasText: 'Created' }).count()).toBe(1);
    expect(await history.textContent()).toContain(EMAIL);

    // the list: the programme, its status in words, its next date
    await page.getByRole('link', { name: 'Back to the list' }).click();
    const row = page.locator('.content-table tbody tr').filter({ hasText: NEW_TITLE_EN });
    await expect.poll(() => row.locator('.status').textContent()).toContain('Published');
    expect(await page.locator('.list-count').textContent()).toBe('1 activity');
    expect((await row.locator('time').textContent())?.replace(/[\u2066-\u2069]/g, '')).toBe(
      `${dayText(expected[0] as string, 'en')}, 10:00–12:00`,
    );
    await shot(page, 'admin-content-list.png');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('residents find it on the map with its next dates', async () => {
    const resident = await context.newPage();
    await resident.addInitScript("localStorage.setItem('cm.audiences', '[]');"); // no 'who is it for' question first
    await resident.goto(`${server.url}/?lang=en`);
    await mapIdle(resident);
    await resident.getByRole('searchbox').first().fill('Garden club for neigh');
    const hit = resident.locator('.search-hits button').filter({ hasText: NEW_TITLE_EN });
    await hit.first().click();
    const details = resident.getByRole('region', { name: NEW_TITLE_EN });
    await expect.poll(() => details.locator('.dates li').count()).toBe(5);
    const first = (await details.locator('.dates li').first().textContent()) ?? '';
    expect(first).toContain(
      new Intl.DateTimeFormat('en', {
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        timeZone: 'UTC',
      }).format(new Date(`${expected[0]}T12:00:00Z`)),
    );
    // on the map: the programmes layer draws it
    await mapIdle(resident);
    const id = decodeURIComponent(itemUrl.split('/').pop() ?? '');
    await expect
      .poll(() =>
        resident.evaluate(
          (wanted) =>
            (
              window.__commonsMap?.queryRenderedFeatures(undefined, { layers: ['programs-circle'] }) ?? []
            ).some((f) => String(f.properties?.id) === wanted),
          id,
        ),
      )
      .toBe(true);
    await resident.screenshot({ path: artifact('admin-content-resident.png') });
    // in the list: the activities near its point, with its next date
    await resident.goto(`${server.url}/?lang=en&near=${home[0]},${home[1]}&r=200&cat=gardening`);
    const listed = resident
      .locator('section.list')
      .first()
      .locator('.feature-item', { hasText: NEW_TITLE_EN });
    await expect.poll(() => listed.count()).toBe(1);
    expect(await listed.textContent()).toMatch(/Tue|Thu/);
    await resident.close();
  });

  it('refusals name the problem; a place is put on the map the keyboard way and published', async () => {
    // an activity without a place or a point: a draft, but not publishable
    await page.goto(`${server.url}/admin/content/opportunities/new?lang=en`);
    await page.getByLabel('Title (English)').fill('Somewhere, some day');
    await page.getByRole('button', { name: 'Create the draft' }).click();
    await page.waitForURL(/\/admin\/content\/opportunities\/(?!new$)[^/]+$/);
    await page.getByRole('button', { name: 'Publish: show it to residents' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'It cannot be published yet' });
    await expect.poll(() => refused.textContent()).toContain('it has neither a place nor a point on the map');
    expect(await page.locator('.workflow .status').textContent()).toContain('Draft');

    // a place may be drafted without a point, but not published without one: the refusal names it
    await page.goto(`${server.url}/admin/content/places?lang=en`);
    await page.getByRole('link', { name: 'New place' }).click();
    await page.getByRole('heading', { name: 'New place' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Green Hands shed');
    await page.getByLabel('Name (Hebrew)').fill('המחסן של ידיים ירוקות');
    expect(await page.getByLabel('Name (Hebrew)').getAttribute('dir')).toBe('rtl');
    await page.getByRole('button', { name: 'Create the draft' }).click();
    await page.waitForURL(/\/admin\/content\/places\/(?!new$)[^/]+$/);
    await page.getByRole('button', { name: 'Publish: show it to residents' }).click();
    const placeRefused = page.getByRole('alert').filter({ hasText: 'It cannot be published yet' });
    await expect.poll(() => placeRefused.textContent()).toContain('neither a place nor a point on the map');
    expect(await page.locator('.workflow .status').textContent()).toContain('Draft');
    // the keyboard way: the point at the map's centre, saved, then published
    await page.waitForFunction(() => window.__contentPickerMap?.loaded() === true);
    await page.getByRole('button', { name: 'Put the point at the map’s centre' }).click();
    await expect.poll(() => page.locator('.point-status').textContent()).toMatch(/Point at/);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Saved.' }).count())
      .toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Publish: show it to residents' }).click();
    await expect.poll(() => page.locator('.workflow .status').textContent()).toContain('Published');
    // created, placed, published
    await expect.poll(() => page.locator('.history-entry').count()).toBe(3);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('speaks Hebrew: right to left, times left to right, screenshots and axe', async () => {
    await page.goto(`${itemUrl}?lang=he`);
    await expect
      .poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]))
      .toEqual(['he', 'rtl']);
    await page.getByRole('heading', { name: contentHe.schedule.nextDates }).waitFor();
    const time = page.locator('.next-dates li bdi[dir="ltr"]').first();
    await expect.poll(() => time.textContent()).toBe('10:00–12:00');
    // the time range reads left to right: 10:00 is drawn to the left of 12:00
    const order = await time.evaluate((el) => {
      const range = document.createRange();
      const text = el.firstChild as Text;
      range.setStart(text, 0);
      range.setEnd(text, 2);
      const a = range.getBoundingClientRect().left;
      range.setStart(text, 6);
      range.setEnd(text, 8);
      return a < range.getBoundingClientRect().left;
    });
    expect(order).toBe(true);
    expect(await page.locator('.in-words').textContent()).toContain('\u206610:00–12:00\u2069');
    await shot(page, 'admin-content-editor-hebrew.png');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: contentHe.preview.show }).click();
    await expect
      .poll(() => page.getByTestId('content-preview').locator('#details-title').textContent())
      .toBe(TITLE_HE);
    await page.getByTestId('content-preview').scrollIntoViewIfNeeded();
    await shot(page, 'admin-content-preview-hebrew.png');
    expect(await seriousViolations(page)).toEqual([]);

    // the tenant named by its path prefix: the page's links stay in it
    await page.goto(`${server.url}/t/lindmere/admin/content?lang=he`);
    await expect.poll(() => page.locator('.content-table tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('.content-table tbody tr a').first().getAttribute('href')).toMatch(
      /^\/t\/lindmere\/admin\/content\/opportunities\/[^/]+$/,
    );
    await shot(page, 'admin-content-list-hebrew.png');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
