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

/**
 * An importer that is part of this version but cannot be loaded (a broken dependency, a syntax
 * error): a fault of the installation, reported as what it is — never as bad input.
 */
export class ImporterLoadError extends Error {
  override name = 'ImporterLoadError';
}

export async function parserFor(format: string): Promise<FormatParser> {
  const entry = PARSERS[format];
  if (!entry) throw new ImportInputError(`unknown import format "${format}"`);
  const [file, name] = entry;
  return loadParser(format, new URL(file, import.meta.url).href, name);
}

/** loads a parser module; any failure is an ImporterLoadError naming the module and the cause */
export async function loadParser(format: string, moduleUrl: string, name: string): Promise<FormatParser> {
  const where = moduleUrl.replace(/^.*\/(server|tests)\//, '$1/');
  let mod: Record<string, unknown>;
  try {
    mod = (await import(/* @vite-ignore */ moduleUrl)) as Record<string, unknown>;
  } catch (err) {
    throw new ImporterLoadError(
      `the ${format} importer (${where}) failed to load: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  const fn = mod[name];
  if (typeof fn !== 'function')
    throw new ImporterLoadError(`the ${format} importer (${where}) has no ${name}()`);
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
