/**
 * Stored occurrences: every schedule expanded once, for a rolling horizon, into the `occurrence`
 * table, so that "what's on" is answered by SQL over indexed rows instead of expanding every
 * RRULE on every request.
 *
 * For each tenant the rows cover every occurrence that had not ended at `from_at` and starts by
 * `until_at` (`occurrence_horizon`), plus, per opportunity, the first occurrence that starts after
 * `until_at` (`beyond`): so "the next date" is exact for any `now` in [from_at, until_at] even for
 * a series whose next date lies past the horizon. A question outside that span is answered by the
 * exact on-the-fly expansion (search-expanded.ts). Each schedule's expansion is bounded by
 * occurrences.ts's MAX_EXPANSION_STEPS and MAX_EXPANSION_YEARS.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { ScheduleRecord } from '../import/records.ts';
import { MAX_EXPANSION_STEPS, MAX_EXPANSION_YEARS, nextOccurrences, type Schedule } from './occurrences.ts';
import { schedulesOf } from './schedules.ts';
import { localHour } from './windows.ts';

const DAY_MS = 86_400_000;
/** opportunities read and rows written per statement */
const BATCH = 2_000;
/** the advisory lock key of the refresh (two servers on one database do not refresh at once) */
export const REFRESH_LOCK_KEY = 7_311_006;

export interface Horizon {
  fromAt: number;
  untilAt: number;
}

interface OccurrenceRow {
  o: string;
  n: number;
  s: string;
  e: string;
  h: number;
  z: string;
  b: boolean;
}

/** the rows of one opportunity's schedules for the horizon (bounded work per schedule) */
export function expandForHorizon(
  opportunityId: string,
  schedules: Schedule[],
  tenantZone: string,
  h: Horizon,
): OccurrenceRow[] {
  const rows: OccurrenceRow[] = [];
  // a couple of days more than the horizon: the expansion counts wall-clock days
  const days = Math.ceil((h.untilAt - h.fromAt) / DAY_MS) + 2;
  let beyond: OccurrenceRow | null = null;
  schedules.forEach((s, n) => {
    const occ = nextOccurrences(s, h.fromAt, MAX_EXPANSION_STEPS, days);
    let after = occ.find((o) => Date.parse(o.start) > h.untilAt);
    for (const o of occ) {
      const start = Date.parse(o.start);
      if (start > h.untilAt) break;
      rows.push({
        o: opportunityId,
        n,
        s: o.start,
        e: o.end,
        h: localHour(start, tenantZone),
        z: s.timezone,
        b: false,
      });
    }
    if (!after && s.rrule) {
      after = nextOccurrences(s, h.untilAt, 2, MAX_EXPANSION_YEARS * 366).find(
        (o) => Date.parse(o.start) > h.untilAt,
      );
    }
    if (after && (!beyond || Date.parse(after.start) < Date.parse(beyond.s))) {
      const start = Date.parse(after.start);
      beyond = {
        o: opportunityId,
        n,
        s: after.start,
        e: after.end,
        h: localHour(start, tenantZone),
        z: s.timezone,
        b: true,
      };
    }
  });
  if (beyond) rows.push(beyond);
  return rows;
}

interface ScheduleSource {
  id: string;
  dtstart: string | null;
  duration_minutes: number | null;
  rrule: string | null;
  timezone: string | null;
  schedules: ScheduleRecord[] | null;
}

/**
 * Rewrites the tenant's occurrences for the horizon [now, now + horizonDays] inside `trx` (call
 * it within the transaction that changed the opportunities: the rows change with them, or not at
 * all). Returns the number of rows written.
 */
