/**
 * npm run tenant -- hosts add --tenant <slug> --host <name>      a host name that chooses the tenant
 * npm run tenant -- hosts remove --tenant <slug> --host <name>
 * npm run tenant -- hosts list [--tenant <slug>]
 *        add --json for a JSON answer
 *
 * Works on DATABASE_URL and on the embedded data folder; while the server holds that folder, the
 * command is handed to it (POST /api/admin/local-tenant), as `npm run user` does, and the server
 * follows the change at once. Other servers on the same DATABASE_URL follow it within their
 * tenant cache's lifetime (10 s). Exit code 0 when done, 1 when refused (the reason is printed),
 * 2 for a usage or configuration error, 3 when the data folder is held by something that cannot
 * take the command.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { bootstrapDatabase } from '../db/bootstrap.ts';
import { acquireDataDirLock, DataDirLockedError, needsDataDirLock } from '../db/data-dir-lock.ts';
import { errorMessage, postToHolder, waitForHandoff } from '../import/handoff-client.ts';
import {
  runTenantCommand,
  type TenantCommand,
  type TenantCommandResult,
  TenantCommandError,
} from './host-command.ts';
import { LOCAL_TENANT_PATH } from './local-tenant-routes.ts';

const USAGE = `usage:
  npm run tenant -- hosts add --tenant <slug> --host <name>
  npm run tenant -- hosts remove --tenant <slug> --host <name>
  npm run tenant -- hosts list [--tenant <slug>]
  (--json for a JSON answer)`;

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

export function parseTenantArgs(argv: string[]): { command: TenantCommand; json: boolean } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      tenant: { type: 'string' },
      host: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const [group, verb] = positionals;
  if (group !== 'hosts' || positionals.length !== 2) throw new TenantCommandError(USAGE);
  let command: TenantCommand;
  switch (verb) {
    case 'add':
    case 'remove':
      if (!values.tenant || !values.host)
        throw new TenantCommandError(`hosts ${verb} needs --tenant and --host\n${USAGE}`);
      command = { action: `hosts-${verb}`, tenant: values.tenant, host: values.host };
      break;
    case 'list':
      command = { action: 'hosts-list', ...(values.tenant ? { tenant: values.tenant } : {}) };
      break;
    default:
      throw new TenantCommandError(`unknown command "hosts ${verb}"\n${USAGE}`);
  }
  return { command, json: values.json ?? false };
}

function print(r: TenantCommandResult, json: boolean) {
  if (json) console.log(JSON.stringify(r));
  else for (const l of r.lines) console.log(l);
}

export async function main(argv = process.argv.slice(2)) {
  let parsed: ReturnType<typeof parseTenantArgs>;
  try {
    parsed = parseTenantArgs(argv);
  } catch (err) {
    fail((err as Error).message, 2);
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    fail((err as Error).message, 2);
  }
  const { command, json } = parsed;
  let lock: ReturnType<typeof acquireDataDirLock> | undefined;
  if (needsDataDirLock({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR })) {
    for (;;) {
      try {
        lock = acquireDataDirLock(config.DATA_DIR, { role: 'import' });
        break;
      } catch (err) {
        if (err instanceof ConfigError) fail(err.message, 2);
        if (!(err instanceof DataDirLockedError)) throw err;
        if (err.holder.role !== 'server' || err.holder.hostname !== os.hostname()) fail(err.message, 3);
        const holder = await waitForHandoff(config.DATA_DIR, 180_000, (h) =>
          console.error(
            `The Commons Map server (pid ${h.pid}) holding ${config.DATA_DIR} is still starting; waiting for it…`,
          ),
        );
        if (!holder) continue;
        if (!holder.handoffUrl || !holder.handoffSecret)
          fail(`${err.message}\nIt listens on no loopback address.`, 3);
        console.error(
          `The data folder is in use by the Commons Map server (pid ${holder.pid}): handing the command to it`,
        );
        const answer = await postToHolder(holder, LOCAL_TENANT_PATH, command).catch((e: unknown) =>
          fail(`Could not hand the command to the server: ${(e as Error).message}`, 3),
        );
        if (answer.status === 400) fail(errorMessage(answer.body), 1);
        if (answer.status !== 200) fail(`The server refused the command: ${errorMessage(answer.body)}`, 3);
        print(answer.body as TenantCommandResult, json);
        return;
      }
    }
  }
  const database = await bootstrapDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: 2,
    loadDemo: config.LOAD_DEMO,
    demoDir: config.DEMO_DIR,
    onProgress: (m) => console.error(m),
  });
  try {
    print(await runTenantCommand(database.db, command), json);
  } catch (err) {
    if (err instanceof TenantCommandError) {
      console.error(err.message);
      process.exitCode = 1;
    } else throw err;
  } finally {
    await database.close();
    lock?.release();
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await main();
}
