/** Builds the web app into dist/web when its sources changed since the last build. */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../server/config.ts';

const OUT = path.join(PROJECT_ROOT, 'dist', 'web');
const INPUTS = ['web', 'data/taxonomy', 'vite.config.ts', 'package-lock.json'];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p, { withFileTypes: true })) {
    newest = Math.max(newest, newestMtime(path.join(p, e.name)));
  }
  return newest;
}

export function webBuildIsStale(): boolean {
  const index = path.join(OUT, 'index.html');
  if (!fs.existsSync(index)) return true;
  const built = fs.statSync(index).mtimeMs;
  return INPUTS.some((i) => newestMtime(path.join(PROJECT_ROOT, i)) > built);
}

export async function ensureWebBuild(): Promise<void> {
  if (!webBuildIsStale()) return;
  const { build } = await import('vite');
  // vitest sets NODE_ENV=test, and Vite builds what NODE_ENV says: React's development runtime
  // (jsxDEV, its checks, twice the size) in the bundle the browser tests, lighthouse and a later
  // `npm start` serve. The product's build is the production one.
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(PROJECT_ROOT, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
}
