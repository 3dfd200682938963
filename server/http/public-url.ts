/**
 * Absolute URLs the server hands out (basemap sources, calendar links, mails) are built from the
 * configured PUBLIC_URL, never from the request's Host header: a forged Host would otherwise be
 * echoed into cacheable answers (cache poisoning) and into links residents follow.
 */
import type { Context } from 'hono';
import type { Config } from '../config.ts';
import { socketOf } from './client-address.ts';

type UrlConfig = Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT'>;

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * PUBLIC_URL (no trailing slash), or when it is unset the address this server listens on as
 * `npm start` prints it: http://localhost:PORT (the port actually bound when PORT is 0).
 */
export function publicBase(config: UrlConfig, c?: Context): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL;
  const host = WILDCARD_HOSTS.has(config.HOST) ? 'localhost' : config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  const port = (c && socketOf(c)?.localPort) || config.PORT;
  return `http://${host}:${port}`;
}

/** an absolute URL of `pathAndQuery` (which starts with "/") under the public address */
export function publicUrl(config: UrlConfig, pathAndQuery: string, c?: Context): string {
  return `${publicBase(config, c)}${pathAndQuery.startsWith('/') ? '' : '/'}${pathAndQuery}`;
}

/** whether the public address is https (Strict-Transport-Security is only sent then) */
export function servesHttps(config: Pick<Config, 'PUBLIC_URL'>): boolean {
  return config.PUBLIC_URL?.startsWith('https://') ?? false;
}

/** the start-up warning when links would name localhost on a server others reach; or undefined */
export function publicUrlWarning(config: UrlConfig): string | undefined {
  if (config.PUBLIC_URL || isLoopbackHost(config.HOST)) return undefined;
  return `PUBLIC_URL is not set: absolute links (basemap style, calendar files) will point at ${publicBase(config)}. Set PUBLIC_URL to the address residents use, e.g. https://map.example.org`;
}
