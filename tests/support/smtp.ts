/**
 * A real SMTP server on loopback for the mail tests (smtp-server), each message read back with
 * mailparser. `next()` waits for the next message to arrive (no fixed delays).
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtp {
  url: string;
  mails: ParsedMail[];
  /** the message after the `count` already seen (default: those received so far) */
  next(count?: number, timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const mails: ParsedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((m) => {
          mails.push(m);
          for (const w of waiters.splice(0)) w();
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async next(count = mails.length, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (mails.length <= count) {
        if (Date.now() > until) throw new Error(`no mail arrived after the ${count} received`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, until - Date.now());
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return mails[count] as ParsedMail;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
