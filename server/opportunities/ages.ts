/**
 * "For my 2-year-old", "I am 75": which opportunities suit a person of a given age.
 *
 * An opportunity with an age range (age_min / age_max, either may be open) suits the ages in it.
 * One without a range takes its audiences' census age bands (data/taxonomy/audiences.json: new
 * parents 0–4, seniors 65–79 and 80+ …): it suits an age that one of its audiences' bands holds,
 * or any age when one of its audiences has no band (everyone, newcomers, people with
 * disabilities) or it names no audience at all.
 */
import { type RawBuilder, sql } from 'kysely';
import { AUDIENCES } from '../analytics/metrics.ts';

export const MAX_AGE = 120;

/** does a census band ("0-4", "80+") hold this age? */
export function bandHolds(band: string, age: number): boolean {
  const open = /^(\d+)\+$/.exec(band);
  if (open) return age >= Number(open[1]);
  const range = /^(\d+)-(\d+)$/.exec(band);
  if (range) return age >= Number(range[1]) && age <= Number(range[2]);
  return true; // a band we cannot read does not exclude anyone
}

/** the audiences whose every band leaves this age out (an opportunity only for them does not suit it) */
export function audiencesExcluding(age: number): string[] {
  return AUDIENCES.filter((a) => a.age_bands.length > 0 && !a.age_bands.some((b) => bandHolds(b, age))).map(
    (a) => a.code,
  );
}

/** the same rule in JS (the expanded search and tests) */
export function suitsAge(
  o: { age_min: number | null; age_max: number | null; audiences: string[] },
  age: number,
): boolean {
  if (o.age_min !== null || o.age_max !== null)
    return (o.age_min ?? 0) <= age && age <= (o.age_max ?? Number.POSITIVE_INFINITY);
  const excluded = new Set(audiencesExcluding(age));
  return o.audiences.length === 0 || o.audiences.some((a) => !excluded.has(a));
}

/** the rule as an SQL condition on the opportunity aliased `o` (starting with AND) */
export function ageFilter(age: number | undefined): RawBuilder<unknown> {
  if (age === undefined) return sql``;
  const excluded = audiencesExcluding(age);
  const list = sql`ARRAY[${sql.join([...excluded.map((c) => sql`${c}::text`), sql`''::text`])}]::text[]`;
  return sql`AND (CASE WHEN o.age_min IS NOT NULL OR o.age_max IS NOT NULL
                       THEN COALESCE(o.age_min, 0) <= ${age}::int AND ${age}::int <= COALESCE(o.age_max, ${MAX_AGE + 1}::int)
                       ELSE cardinality(o.audiences) = 0 OR NOT (o.audiences <@ ${list}) END)`;
}
