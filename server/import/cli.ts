/**
 * npm run import -- <format> <path> [--layer L] [--tenant T] [--mapping M] [--srid N]
 *                   [--source S] [--dry-run] [--skip-invalid] [--json]
 *
 * Imports into the database of the configuration (DATABASE_URL, else the embedded one in
 * DATA_DIR), in one transaction, and prints what it did per layer. Exit code 0 when imported,
 * 1 when the import was rejected (nothing changed), 2 when the input could not be read, 3 when
 * the data folder is in use by another process that cannot take the import.
 *
 * While the server runs on the same embedded data folder (only one process may open it), the
 * import is handed to that server, which runs it and answers the same report (handoff-client.ts).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { LocalImportRequest } from '../admin/local-import-routes.ts';
import { type Config, ConfigError, loadConfig } from '../config.ts';
import { bootstrapDatabase } from '../db/bootstrap.ts';
import { acquireDataDirLock, type DataDirLock, DataDirLockedError, needsDataDirLock } from '../db/data-dir-lock.ts';
import { absoluteRequest, errorMessage, postLocalImport, waitForHandoff } from './handoff-client.ts';
import { ImporterLoadError } from './formats.ts';
import { IMPORT_LAYERS, type ImportLayer } from './mapping.ts';
import {
  IMPORT_FORMATS,
  type ImportFormat,
  ImportInputError,
  ImportRejected,
  type ImportReport,
  refText,
  runImport,
} from './run.ts';

const USAGE = `usage: npm run import -- <format> <path> [--layer L] [--tenant T] [--mapping M] [--srid N] [--source S] [--dry-run] [--skip-invalid] [--json]
  formats: ${IMPORT_FORMATS.join(', ')}
  layers:  ${IMPORT_LAYERS.join(', ')}`;

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

/** the report's first line: what happened to the file */
function reportHeadline(r: ImportReport, rejected: boolean): string {
  const what = `${r.file} (${r.format}, source "${r.source}")`;
  if (rejected) return `Rejected ${what} for tenant "${r.tenant}": nothing was changed`;
  return `${r.dryRun ? 'Dry run of' : 'Imported'} ${what} into tenant "${r.tenant}" in ${(r.durationMs / 1000).toFixed(1)} s`;
}

function printReport(r: ImportReport, rejected = false) {
  const out = process.stdout;
  out.write(`\n${reportHeadline(r, rejected)}\n`);
  const rows = Object.entries(r.layers).map(([layer, c]) => ({ layer, ...c }));
  if (rows.length) console.table(rows);
  if (r.census) {
    out.write(
      `Census: ${r.census.matched.length} neighbourhoods matched, total population ${r.census.totalPopulation.toLocaleString('en')}\n`,
    );
    for (const m of r.census.matched.filter((x) => x.via === 'alias'))
      out.write(`  "${m.census}" → ${m.neighbourhood} (alias)\n`);
  }
  if (r.outsideNeighbourhoods?.count) {
    out.write(
      `${r.outsideNeighbourhoods.count} features lie outside every neighbourhood (kept): ${r.outsideNeighbourhoods.examples.join(', ')}\n`,
    );
  }
  const shown = r.issues.slice(0, 50);
  for (const i of shown)
    out.write(`  ${i.severity === 'error' ? 'ERROR' : 'note '} ${refText(i)}: ${i.reason}\n`);
  if (r.issues.length > shown.length)
    out.write(`  … and ${r.issues.length - shown.length} more (use --json for all)\n`);
  for (const n of r.notes) out.write(`${n}\n`);
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      layer: { type: 'string' },
      tenant: { type: 'string' },
      mapping: { type: 'string' },
      srid: { type: 'string' },
      source: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'skip-invalid': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const [format, file] = positionals;
  if (!format || !file) fail(USAGE);
  if (!(IMPORT_FORMATS as readonly string[]).includes(format)) fail(`unknown format "${format}"\n${USAGE}`);
  if (values.layer && !(IMPORT_LAYERS as readonly string[]).includes(values.layer))
    fail(`unknown layer "${values.layer}"\n${USAGE}`);
  const srid = values.srid ? Number(values.srid) : undefined;
  if (srid !== undefined && (!Number.isInteger(srid) || srid <= 0))
    fail(`--srid must be an EPSG code, e.g. 26910 (got "${values.srid}")`);

  const config = loadConfig();
  const lock = await lockOrHandOff(config, values.json, {
    format: format as ImportFormat,
    path: file,
    options: {
      ...(values.tenant ? { tenant: values.tenant } : {}),
      ...(values.layer ? { layer: values.layer as ImportLayer } : {}),
      ...(values.mapping ? { mapping: values.mapping } : {}),
      ...(srid ? { srid } : {}),
      ...(values.source ? { source: values.source } : {}),
      dryRun: values['dry-run'],
      skipInvalid: values['skip-invalid'],
    },
  });
  if (lock === 'handed-off') return;
  const database = await bootstrapDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: 2,
    loadDemo: config.LOAD_DEMO,
    demoDir: config.DEMO_DIR,
    onProgress: (m) => console.error(m),
  });
  const tty = process.stderr.isTTY;
  try {
    const report = await runImport(database.db, {
      format: format as ImportFormat,
      path: file,
      ...(values.tenant ? { tenant: values.tenant } : {}),
      ...(values.mapping ? { mapping: values.mapping } : {}),
      ...(values.layer ? { layer: values.layer as ImportLayer } : {}),
      ...(srid ? { srid } : {}),
      ...(values.source ? { source: values.source } : {}),
      dryRun: values['dry-run'],
      skipInvalid: values['skip-invalid'],
      occurrenceHorizonDays: config.OCCURRENCE_HORIZON_DAYS,
      recomputeAccess: true,
      onProgress: (done, total) => {
        if (!tty) return;
        const bar = total ? `[${'#'.repeat(Math.round((done / total) * 30)).padEnd(30)}] ` : '';
        process.stderr.write(
          `\r${bar}${done.toLocaleString('en')}${total ? ` / ${total.toLocaleString('en')}` : ''} read`,
        );
      },
    });
    if (tty) process.stderr.write('\n');
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else printReport(report);
  } catch (err) {
    if (err instanceof ImportRejected) {
      if (values.json) console.log(JSON.stringify(err.report, null, 2));
      else printReport(err.report, true);
      fail(`\n${err.message}`, 1);
    }
    if (err instanceof ImportInputError) {
      fail((err as Error).message);
    }
    // a broken installation, not bad input: said as what it is, with its cause
    if (err instanceof ImporterLoadError)
      fail(`${err.message}\n${(err.cause as Error | undefined)?.stack ?? ''}`, 3);
    throw err;
  } finally {
    await database.close();
    lock?.release();
  }
}

