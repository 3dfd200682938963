/**
 * CSV → records of any layer: a point from two coordinate columns, or any geometry from a WKT
 * column. Line numbers count the header as line 1, as a spreadsheet shows them.
 */

import path from 'node:path';
import { once } from 'node:events';
import { parse } from 'csv-parse';
import { ImportInputError } from './errors.ts';
import type { TabularMapping } from './mapping.ts';
import type { ParseItem } from './records.ts';
import { rowToItem, SourceIds } from './tabular.ts';
import { looksLikeJson, readTextChunks } from './text.ts';

export class CsvError extends ImportInputError {}

type CsvRow = { record: Record<string, string>; info: { lines: number } };

/** the rows of a CSV file, streamed: the text is decoded and parsed in chunks */
async function* csvRows(file: string, mapping: TabularMapping): AsyncGenerator<CsvRow> {
  const name = path.basename(file);
  const chunks = readTextChunks(file, mapping.encoding);
  const first = await chunks.next();
  if (first.done) return;
  const head = first.value;
  if (looksLikeJson(head))
    throw new CsvError(
      `${name} looks like JSON (a GeoJSON file?), but the csv import reads CSV tables: import it with the geojson format`,
    );
  const firstLine = head.slice(0, head.indexOf('\n') < 0 ? head.length : head.indexOf('\n'));
  const delimiter = mapping.delimiter ?? (firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',');
  const parser = parse({
    columns: (h: string[]) => h.map((c) => c.trim()),
    delimiter,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
  });
  // stops the feeding when the reader stops early (an error, a consumer that gives up)
  const stop = new AbortController();
  const feed = async () => {
    const write = async (text: string) => {
      if (!parser.write(text)) await once(parser, 'drain', { signal: stop.signal });
    };
    await write(head);
    for await (const text of chunks) await write(text);
    parser.end();
  };
  feed().catch((err: unknown) => parser.destroy(err as Error));
  try {
    for await (const row of parser as AsyncIterable<CsvRow>) yield row;
  } catch (err) {
    if (err instanceof ImportInputError) throw err;
    const e = err as Error & { lines?: number };
    throw new CsvError(
      `${name}${e.lines ? ` line ${e.lines}` : ''}: ${e.message.replace(/^Invalid Record Length: /, '')} (read as CSV, delimiter "${delimiter}")`,
    );
  } finally {
    stop.abort();
    parser.destroy();
  }
}

export async function* parseCsv(file: string, mapping: TabularMapping): AsyncGenerator<ParseItem> {
  const name = path.basename(file);
  const geom = mapping.geometry;
  if (!geom)
    throw new CsvError(
      `the mapping of ${name} says nowhere where the geometry is (geometry: {lon, lat} | {x, y} | {wkt})`,
    );
  let header: string[] | null = null;
  const ids = new SourceIds(mapping.duplicateIds);
  for await (const { record, info } of csvRows(file, mapping)) {
    if (!header) {
      header = Object.keys(record);
      for (const col of Object.values(geom)) {
        if (!header.includes(col))
          throw new CsvError(`${name} has no column "${col}" (columns: ${header.join(', ')})`);
      }
    }
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
      yield* rowToItem(mapping, record, null, ref, ids, wkt || undefined);
      continue;
    }
    const [xc, yc] = 'lon' in geom ? [geom.lon, geom.lat] : [geom.x, geom.y];
    const xs = record[xc]?.trim() ?? '';
    const ys = record[yc]?.trim() ?? '';
    if (xs === '' && ys === '') {
      yield* rowToItem(mapping, record, null, ref, ids);
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
    yield* rowToItem(mapping, record, { type: 'Point', coordinates: [x, y] }, ref, ids);
  }
}
