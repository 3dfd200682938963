
import { parseArgs } from 'node:util';
import { runHeldCommand } from '../admin/held-command.ts';
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
  await runHeldCommand({
    parse: () => parseUserArgs(argv),
    path: LOCAL_USER_PATH,
    run: runUserCommand,
    isRefusal: (err) => err instanceof UserCommandError,
    print,
  });
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await main();
}
