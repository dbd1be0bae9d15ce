// End-to-end checks of the Content-Security-Policy the page ships in its own
// <meta> tag. Called from run.mjs as `await cspTests(browser, check)`.
//
// The server (lib.mjs's serveDist) adds no security header, as a plain static
// host would not: whatever holds here holds on any host. At 1280×800 and
// 390×844 the page is used normally (dialogs, downloads, language, clamp,
// lessons, offline worker) with no `securitypolicyviolation` event and no
// console error; then script is injected the ways an attacker would try
// (an inline <script>, an inline event handler, a javascript: link, a script
// from another origin, eval, a string timer, a <base> element) and none of it runs.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DIST, attempter, pageUrl, serveDist } from './lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Directives the shipped policy must hold, exactly as written here. */
const REQUIRED = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "object-src 'none'",
  "base-uri 'none'",
];

/** The policy of the built index.html's <meta http-equiv> tag, or null. */
function metaPolicy(html) {
  const tags = html.match(/<meta\b[^>]*>/gi) ?? [];
  for (const tag of tags) {
    if (/http-equiv\s*=\s*"?content-security-policy"?/i.test(tag)) {
      const m = tag.match(/content\s*=\s*"([^"]*)"/i);
      return m ? m[1] : '';
    }
  }
  return null;
}

