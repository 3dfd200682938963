
import { parseArgs } from 'node:util';
import { runHeldCommand } from '../admin/held-command.ts';
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
  await runHeldCommand({
    parse: () => parseTenantArgs(argv),
    path: LOCAL_TENANT_PATH,
    run: (db, _config, command) => runTenantCommand(db, command),
    isRefusal: (err) => err instanceof TenantCommandError,
    print,
  });
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await main();
}
