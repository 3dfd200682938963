/**
 * `npm run user`: the first admin of a fresh install without any database editing. On the
 * embedded data folder while the server holds it (the command is handed to the server), alone
 * on the folder once the server is gone, and on DATABASE_URL (the PostGIS server, when under
 * test). The printed link signs in once. Real processes; every wait is on a condition.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDataDir, type ServerChild, serverEnv, spawnChild, startServerChild } from '../faults/child-server.ts';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../support/databases.ts';

const PUBLIC_URL = 'https://map.example.org';
const LINK = /https:\/\/map\.example\.org\/admin\/sign-in\/link\?token=([A-Za-z0-9_-]{43})/;

async function npmUser(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawnChild('npm', ['run', '--silent', 'user', '--', ...args], env);
  const { code } = await child.exited;
  return { code, output: child.output() };
}

/**
 * What `npm run user` runs (package.json: tsx server/accounts/cli.ts), without npm's own
 * start-up (~1.5 s of CPU a call): the first call of each describe goes through npm itself.
 */
async function userCli(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawnChild(process.execPath, ['--import', 'tsx', 'server/accounts/cli.ts', ...args], env);
  const { code } = await child.exited;
  return { code, output: child.output() };
}

const consume = (url: string, token: string) =>
  fetch(`${url}/api/auth/sign-in-link/consume`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });

describe('npm run user on the embedded database', () => {
  let dataDir: string;
  let server: ServerChild | undefined;
  const env = () => serverEnv(dataDir, { PUBLIC_URL });

  beforeAll(async () => {
    dataDir = await demoDataDir();
    server = await startServerChild(dataDir, { PUBLIC_URL });
  }, 180_000);
  afterAll(async () => {
    if (server && server.proc.exitCode === null) {
      server.proc.kill('SIGTERM');
      await server.exited;
    }
    if (dataDir) fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('adds the first admin through the running server and prints a one-time link that signs in', async () => {
    const s = server as ServerChild;
    const added = await npmUser(['add', '--tenant', 'lindmere', '--email', 'first@example.org', '--role', 'admin'], env());
    expect(added.code, added.output).toBe(0);
    expect(added.output).toMatch(/handing the command to it/);
    expect(added.output).toMatch(/Created the account first@example\.org/);
    expect(added.output).toMatch(/first@example\.org is admin in tenant "lindmere"/);
    const token = LINK.exec(added.output)?.[1] as string;
    expect(token).toBeTruthy();
    const first = await consume(s.url, token);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { memberships: { role: string }[] }).memberships.map((m) => m.role)).toEqual(['admin']);
    expect((await consume(s.url, token)).status).toBe(400);

    // an editor needs an organisation; a refused command exits 1 with the reason
    const refused = await userCli(['add', '--tenant', 'lindmere', '--email', 'ed@example.org', '--role', 'editor'], env());
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/--organisation <slug> is required for an editor/);
    const editor = await userCli(
      ['add', '--tenant', 'lindmere', '--email', 'ed@example.org', '--role', 'editor', '--organisation', 'green-hands'],
      env(),
    );
    expect(editor.code, editor.output).toBe(0);
    expect(editor.output).toMatch(/Created the organisation "green-hands"/);

    const list = await userCli(['list', '--tenant', 'lindmere', '--json'], env());
    expect(list.code, list.output).toBe(0);
    const listed = JSON.parse(list.output.trim().split('\n').at(-1) as string) as { accounts: { email: string; memberships: { role: string; organisation: string | null }[] }[] };
    expect(listed.accounts.map((a) => a.email)).toEqual(['ed@example.org', 'first@example.org']);
    expect(listed.accounts[0]?.memberships).toEqual([{ tenant: 'lindmere', role: 'editor', organisation: 'green-hands', area_id: null }]);

    // a disabled account's link no longer signs in
    const link = await userCli(['link', '--email', 'ed@example.org'], env());
    const edToken = LINK.exec(link.output)?.[1] as string;
    expect((await userCli(['disable', '--email', 'ed@example.org'], env())).code).toBe(0);
    expect((await consume(s.url, edToken)).status).toBe(400);
    expect((await userCli(['frobnicate'], env())).code).toBe(2);
    // seven command runs, each a process of its own: more than the default minute on a busy machine
  }, 240_000);

  it('opens the folder itself once the server is gone', async () => {
    const s = server as ServerChild;
    s.proc.kill('SIGTERM');
    await s.exited;
    const r = await userCli(['add', '--tenant', 'lindmere', '--email', 'second@example.org', '--role', 'planner'], env());
    expect(r.code, r.output).toBe(0);
    expect(r.output).not.toMatch(/handing the command/);
    expect(r.output).toMatch(LINK);
    expect(fs.existsSync(path.join(dataDir, 'commons-map.lock'))).toBe(false);
  });
});

for (const kind of databaseKinds().filter((k) => k === 'postgis')) {
  describe('npm run user on DATABASE_URL', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await openTestDatabase(kind);
    });
    afterAll(async () => {
      await database?.close();
    });
    it('adds an operator and a block connector of an area', async () => {
      const env = serverEnv('/nonexistent/data', { DATABASE_URL: database.url as string, PUBLIC_URL });
      const op = await npmUser(['add', '--tenant', 'lindmere', '--email', 'op@example.org', '--operator'], env);
      expect(op.code, op.output).toBe(0);
      expect(op.output).toMatch(/is now an operator/);
      expect(op.output).toMatch(LINK);
      const area = await database.db.selectFrom('area').select(['id', 'name']).where('kind', '=', 'neighbourhood').orderBy('name').executeTakeFirstOrThrow();
      const bc = await userCli(
        ['add', '--tenant', 'lindmere', '--email', 'steward@example.org', '--role', 'block_connector', '--area', area.name],
        env,
      );
      expect(bc.code, bc.output).toBe(0);
      const m = await database.db
        .selectFrom('membership')
        .innerJoin('account', 'account.id', 'membership.account_id')
        .select(['membership.role', 'membership.area_id', 'account.operator'])
        .where('account.email', 'in', ['op@example.org', 'steward@example.org'])
        .execute();
      expect(m).toEqual([{ role: 'block_connector', area_id: area.id, operator: false }]);
      const op2 = await database.db.selectFrom('account').select('operator').where('email', '=', 'op@example.org').executeTakeFirstOrThrow();
      expect(op2.operator).toBe(true);
    });
  });
}