/**
 * One process per embedded data folder: take its lock, or — when the server holds it — hand the
 * import to the server and print its report as if imported here. Exit code 3: the folder is in use
 * by something that cannot take the import (another import, a server on another host).
 */
async function lockOrHandOff(
  config: Config,
  json: boolean,
  request: LocalImportRequest,
): Promise<DataDirLock | undefined | 'handed-off'> {
  if (!needsDataDirLock({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR })) return undefined;
  for (;;) {
    let refusal: DataDirLockedError;
    try {
      return acquireDataDirLock(config.DATA_DIR, { role: 'import' });
    } catch (err) {
      if (err instanceof ConfigError) fail(err.message, 2); // a read-only or full data folder
      if (!(err instanceof DataDirLockedError)) throw err;
      refusal = err;
    }
    if (refusal.holder.role !== 'server' || refusal.holder.hostname !== os.hostname()) fail(refusal.message, 3);
    const holder = await waitForHandoff(config.DATA_DIR, 180_000, (h) =>
      console.error(`The Commons Map server (pid ${h.pid}) holding ${config.DATA_DIR} is still starting; waiting for it…`),
    );
    if (!holder) continue; // it stopped meanwhile: the folder is free to open here
    if (!holder.handoffUrl || !holder.handoffSecret)
      fail(`${refusal.message}\nIt cannot take the import: it listens on no loopback address.`, 3);
    console.error(
      `The data folder is in use by the Commons Map server (pid ${holder.pid}, ${holder.url ?? holder.handoffUrl}): handing the import to it`,
    );
    const answer = await postLocalImport(holder, absoluteRequest(request)).catch((err: unknown) =>
      fail(`Could not hand the import to the server at ${holder.handoffUrl}: ${(err as Error).message}`, 3),
    );
    const body = answer.body as { report?: ImportReport };
    if (answer.status === 200) {
      if (json) console.log(JSON.stringify(answer.body, null, 2));
      else printReport(answer.body as ImportReport);
      return 'handed-off';
    }
    if (answer.status === 422 && body.report) {
      if (json) console.log(JSON.stringify(body.report, null, 2));
      else printReport(body.report, true);
      fail(`\n${errorMessage(answer.body)}`, 1);
    }
    if (answer.status === 400) fail(errorMessage(answer.body), 2);
    fail(`The server refused the import (HTTP ${answer.status}): ${errorMessage(answer.body)}`, 3);
  }
}

await main();
