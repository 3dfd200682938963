/**
 * Amounts of money are numeric(14, 2) in the database and numbers in JSON; sums and the budget
 * fit are computed in whole cents, so 0.1 + 0.2 never decides who is funded.
 */
import { z } from '@hono/zod-openapi';

/** cents of a numeric column's text ("1234.50") or a JSON number */
export function toCents(v: string | number): number {
  const n = typeof v === 'number' ? v : Number(v);
  return Math.round(n * 100);
}

export const fromCents = (c: number): number => c / 100;

/** an amount of money in JSON: positive (or zero when allowed), at most two decimals */
export const amount = (name: string, opts: { min?: number } = {}) =>
  z
    .number({ message: `${name} must be a number` })
    .min(opts.min ?? 0.01, `${name} must be at least ${opts.min ?? 0.01}`)
    .max(999_999_999_999, `${name} is too large`)
    .refine(
      (v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6,
      `${name} has at most two decimals (cents)`,
    );

export const currency = z
  .string({ message: 'currency must be an ISO 4217 code such as EUR' })
  .regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code such as EUR');
