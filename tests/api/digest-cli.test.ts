/**
 * `npm run digest -- --now` on the embedded database: while a server holds the data folder the
 * run is handed to it (only one process may open the folder); once the server is gone the CLI
 * opens the folder itself. Real processes, a real SMTP server; every wait is on a condition.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { demoDataDir, type ServerChild, serverEnv, startServerChild } from '../faults/child-server.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';

const PUBLIC_URL = 'https://map.example.org';

function npmDigest(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn('npm', ['run', '--silent', 'digest', '--', '--now', '--json'], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
  });
  proc.stderr.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  return new Promise((resolve) => proc.once('close', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run digest on the embedded database', () => {
  let smtp: TestSmtp;
  let dataDir: string;
  let server: ServerChild | undefined;
  const env = () => serverEnv(dataDir, { SMTP_URL: smtp.url, PUBLIC_URL, DIGEST_CHECK_MS: '0' });

  beforeAll(async () => {
    smtp = await startTestSmtp();
    dataDir = await demoDataDir();
    server = await startServerChild(dataDir, { SMTP_URL: smtp.url, PUBLIC_URL, DIGEST_CHECK_MS: '0' });
  }, 180_000);
  afterAll(async () => {
    if (server && server.proc.exitCode === null) {
      server.proc.kill('SIGTERM');
      await server.exited;
    }
    await smtp?.close();
    if (dataDir) fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('hands the run to the server holding the folder, then runs alone once it is gone', async () => {
    const s = server as ServerChild;
    const n = smtp.mails.length;
    const res = await fetch(`${s.url}/api/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'noa@example.org', language: 'he', frequency: 'daily', filters: {} }),
    });
    expect(res.status).toBe(202);
    const confirmation = await smtp.next(n);
    const token = /\/subscriptions\/confirm\?token=([A-Za-z0-9_-]{43})/.exec(
      confirmation.text ?? '',
    )?.[1] as string;
    const confirmed = await fetch(`${s.url}/subscriptions/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${token}`,
    });
    expect(confirmed.status).toBe(200);
    const expected = (await (
      await fetch(`${s.url}/api/opportunities?when=today&lang=he&limit=500`)
    ).json()) as {
      items: { next: unknown }[];
    };

    const handed = await npmDigest(env());
    expect(handed.code, handed.stderr).toBe(0);
    expect(handed.stderr).toMatch(/handing the digest run to it/);
    const report = JSON.parse(handed.stdout) as { sent: number };
    // today and tomorrow in the demo town: at least today's activities
    expect(report.sent).toBe(1);
    const digest = await smtp.next(n + 1);
    expect(digest.html).toContain('dir="rtl"');
    expect(digest.subject).toContain('היום ומחר');
    const listed = [...(digest.html as string).matchAll(/\?item=programs:/g)].length;
    expect(listed).toBeGreaterThanOrEqual(expected.items.filter((i) => i.next).length);

    s.proc.kill('SIGTERM');
    await s.exited;
    const alone = await npmDigest(env());
    expect(alone.code, alone.stderr).toBe(0);
    expect(alone.stderr).not.toMatch(/handing/);
    expect(JSON.parse(alone.stdout)).toMatchObject({ sent: 0, nothingNew: 1 });
  }, 180_000);
});
