/**
 * Emergency mode in Chromium (issue 12's "done when"): an admin signs in, marks a centre as a
 * shelter and switches emergency mode on through /admin/emergency (with its confirm step); the
 * resident map and a kiosk, already open, learn of it by polling (here: on focus) and change —
 * the alert banner, the marked places first, drawn above the dimmed routine layers, the kiosk's
 * attract screen — without a reload; switched off, both come back to the routine view. English
 * and Hebrew screenshots, axe on the admin page.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/main.ts';
import heUi from '../../web/i18n/locales/he.ts';
import { addUser, PASSWORD } from '../support/accounts.ts';
import {
  artifact,
  browserAvailable,
  launchBrowser,
  mapIdle,
  newTestContext,
  setGenerousWaits,
} from '../support/browser.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';

const CENTRE = 'Kestrel Rise Community Centre';
const KIOSK = '/kiosk/kestrel-rise-community-centre';
const MESSAGE_EN = 'Storm warning: stay indoors or go to a shelter';
const MESSAGE_HE = 'אזהרת סערה: הישארו בבית או לכו למקלט';

setGenerousWaits();

/** what the page's map draws of the emergency and how the routine layers look */
async function mapState(page: Page) {
  await mapIdle(page);
  return page.evaluate(() => {
    const map = window.__commonsMap as NonNullable<typeof window.__commonsMap>;
    return {
      programsOpacity: map.getPaintProperty('programs-circle', 'circle-opacity') ?? null,
      centresOpacity: map.getPaintProperty('centres-circle', 'circle-stroke-opacity') ?? null,
      emergencyVisible: map.getLayoutProperty('emergency-circle', 'visibility') !== 'none',
      emergencyDrawn: map.queryRenderedFeatures({ layers: ['emergency-circle'] }).length,
    };
  });
}

/** the page learns of a switch as it does when someone comes back to it: on focus */
async function refocus(page: Page) {
  const before = await page.evaluate(() => window.__commonsEmergency?.checks ?? 0);
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await page.waitForFunction((n) => (window.__commonsEmergency?.checks ?? 0) > n, before);
}

