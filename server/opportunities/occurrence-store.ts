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
  const zone = await tenantZone(trx, tenantId);
  if (!zone) return 0;
  const h: Horizon = { fromAt: opts.now, untilAt: opts.now + opts.horizonDays * DAY_MS };
  await sql`DELETE FROM occurrence WHERE tenant_id = ${tenantId}`.execute(trx);
  const written = await writeOccurrences(trx, tenantId, zone, h, sql``);
  await saveHorizon(trx, tenantId, h, opts.horizonDays);
  return written;
}

/**
 * Rewrites the rows of the opportunities changed by the transaction `trx` (those whose
 * `updated_at` is the transaction's own `now()`: the importers and editors set it only when a
 * row's content changed) for the horizon already stored, and leaves every other row as it is; the
 * rows of deleted opportunities go with them (ON DELETE CASCADE). Without a stored horizon
 * usable at `now`, the tenant's rows are rewritten whole. Returns the number of rows written.
 */
export async function refreshChangedOccurrences(
  trx: Transaction<DB>,
  tenantId: number,
  opts: { now: number; horizonDays: number },
): Promise<number> {
  const h = await storedHorizonRow(trx, tenantId);
  const zone = await tenantZone(trx, tenantId);
  if (!zone) return 0;
  if (!h || h.days !== opts.horizonDays || opts.now < h.fromAt || opts.now > h.untilAt)
    return refreshTenantOccurrences(trx, tenantId, opts);
  const changed = sql`AND updated_at = now()`;
  await sql`
    DELETE FROM occurrence oc USING opportunity o
    WHERE oc.opportunity_id = o.id AND o.tenant_id = ${tenantId} AND oc.tenant_id = ${tenantId}
      AND o.updated_at = now()`.execute(trx);
  return writeOccurrences(trx, tenantId, zone, h, changed);
}

/**
 * Moves the tenant's horizon on from the stored [from0, until0] to [now, now + horizonDays]
 * without rewriting what stays: the occurrences that have ended by `now` are dropped, and only
 * the opportunities whose first date past `until0` (their `beyond` row) falls by the new end are
 * expanded again, for the dates after `until0` and a new `beyond` row. The others have nothing
 * between the two ends, and their `beyond` row is still their first date past the new end. The
 * rows are then what a whole rewrite at `now` writes (a test compares). A horizon of another
 * length, or a `now` before the stored start, is a whole rewrite.
 */
export async function moveTenantHorizon(
  trx: Transaction<DB>,
  tenantId: number,
  opts: { now: number; horizonDays: number },
): Promise<{ written: number; whole: boolean }> {
  const h0 = await storedHorizonRow(trx, tenantId);
  const zone = await tenantZone(trx, tenantId);
  if (!zone) return { written: 0, whole: false };
  const h: Horizon = { fromAt: opts.now, untilAt: opts.now + opts.horizonDays * DAY_MS };
  if (!h0 || h0.days !== opts.horizonDays || h.fromAt < h0.fromAt || h.untilAt < h0.untilAt)
    return { written: await refreshTenantOccurrences(trx, tenantId, opts), whole: true };
  const from = new Date(h.fromAt).toISOString();
  const until = new Date(h.untilAt).toISOString();
  await sql`
    DELETE FROM occurrence WHERE tenant_id = ${tenantId} AND NOT beyond AND ends_at <= ${from}::timestamptz`.execute(
    trx,
  );
  // the opportunities with a date in (until0, until]: their beyond row is replaced below
  const { rows } = await sql<{ id: string }>`
    DELETE FROM occurrence WHERE tenant_id = ${tenantId} AND beyond AND starts_at <= ${until}::timestamptz
    RETURNING opportunity_id::text AS id`.execute(trx);
  let written = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const ids = rows.slice(i, i + BATCH).map((r) => r.id);
    written += await writeOccurrences(
      trx,
      tenantId,
      zone,
      h,
      sql`AND id = ANY(${ids}::uuid[])`,
      (r) => r.b || Date.parse(r.s) > h0.untilAt,
    );
  }
  await saveHorizon(trx, tenantId, h, opts.horizonDays);
  return { written, whole: false };
}

async function tenantZone(trx: Kysely<DB> | Transaction<DB>, tenantId: number): Promise<string | undefined> {
  const { rows } = await sql<{ timezone: string }>`SELECT timezone FROM tenant WHERE id = ${tenantId}`.execute(trx);
  return rows[0]?.timezone;
}

/**
 * Expands and inserts the rows of the tenant's opportunities that `where` selects (an `AND …`
 * on opportunity's columns), in batches by id; `keep` filters the rows written.
 */
async function writeOccurrences(
  trx: Kysely<DB> | Transaction<DB>,
  tenantId: number,
  zone: string,
  h: Horizon,
  where: ReturnType<typeof sql>,
  keep: (r: OccurrenceRow) => boolean = () => true,
): Promise<number> {
  let written = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await sql<ScheduleSource>`
      SELECT id::text AS id, dtstart::text AS dtstart, duration_minutes, rrule, timezone, schedules
      FROM opportunity WHERE tenant_id = ${tenantId} AND id > ${after}::uuid ${where}
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
        if (!keep(row)) continue;
        pending.push(row);
        if (pending.length >= BATCH) await flush();
      }
    }
    await flush();
    if (rows.length < BATCH) break;
  }
  return written;
}

async function saveHorizon(trx: Kysely<DB> | Transaction<DB>, tenantId: number, h: Horizon, days: number) {
  await sql`
    INSERT INTO occurrence_horizon (tenant_id, from_at, until_at, horizon_days, refreshed_at)
    VALUES (${tenantId}, ${new Date(h.fromAt).toISOString()}::timestamptz, ${new Date(h.untilAt).toISOString()}::timestamptz,
            ${days}, now())
    ON CONFLICT (tenant_id) DO UPDATE SET from_at = excluded.from_at, until_at = excluded.until_at,
      horizon_days = excluded.horizon_days, refreshed_at = excluded.refreshed_at`.execute(trx);
}

async function storedHorizonRow(
  db: Kysely<DB> | Transaction<DB>,
  tenantId: number,
): Promise<(Horizon & { days: number }) | null> {
  const { rows } = await sql<{ f: string; u: string; d: number }>`
    SELECT (extract(epoch FROM from_at) * 1000)::float8 AS f, (extract(epoch FROM until_at) * 1000)::float8 AS u,
           horizon_days AS d
    FROM occurrence_horizon WHERE tenant_id = ${tenantId}`.execute(db);
  const r = rows[0];
  return r ? { fromAt: Number(r.f), untilAt: Number(r.u), days: Number(r.d) } : null;
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
      if (opts.force) await refreshTenantOccurrences(trx, t.id, opts);
      else await moveTenantHorizon(trx, t.id, opts);
      return true;
    });
    if (refreshed) done.push(t.id);
  }
  return done;
}

/**
 * After opportunities changed inside `trx` (an import, an edit): rewrite the rows of those that
 * changed, in the same transaction, waiting for a periodic refresh of that tenant to finish
 * first. `whole` rewrites every row of the tenant (its time zone changed).
 */
export async function refreshAfterChange(
  trx: Transaction<DB>,
  tenantId: number,
  opts: { now: number; horizonDays: number; whole?: boolean },
): Promise<number> {
  await sql`SELECT pg_advisory_xact_lock(${REFRESH_LOCK_KEY}::int, ${tenantId}::int)`.execute(trx);
  return opts.whole ? refreshTenantOccurrences(trx, tenantId, opts) : refreshChangedOccurrences(trx, tenantId, opts);
}
