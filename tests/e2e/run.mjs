// End-to-end test of the built page in headless Chromium (playwright-core).
//
// Build first, from the repository root:
//
//   PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" trunk build --release
//
// then run:
//
//   node tests/e2e/run.mjs
//
// The script serves dist/ itself (a small Node HTTP server on a free port, under
// a sub-path so the relative asset URLs are exercised, with no added header: the
// page's own <meta> Content-Security-Policy is the only one), drives /usr/bin/chromium,
// saves screenshots to tests/e2e/screenshots/, prints one line per check and
// ends with `e2e: N passed, M failed`; the exit code is non-zero on any failure.

import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, DIST, BASE_PATH, attempter, serveDist, launch, nextFrame } from './lib.mjs';
import { checkMembrane } from './membrane.mjs';
import { controlsTests } from './controls.mjs';
import { chartsE2E } from './charts.mjs';
import { a11yTests } from './a11y.mjs';
import { i18nTests } from './i18n.mjs';
import { shareTests } from './share.mjs';
import { pngTests } from './png.mjs';
import { wordsTests } from './words.mjs';
import { cspTests } from './csp.mjs';
import { swTests } from './sw.mjs';
import { stageTests, tabsTests, firstScreenTests } from './stage.mjs';
import { lessonTextsTests, interfaceTextsTests } from './lessons.mjs';
import { timelineTests } from './timeline.mjs';
import { fuzzTests } from './fuzz.mjs';
import { stimTests } from './stim.mjs';

const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');

/** The neuron preset's steady state, from the model (rpl-model), mV. */
const NEURON_V_MV = -73.82;
/** V a second after K_o is raised to 20 mM on the neuron at rest, mV:
 *  `rpl run --preset neuron --then K_o=20 --duration 1 --samples 4` gives −53.83. */
const NEURON_KO20_V_MV = -53.83;
/** Neuron with ouabain from t = 0: (model time s, V mV), from
 *  `rpl run --preset neuron --then ouabain=1 --duration 14400 --samples 24 --format csv`. */
const OUABAIN_RUNDOWN = [
  [600, -67.086], [1200, -64.391], [1800, -61.658], [2400, -58.849], [3000, -55.956],
  [3600, -52.988], [4200, -49.963], [4800, -46.911], [5400, -43.868], [6000, -40.877],
  [6600, -37.983], [7200, -35.230], [7800, -32.654], [8400, -30.281], [9000, -28.126],
  [9600, -26.191], [10200, -24.468], [10800, -22.942], [11400, -21.596], [12000, -20.410],
  [12600, -19.364], [13200, -18.442], [13800, -17.627], [14400, -16.905],
];

/** The CLI's V at model time t (linear between its 10-minute samples), or NaN outside them. */
function rundownAt(t) {
  for (let i = 1; i < OUABAIN_RUNDOWN.length; i += 1) {
    const [t0, v0] = OUABAIN_RUNDOWN[i - 1];
    const [t1, v1] = OUABAIN_RUNDOWN[i];
    if (t >= t0 && t <= t1) return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
  }
  return NaN;
}


// ---------------------------------------------------------------- checks

let passed = 0;
let failed = 0;

function check(name, ok, detail = '') {
  if (ok) {
    passed += 1;
    console.log(`ok   ${name}${detail ? ` — ${detail}` : ''}`);
  } else {
    failed += 1;
    console.log(`FAIL ${name}${detail ? ` — ${detail}` : ''}`);
  }
  return ok;
}

const attempt = attempter(check);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- page helpers

/** Membrane voltage from the readout's data-value (full precision), mV. */
async function readV(page) {
  await nextFrame(page);
  const v = await page.getAttribute('#v-readout', 'data-value');
  return v === null ? NaN : Number(v);
}

async function modelTimeText(page) {
  return (await page.textContent('#t-readout'))?.trim() ?? '';
}

