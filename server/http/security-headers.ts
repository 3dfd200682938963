/**
 * Response headers of every answer: the Content-Security-Policy, Strict-Transport-Security only
 * when the public address is https (over plain HTTP it is meaningless and, behind a TLS proxy
 * that is not set up yet, pins browsers to https that does not answer), and a Permissions-Policy
 * allowing only what the app uses (geolocation, for near-me).
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../config.ts';
import { servesHttps } from './public-url.ts';

export const PERMISSIONS_POLICY = [
  'geolocation=(self)',
  'camera=()',
  'microphone=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'hid=()',
  'bluetooth=()',
  'midi=()',
  'magnetometer=()',
  'gyroscope=()',
  'accelerometer=()',
  'display-capture=()',
  'browsing-topics=()',
  'interest-cohort=()',
].join(', ');

export const HSTS = 'max-age=31536000; includeSubDomains';

export function securityHeaders(config: Pick<Config, 'MAP_STYLE_URL' | 'PUBLIC_URL'>): MiddlewareHandler {
  const externalStyle = config.MAP_STYLE_URL !== undefined;
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"], // MapLibre positions its controls with inline styles
      imgSrc: ["'self'", 'data:', 'blob:', ...(externalStyle ? ['https:'] : [])],
      connectSrc: ["'self'", ...(externalStyle ? ['https:'] : [])],
      workerSrc: ["'self'", 'blob:'],
      fontSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      frameAncestors: ["'self'"],
    },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: servesHttps(config) ? HSTS : false,
  });
  return async (c, next) => {
    await headers(c, async () => {
      await next();
      c.header('permissions-policy', PERMISSIONS_POLICY);
    });
  };
}
