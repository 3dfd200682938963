/**
 * The kiosk's service worker (scope /kiosk/): the kiosk keeps working when the network drops.
 *
 * - /assets/* (hashed, never change): cache first.
 * - pages and /api/*: network first (4 s), the answer kept in the cache; when the network fails,
 *   the cached answer is served with the header `x-cm-offline: 1`, which tells the kiosk to show
 *   "offline since hh:mm" — and to refresh everything once answers come from the network again.
 * - the kiosk asks for its own data to be cached ({type: 'precache', urls}) as soon as it runs.
 */
const ASSETS = 'cm-kiosk-assets-v1';
const DATA = 'cm-kiosk-data-v2';
const TIMEOUT_MS = 4000;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([ASSETS, DATA]);
      for (const key of await caches.keys()) if (!keep.has(key)) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

async function fromCache(cacheName, request) {
  const cache = await caches.open(cacheName);
  return (
    (await cache.match(request)) ||
    (request.mode === 'navigate' ? await cache.match(new URL(request.url).pathname) : undefined)
  );
}

async function offlineCopy(response) {
  const headers = new Headers(response.headers);
  headers.set('x-cm-offline', '1');
  return new Response(await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

async function networkFirst(request) {
  try {
    // past the browser's HTTP cache: an answer must really come from the server to count as online
    const response = await withTimeout(request.mode === 'navigate' ? fetch(request) : fetch(request, { cache: 'no-cache' }), TIMEOUT_MS);
    // a server error is not worth keeping over a good copy
    if (response.ok) {
      const cache = await caches.open(DATA);
      await cache.put(request, response.clone());
    }
    return response;
  } catch {
    const cached = await fromCache(DATA, request);
    if (cached) return offlineCopy(cached);
    return new Response(
      JSON.stringify({
        error: { code: 'offline', message: 'The kiosk is offline and has no copy of this', details: null },
      }),
      {
        status: 503,
        headers: { 'content-type': 'application/json', 'x-cm-offline': '1' },
      },
    );
  }
}

async function cacheFirst(request) {
  const cached = await fromCache(ASSETS, request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(ASSETS);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // a kiosk of a tenant named by its path prefix: /t/<slug>/kiosk/…, /t/<slug>/api/…
  const path = url.pathname.replace(/^\/t\/[a-z0-9-]{1,64}(?=\/)/, '');
  if (path.startsWith('/assets/')) event.respondWith(cacheFirst(request));
  else if (path.startsWith('/api/') || request.mode === 'navigate' || path.startsWith('/kiosk'))
    event.respondWith(networkFirst(request));
});

self.addEventListener('message', (event) => {
  const data = event.data;
  if (data?.type !== 'precache' || !Array.isArray(data.urls)) return;
  event.waitUntil(
    (async () => {
      for (const u of data.urls) {
        try {
          const url = new URL(u, self.location.origin);
          if (url.origin !== self.location.origin) continue;
          const cacheName = url.pathname.startsWith('/assets/') ? ASSETS : DATA;
          const cache = await caches.open(cacheName);
          if (cacheName === ASSETS && (await cache.match(url.href))) continue;
          const response = await fetch(url.href);
          if (response.ok) await cache.put(url.href, response);
        } catch {
          // offline already: what is cached stays
        }
      }
      if (event.source) event.source.postMessage({ type: 'precached', count: data.urls.length });
    })(),
  );
});