/** Count colours on the chart canvas that cover at least `minPixels` pixels. */
async function chartColours(page, minPixels = 30) {
  return page.evaluate((minPixels) => {
    const c = document.getElementById('v-chart');
    const ctx = c.getContext('2d');
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    const counts = new Map();
    for (let i = 0; i < data.length; i += 4) {
      const key = `${data[i] >> 3},${data[i + 1] >> 3},${data[i + 2] >> 3}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts.values()].filter((n) => n >= minPixels).length;
  }, minPixels);
}

async function chartDigest(page) {
  return page.evaluate(() => {
    const c = document.getElementById('v-chart');
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let h = 0;
    for (let i = 0; i < data.length; i += 7) h = (h * 31 + data[i]) >>> 0;
    return h;
  });
}

async function waitForApp(page) {
  await page.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
}

async function typeKo(page, value) {
  await page.fill('#ko-input', value);
  await page.press('#ko-input', 'Enter');
}

// ---------------------------------------------------------------- main

async function main() {
  try {
    await stat(path.join(DIST, 'index.html'));
  } catch {
    console.log('dist/index.html is missing: build first with');
    console.log('  PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" trunk build --release');
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  }
  await mkdir(SHOTS, { recursive: true });
  const server = await serveDist();
  const { port } = server.address();
  const base = `http://127.0.0.1:${port}${BASE_PATH}`;
  // launch() gives every run a fresh temporary profile (a new --user-data-dir).
  const browser = await launch();

  const consoleErrors = [];
  const watch = (page, label) => {
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(`${label}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => consoleErrors.push(`${label}: ${err.message}`));
    page.on('requestfailed', (req) => consoleErrors.push(`${label}: request failed ${req.url()} (${req.failure()?.errorText}) on ${page.url()}`));
    page.on('response', (res) => {
      if (res.status() >= 400) consoleErrors.push(`${label}: HTTP ${res.status()} ${res.url()}`);
    });
  };

  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    watch(page, 'main');

    // 1. The page starts and shows the neuron at rest.
    await attempt('page loads and the app starts', async () => {
      const res = await page.goto(base, { waitUntil: 'load' });
      check('index.html served', res && res.ok(), `${res && res.status()}`);
      await waitForApp(page);
      const wasmType = await page.evaluate(async () => {
        const link = document.querySelector('link[rel="preload"][as="fetch"]');
        if (!link) return 'no preload link';
        const r = await fetch(link.href);
        await r.arrayBuffer(); // read it all, or leaving the page aborts the request
        return r.headers.get('content-type');
      });
      check('wasm served as application/wasm', wasmType === 'application/wasm', wasmType);
      const inline = await page.$$eval('script:not([src])', (s) => s.length);
      check('no inline script (strict CSP holds)', inline === 0, `${inline} inline`);
      const preset = await page.inputValue('#preset');
      check('default preset is the neuron', preset === 'neuron', preset);
      const options = await page.$$eval('#preset option', (os) => os.map((o) => o.value));
      check('preset selector lists every preset', options.length === 13, options.join(', '));
    });

    await attempt('neuron rests at about −74 mV', async () => {
      await sleep(300);
      const v = await readV(page);
      check('neuron V ≈ −73.8 mV', Math.abs(v - NEURON_V_MV) < 0.3, `V = ${v.toFixed(3)} mV`);
      const text = await page.textContent('#v-readout');
      check('V readout reads "−73.8 mV"', text.trim() === '\u221273.8 mV', JSON.stringify(text));
      for (const id of ['ek-readout', 'ena-readout', 'ecl-readout']) {
        const t = (await page.textContent(`#${id}`)).trim();
        check(`${id} shows a voltage`, /^[\u2212]?\d+\.\d mV$/.test(t), t);
      }
      const ek = Number(await page.getAttribute('#ek-readout', 'data-value'));
      const ena = Number(await page.getAttribute('#ena-readout', 'data-value'));
      check('E_K < V < E_Na', ek < v && v < ena, `E_K ${ek.toFixed(1)}, E_Na ${ena.toFixed(1)}`);
      const colours = await chartColours(page);
      check('voltage chart is drawn (several colours)', colours >= 5, `${colours} colours`);
    });

    // 2. Outside K⁺ depolarises: slider, then typed value.
    let vRest = await readV(page);
    await attempt('K_o slider depolarises', async () => {
      const before = await readV(page);
      const digest = await chartDigest(page);
      // Slider position for 10 mM on the 0.5–150 mM log scale.
      const pos = Math.round((Math.log(10 / 0.5) / Math.log(150 / 0.5)) * 1000);
      await page.fill('#ko-slider', String(pos));
      await sleep(600);
      const after = await readV(page);
      const ko = await page.inputValue('#ko-input');
      check('slider sets K_o ≈ 10 mM', Math.abs(Number(ko) - 10) < 0.2, `K_o field = ${ko}`);
      check('V rises with K_o = 10 mM', after - before > 5, `${before.toFixed(2)} → ${after.toFixed(2)} mV`);
      check('chart changed', (await chartDigest(page)) !== digest);
    });

    await attempt('typed K_o = 20 depolarises', async () => {
      await typeKo(page, '20');
      await sleep(600);
      const v = await readV(page);
      check(
        'V rises by more than 5 mV with K_o = 20 mM',
        v - vRest > 5,
        `${vRest.toFixed(2)} → ${v.toFixed(2)} mV`,
      );
      check(
        'V with K_o = 20 mM matches the model (command line)',
        Math.abs(v - NEURON_KO20_V_MV) < 1,
        `page ${v.toFixed(2)}, rpl ${NEURON_KO20_V_MV} mV`,
      );
      const err = await page.isHidden('#ko-error');
      check('no error for a good value', err);
      const slider = Number(await page.inputValue('#ko-slider'));
      const expected = Math.round((Math.log(20 / 0.5) / Math.log(150 / 0.5)) * 1000);
      check('slider follows the typed value', Math.abs(slider - expected) <= 1, `${slider}`);
    });

    // 3. A bad typed value is refused, with a message naming the field and range.
    await attempt('K_o = −5 is refused', async () => {
      await page.click('#play'); // pause, so V can be compared exactly
      await nextFrame(page);
      check('play button pauses', (await page.textContent('#play')).trim() === 'Play');
      const before = await readV(page);
      await typeKo(page, '-5');
      await sleep(200);
      const visible = await page.isVisible('#ko-error');
      const msg = visible ? (await page.textContent('#ko-error')).trim() : '';
      check('error shown beside the K_o control', visible, msg);
      check(
        'error names field (in the reader\'s words), value and range',
        msg.includes('K⁺ outside') && !msg.includes('K_o') && msg.includes('-5') && msg.includes('1000 mM'),
        msg,
      );
      const invalid = await page.getAttribute('#ko-input', 'aria-invalid');
      check('K_o field marked invalid', invalid === 'true');
      const after = await readV(page);
      check('V unchanged after a refused value', after === before, `${before} → ${after}`);
      await page.setViewportSize({ width: 390, height: 844 });
      await sleep(300);
      await page.screenshot({ path: path.join(SHOTS, 'error-390x844.png'), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 800 });
      await typeKo(page, '20');
      await sleep(100);
      check('error clears after a good value', await page.isHidden('#ko-error'));
      await page.click('#play');
      await nextFrame(page);
      check('play button resumes', (await page.textContent('#play')).trim() === 'Pause');
    });

    // 4. Ouabain: the pump stops and V runs down over hours of model time.
    await attempt('ouabain run-down', async () => {
      await page.click('#reset');
      await sleep(300);
      const v0 = await readV(page);
      check('reset returns to rest', Math.abs(v0 - NEURON_V_MV) < 0.3, `V = ${v0.toFixed(3)} mV`);
      check('reset restores K_o', (await page.inputValue('#ko-input')) === '5');
      await page.check('#ouabain');
      await page.selectOption('#speed', { label: '1 h/s' });
      const t0 = await modelTimeText(page);
      const samples = [];
      const timed = [];
      for (let i = 0; i < 6; i += 1) {
        await sleep(500);
        // Both in one call: at 1 h/s each frame moves model time by a minute.
        const [t, v] = await page.evaluate(() => [
          Number(document.getElementById('t-readout').dataset.value),
          Number(document.getElementById('v-readout').dataset.value),
        ]);
        samples.push(v);
        timed.push([t, v]);
      }
      const t1 = await modelTimeText(page);
      check('model time runs at high speed', t1.endsWith(' h') || t1.endsWith(' min'), `${t0} → ${t1}`);
      const rising = samples.every((v, i) => i === 0 || v >= samples[i - 1] - 1e-9);
      check(
        'V rises over model time with the pump blocked',
        rising && samples[samples.length - 1] - v0 > 1,
        `${v0.toFixed(2)} → ${samples.map((v) => v.toFixed(2)).join(', ')} mV`,
      );
      // Against the command line's run of the same model (after the first 10 minutes,
      // where its 10-minute samples are close enough to interpolate).
      const compared = timed.filter(([t]) => Number.isFinite(rundownAt(t)));
      const worst = Math.max(...compared.map(([t, v]) => Math.abs(v - rundownAt(t))));
      check(
        'run-down matches the model (command line) within 0.5 mV',
        compared.length >= 3 && worst < 0.5,
        `${compared.length} samples, worst ${worst.toFixed(2)} mV; ` +
          compared.map(([t, v]) => `${(t / 60).toFixed(0)} min ${v.toFixed(1)}/${rundownAt(t).toFixed(1)}`).join(', '),
      );
      await page.screenshot({ path: path.join(SHOTS, 'ouabain-1280x800.png') });
    });

    // 5. Screenshots at desktop and phone widths, neuron at rest after a K_o step.
    await attempt('screenshots', async () => {
      await page.goto(base, { waitUntil: 'load' });
      await waitForApp(page);
      await sleep(1500);
      await typeKo(page, '20');
      await sleep(1500);
      await page.screenshot({ path: path.join(SHOTS, 'desktop-1280x800.png') });

      // A phone: 390×844 CSS pixels at device pixel ratio 2, touch.
      const phone = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      });
      const p = await phone.newPage();
      watch(p, 'phone');
      await p.goto(base, { waitUntil: 'load' });
      await waitForApp(p);
      await sleep(1500);
      await typeKo(p, '20');
      await sleep(1500);
      await p.screenshot({ path: path.join(SHOTS, 'phone-390x844.png') });
      await p.screenshot({ path: path.join(SHOTS, 'phone-390x844-full.png'), fullPage: true });
      const overflow = await p.evaluate(
        () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
      );
      check('no horizontal scrolling at 390 px', !overflow);
      const canvasPx = await p.evaluate(() => {
        const c = document.getElementById('v-chart');
        return [c.width, c.clientWidth];
      });
      check('chart is sharp at device pixel ratio 2', canvasPx[0] === 2 * canvasPx[1], `${canvasPx}`);
      const colours = await chartColours(p);
      check('chart drawn at 390 px', colours >= 5, `${colours} colours`);
      await phone.close();
    });

    await attempt('membrane view', () => checkMembrane(page, check));

    // 6. The URL picks the preset; an unknown one is named and the neuron shown.
    await attempt('?preset=squid-axon', async () => {
      await page.goto(`${base}?preset=squid-axon`, { waitUntil: 'load' });
      await waitForApp(page);
      check('preset from the URL', (await page.inputValue('#preset')) === 'squid-axon');
      check('no notice for a known preset', await page.isHidden('#notice'));
    });
    await attempt('?preset=unknown', async () => {
      await page.goto(`${base}?preset=frog-heart`, { waitUntil: 'load' });
      await waitForApp(page);
      const notice = (await page.textContent('#notice')).trim();
      check('notice names the unknown preset', (await page.isVisible('#notice')) && notice.includes('frog-heart'), notice);
      check('falls back to the neuron', (await page.inputValue('#preset')) === 'neuron');
      const v = await readV(page);
      check('neuron V after fallback', Math.abs(v - NEURON_V_MV) < 0.3, `${v.toFixed(2)} mV`);
    });
    await attempt('k-only starts at 0 mV and falls toward E_K', async () => {
      await page.goto(`${base}?preset=k-only`, { waitUntil: 'load' });
      await waitForApp(page);
      const v0 = await readV(page);
      await sleep(1500);
      const v1 = await readV(page);
      const ek = Number(await page.getAttribute('#ek-readout', 'data-value'));
      check('k-only starts near 0 mV', Math.abs(v0) < 40, `${v0.toFixed(2)} mV`);
      check('k-only V falls toward E_K', v1 < v0 - 5 && v1 > ek - 0.5, `${v0.toFixed(2)} → ${v1.toFixed(2)} (E_K ${ek.toFixed(1)}) mV`);
    });
    await attempt('changing preset in the page', async () => {
      await page.selectOption('#preset', 'astrocyte');
      await sleep(300);
      const v = await readV(page);
      const ek = Number(await page.getAttribute('#ek-readout', 'data-value'));
      check('astrocyte sits close to E_K', Math.abs(v - ek) < 5, `V ${v.toFixed(2)}, E_K ${ek.toFixed(2)} mV`);
    });

    // 7. The animation loop pauses while the page is hidden and does not count that time.
    await attempt('pauses while hidden', async () => {
      await page.goto(base, { waitUntil: 'load' });
      await waitForApp(page);
      await sleep(300);
      const modelT = () =>
        page.evaluate(() => Number(document.getElementById('t-readout').dataset.value));
      await page.evaluate(() => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
        document.dispatchEvent(new Event('visibilitychange'));
      });
      const t0 = await modelT();
      await sleep(700);
      const t1 = await modelT();
      check('model time stops while the page is hidden', t1 === t0, `${t0} → ${t1} s`);
      await page.evaluate(() => {
        delete document.hidden;
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await sleep(500);
      const t2 = await modelT();
      check(
        'it resumes without counting the hidden time',
        t2 > t1 && t2 - t1 < 0.65,
        `${t1.toFixed(3)} → ${t2.toFixed(3)} s after 0.5 s visible`,
      );
    });

    await controlsTests(page, check);
    await chartsE2E(page, check);
    await a11yTests(browser, base, check);
    await i18nTests(page, check);
    await shareTests(browser, check);
    await pngTests(browser, check);
    await wordsTests(browser, check);
    await cspTests(browser, check);
    await swTests(browser, check);
    await stageTests(browser, check);
    await tabsTests(browser, check);
    await firstScreenTests(browser, check);
    await lessonTextsTests(browser, check);
    await interfaceTextsTests(browser, check);
    await timelineTests(browser, check);
    await fuzzTests(browser, check);
    await stimTests(browser, check);

    check('error banner stayed hidden', await page.isHidden('#error-banner'));
    check('no console errors', consoleErrors.length === 0, consoleErrors.join(' | '));
    await context.close();
  } finally {
    await browser.close();
    server.close();
  }
}

try {
  await main();
} catch (e) {
  check('e2e run', false, e && e.stack ? e.stack : String(e));
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
