/**
 * Debian's Chromium through playwright-core, with the flags this machine needs (STACK.md).
 * Missing browser: the test is skipped locally and fails in CI.
 *
 * Browser tests never assume the machine's speed: they wait on conditions (a fresh map `idle`,
 * an element's state, a response, `expect.poll`), each with a generous budget, so a loaded
 * machine passes and a hang still fails within the test's time-out. `setGenerousWaits()` sets
 * those budgets for a test file; `newTestContext()` gives Playwright's waits the same budget.
 */
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { vi } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(PROJECT_ROOT, 'tests', 'artifacts');
const ci = process.env.CI === 'true' || process.env.CI === '1';

export function browserAvailable(): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  if (ci)
    throw new Error(`CI=true but Chromium is missing at ${CHROMIUM}: .ci/run installs the Debian package`);
  console.warn(`Chromium not found at ${CHROMIUM}: browser tests skipped (apt-get install chromium).`);
  return false;
}

/** the flags this machine's headless Chromium needs (STACK.md): no GPU, WebGL on SwiftShader */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  disabledFeatures(),
];

/**
 * Headless Chromium (the new headless mode is the whole browser) opens the address bar's popup
 * — a WebUI page with a renderer of its own — for every window, so every test page paid ~1 CPU-s
 * for a popup nobody sees (measured in a trace of one map page: 0.8–1.4 s of the renderer
 * `chrome://omnibox-popup.top-chrome`; its features off, that renderer is gone). Chromium reads
 * only the last `--disable-features`, and Playwright passes its own list first, so this one
 * repeats Playwright's (playwright-core 1.65, `chromiumSwitches`) before adding the popup's.
 */
function disabledFeatures(): string {
  const playwrights = [
    'AvoidUnnecessaryBeforeUnloadCheckSync',
    'DestroyProfileOnBrowserClose',
    'HttpsUpgrades',
    'HttpsFirstBalancedModeAutoEnable',
    'LensOverlay',
    'MediaRouter',
    'PaintHolding',
    'ThirdPartyStoragePartitioning',
    'AvoidCorsURLLoaderRestartOnRedirect',
    'OptimizationHints',
    'NetworkTimeServiceQuerying',
    'AimEnabled',
    'PreconnectToSearch',
  ];
  const popup = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup', 'PreloadTopChromeWebUI'];
  return `--disable-features=${[...playwrights, ...popup].join(',')}`;
}

/**
 * The longest any single wait of a browser test may take: a page load, a map becoming idle, a
 * list showing its results. Minutes-long on purpose — a machine at load 10+ on 2 cores renders
 * WebGL in software many times slower than an idle one — and still a bound, so a hang fails.
 */
export const WAIT_MS = 90_000;
/** a whole browser test: several such waits in a row */
export const BROWSER_TEST_TIMEOUT_MS = 300_000;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, timeout: WAIT_MS });
}

/**
 * For a browser test file, at its top: `expect.poll` waits up to WAIT_MS (vitest's default is
 * 1 s, which a busy machine misses), and each test and hook may take BROWSER_TEST_TIMEOUT_MS.
 */
export function setGenerousWaits(): void {
  vi.setConfig({
    expect: { poll: { timeout: WAIT_MS, interval: 100 } },
    testTimeout: BROWSER_TEST_TIMEOUT_MS,
    hookTimeout: BROWSER_TEST_TIMEOUT_MS,
  });
}

/**
 * A browser context whose actions, waits and navigations have the WAIT_MS budget (Playwright's
 * default is 30 s), with the `__name` shim tsx-compiled page functions need (STACK.md).
 * It prefers reduced motion (unless asked otherwise): MapLibre then jumps instead of flying, so
 * the software renderer draws one frame instead of a whole animation, and the map is not still
 * moving under the next click. No test is about an animation.
 */
export async function newTestContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ reducedMotion: 'reduce', ...options });
  context.setDefaultTimeout(WAIT_MS);
  context.setDefaultNavigationTimeout(WAIT_MS);
  await context.addInitScript('window.__name = (f) => f');
  return context;
}

/**
 * Refuses every request to a host other than `origin`'s and records it: the app must serve
 * everything it needs itself (glyphs, the RTL plugin, tiles, fonts). The test then asserts the
 * returned list is empty.
 */
export async function refuseOtherHosts(context: BrowserContext, origin: string): Promise<string[]> {
  const own = new URL(origin).host;
  const refused: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.host === own) return route.continue();
    refused.push(url.href);
    return route.abort('blockedbyclient');
  });
  return refused;
}

type MapHandle = '__commonsMap' | '__plannerMap';

/**
 * Waits until the map (exposed on `window` by the app) has rendered everything asked of it so
 * far: a fresh `idle` event after a repaint requested now. Unlike the page's `data-map-idle`
 * flag, which still says "idle" from before a change that has not reached the map yet, this
 * cannot pass on a stale state.
 */
export async function mapIdle(page: Page, handle: MapHandle = '__commonsMap'): Promise<void> {
  await page.waitForFunction((h) => (window as unknown as Record<string, unknown>)[h] !== undefined, handle);
  const token = await page.evaluate((h) => {
    type IdleMap = { once: (e: 'idle', f: () => void) => void; triggerRepaint: () => void };
    const w = window as unknown as Record<string, unknown> & { __cmIdle?: Record<string, boolean> };
    const map = w[h] as IdleMap;
    const key = `${h}:${Math.random()}`;
    w.__cmIdle = { ...(w.__cmIdle ?? {}), [key]: false };
    map.once('idle', () => {
      if (w.__cmIdle) w.__cmIdle[key] = true;
    });
    map.triggerRepaint();
    return key;
  }, handle);
  await page.waitForFunction(
    (key) => (window as unknown as { __cmIdle?: Record<string, boolean> }).__cmIdle?.[key] === true,
    token,
  );
}

export function artifact(name: string): string {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

/**
 * axe-core's serious and critical violations on the page as it is, each as "rule: targets". The
 * map's canvas is left out (a WebGL drawing has no text to check), and whatever else `exclude` names.
 */
export async function seriousViolations(page: Page, exclude: string[] = []): Promise<string[]> {
  let builder = new AxeBuilder({ page }).exclude('.maplibregl-canvas');
  for (const selector of exclude) builder = builder.exclude(selector);
  const result = await builder.analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}
