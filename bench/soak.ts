/**
 * `npm run soak`: a bounded mixed read/write load on loopback against a real server process, to
 * show that it serves for a long time without errors and without growing memory.
 *
 *   npm run soak                                  # 10 minutes, embedded database
 *   npm run soak -- --minutes 2 --concurrency 8
 *   SOAK_DATABASE_URL=postgres://…/db npm run soak   # against a PostGIS server (database is used as is)
 *
 * The server is started as a child process (`server/main.ts`, the same entry as `npm start`) on a
 * fresh copy of the demo town in a temporary data folder, with admin writes enabled. Clients run a
 * closed loop at a fixed concurrency: near-me, layers, the what's-on list, search, details,
 * calendars, the planner table, kiosks, the basemap style — and writes: kiosk configurations put
 * and deleted, and a small GeoJSON re-imported through the admin upload. The server's resident
 * memory is sampled every few seconds from /proc.
 *
 * It stops by itself after the duration (every request loop is bounded in time), prints a summary,
 * writes it to bench/results/soak-<time>.json, and exits 1 when any request failed or memory grew
 * (the peak of the last third of the run above the peak of the middle third by more than 10 % + 32 MB).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../server/config.ts';
import { percentile } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: process.env.SOAK_MINUTES ?? '10' },
    concurrency: { type: 'string', default: process.env.SOAK_CONCURRENCY ?? '8' },
    'sample-seconds': { type: 'string', default: '5' },
  },
});
const DURATION_MS = Number(args.minutes) * 60_000;
const CONCURRENCY = Number(args.concurrency);
const SAMPLE_MS = Number(args['sample-seconds']) * 1000;
const REQUEST_TIMEOUT_MS = 30_000;
if (!(DURATION_MS > 0) || !(CONCURRENCY >= 1)) {
  console.error('usage: npm run soak -- [--minutes 10] [--concurrency 8]');
  process.exit(2);
}

const ADMIN_TOKEN = `soak-${Math.random().toString(36).slice(2)}-${Date.now()}`;

interface Op {
  name: string;
  weight: number;
  run(base: string): Promise<Response>;
}

interface Town {
  bbox: [number, number, number, number];
  opportunityIds: string[];
  centreIds: string[];
  words: string[];
}

const rand = (n: number) => Math.floor(Math.random() * n);
const pick = <T>(xs: T[]): T => xs[rand(xs.length)] as T;
const between = (a: number, b: number) => a + Math.random() * (b - a);

function startServer(dataDir: string | null): Promise<{ child: ChildProcess; url: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    ADMIN_TOKEN,
    LOG_LEVEL: 'warn',
    // the clients are on loopback, which RATE_LIMIT_EXEMPT spares by default: the soak measures the
    // server, not its abuse limits
  };
  if (process.env.SOAK_DATABASE_URL) env.DATABASE_URL = process.env.SOAK_DATABASE_URL;
  else {
    delete env.DATABASE_URL;
    env.DATA_DIR = dataDir as string;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'server', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      process.stderr.write(`  server: ${b.toString().replace(/\n(?=.)/g, '\n  server: ')}`);
      const m = /Open (http:\/\/\S+) in your browser/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1] });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (b: Buffer) => process.stderr.write(`  server: ${b}`));
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it was ready:\n${out}`)));
  });
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

async function readTown(base: string): Promise<Town> {
  const cfg = (await (await fetch(`${base}/api/config`)).json()) as {
    tenant: { bbox?: number[]; home?: { bbox?: number[] } };
  };
  const raw = cfg.tenant.bbox ?? cfg.tenant.home?.bbox;
  const bbox = (raw && raw.length === 4 ? raw : [-180, -85, 180, 85]) as Town['bbox'];
  const q = `bbox=${bbox.join(',')}&limit=2000`;
  const programs = (await (await fetch(`${base}/api/layers/programs?${q}`)).json()) as {
    features: { id: string; properties: { name: string } }[];
  };
  const centres = (await (await fetch(`${base}/api/layers/centres?${q}`)).json()) as {
    features: { id: string }[];
  };
  const words = [
    ...new Set(
      programs.features.flatMap((f) =>
        f.properties.name
          .split(/\s+/)
          .filter((w) => w.length > 3)
          .map((w) => w.toLowerCase()),
      ),
    ),
  ];
  if (!programs.features.length || !centres.features.length)
    throw new Error('the town has no programs or centres to soak with');
  return {
    bbox,
    opportunityIds: programs.features.map((f) => f.id),
    centreIds: centres.features.map((f) => f.id),
    words: words.length ? words : ['garden'],
  };
}

function operations(town: Town): Op[] {
  const [minLon, minLat, maxLon, maxLat] = town.bbox;
  const point = () => `lon=${between(minLon, maxLon).toFixed(5)}&lat=${between(minLat, maxLat).toFixed(5)}`;
  const subBbox = () => {
    const w = (maxLon - minLon) * between(0.05, 0.4);
    const h = (maxLat - minLat) * between(0.05, 0.4);
    const x = between(minLon, maxLon - w);
    const y = between(minLat, maxLat - h);
    return [x, y, x + w, y + h].map((v) => v.toFixed(5)).join(',');
  };
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const get = (p: string) => (base: string) => fetch(base + p);
  const importBody = () => {
    const c = [between(minLon, maxLon), between(minLat, maxLat)];
    const features = Array.from({ length: 5 }, (_, i) => ({
      type: 'Feature',
      properties: { id: `soak-${i}`, name: `Soak garden ${i}` },
      geometry: { type: 'Point', coordinates: [(c[0] as number) + i * 1e-3, c[1]] },
    }));
    const form = new FormData();
    form.set('format', 'geojson');
    form.set('layer', 'gardens');
    form.set('source', 'soak');
    form.set(
      'file',
      new Blob([JSON.stringify({ type: 'FeatureCollection', features })], { type: 'application/geo+json' }),
      'soak.geojson',
    );
    return form;
  };
  return [
    { name: 'health', weight: 2, run: get('/api/health') },
    { name: 'nearby', weight: 10, run: (b) => fetch(`${b}/api/nearby?${point()}&radius_m=1500`) },
    { name: 'layer programs', weight: 8, run: (b) => fetch(`${b}/api/layers/programs?bbox=${subBbox()}`) },
    { name: 'layer parks', weight: 4, run: (b) => fetch(`${b}/api/layers/parks?bbox=${subBbox()}`) },
    {
      name: "what's on",
      weight: 8,
      run: (b) => fetch(`${b}/api/opportunities?when=${pick(['today', 'week', 'weekend'])}&${point()}&radius_m=2000`),
    },
    { name: 'search', weight: 6, run: (b) => fetch(`${b}/api/search?q=${encodeURIComponent(pick(town.words))}`) },
    { name: 'detail', weight: 8, run: (b) => fetch(`${b}/api/opportunities/${pick(town.opportunityIds)}`) },
    {
      name: 'calendar',
      weight: 3,
      run: (b) => fetch(`${b}/api/opportunities/${pick(town.opportunityIds)}/calendar.ics`),
    },
    {
      name: 'planner',
      weight: 2,
      run: (b) => fetch(`${b}/api/planner/neighbourhoods?set=${pick(['parks', 'gardens', 'centres'])}`),
    },
    { name: 'kiosks', weight: 2, run: get('/api/kiosks') },
    { name: 'style', weight: 2, run: get('/api/basemap/style.json') },
    {
      name: 'write kiosk',
      weight: 2,
      run: (b) =>
        fetch(`${b}/api/admin/kiosks/soak-${rand(4)}`, {
          method: 'PUT',
          headers: { ...admin, 'content-type': 'application/json' },
          body: JSON.stringify({ centre: pick(town.centreIds), radius_m: 500 + rand(20) * 100 }),
        }),
    },
    {
      name: 'delete kiosk',
      weight: 1,
      run: async (b) => {
        const res = await fetch(`${b}/api/admin/kiosks/soak-${rand(4)}`, { method: 'DELETE', headers: admin });
        // a kiosk another client deleted first is a correct 404, not an error of the server
        return res.status === 404 ? new Response(null, { status: 204 }) : res;
      },
    },
    {
      name: 'write import',
      weight: 0.2,
      run: (b) => fetch(`${b}/api/admin/import`, { method: 'POST', headers: admin, body: importBody() }),
    },
  ];
}

interface Stat {
  ok: number;
  errors: number;
  ms: number[];
  lastError?: string;
}

async function soak(base: string, pid: number) {
  const town = await readTown(base);
  const ops = operations(town);
  const total = ops.reduce((a, o) => a + o.weight, 0);
  const choose = () => {
    let r = Math.random() * total;
    for (const o of ops) {
      r -= o.weight;
      if (r <= 0) return o;
    }
    return ops[0] as Op;
  };
  const stats = new Map<string, Stat>(ops.map((o) => [o.name, { ok: 0, errors: 0, ms: [] }]));
  const memory: { t: number; rss: number }[] = [];
  const started = Date.now();
  const deadline = started + DURATION_MS;
  const sampler = setInterval(() => memory.push({ t: Date.now() - started, rss: rssMb(pid) }), SAMPLE_MS);
  let lastReport = started;

  async function client() {
    while (Date.now() < deadline) {
      const op = choose();
      const s = stats.get(op.name) as Stat;
      const t0 = performance.now();
      try {
        const res = await Promise.race([
          op.run(base),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS),
          ),
        ]);
        await res.arrayBuffer();
        const ms = performance.now() - t0;
        if (res.status >= 200 && res.status < 300) {
          s.ok += 1;
          s.ms.push(ms);
        } else {
          s.errors += 1;
          s.lastError = `HTTP ${res.status}`;
        }
      } catch (err) {
        s.errors += 1;
        s.lastError = (err as Error).message;
      }
      if (Date.now() - lastReport > 30_000) {
        lastReport = Date.now();
        const done = [...stats.values()].reduce((a, x) => a + x.ok + x.errors, 0);
        const errs = [...stats.values()].reduce((a, x) => a + x.errors, 0);
        const last = memory.at(-1);
        console.error(
          `  ${((Date.now() - started) / 60_000).toFixed(1)} min: ${done} requests, ${errs} errors, server RSS ${last ? last.rss.toFixed(0) : '?'} MB`,
        );
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  clearInterval(sampler);
  memory.push({ t: Date.now() - started, rss: rssMb(pid) });
  return { stats, memory, elapsedMs: Date.now() - started };
}

function memoryVerdict(memory: { t: number; rss: number }[]) {
  const third = Math.floor(memory.length / 3);
  const peak = (xs: { rss: number }[]) => Math.max(...xs.map((x) => x.rss));
  if (third < 2) return { flat: true, middlePeakMb: Number.NaN, lastPeakMb: Number.NaN, note: 'run too short to judge' };
  const middlePeakMb = peak(memory.slice(third, 2 * third));
  const lastPeakMb = peak(memory.slice(2 * third));
  const flat = lastPeakMb <= middlePeakMb * 1.1 + 32;
  return { flat, middlePeakMb, lastPeakMb, note: flat ? 'flat' : 'grew' };
}

async function main() {
  const dataDir = process.env.SOAK_DATABASE_URL ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'cm-soak-'));
  console.error(`Starting the server (${dataDir ? `embedded database in ${dataDir}` : 'PostGIS server'})…`);
  const { child, url } = await startServer(dataDir);
  // an interrupted soak leaves neither a server nor its data folder behind
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => {
      child.kill('SIGKILL');
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(130);
    });
  let exitCode = 0;
  try {
    console.error(`Soaking ${url} for ${args.minutes} min at concurrency ${CONCURRENCY}…`);
    const { stats, memory, elapsedMs } = await soak(url, child.pid as number);
    const all = [...stats.values()].flatMap((s) => s.ms).sort((a, b) => a - b);
    const requests = [...stats.values()].reduce((a, s) => a + s.ok + s.errors, 0);
    const errors = [...stats.values()].reduce((a, s) => a + s.errors, 0);
    const mem = memoryVerdict(memory);
    const rows = [...stats.entries()].map(([name, s]) => {
      const ms = [...s.ms].sort((a, b) => a - b);
      return {
        operation: name,
        ok: s.ok,
        errors: s.errors,
        p50_ms: Number(percentile(ms, 50).toFixed(1)),
        p99_ms: Number(percentile(ms, 99).toFixed(1)),
        ...(s.lastError ? { last_error: s.lastError } : {}),
      };
    });
    const summary = {
      date: new Date().toISOString(),
      database: dataDir ? 'pglite' : 'postgis',
      minutes: Number(args.minutes),
      concurrency: CONCURRENCY,
      requests,
      errors,
      throughput_rps: Number((requests / (elapsedMs / 1000)).toFixed(1)),
      p50_ms: Number(percentile(all, 50).toFixed(1)),
      p95_ms: Number(percentile(all, 95).toFixed(1)),
      p99_ms: Number(percentile(all, 99).toFixed(1)),
      rss_mb: {
        start: Number((memory[0]?.rss ?? Number.NaN).toFixed(0)),
        middle_third_peak: Number(mem.middlePeakMb.toFixed(0)),
        last_third_peak: Number(mem.lastPeakMb.toFixed(0)),
        end: Number((memory.at(-1)?.rss ?? Number.NaN).toFixed(0)),
        verdict: mem.note,
      },
      operations: rows,
      memory_samples: memory,
    };
    console.table(rows);
    console.log(
      `\n${requests} requests in ${(elapsedMs / 60_000).toFixed(1)} min (${summary.throughput_rps} /s), ${errors} errors; ` +
        `p50 ${summary.p50_ms} ms, p95 ${summary.p95_ms} ms, p99 ${summary.p99_ms} ms; ` +
        `server RSS ${summary.rss_mb.start} → ${summary.rss_mb.end} MB (middle-third peak ${summary.rss_mb.middle_third_peak}, last-third peak ${summary.rss_mb.last_third_peak}: ${mem.note})`,
    );
    const dir = path.join(PROJECT_ROOT, 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `soak-${summary.date.replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, JSON.stringify(summary, null, 2));
    console.log(`Written to ${path.relative(PROJECT_ROOT, file)}`);
    if (errors > 0 || !mem.flat) exitCode = 1;
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

await main();
