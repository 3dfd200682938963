/**
 * The parsers of the formats that read a whole source into records by themselves (no field
 * mapping needed): OpenStreetMap PBF, Open Referral HSDS packages, iCalendar feeds.
 */

import { ImportInputError } from './errors.ts';
import type { ParseItem, ProgressFn } from './records.ts';

export interface FormatParserOptions {
  path: string;
  source: string;
  timezone: string;
  mapping?: unknown;
  onProgress?: ProgressFn;
}
export type FormatParser = (opts: FormatParserOptions) => AsyncIterable<ParseItem> | Iterable<ParseItem>;

/** module file and export name of each parser, loaded on demand */
const PARSERS: Record<string, [string, string]> = {
  osm: ['./osm.ts', 'parseOsmPbf'],
  hsds: ['./hsds.ts', 'parseHsds'],
  ical: ['./ical.ts', 'parseIcal'],
};

export async function parserFor(format: string): Promise<FormatParser> {
  const entry = PARSERS[format];
  if (!entry) throw new ImportInputError(`unknown import format "${format}"`);
  const [file, name] = entry;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
  } catch {
    throw new ImportInputError(`the ${format} importer is not available in this version`);
  }
  const fn = mod[name];
  if (typeof fn !== 'function')
    throw new ImportInputError(`the ${format} importer is not available in this version`);
  const parse = fn as (o: Record<string, unknown>) => AsyncIterable<ParseItem> | Iterable<ParseItem>;
  return (o) =>
    parse({
      file: o.path,
      dir: o.path,
      source: o.source,
      timezone: o.timezone,
      mapping: o.mapping,
      onProgress: o.onProgress,
    });
}
