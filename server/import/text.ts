/** Reading text files in the encoding a mapping declares, refusing what is not that encoding. */

import fs from 'node:fs';
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
