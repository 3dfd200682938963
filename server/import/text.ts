/** Reading text files in the encoding a mapping declares, refusing what is not that encoding. */

import fs from 'node:fs';
import path from 'node:path';
import { ImportInputError } from './errors.ts';

export class EncodingError extends ImportInputError {}

/**
 * UTF-8 is checked strictly: a Latin-1 file read as UTF-8 is an error naming the line of the
 * first bad byte (the usual census-file mistake), not silently mangled text.
 */
export function readText(file: string, encoding: 'utf-8' | 'latin1'): string {
  const buf = fs.readFileSync(file);
  if (encoding === 'latin1') return new TextDecoder('latin1').decode(buf);
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    let line = 1;
    for (let i = 0; i < buf.length; i++) {
      if (buf[i] === 0x0a) line++;
      const b = buf[i] as number;
      if (b >= 0x80) {
        const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
        const ok =
          len > 0 &&
          [...buf.subarray(i + 1, i + len)].every((c) => (c & 0xc0) === 0x80) &&
          i + len <= buf.length;
        if (!ok) {
          throw new EncodingError(
            `${file} line ${line}: not valid UTF-8 (byte 0x${b.toString(16)}); if the file is Latin-1, say "encoding": "latin1" in the mapping`,
          );
        }
        i += len - 1;
      }
    }
    throw new EncodingError(`${file}: not valid UTF-8`);
  }
}

/** the line of the first byte that is not UTF-8, read in chunks (only called once decoding failed) */
async function firstBadUtf8(file: string): Promise<{ line: number; byte: number } | null> {
  let line = 1;
  let need = 0;
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    for (const b of chunk) {
      if (need > 0) {
        if ((b & 0xc0) === 0x80) {
          need--;
          continue;
        }
        return { line, byte: b };
      }
      if (b === 0x0a) line++;
      if (b < 0x80) continue;
      need = b >= 0xf0 && b < 0xf8 ? 3 : b >= 0xe0 ? 2 : b >= 0xc2 && b < 0xe0 ? 1 : -1;
      if (need < 0) return { line, byte: b };
    }
  }
  return need > 0 ? { line, byte: 0 } : null;
}

/**
 * The text of a file in chunks, decoded in its declared encoding — UTF-8 strictly, with the line of
 * the first bad byte in the error — so that a large file never has to be held whole in memory.
 */
export async function* readTextChunks(file: string, encoding: 'utf-8' | 'latin1'): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding === 'latin1' ? 'latin1' : 'utf-8', {
    fatal: encoding !== 'latin1',
  });
  let first = true;
  try {
    for await (const chunk of fs.createReadStream(file, {
      highWaterMark: 1 << 20,
    }) as AsyncIterable<Buffer>) {
      let text = decoder.decode(chunk, { stream: true });
      if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    const bad = await firstBadUtf8(file);
    throw new EncodingError(
      `${path.basename(file)}${bad ? ` line ${bad.line}` : ''}: not valid UTF-8${bad?.byte ? ` (byte 0x${bad.byte.toString(16)})` : ''}; if the file is Latin-1, say "encoding": "latin1" in the mapping`,
    );
  }
}

/** the first characters of a file that are not white space, e.g. to tell JSON from CSV */
export function looksLikeJson(start: string): boolean {
  const c = start.trimStart()[0];
  return c === '{' || c === '[';
}
