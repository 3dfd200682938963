/**
 * Receives a multipart/form-data upload by streaming it: every file part goes straight to a temp
 * folder of its own (`cm-import-<pid>-*` under the configured temp root), the text fields are kept, and
 * memory never holds more than a chunk of the body. The size limit is counted as the bytes arrive.
 *
 * The folder is removed here on every failure (a broken body, a client that goes away, a body
 * over the limit); on success the caller removes it when it is done (`Upload.remove`).
 */
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { ApiError } from '../http/errors.ts';
import { uploadDirPrefix } from './upload-sweep.ts';

export interface UploadedFile {
  field: string;
  /** the name the client gave, reduced to a safe base name */
  name: string;
  path: string;
  bytes: number;
}

export interface Upload {
  dir: string;
  fields: Record<string, string>;
  files: UploadedFile[];
  remove(): void;
}

export interface UploadLimits {
  /** the folder under which each upload gets its own `cm-import-*` folder */
  tmpRoot: string;
  maxBytes: number;
  maxFiles: number;
  /** the longest text field (an inline mapping) */
  maxFieldBytes: number;
}

const tooLarge = (maxBytes: number) =>
  new ApiError(
    413,
    'payload_too_large',
    `The upload is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`,
  );
const broken = (why: string) =>
  new ApiError(400, 'bad_multipart', `The upload cannot be read as multipart/form-data: ${why}`);

/** "../../etc/passwd" → "passwd"; empty or dot names → "upload" */
export function safeFileName(name: string | undefined, taken: Set<string>): string {
  const base = path
    .basename((name ?? '').replace(/\\/g, '/'))
    .replace(/\//g, '')
    .replace(/\p{Cc}/gu, '')
    .slice(0, 200);
  let n = base === '' || base === '.' || base === '..' ? 'upload' : base;
  for (let i = 2; taken.has(n); i++) n = `${i}-${base || 'upload'}`;
  taken.add(n);
  return n;
}

export async function receiveUpload(req: Request, limits: UploadLimits): Promise<Upload> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\b/i.test(type))
    throw new ApiError(
      415,
      'unsupported_media_type',
      `Send the file as multipart/form-data, field "file" (got ${type ? `"${type.slice(0, 100)}"` : 'no content type'})`,
    );
  if (!/;\s*boundary=/i.test(type)) throw broken('the content type names no boundary');
  const declared = Number(req.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limits.maxBytes) throw tooLarge(limits.maxBytes);
  if (!req.body) throw broken('the body is empty');

  fs.mkdirSync(limits.tmpRoot, { recursive: true });
  const dir = fs.mkdtempSync(uploadDirPrefix(limits.tmpRoot));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  const names = new Set<string>();
  const writes: Promise<void>[] = [];
  let failure: Error | null = null;

  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: { 'content-type': type },
      limits: {
        fileSize: limits.maxBytes,
        files: limits.maxFiles,
        fields: 50,
        fieldSize: limits.maxFieldBytes,
        parts: limits.maxFiles + 50,
      },
    });
  } catch (err) {
    remove();
    throw broken((err as Error).message);
  }
  const fail = (err: Error) => {
    failure ??= err;
    bb.destroy();
  };
  bb.on('field', (name, value, info) => {
    if (info.valueTruncated) fail(new ApiError(413, 'payload_too_large', `field "${name}" is too long`));
    else fields[name] = value;
  });
  bb.on('file', (field, stream, info) => {
    const name = safeFileName(info.filename, names);
    const target = path.join(dir, name);
    const entry: UploadedFile = { field, name, path: target, bytes: 0 };
    files.push(entry);
    stream.on('data', (d: Buffer) => {
      entry.bytes += d.length;
    });
    stream.on('limit', () => fail(tooLarge(limits.maxBytes)));
    writes.push(
      pipeline(stream, fs.createWriteStream(target)).catch((err: Error) => {
        fail(failure ?? broken(err.message));
      }),
    );
  });
  bb.on('filesLimit', () => fail(broken(`more than ${limits.maxFiles} files`)));
  bb.on('fieldsLimit', () => fail(broken('too many fields')));
  bb.on('partsLimit', () => fail(broken('too many parts')));
  const closed = new Promise<void>((resolve, reject) => {
    bb.on('close', resolve);
    bb.on('error', (err: Error) => {
      failure ??= broken(err.message);
      reject(failure);
    });
  });
  closed.catch(() => {}); // observed below; a rejection before then is not unhandled

  const reader = req.body.getReader();
  let received = 0;
  try {
    for (;;) {
      if (failure) break;
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (err) {
        throw new ApiError(400, 'upload_aborted', `The upload was interrupted: ${(err as Error).message}`);
      }
      if (chunk.done) break;
      received += chunk.value.length;
      if (received > limits.maxBytes) throw tooLarge(limits.maxBytes);
      if (!bb.write(chunk.value)) await Promise.race([once(bb, 'drain'), closed]);
    }
    if (failure) throw failure;
    bb.end();
    await closed;
    await Promise.all(writes);
    if (failure) throw failure;
    return { dir, fields, files, remove };
  } catch (err) {
    bb.destroy();
    reader.cancel().catch(() => {});
    await Promise.allSettled(writes);
    remove();
    throw failure ?? err;
  }
}
