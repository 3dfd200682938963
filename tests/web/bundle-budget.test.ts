/**
 * The first load stays small: the entry chunk and everything it imports statically must stay
 * under 350 KB gzip, and MapLibre must not be among them (the map is a lazily loaded chunk).
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';

const DIST = path.join(PROJECT_ROOT, 'dist', 'web');

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

describe('the web bundle', () => {
  const manifestFile = path.join(DIST, '.vite', 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;

  function initialFiles(): string[] {
    const entry = Object.entries(manifest).find(([, c]) => c.isEntry);
    if (!entry) throw new Error('no entry chunk in the manifest');
    const seen = new Set<string>();
    const visit = (key: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      for (const k of manifest[key]?.imports ?? []) visit(k);
    };
    visit(entry[0]);
    return [...seen].map((k) => manifest[k]?.file as string);
  }

  it('loads under 350 KB of JavaScript (gzip) before the map', () => {
    const files = initialFiles();
    const gz = files.reduce((sum, f) => sum + gzipSync(fs.readFileSync(path.join(DIST, f))).length, 0);
    expect(gz / 1024).toBeLessThan(350);
  });

  it("is React's production build, not its development runtime (the suite builds it under NODE_ENV=test)", () => {
    const scripts = Object.values(manifest).map((c) => c.file).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(10);
    const dev = scripts.filter((f) => /jsxDEV|react-jsx-dev-runtime/.test(fs.readFileSync(path.join(DIST, f), 'utf8')));
    expect(dev).toEqual([]);
  });

  it('keeps MapLibre out of the first load: it arrives with the lazily loaded map', () => {
    const initial = initialFiles();
    for (const f of initial)
      expect(fs.readFileSync(path.join(DIST, f), 'utf8')).not.toContain('maplibregl-canvas');
    const mapKey = Object.keys(manifest).find((k) => k.endsWith('map/MapView.tsx'));
    if (!mapKey) throw new Error('no MapView chunk in the manifest');
    const entry = Object.values(manifest).find((c) => c.isEntry);
    expect(entry?.dynamicImports ?? []).toContain(mapKey);
    const seen = new Set<string>();
    const visit = (key: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      for (const k of manifest[key]?.imports ?? []) visit(k);
    };
    visit(mapKey);
    const lazyFiles = [...seen].map((k) => manifest[k]?.file as string).filter((f) => !initial.includes(f));
    expect(
      lazyFiles.some((f) => fs.readFileSync(path.join(DIST, f), 'utf8').includes('maplibregl-canvas')),
    ).toBe(true);
  });
});
