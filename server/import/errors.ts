/** Input that cannot be imported at all (missing file, bad mapping, unknown tenant, unreadable file): a 4xx, never a 500. */
export class ImportInputError extends Error {
  override name = 'ImportInputError';
}
