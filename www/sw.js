// Service worker of Resting Potential Lab: after one visit the page works
// offline. On install it caches the page and every file the page names (the
// hashed script, wasm and stylesheet that Trunk writes into index.html, and
// boot.js), all relative to its own location, so it works from any sub-path.
// Requests are answered from the network when it is there (so a new build is
// picked up at once) and from the cache when it is not. Only same-origin GET
// requests are touched; nothing is ever fetched from another site.
const CACHE = 'rpl-v1';

async function pageFiles() {
  const res = await fetch('./', { cache: 'no-store' });
  const html = await res.clone().text();
  // Absolute URLs in a set: cache.addAll refuses a list with duplicates.
  const files = new Set();
  const attr = /\b(?:href|src|data-rpl-js|data-rpl-wasm)="([^"]+)"/g;
  for (const link of ['boot.js', ...[...html.matchAll(attr)].map((m) => m[1])]) {
    const url = new URL(link, self.registration.scope);
    url.hash = '';
    if (url.origin === self.location.origin && url.href !== self.registration.scope) {
      files.add(url.href);
    }
  }
  return { res, files: [...files] };
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const { res, files } = await pageFiles();
      await cache.put('./', res);
      await cache.addAll(files);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        const res = await fetch(req);
        if (res.ok && res.type === 'basic') {
          // The page is stored once, whatever its query (?preset=…).
          const key = req.mode === 'navigate' ? './' : req;
          await cache.put(key, res.clone());
        }
        return res;
      } catch (offline) {
        const hit =
          req.mode === 'navigate'
            ? await cache.match('./')
            : await cache.match(req, { ignoreSearch: true });
        if (hit) return hit;
        throw offline;
      }
    })(),
  );
});