export async function refreshTenantOccurrences(
  trx: Kysely<DB> | Transaction<DB>,
  tenantId: number,
  opts: { now: number; horizonDays: number },
): Promise<number> {
  const tenant = await sql<{ timezone: string }>`SELECT timezone FROM tenant WHERE id = ${tenantId}`.execute(
    trx,
  );
  const zone = tenant.rows[0]?.timezone;
  if (!zone) return 0;
  const h: Horizon = { fromAt: opts.now, untilAt: opts.now + opts.horizonDays * DAY_MS };
  await sql`DELETE FROM occurrence WHERE tenant_id = ${tenantId}`.execute(trx);
  let written = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await sql<ScheduleSource>`
      SELECT id::text AS id, dtstart::text AS dtstart, duration_minutes, rrule, timezone, schedules
      FROM opportunity WHERE tenant_id = ${tenantId} AND id > ${after}::uuid
      ORDER BY id LIMIT ${BATCH}`.execute(trx);
    if (!rows.length) break;
    after = rows[rows.length - 1]?.id ?? after;
    let pending: OccurrenceRow[] = [];
    const flush = async () => {
      if (!pending.length) return;
      await sql`
        INSERT INTO occurrence (tenant_id, opportunity_id, schedule_no, starts_at, ends_at, local_hour, timezone, beyond)
        SELECT ${tenantId}, r.o, r.n, r.s, r.e, r.h, r.z, r.b
        FROM jsonb_to_recordset(${JSON.stringify(pending)}::jsonb)
          AS r(o uuid, n smallint, s timestamptz, e timestamptz, h smallint, z text, b boolean)`.execute(trx);
      written += pending.length;
      pending = [];
    };
    for (const r of rows) {
      let expanded: OccurrenceRow[];
      try {
        const schedules: Schedule[] = schedulesOf({ ...r, schedules: r.schedules ?? [] }, zone);
        expanded = expandForHorizon(r.id, schedules, zone, h);
      } catch {
        // a schedule that cannot be expanded (written before imports checked it, e.g. without a
        // duration) has no dates to store; the rest of the tenant's rows are still written
        continue;
      }
      for (const row of expanded) {
        pending.push(row);
        if (pending.length >= BATCH) await flush();
      }
    }
    await flush();
  }
  await sql`
    INSERT INTO occurrence_horizon (tenant_id, from_at, until_at, horizon_days, refreshed_at)
    VALUES (${tenantId}, ${new Date(h.fromAt).toISOString()}::timestamptz, ${new Date(h.untilAt).toISOString()}::timestamptz,
            ${opts.horizonDays}, now())
    ON CONFLICT (tenant_id) DO UPDATE SET from_at = excluded.from_at, until_at = excluded.until_at,
      horizon_days = excluded.horizon_days, refreshed_at = excluded.refreshed_at`.execute(trx);
  return written;
}

/** the span the tenant's stored rows answer exactly, or null when none is stored */
export async function storedHorizon(db: Kysely<DB>, tenantId: number): Promise<Horizon | null> {
  const { rows } = await sql<{ f: string; u: string }>`
    SELECT (extract(epoch FROM from_at) * 1000)::float8 AS f, (extract(epoch FROM until_at) * 1000)::float8 AS u
    FROM occurrence_horizon WHERE tenant_id = ${tenantId}`.execute(db);
  const r = rows[0];
  return r ? { fromAt: Number(r.f), untilAt: Number(r.u) } : null;
}

/**
 * Moves every tenant's horizon on when it is due (older than `refreshMs`, or stored for another
 * horizon length): one transaction per tenant under an advisory lock, so two servers sharing a
 * database do not do it twice. Returns the tenants refreshed.
 */
export async function refreshDueOccurrences(
  db: Kysely<DB>,
  opts: { now: number; horizonDays: number; refreshMs: number; force?: boolean },
): Promise<number[]> {
  const { rows: tenants } = await sql<{ id: number }>`
    SELECT t.id FROM tenant t LEFT JOIN occurrence_horizon h ON h.tenant_id = t.id
    WHERE ${opts.force ?? false} OR h.tenant_id IS NULL OR h.horizon_days <> ${opts.horizonDays}
       OR h.from_at < ${new Date(opts.now - opts.refreshMs).toISOString()}::timestamptz
       OR h.from_at > ${new Date(opts.now).toISOString()}::timestamptz
    ORDER BY t.id`.execute(db);
  const done: number[] = [];
  for (const t of tenants) {
    const refreshed = await db.transaction().execute(async (trx) => {
      const lock = await sql<{
        ok: boolean;
      }>`SELECT pg_try_advisory_xact_lock(${REFRESH_LOCK_KEY}::int, ${t.id}::int) AS ok`.execute(trx);
      if (!lock.rows[0]?.ok) return false;
      await refreshTenantOccurrences(trx, t.id, opts);
      return true;
    });
    if (refreshed) done.push(t.id);
  }
  return done;
}

/**
 * After opportunities changed inside `trx` (an import, an edit): rewrite the tenant's rows in the
 * same transaction, waiting for a periodic refresh of that tenant to finish first.
 */
export async function refreshAfterChange(
  trx: Transaction<DB>,
  tenantId: number,
  opts: { now: number; horizonDays: number },
): Promise<number> {
  await sql`SELECT pg_advisory_xact_lock(${REFRESH_LOCK_KEY}::int, ${tenantId}::int)`.execute(trx);
  return refreshTenantOccurrences(trx, tenantId, opts);
}