describe.skipIf(!browserAvailable())('emergency mode in Chromium', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  let admin: Page;
  let resident: Page;
  let kiosk: Page;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    server = await startServer({
      config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      database,
      onProgress: () => {},
    });
    await addUser(database.db, { tenant: 'lindmere', email: 'crisis@example.org', role: 'admin' });
    browser = await launchBrowser();
    admin = await (await newTestContext(browser, { viewport: { width: 1280, height: 1000 } })).newPage();
    resident = await (await newTestContext(browser, { viewport: { width: 1280, height: 860 } })).newPage();
    kiosk = await (
      await newTestContext(browser, { viewport: { width: 1080, height: 1920 }, hasTouch: true })
    ).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('shows the routine view while nothing is switched on', async () => {
    await resident.goto(`${server.url}/?lang=en`);
    // the first visit asks who it is for; skipped
    await resident.getByRole('dialog').getByRole('button', { name: 'Skip' }).click();
    await resident.waitForFunction(() => window.__commonsEmergency?.active === false);
    const m = await mapState(resident);
    expect(m).toMatchObject({ programsOpacity: null, emergencyVisible: false, emergencyDrawn: 0 });
    expect(await resident.getByTestId('emergency-banner').count()).toBe(0);
    // a marker that a reload would lose
    await resident.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
    await kiosk.goto(`${server.url}${KIOSK}`);
    await kiosk.waitForSelector('.k-attract');
    await kiosk.waitForFunction(() => window.__commonsEmergency?.active === false);
    expect(await kiosk.getByTestId('attract-emergency').count()).toBe(0);
  });

  it('lets an admin sign in, mark a shelter and switch emergency mode on with a confirm step', async () => {
    await admin.goto(`${server.url}/admin/emergency`);
    await admin.waitForURL(/\/admin\/sign-in/);
    await admin.getByLabel('E-mail address').fill('crisis@example.org');
    await admin.getByLabel('Password').fill(PASSWORD);
    await admin.getByRole('button', { name: 'Sign in', exact: true }).click();
    await admin.waitForURL(/\/admin\/emergency$/);
    await admin.getByRole('heading', { name: 'Emergency mode' }).waitFor();
    await expect
      .poll(() => admin.getByTestId('emergency-admin-state').textContent())
      .toMatch(/Emergency mode is off/);

    // a place marked in advance, while routine runs
    await admin.getByLabel('Find a place or an activity').fill('Kestrel Rise');
    await admin.getByRole('button', { name: 'Search', exact: true }).click();
    await admin.getByRole('radio', { name: new RegExp(`^${CENTRE}`) }).check();
    await admin.getByLabel('Role').selectOption('shelter');
    await admin.getByLabel(/Note · English/).fill('Beds, water and blankets');
    await admin.getByLabel(/Note · עברית/).fill('מיטות, מים ושמיכות');
    await admin.getByRole('button', { name: 'Mark', exact: true }).click();
    await expect
      .poll(() => admin.getByTestId('emergency-marks').textContent())
      .toMatch(new RegExp(`Shelter.*${CENTRE}`));

    // the message in two of the six languages: the four others are marked missing
    await admin.getByLabel(/^English/).fill(MESSAGE_EN);
    await admin.getByLabel(/^עברית/).fill(MESSAGE_HE);
    expect(await admin.locator('.missing-badge').count()).toBe(4);
    await admin.getByRole('button', { name: 'Switch emergency mode on…' }).click();
    // the confirm step: nothing is switched until it is confirmed
    await admin.getByRole('button', { name: 'Cancel' }).click();
    expect((await (await fetch(`${server.url}/api/emergency`)).json()).active).toBe(false);
    await admin.getByRole('button', { name: 'Switch emergency mode on…' }).click();
    await admin.getByText(/Switch on now\?/).waitFor();
    await admin.getByRole('button', { name: 'Yes, switch on' }).click();
    await expect
      .poll(() => admin.getByTestId('emergency-admin-state').textContent())
      .toMatch(/Emergency mode is ON since .* crisis@example\.org/);
    await expect.poll(() => admin.getByRole('status').first().textContent()).toMatch(/Emergency mode is on/);
    await admin.getByTestId('emergency-admin-state').scrollIntoViewIfNeeded();
    await admin.screenshot({ path: artifact('emergency-admin-en.png') });
    const axe = await new AxeBuilder({ page: admin }).analyze();
    expect(
      axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
    ).toEqual([]);
  });

  it('turns the open resident map into the emergency view without a reload', async () => {
    await refocus(resident);
    const banner = resident.getByRole('alert').filter({ hasText: MESSAGE_EN });
    await banner.waitFor();
    expect(await banner.getByRole('heading').textContent()).toBe('Emergency');
    // the marked places first in the panel, with their role
    // (each part of the panel sits in its own sheet part since the phone layout of issue 14)
    const firstInPanel = await resident.evaluate(() => {
      let el = document.querySelector('#panel')?.firstElementChild ?? null;
      while (el?.classList.contains('sheet-part')) el = el.firstElementChild;
      return el?.getAttribute('data-testid') ?? null;
    });
    expect(firstInPanel).toBe('emergency-places');
    const first = resident.getByTestId('emergency-places');
    expect(await first.textContent()).toMatch(new RegExp(`Shelter.*${CENTRE}.*Beds, water and blankets`));
    // drawn above the routine layers, which are dimmed but still there
    await expect
      .poll(() => mapState(resident))
      .toMatchObject({ programsOpacity: 0.3, emergencyVisible: true, emergencyDrawn: 1 });
    expect(
      await resident.evaluate(() => window.__commonsMap?.getLayoutProperty('programs-circle', 'visibility')),
    ).toBe('visible');
    // the other languages one press away
    await resident.getByText('This message in other languages').click();
    await resident.locator('.emergency-other li[lang="he"]').filter({ hasText: MESSAGE_HE }).waitFor();
    expect(
      await resident.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
    await resident.screenshot({ path: artifact('emergency-resident-en.png') });

    // in Hebrew, right to left: the Hebrew message and role names
    const he = await (await newTestContext(browser, { viewport: { width: 1280, height: 860 } })).newPage();
    await he.goto(`${server.url}/?lang=he`);
    await he.getByRole('dialog').getByRole('button', { name: heUi.audience.skip }).click();
    await he.getByRole('alert').filter({ hasText: MESSAGE_HE }).waitFor();
    expect(await he.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await he.getByTestId('emergency-places').textContent()).toMatch(/מקלט.*מיטות, מים ושמיכות/);
    await mapIdle(he);
    await he.screenshot({ path: artifact('emergency-resident-he.png') });
    await he.context().close();
  });

  it('turns the open kiosk into the emergency view, in every kiosk language', async () => {
    await refocus(kiosk);
    const attract = kiosk.getByTestId('attract-emergency');
    await attract.waitFor();
    expect(await attract.textContent()).toMatch(new RegExp(`${MESSAGE_EN}.*Shelter.*${CENTRE}`));
    await kiosk.screenshot({ path: artifact('emergency-kiosk-attract-en.png') });
    await kiosk.locator('.k-attract').click();
    await kiosk.getByRole('alert').filter({ hasText: MESSAGE_EN }).waitFor();
    const results = kiosk.locator('.k-results');
    expect(await results.locator('[data-testid="emergency-places"]').count()).toBe(1);
    // the marked places come before the routine results
    const order = await results.evaluate((el) => {
      const places = el.querySelector('[data-testid="emergency-places"]');
      const list = el.querySelector('.k-list');
      return places && list ? places.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
    });
    expect(order).toBeGreaterThan(0);
    await expect.poll(() => mapState(kiosk)).toMatchObject({ programsOpacity: 0.3, emergencyVisible: true });
    await kiosk.screenshot({ path: artifact('emergency-kiosk-en.png') });
    for (const [name, role] of [
      ['Français', 'Abri'],
      ['Polski', 'Schronienie'],
      ['Українська', 'Укриття'],
      ['Русский', 'Укрытие'],
      ['עברית', 'מקלט'],
    ] as const) {
      await kiosk.locator('.k-langs button', { hasText: name }).click();
      await expect.poll(() => kiosk.getByTestId('emergency-places').textContent()).toMatch(role);
      expect(await kiosk.getByTestId('emergency-banner').count()).toBe(1);
    }
    // Hebrew has its own message; the others read the default language's
    await kiosk.getByRole('alert').filter({ hasText: MESSAGE_HE }).waitFor();
    await mapIdle(kiosk);
    await kiosk.screenshot({ path: artifact('emergency-kiosk-he.png') });
  });

  it('switched off, the map and the kiosk come back to the routine view', async () => {
    await admin.getByRole('button', { name: 'Switch emergency mode off…' }).click();
    await admin.getByRole('button', { name: 'Yes, switch off' }).click();
    await expect
      .poll(() => admin.getByTestId('emergency-admin-state').textContent())
      .toMatch(/Emergency mode is off/);

    await refocus(resident);
    await resident.waitForFunction(() => window.__commonsEmergency?.active === false);
    await expect.poll(() => resident.getByTestId('emergency-banner').count()).toBe(0);
    expect(await resident.getByTestId('emergency-places').count()).toBe(0);
    await expect
      .poll(() => mapState(resident))
      .toMatchObject({
        programsOpacity: null,
        centresOpacity: null,
        emergencyVisible: false,
        emergencyDrawn: 0,
      });
    expect(
      await resident.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
    await resident.screenshot({ path: artifact('emergency-resident-off.png') });

    await refocus(kiosk);
    await expect.poll(() => kiosk.getByTestId('emergency-banner').count()).toBe(0);
    expect(await kiosk.getByTestId('emergency-places').count()).toBe(0);
    await expect
      .poll(() => mapState(kiosk))
      .toMatchObject({ programsOpacity: null, emergencyVisible: false });
    await kiosk.evaluate(() => window.__commonsKiosk?.expire());
    await kiosk.waitForSelector('.k-attract');
    expect(await kiosk.getByTestId('attract-emergency').count()).toBe(0);
  });

  it('offers the back-office page in Hebrew, right to left', async () => {
    await admin.goto(`${server.url}/admin/emergency?lang=he`);
    await admin.getByRole('heading', { name: 'מצב חירום', exact: true }).waitFor();
    expect(await admin.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await expect
      .poll(() => admin.getByTestId('emergency-admin-state').textContent())
      .toMatch(/מצב החירום כבוי/);
    // the last switch-off, its time and who isolated in the Hebrew sentence
    expect(await admin.getByTestId('emergency-admin-state').locator('bdi').allTextContents()).toContain(
      'crisis@example.org',
    );
    await admin.screenshot({ path: artifact('emergency-admin-he.png') });
  });
});
