// End-to-end check of the service worker across two builds. Called from
// run.mjs as `await swTests(browser, check)`.
//
// Build A is dist/ as built. Build B is a copy of it changed the way a new
// build changes a site: boot.js (an unhashed file) is edited, the app's
// script gets a new hashed name, and scripts/sw-version.mjs (the build's own
// post_build step) writes B's version and file list into sw.js. The server
// sends `Cache-Control: max-age=600`, as many static hosts do, so the
// browser's HTTP cache would happily hand back build A's boot.js.
//
// Build A is loaded (its worker installs and caches build A), the server then
// serves build B, and one reload must run B's boot.js and B's script; B's
// worker must replace A's cache (no file of A left), and a reload with the
// network gone must still start build B.

import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DIST, ROOT, attempter, pageUrl, serveDist } from './lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const MARK = "globalThis.rplBuildMark = 'B';\n";

async function versionOf(dir) {
  const sw = await readFile(path.join(dir, 'sw.js'), 'utf8');
  return sw.match(/^const VERSION = '([^']*)';$/m)?.[1] ?? null;
}

/** Make build B from a copy of build A; returns the old and new script names. */
async function makeBuildB(dir) {
  const boot = path.join(dir, 'boot.js');
  await writeFile(boot, MARK + (await readFile(boot, 'utf8')));
  const names = await readdir(dir);
  const oldJs = names.find((n) => /-[0-9a-f]{8,}\.js$/.test(n));
  if (!oldJs) throw new Error(`no hashed script in ${names.join(', ')}`);
  const newJs = oldJs.replace(/-[0-9a-f]{8,}\.js$/, '-0b0b0b0b0b0b0b0b.js');
  await cp(path.join(dir, oldJs), path.join(dir, newJs));
  await rm(path.join(dir, oldJs));
  const index = path.join(dir, 'index.html');
  await writeFile(index, (await readFile(index, 'utf8')).split(oldJs).join(newJs));
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'sw-version.mjs'), dir], { stdio: 'pipe' });
  return { oldJs, newJs };
}

/** Every cache of the page's origin: name → the file names it holds ('./' for the page). */
function cacheContents(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      out[name] = (await cache.keys()).map((r) => new URL(r.url).pathname.split('/').pop() || './').sort();
    }
    return out;
  });
}

async function waitForApp(page) {
  await page.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
}

