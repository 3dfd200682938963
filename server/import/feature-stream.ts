/**
 * A streaming reader of a GeoJSON FeatureCollection: the file is read in chunks and each element
 * of the top-level `features` array is cut out (by tracking nesting and strings) and parsed on its
 * own, so memory holds one feature at a time, never the whole document. The other top-level
 * members (`type`, `crs`, `name`…) are yielded as they come.
 *
 * Only the structure around the features is checked here; each feature's text goes to JSON.parse.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ImportInputError } from './errors.ts';

export class JsonStreamError extends ImportInputError {}

export type CollectionItem =
  | { kind: 'member'; key: string; value: unknown; line: number }
  | { kind: 'featuresStart'; line: number }
  | { kind: 'feature'; index: number; value: unknown; line: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

type Phase =
  | 'start'
  | 'keyOrEnd'
  | 'key'
  | 'colon'
  | 'value'
  | 'afterMember'
  | 'featureOrEnd'
  | 'feature'
  | 'afterFeature'
  | 'done';

interface Capture {
  parts: Buffer[];
  start: number;
  size: number;
  depth: number;
  inString: boolean;
  escaped: boolean;
  primitive: boolean;
  line: number;
  what: 'key' | 'member' | 'feature';
}

/**
 * Scans `buf` from `from` for the end of the value being captured: the index just after it (for a
 * number, true, false, null: the index of the delimiter after it), or -1 when the chunk ends
 * first — the scan state is then kept in `c` for the next chunk.
 */
function scanValue(buf: Buffer, from: number, c: Capture): number {
  const n = buf.length;
  if (c.primitive) {
    for (let i = from; i < n; i++) {
      const b = buf[i] as number;
      if (isSpace(b) || b === COMMA || b === RBRACE || b === RBRACKET) return i;
    }
    return -1;
  }
  let depth = c.depth;
  let inString = c.inString;
  let escaped = c.escaped;
  for (let i = from; i < n; i++) {
    const b = buf[i] as number;
    if (inString) {
      if (escaped) escaped = false;
      else if (b === BACKSLASH) escaped = true;
      else if (b === QUOTE) {
        inString = false;
        if (depth === 0) {
          c.inString = false;
          return i + 1;
        }
      }
    } else if (b === QUOTE) inString = true;
    else if (b === LBRACE || b === LBRACKET) depth++;
    else if (b === RBRACE || b === RBRACKET) {
      depth--;
      if (depth === 0) {
        c.depth = 0;
        return i + 1;
      }
    }
  }
  c.depth = depth;
  c.inString = inString;
  c.escaped = escaped;
  return -1;
}

/** largest single value (one feature, or one other top-level member) held in memory */
const MAX_VALUE_BYTES = 256 * 1024 * 1024;

