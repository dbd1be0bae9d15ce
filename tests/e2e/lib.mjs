// Shared by the end-to-end test and the page benchmark: serving dist/ under a
// sub-path as a plain static host would (no added security header: the page's
// Content-Security-Policy is the one it ships in its own <meta>), and launching
// Debian's Chromium.

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built site: dist/, or the folder in RPL_DIST (e.g. to test another build). */
export const DIST = process.env.RPL_DIST ? path.resolve(process.env.RPL_DIST) : path.join(ROOT, 'dist');
export const BASE_PATH = '/sub/path/rpl/';
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// Headless Chromium on a closed network: without these it floods the network.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Serve dist/ at http://127.0.0.1:PORT/sub/path/rpl/ on a free port, with a
 * content type and a cache header only: no Content-Security-Policy or other
 * security header, so the tests see what any static host gives.
 *
 * `routes` maps exact paths outside BASE_PATH to functions that return an HTML
 * page (called on each request, so a test can change the page between loads),
 * e.g. a parent page that embeds the app.
 * `dir` is the folder served (default dist/); a test can switch the returned
 * server's `dir` to serve another build. `cacheControl` is the Cache-Control
 * header of every file (default `no-store`; e.g. `max-age=600`, as many static
 * hosts send, to let the browser's HTTP cache keep files).
 * `maxHeaderSize` raises Node's 16 KB limit on a request's headers (long links).
 * While the returned server's `offline` is true it refuses every request
 * (drops the connection), so a page can be reloaded truly offline.
 */
export function serveDist({ routes = {}, dir = DIST, cacheControl = 'no-store', maxHeaderSize } = {}) {
  const server = createServer(maxHeaderSize ? { maxHeaderSize } : {}, async (req, res) => {
    if (server.offline) {
      req.socket.destroy();
      return;
    }
    try {
      const url = new URL(req.url, 'http://localhost');
      const route = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : null;
      if (route) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(route());
        return;
      }
      if (!url.pathname.startsWith(BASE_PATH)) {
        res.writeHead(404).end('not found');
        return;
      }
      const rel = decodeURIComponent(url.pathname.slice(BASE_PATH.length)) || 'index.html';
      const root = path.resolve(server.dir);
      const file = path.resolve(root, rel);
      if (!file.startsWith(root + path.sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': cacheControl,
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  server.offline = false;
  server.dir = dir;
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** The page's URL on a server from serveDist(). */
export function pageUrl(server, query = '') {
  return `http://127.0.0.1:${server.address().port}${BASE_PATH}${query}`;
}

/**
 * A runner for one group of checks: `attempt(name, fn)` awaits fn and, if it
 * throws, records a failed check `name` with the first line of the error.
 */
export function attempter(check) {
  return async (name, fn) => {
    try {
      await fn();
    } catch (e) {
      check(name, false, `threw: ${e && e.message ? e.message.split('\n')[0] : e}`);
    }
  };
}

/** Launch headless Debian Chromium with a fresh profile. */
export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Wait until the page has drawn its next animation frame. The page handles an
 * input (a click, a typed value) in the frame after it, so a test that reads
 * the page right after an input waits for this first.
 */
export async function nextFrame(page) {
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))),
  );
}