export async function swTests(browser, check) {
  const attempt = attempter(check);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'rpl-sw-'));
  const dirA = path.join(tmp, 'a');
  const dirB = path.join(tmp, 'b');
  await cp(DIST, dirA, { recursive: true });
  await cp(DIST, dirB, { recursive: true });
  const server = await serveDist({ dir: dirA, cacheControl: 'max-age=600' });
  const app = pageUrl(server, '?preset=astrocyte');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  let offline = false;
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && !offline && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));

  try {
    await attempt('sw: two builds', async () => {
      const versionA = await versionOf(dirA);
      const filesA = (await readdir(dirA)).filter((f) => f !== 'sw.js' && !f.startsWith('.'));
      check('sw: the build wrote a version into sw.js', /^[0-9a-f]{16}$/.test(versionA ?? ''), String(versionA));
      const { oldJs, newJs } = await makeBuildB(dirB);
      const versionB = await versionOf(dirB);
      check('sw: a changed build gets another version', versionB !== versionA && /^[0-9a-f]{16}$/.test(versionB ?? ''), `${versionA} → ${versionB}`);

      // Build A: load, and wait until its worker controls the page.
      await page.goto(app, { waitUntil: 'load' });
      await waitForApp(page);
      const controlled = await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller) {
          await Promise.race([
            new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true })),
            new Promise((r) => setTimeout(r, 10000)),
          ]);
        }
        return Boolean(navigator.serviceWorker.controller);
      });
      check('sw: build A\'s worker controls the page', controlled);
      const cachedA = await cacheContents(page);
      const expectedA = filesA.map((f) => (f === 'index.html' ? './' : f)).sort();
      check(
        'sw: build A is cached whole, in a cache named by its version',
        JSON.stringify(Object.keys(cachedA)) === JSON.stringify([`rpl-${versionA}`]) &&
          JSON.stringify(cachedA[`rpl-${versionA}`]) === JSON.stringify(expectedA),
        JSON.stringify(cachedA),
      );

      // Build B on the server; one reload.
      server.dir = dirB;
      await page.reload({ waitUntil: 'load' });
      await waitForApp(page);
      const served = await page.evaluate(() => ({
        mark: globalThis.rplBuildMark ?? null,
        js: document.querySelector('script[data-rpl-js]')?.dataset.rplJs ?? '',
      }));
      check('sw: one reload runs build B\'s boot.js (not a cached copy of A\'s)', served.mark === 'B', JSON.stringify(served));
      check('sw: one reload runs build B\'s script', served.js.endsWith(newJs), served.js);

      // B's worker takes over and deletes A's cache. boot.js asks for an update
      // check at start-up, but in headless Chromium driven over CDP that early
      // check stays pending (no request for sw.js is seen until update() is
      // called again), so the test makes the same call once more.
      await page.evaluate(async () => {
        const reg = await navigator.serviceWorker.getRegistration();
        await reg.update();
      });
      // Up to 30 s: on a loaded machine the new worker's activation has
      // taken more than the 10 s this once waited.
      let cached = {};
      for (let i = 0; i < 150; i += 1) {
        cached = await cacheContents(page);
        if (JSON.stringify(Object.keys(cached)) === JSON.stringify([`rpl-${versionB}`])) break;
        await sleep(200);
      }
      const filesB = cached[`rpl-${versionB}`] ?? [];
      check('sw: build A\'s cache is deleted, build B\'s is the only one', JSON.stringify(Object.keys(cached)) === JSON.stringify([`rpl-${versionB}`]), JSON.stringify(Object.keys(cached)));
      check('sw: build B\'s cache holds B\'s script and not A\'s', filesB.includes(newJs) && !filesB.includes(oldJs), filesB.join(', '));
      const bootCached = await page.evaluate(async () => {
        const hit = await caches.match(new URL('boot.js', document.baseURI).href);
        return hit ? (await hit.text()).includes('rplBuildMark') : null;
      });
      check('sw: the cached boot.js is build B\'s', bootCached === true, String(bootCached));
      const oldGone = await page.evaluate(async (oldJs) => !(await caches.match(new URL(oldJs, document.baseURI).href)), oldJs);
      check('sw: build A\'s hashed script is evicted', oldGone);
      const controller = await page.evaluate(async () => {
        const text = await (await fetch(navigator.serviceWorker.controller.scriptURL, { cache: 'no-store' })).text();
        return text.match(/^const VERSION = '([^']*)';$/m)?.[1] ?? null;
      });
      check('sw: build B\'s worker is served', controller === versionB, `${controller}`);

      // Offline: the network is gone; a reload starts build B from the cache.
      offline = true;
      server.offline = true;
      await context.setOffline(true);
      await page.reload({ waitUntil: 'load' });
      await waitForApp(page);
      const off = await page.evaluate(() => ({
        mark: globalThis.rplBuildMark ?? null,
        preset: document.getElementById('preset')?.value,
        banner: document.getElementById('error-banner')?.hidden,
        // The interface texts' file, from the cache too.
        reset: document.getElementById('reset')?.textContent.trim(),
      }));
      check('sw: offline reload starts build B, with its texts', off.mark === 'B' && off.preset === 'astrocyte' && off.banner === true && off.reset === 'Reset all', JSON.stringify(off));
      await context.setOffline(false);
      server.offline = false;
      offline = false;
      check('sw: no console errors', errors.length === 0, errors.join(' | '));
    });
  } finally {
    server.offline = false;
    await context.close();
    server.close();
    await rm(tmp, { recursive: true, force: true });
  }
}