export async function* readFeatureCollection(
  file: string,
  encoding: 'utf-8' | 'latin1',
): AsyncGenerator<CollectionItem> {
  const name = path.basename(file);
  const decoder = new TextDecoder(encoding === 'latin1' ? 'latin1' : 'utf-8', {
    fatal: encoding !== 'latin1',
  });
  let phase: Phase = 'start';
  let chunk: Buffer = Buffer.alloc(0);
  let cap: Capture | null = null;
  let key = '';
  let featureIndex = 0;
  let line = 1;
  let offset = 0;
  let sawAnyByte = false;
  /** the line of position `pos` of the current chunk (newlines are counted only up to where asked) */
  let linePos = 0;
  const lineAt = (pos: number): number => {
    for (let j = chunk.indexOf(NEWLINE, linePos); j >= 0 && j < pos; j = chunk.indexOf(NEWLINE, j + 1))
      line++;
    linePos = Math.max(linePos, pos);
    return line;
  };
  let here = 0;
  const bad = (what: string): never => {
    throw new JsonStreamError(`${name} is not valid JSON: ${what} (line ${lineAt(here)})`);
  };
  const begin = (at: number, what: Capture['what'], b: number): Capture => ({
    parts: [],
    start: at,
    size: 0,
    depth: b === LBRACE || b === LBRACKET ? 1 : 0,
    inString: b === QUOTE,
    escaped: false,
    primitive: b !== LBRACE && b !== LBRACKET && b !== QUOTE,
    line: lineAt(at),
    what,
  });
  const text = (c: Capture): string => {
    const bytes = c.parts.length === 1 ? (c.parts[0] as Buffer) : Buffer.concat(c.parts, c.size);
    try {
      return decoder.decode(bytes);
    } catch {
      throw new JsonStreamError(
        `${name} line ${c.line}: not valid UTF-8; if the file is Latin-1, say "encoding": "latin1" in the mapping`,
      );
    }
  };
  const parse = (c: Capture): unknown => {
    try {
      return JSON.parse(text(c));
    } catch (err) {
      if (err instanceof JsonStreamError) throw err;
      const where = c.what === 'feature' ? `feature ${featureIndex + 1}, ` : '';
      throw new JsonStreamError(
        `${name} is not valid JSON: ${(err as Error).message} (${where}from line ${c.line})`,
      );
    }
  };

  let out: CollectionItem[] = [];
  const finish = (end: number) => {
    const c = cap as Capture;
    const part = chunk.subarray(c.start, end);
    c.parts.push(part);
    c.size += part.length;
    cap = null;
    if (c.what === 'key') {
      const k = parse(c);
      key = typeof k === 'string' ? k : '';
      phase = 'colon';
    } else if (c.what === 'member') {
      out.push({ kind: 'member', key, value: parse(c), line: c.line });
      phase = 'afterMember';
    } else {
      const value = parse(c);
      featureIndex++;
      out.push({ kind: 'feature', index: featureIndex, value, line: c.line });
      phase = 'afterFeature';
    }
  };

  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  for await (const data of stream as AsyncIterable<Buffer>) {
    chunk = data;
    out = [];
    let i = 0;
    if (!sawAnyByte && chunk.length) {
      sawAnyByte = true;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    }
    linePos = i;
    for (; i < chunk.length; i++) {
      if (cap) {
        // the inside of a value is skipped by a tight scan, not by the state machine
        const end = scanValue(chunk, i, cap);
        if (end < 0) break;
        if (cap.primitive) {
          finish(end);
          i = end; // the delimiter is read below, as structure
        } else {
          finish(end);
          i = end - 1;
          continue;
        }
      }
      const b = chunk[i] as number;
      if (isSpace(b)) continue;
      here = i;
      switch (phase as Phase) {
        case 'start':
          if (b === LBRACE) phase = 'keyOrEnd';
          else if (b === LBRACKET || b === QUOTE || (b >= 0x30 && b <= 0x39) || b === 0x2d)
            throw new JsonStreamError(`${name} is not a GeoJSON FeatureCollection (not a JSON object)`);
          else bad(`unexpected "${String.fromCharCode(b)}" at the start`);
          break;
        case 'keyOrEnd':
        case 'key':
          if (b === QUOTE) cap = begin(i, 'key', b);
          else if (b === RBRACE && phase === 'keyOrEnd') phase = 'done';
          else bad(`expected a property name, found "${String.fromCharCode(b)}"`);
          break;
        case 'colon':
          if (b === COLON) phase = 'value';
          else bad(`expected ":" after "${key}"`);
          break;
        case 'value':
          if (key === 'features' && b === LBRACKET) {
            phase = 'featureOrEnd';
            out.push({ kind: 'featuresStart', line: lineAt(i) });
          } else cap = begin(i, 'member', b);
          break;
        case 'afterMember':
          if (b === COMMA) phase = 'key';
          else if (b === RBRACE) phase = 'done';
          else bad(`expected "," or "}", found "${String.fromCharCode(b)}"`);
          break;
        case 'featureOrEnd':
        case 'feature':
          if (b === RBRACKET && phase === 'featureOrEnd') phase = 'afterMember';
          else if (b === RBRACKET || b === COMMA) bad(`a missing feature after feature ${featureIndex}`);
          else cap = begin(i, 'feature', b);
          break;
        case 'afterFeature':
          if (b === COMMA) phase = 'feature';
          else if (b === RBRACKET) phase = 'afterMember';
          else bad(`expected "," or "]" after feature ${featureIndex}, found "${String.fromCharCode(b)}"`);
          break;
        case 'done':
          bad('more data after the end of the document');
      }
    }
    if (cap) {
      const rest = chunk.subarray(cap.start);
      cap.parts.push(rest);
      cap.size += rest.length;
      cap.start = 0;
      if (cap.size > MAX_VALUE_BYTES)
        throw new JsonStreamError(
          `${name}: a single ${cap.what === 'feature' ? `feature (${featureIndex + 1})` : 'value'} larger than ${MAX_VALUE_BYTES / 1024 / 1024} MB`,
        );
    }
    lineAt(chunk.length);
    linePos = 0;
    offset += chunk.length;
    yield* out;
  }
  if (!sawAnyByte) throw new JsonStreamError(`${name} is not valid JSON: the file is empty`);
  if (phase !== 'done')
    throw new JsonStreamError(
      `${name} is not valid JSON: the file ends early (truncated after ${featureIndex} features, ${offset} bytes)`,
    );
}
