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

const loaded = new Map<string, Buffer>();

/**
 * The embedded template (global-setup.ts) as PGlite's `loadDataDir` takes it. Not a `Blob`: Node
 * reads a Blob's bytes back in small chunks and joins them (~0.5 CPU-s for the template, each
 * open), while PGlite only asks for `arrayBuffer()` and `type`. The file is read once per process;
 * each open gets its own copy of the bytes.
 */
export function templateBlob(file: string): Blob {
  const bytes = loaded.get(file) ?? fs.readFileSync(file);
  loaded.set(file, bytes);
  const blobLike = {
    type: 'application/x-tar',
    size: bytes.byteLength,
    arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  };
  // cast: PGlite's loadDataDir is typed Blob but reads only these two members of it
  return blobLike as unknown as Blob;
}
