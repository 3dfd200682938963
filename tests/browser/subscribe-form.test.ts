/**
 * The subscribe form in a real Chromium against the real API and a real SMTP server: labels,
 * an invalid address announced (role=alert, aria-invalid), a subscription in Hebrew whose
 * confirmation mail arrives with the view's filters stored, and the form saying when mail is off.
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import react from '@vitejs/plugin-react';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig, PROJECT_ROOT } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { TenantResolver } from '../../server/tenants/queries.ts';
import { browserAvailable, launchBrowser, newTestContext, setGenerousWaits } from '../support/browser.ts';
import { openTestDatabase, RATE_LIMITS_OFF, type TestDatabase } from '../support/databases.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';

setGenerousWaits();

const HARNESS = path.join(PROJECT_ROOT, 'tests', 'browser', 'subscribe-harness');
const OUT = path.join(PROJECT_ROOT, 'tests', 'artifacts', 'subscribe-harness');

async function listen(
  fetch: (r: Request) => Response | Promise<Response>,
): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server: server as Server, url: `http://127.0.0.1:${port}` });
    }) as Server;
  });
}

describe.skipIf(!browserAvailable())('subscribe form', () => {
  let database: TestDatabase;
  let smtp: TestSmtp;
  let browser: Browser;
  const servers: Server[] = [];
  let on: string;
  let off: string;

  beforeAll(async () => {
    fs.rmSync(OUT, { recursive: true, force: true });
    await build({
      configFile: false,
      root: HARNESS,
      logLevel: 'warn',
      plugins: [react()],
      build: { outDir: OUT, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4096 },
    });
    database = await openTestDatabase('pglite');
    smtp = await startTestSmtp();
    const make = (env: Record<string, string>) =>
      createApp({
        db: database.db,
        databaseKind: database.kind,
        config: loadConfig({ LOG_LEVEL: 'silent', ...RATE_LIMITS_OFF, WEB_DIR: OUT, ...env }),
        tenants: new TenantResolver(database.db, undefined),
        log: createLogger('silent'),
      });
    const a = await listen(make({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://map.example.org' }).fetch);
    const b = await listen(make({}).fetch);
    servers.push(a.server, b.server);
    on = a.url;
    off = b.url;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await new Promise((r) => s.close(r));
    await smtp?.close();
    await database?.close();
  });

  it('announces a bad address, then subscribes this view in Hebrew', async () => {
    const hoods = (await (
      await fetch(`${on}/api/layers/neighbourhoods`)
    ).json()) as GeoJSON.FeatureCollection;
    const area = String(hoods.features[0]?.id);
    const context = await newTestContext(browser);
    const page = await context.newPage();
    await page.goto(
      `${on}/?lang=he&filters=${encodeURIComponent(`area=${area}&audience=seniors&when=week&item=x`)}`,
    );
    const email = page.getByLabel('כתובת דוא״ל');
    await email.fill('not-an-address');
    await page.getByRole('button', { name: 'הרשמה' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('name@example.org');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    // the language defaults to the interface's
    expect(await page.getByLabel('שפת הדוא״ל').inputValue()).toBe('he');
    await page.getByLabel('כל יום (היום ומחר)').check();
    await email.fill('miriam@example.org');
    const n = smtp.mails.length;
    await page.getByRole('button', { name: 'הרשמה' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('בדקו את תיבת הדואר');
    const mail = await smtp.next(n);
    expect(mail.html).toContain('dir="rtl"');
    const row = await database.db
      .selectFrom('subscription')
      .selectAll()
      .where('email', '=', 'miriam@example.org')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ language: 'he', frequency: 'daily', filters: { area, audience: 'seniors' } });
    await context.close();
  });

  it('says when the server sends no mail', async () => {
    const context = await newTestContext(browser);
    const page = await context.newPage();
    await page.goto(`${off}/?lang=fr`);
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('pas disponibles');
    expect(await page.getByRole('button').count()).toBe(0);
    await context.close();
  });
});
