/**
 * CSV → records of any layer: a point from two coordinate columns, or any geometry from a WKT
 * column. Line numbers count the header as line 1, as a spreadsheet shows them.
 */

import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { ImportInputError } from './errors.ts';
import type { TabularMapping } from './mapping.ts';
import type { ParseItem } from './records.ts';
import { rowToItem, SourceIds } from './tabular.ts';
import { readText } from './text.ts';

export class CsvError extends ImportInputError {}

export function* parseCsv(file: string, mapping: TabularMapping): Generator<ParseItem> {
  const name = path.basename(file);
  const text = readText(file, mapping.encoding);
  const delimiter =
    mapping.delimiter ??
    (text.slice(0, text.indexOf('\n')).includes(';') && !text.slice(0, text.indexOf('\n')).includes(',')
      ? ';'
      : ',');
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, {
      columns: (h: string[]) => h.map((c) => c.trim()),
      delimiter,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
    });
  } catch (err) {
    const e = err as Error & { lines?: number; code?: string };
    throw new CsvError(
      `${name}${e.lines ? ` line ${e.lines}` : ''}: ${e.message.replace(/^Invalid Record Length: /, '')}`,
    );
  }
  const geom = mapping.geometry;
  if (!geom)
    throw new CsvError(
      `the mapping of ${name} says nowhere where the geometry is (geometry: {lon, lat} | {x, y} | {wkt})`,
    );
  const header = rows[0] ? Object.keys(rows[0].record) : [];
  for (const col of Object.values(geom)) {
    if (rows.length && !header.includes(col))
      throw new CsvError(`${name} has no column "${col}" (columns: ${header.join(', ')})`);
  }
  const ids = new SourceIds(mapping.duplicateIds);
  for (const { record, info } of rows) {
    const ref = { file: name, line: info.lines };
    const have = Object.keys(record).length;
    if (have !== header.length) {
      yield {
        type: 'issue',
        issue: {
          ref,
          reason: `${have < header.length ? 'truncated' : 'overlong'} row: ${have} of ${header.length} columns`,
          severity: 'error',
        },
      };
      continue;
    }
    if ('wkt' in geom) {
      const wkt = record[geom.wkt]?.trim();
      yield rowToItem(mapping, record, null, ref, ids, wkt || undefined);
      continue;
    }
    const [xc, yc] = 'lon' in geom ? [geom.lon, geom.lat] : [geom.x, geom.y];
    const xs = record[xc]?.trim() ?? '';
    const ys = record[yc]?.trim() ?? '';
    if (xs === '' && ys === '') {
      yield rowToItem(mapping, record, null, ref, ids);
      continue;
    }
    const x = Number(xs);
    const y = Number(ys);
    if (!Number.isFinite(x) || !Number.isFinite(y) || xs === '' || ys === '') {
      yield {
        type: 'issue',
        issue: { ref, reason: `bad coordinates: ${xc}="${xs}", ${yc}="${ys}"`, severity: 'error' },
      };
      continue;
    }
    if (mapping.srid === 4326 && (Math.abs(x) > 180 || Math.abs(y) > 90)) {
      yield {
        type: 'issue',
        issue: { ref, reason: `coordinates out of range: ${xc}=${xs}, ${yc}=${ys}`, severity: 'error' },
      };
      continue;
    }
    yield rowToItem(mapping, record, { type: 'Point', coordinates: [x, y] }, ref, ids);
  }
}
