/**
 * The server's log: `log.info(msg, details)` everywhere, written by pino as one JSON object per
 * line (LOG_FORMAT=json, the default when NODE_ENV=production) or as readable lines
 * (LOG_FORMAT=pretty). Every line written while a request is served carries its `req_id`.
 * Nothing secret reaches a line: tokens, authorization headers, cookies, passwords and e-mail
 * addresses are replaced, in the details (by key and by value) and in the message itself.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { pino } from 'pino';
import { scrub, scrubText } from './log-scrub.ts';

export type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFormat = 'json' | 'pretty';

export interface Logger {
  debug(msg: string, details?: Record<string, unknown>): void;
  info(msg: string, details?: Record<string, unknown>): void;
  warn(msg: string, details?: Record<string, unknown>): void;
  error(msg: string, details?: Record<string, unknown>): void;
}

/** where lines go: anything with write(line) — process.stderr by default, a capture in tests */
export interface LogDestination {
  write(line: string): unknown;
}

export interface LoggerOptions {
  format?: LogFormat | undefined;
  destination?: LogDestination;
}

const requestScope = new AsyncLocalStorage<{ requestId: string }>();

/** runs `fn` (and everything it awaits) with `requestId` on every log line */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return requestScope.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return requestScope.getStore()?.requestId;
}

/** pino's own redaction, by path, behind the scrub (which also catches values and messages) */
const REDACT_PATHS = [
  'authorization',
  'cookie',
  'password',
  'token',
  'email',
  '*.authorization',
  '*.cookie',
  '*.password',
  '*.token',
  '*.email',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
];

const PINO_KEYS = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'req_id']);

/** formats pino's JSON lines as `HH:MM:SS [level] msg {details} (req …)` */
function prettyDestination(out: LogDestination): LogDestination {
  return {
    write(line: string) {
      let o: Record<string, unknown>;
      try {
        o = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return out.write(line);
      }
      const rest = Object.fromEntries(Object.entries(o).filter(([k]) => !PINO_KEYS.has(k)));
      const time = typeof o.time === 'string' ? o.time.slice(11, 19) : '';
      const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
      const req = o.req_id ? ` (req ${String(o.req_id)})` : '';
      return out.write(`${time} [${String(o.level)}] ${String(o.msg)}${extra}${req}\n`);
    },
  };
}

export function defaultLogFormat(env: NodeJS.ProcessEnv = process.env): LogFormat {
  return env.NODE_ENV === 'production' ? 'json' : 'pretty';
}

export function createLogger(level: Level, opts: LoggerOptions = {}): Logger {
  const format = opts.format ?? defaultLogFormat();
  const out = opts.destination ?? process.stderr;
  const p = pino(
    {
      level,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      mixin: () => {
        const id = currentRequestId();
        return id ? { req_id: id } : {};
      },
    },
    format === 'pretty' ? prettyDestination(out) : out,
  );
  const emit = (at: Exclude<Level, 'silent'>) => (msg: string, details?: Record<string, unknown>) => {
    if (!p.isLevelEnabled(at)) return;
    p[at]((details ? scrub(details) : {}) as Record<string, unknown>, scrubText(msg));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
