/**
 * The 404 of a path that is neither the API, nor a built file, nor a view of the web app: JSON
 * for callers that ask for it (Accept: application/json), a small HTML page for browsers.
 */
import type { Context } from 'hono';
import { errorBody } from './errors.ts';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);

function wantsJson(c: Context): boolean {
  const accept = c.req.header('accept') ?? '';
  return /application\/(json|[\w.+-]*\+json)/i.test(accept) && !/text\/html/i.test(accept);
}

export function pageNotFound(c: Context, message?: string) {
  const path = c.req.path.slice(0, 200);
  if (wantsJson(c)) return c.json(errorBody('not_found', message ?? `Nothing at ${path}`), 404);
  c.header('cache-control', 'no-store');
  return c.html(
    `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Not found · Commons Map</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5">
<h1>Page not found</h1>
<p>${message ? escapeHtml(message) : `There is nothing at <code>${escapeHtml(path)}</code>.`}</p>
<p><a href="/">Open the map</a></p>
</body>
</html>
`,
    404,
  );
}
