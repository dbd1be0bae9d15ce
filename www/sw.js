// Service worker of Resting Potential Lab: after one visit the page works
// offline, and a new build replaces every cached file.
//
// VERSION and FILES are written by scripts/sw-version.mjs after every build (a
// Trunk post_build hook): VERSION is a hash of every built file, FILES the
// built files relative to this script. A new build therefore changes this
// script, the browser installs it, and it keeps its files in a cache of its
// own (`rpl-VERSION`); on activation every older `rpl-…` cache is deleted.
//
// Requests (same-origin GET under this script's folder only; nothing is ever
// fetched from another site):
// * Trunk's hashed files (`name-0123abcd….js`, `…_bg.wasm`, `….css`) and the
//   texts' files (`lessons-<digest>.txt`, `en-<digest>.txt`,
//   `zh-<digest>.txt`) never change under their name: answered from the
//   cache, else from the network.
// * Everything else (the page itself, boot.js) is fetched with
//   `cache: 'no-cache'`, so the browser revalidates it with the server instead
//   of trusting its HTTP cache, and answered from the cache only offline.
// All URLs are relative to this script, so the site works from any sub-path.
const VERSION = 'dev';
const FILES = [];

const PREFIX = 'rpl-';
const CACHE = `${PREFIX}${VERSION}`;
/** Trunk's content-hashed file names (its hash is hexadecimal). */
const HASHED = /-[0-9a-f]{8,}(?:_bg)?\.(?:js|wasm|css|txt)$/;
const SCOPE = self.registration.scope;
/** The page is cached once, under its folder's URL, whatever its query. */
const PAGE = new URL('./', SCOPE).href;
const PAGE_PATH = new URL(PAGE).pathname;

/** The cache key of a URL: without query or fragment; the page under PAGE. */
function cacheKey(url) {
  const u = new URL(url, SCOPE);
  if (u.pathname === PAGE_PATH || u.pathname === `${PAGE_PATH}index.html`) return PAGE;
  u.search = '';
  u.hash = '';
  return u.href;
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const urls = [...new Set(FILES.map(cacheKey))];
      // Revalidated with the server, so the HTTP cache cannot hand back an old build.
      await cache.addAll(urls.map((u) => new Request(u, { cache: 'no-cache' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || !req.url.startsWith(SCOPE)) return;
  const key = req.mode === 'navigate' ? PAGE : cacheKey(req.url);
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      if (HASHED.test(new URL(key).pathname)) {
        const hit = await cache.match(key);
        if (hit) return hit;
        const res = await fetch(req);
        if (res.ok && res.type === 'basic') await cache.put(key, res.clone());
        return res;
      }
      try {
        const res = await fetch(req, { cache: 'no-cache' });
        if (res.ok && res.type === 'basic') await cache.put(key, res.clone());
        return res;
      } catch (offline) {
        const hit = await cache.match(key);
        if (hit) return hit;
        throw offline;
      }
    })(),
  );
});
