/**
 * A request body larger than a route's limit is refused with 413 and the API's JSON error, before
 * it is read into memory (by its Content-Length, or while it streams in when it has none).
 */
import { bodyLimit } from 'hono/body-limit';
import { errorBody } from './errors.ts';

export function jsonBodyLimit(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      c.json(
        errorBody(
          'payload_too_large',
          `The request body is larger than ${maxBytes} bytes, the most this endpoint accepts`,
          {
            max_bytes: maxBytes,
          },
        ),
        413,
      ),
  });
}
