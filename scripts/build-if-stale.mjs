// `npm start` runs this first (scripts/start.mjs): build the web app when dist/web is missing or
// older than its sources. Also runnable alone: node scripts/build-if-stale.mjs
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const index = path.join(root, 'dist', 'web', 'index.html');
const inputs = ['web', 'data/taxonomy', 'vite.config.ts', 'package-lock.json'];

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return fs.readdirSync(p).reduce((m, name) => Math.max(m, newest(path.join(p, name))), st.mtimeMs);
}

/**
 * Builds dist/web when it is missing or older than its sources. Skipped when WEB_DIR points
 * elsewhere (that folder is not what `vite build` writes).
 */
export function buildIfStale() {
  const webDir = process.env.WEB_DIR ? path.resolve(process.env.WEB_DIR) : path.join(root, 'dist', 'web');
  if (webDir !== path.join(root, 'dist', 'web')) return;
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  if (built === 0 || inputs.some((i) => newest(path.join(root, i)) > built)) {
    console.log('Building the web app (vite build)…');
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) buildIfStale();
