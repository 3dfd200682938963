/**
 * npm run user -- add --tenant <slug> --email <address> --role <role>
 *                   [--organisation <slug> [--organisation-name <name>]] [--area <id or name>] [--operator]
 * npm run user -- link --email <address> [--tenant <slug>]     a new one-time sign-in link
 * npm run user -- list [--tenant <slug>]
 * npm run user -- disable --email <address>  |  enable --email <address>
 *        add --json to any of them for a JSON answer
 *
 * `add` creates the account (and the organisation of an editor) when missing, adds the
 * membership and prints a one-time sign-in link (PUBLIC_URL, else http://localhost:PORT): a fresh
 * install needs no database editing. Works on DATABASE_URL and on the embedded data folder; while
 * the server holds that folder, the command is handed to it (POST /api/admin/local-user), as
 * `npm run import` does. Exit code 0 when done, 1 when the command was refused (the reason is
 * printed), 2 for a usage or configuration error, 3 when the data folder is held by something
 * that cannot take the command.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { bootstrapDatabase } from '../db/bootstrap.ts';
import { acquireDataDirLock, DataDirLockedError, needsDataDirLock } from '../db/data-dir-lock.ts';
import { errorMessage, postToHolder, waitForHandoff } from '../import/handoff-client.ts';
import { LOCAL_USER_PATH } from './local-user-routes.ts';
import { type UserCommand, type UserCommandResult, runUserCommand, UserCommandError } from './user-command.ts';

const USAGE = `usage:
  npm run user -- add --tenant <slug> --email <address> --role <admin|editor|moderator|planner|block_connector>
                      [--organisation <slug> [--organisation-name <name>]] [--area <id or name>] [--operator]
  npm run user -- link --email <address> [--tenant <slug>]
  npm run user -- list [--tenant <slug>]
  npm run user -- disable --email <address>
  npm run user -- enable --email <address>
  (--json for a JSON answer)`;

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

export function parseUserArgs(argv: string[]): { command: UserCommand; json: boolean } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      tenant: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      organisation: { type: 'string' },
      'organisation-name': { type: 'string' },
      area: { type: 'string' },
      operator: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const action = positionals[0];
  const opt = <K extends string>(k: K, v: string | undefined) => (v === undefined ? {} : { [k]: v });
  let command: UserCommand;
  switch (action) {
    case 'add':
      command = {
        action,
        email: values.email ?? '',
        ...opt('tenant', values.tenant),
        ...opt('role', values.role),
        ...opt('organisation', values.organisation),
        ...opt('organisationName', values['organisation-name']),
        ...opt('area', values.area),
        operator: values.operator ?? false,
      } as UserCommand;
      break;
    case 'link':
      command = { action, email: values.email ?? '', ...opt('tenant', values.tenant) };
      break;
    case 'list':
      command = { action, ...opt('tenant', values.tenant) };
      break;
    case 'disable':
    case 'enable':
      command = { action, email: values.email ?? '' };
      break;
    default:
      throw new UserCommandError(action ? `unknown command "${action}"\n${USAGE}` : USAGE);
  }
  return { command, json: values.json ?? false };
}

function print(r: UserCommandResult, json: boolean) {
  if (json) {
    console.log(JSON.stringify(r));
    return;
  }
  for (const l of r.lines) console.log(l);
  if (r.link) console.log(`\n  ${r.link.url}\n`);
  for (const a of r.accounts ?? []) {
    const flags = [a.operator ? 'operator' : '', a.disabled ? 'DISABLED' : '', a.has_password ? '' : 'no password']
      .filter(Boolean)
      .join(', ');
    console.log(`${a.email}${flags ? ` (${flags})` : ''}`);
    for (const m of a.memberships)
      console.log(`  ${m.tenant}: ${m.role}${m.organisation ? ` of ${m.organisation}` : ''}${m.area_id ? ` area ${m.area_id}` : ''}`);
  }
}

export async function main(argv = process.argv.slice(2)) {
  let parsed: ReturnType<typeof parseUserArgs>;
  try {
    parsed = parseUserArgs(argv);
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
          console.error(`The Commons Map server (pid ${h.pid}) holding ${config.DATA_DIR} is still starting; waiting for it…`),
        );
        if (!holder) continue;
        if (!holder.handoffUrl || !holder.handoffSecret) fail(`${err.message}\nIt listens on no loopback address.`, 3);
        console.error(`The data folder is in use by the Commons Map server (pid ${holder.pid}): handing the command to it`);
        const answer = await postToHolder(holder, LOCAL_USER_PATH, command).catch((e: unknown) =>
          fail(`Could not hand the command to the server: ${(e as Error).message}`, 3),
        );
        if (answer.status === 400) fail(errorMessage(answer.body), 1);
        if (answer.status !== 200) fail(`The server refused the command: ${errorMessage(answer.body)}`, 3);
        print(answer.body as UserCommandResult, json);
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
    print(await runUserCommand(database.db, config, command), json);
  } catch (err) {
    if (err instanceof UserCommandError) {
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