export async function cspTests(browser, check) {
  const attempt = attempter(check);
  const server = await serveDist();
  const app = pageUrl(server);
  const foreign = `http://localhost:${server.address().port}`;

  try {
    await attempt('csp: shipped in the built page', async () => {
      const html = await readFile(path.join(DIST, 'index.html'), 'utf8');
      const policy = metaPolicy(html);
      check('csp: dist/index.html has a <meta http-equiv="Content-Security-Policy">', policy !== null, policy ?? 'none');
      const directives = (policy ?? '').split(';').map((d) => d.trim().replace(/\s+/g, ' '));
      for (const d of REQUIRED) {
        check(`csp: the policy has ${d}`, directives.includes(d), policy);
      }
      check(
        "csp: no 'unsafe-inline', 'unsafe-eval' or frame-ancestors (ignored in <meta>)",
        !/unsafe-inline|'unsafe-eval'|frame-ancestors/.test(policy ?? ''),
        policy,
      );
      const headIndex = html.search(/http-equiv\s*=\s*"?content-security-policy/i);
      const firstScript = html.search(/<script\b/i);
      check('csp: the policy comes before any script', headIndex >= 0 && (firstScript < 0 || headIndex < firstScript));
      const inline = (html.match(/<script\b[^>]*>/gi) ?? []).filter((t) => !/\bsrc\s*=/.test(t));
      check('csp: the built page has no inline script', inline.length === 0, inline.join(' '));
      check('csp: the built page has no inline style attribute or <style>', !/\sstyle\s*=|<style\b/i.test(html));
    });

    for (const [w, h] of [[1280, 800], [390, 844]]) {
      const context = await browser.newContext({ viewport: { width: w, height: h }, acceptDownloads: true });
      // Record violations from the first byte of every page, before the app runs.
      await context.addInitScript(() => {
        window.__cspViolations = [];
        window.addEventListener(
          'securitypolicyviolation',
          (e) => window.__cspViolations.push(`${e.effectiveDirective} ${e.blockedURI}`),
          true,
        );
      });
      const errors = [];
      const page = await context.newPage();
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        await attempt(`csp: normal use at ${w} px`, async () => {
          const res = await page.goto(app, { waitUntil: 'load' });
          const headers = res.headers();
          check(
            `csp: the server adds no CSP header at ${w} px (the page's own policy applies)`,
            !('content-security-policy' in headers) && !('content-security-policy-report-only' in headers),
            JSON.stringify(headers),
          );
          await page.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
          const worker = await page.evaluate(async () => {
            const timeout = new Promise((r) => setTimeout(() => r(null), 10000));
            const reg = await Promise.race([navigator.serviceWorker.ready, timeout]);
            return Boolean(reg && reg.active);
          });
          check(`csp: the service worker starts under the policy at ${w} px`, worker);
          // Use the page: dialogs, downloads, language, clamp, a lesson.
          await page.click('#share-button');
          await page.waitForSelector('#share-dialog[open]', { timeout: 5000 });
          await page.keyboard.press('Escape');
          await page.click('#embed-button');
          await page.waitForSelector('#embed-dialog[open]', { timeout: 5000 });
          await page.keyboard.press('Escape');
          await page.click('#play'); // resume (Share paused the run)
          const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#csv-button')]);
          const [png] = await Promise.all([page.waitForEvent('download'), page.click('#png-buttons button >> nth=0')]);
          check(`csp: CSV and PNG downloads work at ${w} px`, Boolean((await csv.path()) && (await png.path())));
          await page.click('#lang-zh');
          await page.click('#lang-en');
          // On a phone the clamp is under its tab, which opens it.
          if (await page.isVisible('#tab-clamp')) await page.click('#tab-clamp');
          else await page.click('#clamp-panel summary');
          await page.fill('#clamp-input', '-50');
          await page.press('#clamp-input', 'Enter');
          const lessons = await page.$$eval('#lesson-select option', (os) => os.map((o) => o.value).filter(Boolean));
          if (lessons.length > 0) await page.selectOption('#lesson-select', lessons[lessons.length - 1]);
          await sleep(800);
          const violations = await page.evaluate(() => window.__cspViolations);
          check(`csp: no policy violation in normal use at ${w} px`, violations.length === 0, violations.join(' | '));
          check(`csp: no console error in normal use at ${w} px`, errors.length === 0, errors.join(' | '));
          check(`csp: the app runs at ${w} px`, await page.isHidden('#error-banner'));
        });

        await attempt(`csp: injected script does not run at ${w} px`, async () => {
          const result = await page.evaluate(async (foreign) => {
            window.__pwned = [];
            const before = document.baseURI;
            // An inline <script> element.
            const s = document.createElement('script');
            s.textContent = 'window.__pwned.push("inline script")';
            document.body.append(s);
            // Markup with an inline event handler (as an unescaped link value would give).
            document.body.insertAdjacentHTML(
              'beforeend',
              '<img alt="" src="data:," onerror="window.__pwned.push(\'event handler\')">',
            );
            // A javascript: link.
            const a = document.createElement('a');
            a.href = 'javascript:window.__pwned.push("javascript: URL")';
            document.body.append(a);
            a.click();
            // A script from another origin.
            const ext = document.createElement('script');
            ext.src = `${foreign}/evil.js`;
            document.body.append(ext);
            // eval and a string timer, run by the page itself (this evaluation,
            // coming from the test tool, is exempt from the policy).
            setTimeout('window.__pwned.push("string timer")', 0);
            const evalResult = await new Promise((resolve) => {
              setTimeout(() => {
                try {
                  // eslint-disable-next-line no-eval
                  eval('window.__pwned.push("eval")');
                  resolve('ran');
                } catch (e) {
                  resolve(e.name);
                }
              }, 0);
            });
            // A <base> that would move every relative URL to another site.
            document.head.insertAdjacentHTML('afterbegin', `<base href="${foreign}/">`);
            await new Promise((r) => setTimeout(r, 600));
            return {
              pwned: window.__pwned,
              evalResult,
              baseMoved: document.baseURI !== before,
              violations: window.__cspViolations,
            };
          }, foreign);
          check(`csp: no injected script ran at ${w} px`, result.pwned.length === 0, result.pwned.join(', '));
          check(`csp: eval is refused at ${w} px`, result.evalResult === 'EvalError', result.evalResult);
          check(`csp: an injected <base> is ignored at ${w} px`, !result.baseMoved);
          const kinds = new Set(result.violations.map((v) => v.split(' ')[0]));
          check(
            `csp: the browser reports each refusal at ${w} px`,
            ['script-src', 'script-src-elem', 'script-src-attr', 'base-uri'].every((k) => kinds.has(k)) && result.violations.length >= 6,
            result.violations.join(' | '),
          );
          check(`csp: the app still runs after the attempts at ${w} px`, await page.isHidden('#error-banner'));
        });
      } finally {
        await context.close();
      }
    }
  } finally {
    server.close();
  }
}
