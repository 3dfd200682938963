/**
 * Who is calling: the address of the TCP peer (@hono/node-server puts the socket in `c.env`), or
 * — only when TRUST_PROXY says how many reverse proxies stand in front — the address those
 * proxies wrote into X-Forwarded-For. Rate limits and logs key on it.
 */
import { isIP } from 'node:net';
import type { Context } from 'hono';

interface SocketInfo {
  remoteAddress?: string | undefined;
  localPort?: number | undefined;
}

/** the request's socket under @hono/node-server; undefined for in-process `app.request` */
export function socketOf(c: Context): SocketInfo | undefined {
  // c.env is whatever the adapter passes: { incoming: IncomingMessage } under @hono/node-server
  const env = c.env as { incoming?: { socket?: SocketInfo } } | undefined;
  return env?.incoming?.socket;
}

/** expands an IPv6 address to its eight groups, or undefined when it is not one */
function ipv6Groups(addr: string): string[] | undefined {
  if (isIP(addr) !== 6) return undefined;
  let a = addr.toLowerCase().replace(/%.*$/, '');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (v4?.[1]) {
    const [p, q, r, s] = v4[1].split('.').map(Number) as [number, number, number, number];
    a = `${a.slice(0, -v4[1].length)}${((p << 8) | q).toString(16)}:${((r << 8) | s).toString(16)}`;
  }
  const [head, tail] = a.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = a.includes('::') ? Array(8 - h.length - t.length).fill('0') : [];
  return [...h, ...fill, ...t].map((g) => g.padStart(4, '0'));
}

/**
 * One key per client: IPv4 as it is (IPv4-mapped IPv6 unwrapped), IPv6 by its /64 — one home
 * or one host gets a whole /64, so keying on the full address would let it rotate freely.
 */
export function normaliseAddress(addr: string): string {
  const a = addr.trim();
  if (a === '::1') return a;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped?.[1]) return mapped[1];
  const groups = ipv6Groups(a);
  if (groups) return `${groups.slice(0, 4).join(':')}::/64`;
  return a;
}

/** strips a port from "1.2.3.4:5678" or "[::1]:5678" as some proxies write them */
function withoutPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed?.[1]) return bracketed[1];
  const v4port = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(entry);
  return v4port?.[1] ?? entry;
}

/**
 * The client's address. With `trustedHops` = n > 0 the n-th X-Forwarded-For entry from the right
 * is taken (the one the outermost trusted proxy saw); anything unreadable falls back to the socket.
 */
export function clientAddress(c: Context, trustedHops: number): string {
  const peer = socketOf(c)?.remoteAddress;
  if (trustedHops > 0) {
    const header = c.req.header('x-forwarded-for');
    if (header && header.length <= 2000) {
      const entries = header
        .split(',')
        .map((e) => withoutPort(e.trim()))
        .filter(Boolean);
      const pick = entries[Math.max(0, entries.length - trustedHops)];
      if (pick && isIP(pick)) return normaliseAddress(pick);
    }
  }
  return peer ? normaliseAddress(peer) : 'unknown';
}
