/** A minimal levelled logger writing one line per event to stderr (JSON details appended). */
export type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(msg: string, details?: Record<string, unknown>): void;
  info(msg: string, details?: Record<string, unknown>): void;
  warn(msg: string, details?: Record<string, unknown>): void;
  error(msg: string, details?: Record<string, unknown>): void;
}

export function createLogger(level: Level): Logger {
  const emit = (at: Exclude<Level, 'silent'>) => (msg: string, details?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return;
    const extra = details ? ` ${JSON.stringify(details)}` : '';
    process.stderr.write(`[${at}] ${msg}${extra}\n`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
