/**
 * Tells the errors that mean "the database is away" (restarting, shutting down, unreachable, a
 * connection cut) from every other error, so the API can answer 503 + Retry-After instead of 500
 * while the pool reconnects by itself.
 */

/** SQLSTATEs of a server that is shutting down, starting up or has dropped the connection */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown (also pg_terminate_backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, in recovery)
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08006', // connection_failure
]);

/** Node's socket error codes for a server that is not there (any more) */
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** messages of node-postgres and pg-pool that carry no code */
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i, // "Connection terminated unexpectedly", "… due to connection timeout"
  /timeout exceeded when trying to connect/i, // pg-pool's connectionTimeoutMillis
  /client has encountered a connection error and is not queryable/i,
  /cannot use a pool after calling end/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const { code, message, errors, cause } = err as {
    code?: unknown;
    message?: unknown;
    errors?: unknown;
    cause?: unknown;
  };
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(message))) return true;
  // Node reports a refused connection to a name with several addresses as an AggregateError
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

/**
 * The embedded database cannot write its files (its folder turned read-only, or the disk is
 * full): PostgreSQL reports EROFS as insufficient_privilege with the system's message, ENOSPC
 * as disk_full (53100). Not the caller's fault, and over once the folder is fixed: a 503.
 */
export function storageProblem(err: unknown): string | null {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  if (code === '53100' || /no space left on device/i.test(text)) return 'the disk of the database is full';
  if (/read-only file system/i.test(text)) return 'the data folder of the database is read-only';
  return null;
}

/** seconds a client is told to wait before retrying while the database is away */
export const DATABASE_RETRY_AFTER_S = 5;
