/**
 * Debian's Chromium through playwright-core, with the flags this machine needs (STACK.md).
 * Missing browser: the test is skipped locally and fails in CI.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
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
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

export function artifact(name: string): string {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}
