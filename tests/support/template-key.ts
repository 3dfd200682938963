/**
 * A hash of everything a database template depends on: migrations, loader (with the walk graph
 * it makes of the streets), the access results computed at first start, and the demo town.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../server/config.ts';

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

export function templateKey(): string {
  const hash = createHash('sha256');
  const inputs = [
    ...filesUnder(path.join(PROJECT_ROOT, 'server', 'db')),
    path.join(PROJECT_ROOT, 'server', 'import', 'town.ts'),
    path.join(PROJECT_ROOT, 'server', 'import', 'street-graph.ts'),
    ...filesUnder(path.join(PROJECT_ROOT, 'server', 'analytics')).filter((f) => !f.endsWith('.test.ts')),
    path.join(PROJECT_ROOT, 'data', 'town-format.ts'),
    ...filesUnder(path.join(PROJECT_ROOT, 'data', 'demo')),
  ];
  for (const f of inputs) {
    hash.update(path.relative(PROJECT_ROOT, f));
    hash.update(fs.readFileSync(f));
  }
  return hash.digest('hex').slice(0, 12);
}
