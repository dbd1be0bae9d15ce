// End-to-end checks of the chart panels, called from run.mjs with its page
// (already showing the app) and its `check(name, ok, detail)` function.
//
// Checks: the concentration, current-bar and I–V canvases are drawn; the
// current table's numbers sum to ~0 at rest; holding V at E_K reads ~0 K⁺
// current; "log time" redraws the time charts; the median frame (model advance
// plus all drawing) at 1280×800 stays within the budget. Saves screenshots at
// 1280×800 and 390×844 to tests/e2e/screenshots/.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { attempter } from './lib.mjs';

const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');

// The frame-time budget (median ≤ 4 ms) is a benchmark figure (scripts/bench.sh,
// BENCHMARKS.md), not a pass/fail test: machines here are shared and noisy. This
// check only catches a page that cannot keep up at all: a median frame longer than
// one 60 Hz frame. The measured figures are printed either way.
const FRAME_SANITY_MS = 16.7;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Runs in the page before the app loads: times every animation-frame callback.
function timeFrames() {
  window.__frameMs = [];
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) =>
    raf((t) => {
      const t0 = performance.now();
      cb(t);
      window.__frameMs.push(performance.now() - t0);
    });
}

async function colours(page, id, minPixels = 30) {
  return page.evaluate(
    ([id, minPixels]) => {
      const c = document.getElementById(id);
      if (!c || c.width === 0 || c.height === 0) return 0;
      const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      const counts = new Map();
      for (let i = 0; i < data.length; i += 4) {
        const key = `${data[i] >> 3},${data[i + 1] >> 3},${data[i + 2] >> 3}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return [...counts.values()].filter((n) => n >= minPixels).length;
    },
    [id, minPixels],
  );
}

async function digest(page, id) {
  return page.evaluate((id) => {
    const c = document.getElementById(id);
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let h = 0;
    for (let i = 0; i < data.length; i += 97) h = (h * 31 + data[i]) | 0;
    return h;
  }, id);
}

/** { row: value } of one column of a current table, visible rows only. */
async function table(page, id, col) {
  return page.evaluate(
    ([id, col]) => {
      const out = {};
      for (const tr of document.querySelectorAll(`#${id} tbody tr`)) {
        if (tr.hidden) continue;
        const td = tr.querySelector(`td[data-col="${col}"]`);
        out[tr.dataset.row] = Number(td.dataset.value);
      }
      return out;
    },
    [id, col],
  );
}

async function medianFrame(page, ms) {
  await page.evaluate(() => {
    window.__frameMs = [];
  });
  await sleep(ms);
  const times = await page.evaluate(() => window.__frameMs.slice());
  times.sort((a, b) => a - b);
  return { n: times.length, median: times[Math.floor(times.length / 2)] ?? NaN, p90: times[Math.floor(times.length * 0.9)] ?? NaN };
}

export async function chartsE2E(page, check) {
  const base = page.url().split('?')[0];
  const attempt = attempter(check);

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.addInitScript(timeFrames);
  await page.goto(base, { waitUntil: 'load' });
  await page.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
  await sleep(800);

  await attempt('charts: canvases drawn', async () => {
    for (const id of ['v-chart', 'conc-chart', 'currents-chart']) {
      const n = await colours(page, id);
      check(`charts: #${id} drawn (several colours)`, n >= 5, `${n} colours`);
    }
    check('charts: clamp panel closed at start', (await page.getAttribute('#clamp-panel', 'open')) === null);
    await page.click('#clamp-panel summary');
    await sleep(200);
    const n = await colours(page, 'iv-chart');
    check('charts: #iv-chart drawn when the clamp panel opens', n >= 6, `${n} colours`);
  });

  await attempt('charts: currents at rest', async () => {
    const cur = await table(page, 'currents-table', 'current');
    const parts = Object.entries(cur).filter(([k]) => k !== 'total');
    const sum = parts.reduce((s, [, v]) => s + v, 0);
    const scale = Math.max(...parts.map(([, v]) => Math.abs(v)));
    check(
      'charts: each current at rest is nonzero',
      parts.every(([k, v]) => k === 'Cl' || Math.abs(v) > 1e-3 * scale),
      JSON.stringify(cur),
    );
    check('charts: currents at rest sum to ~0', Math.abs(sum) < 1e-3 * scale, `sum ${sum.toExponential(2)} of ${scale.toFixed(4)} µA/cm²`);
    check('charts: the table total is ~0', Math.abs(cur.total) < 1e-3 * scale, `${cur.total}`);
    const caption = (await page.textContent('#currents-caption')).trim();
    check('charts: caption says steady state, not equilibrium', caption.startsWith('Steady state, not equilibrium'), caption);
  });

  await attempt('charts: clamp at E_K', async () => {
    const ek = Number(await page.getAttribute('#ek-readout', 'data-value'));
    await page.fill('#clamp-input', ek.toFixed(1));
    await page.press('#clamp-input', 'Enter');
    await sleep(100);
    const at = await table(page, 'clamp-table', 'current');
    await page.fill('#clamp-input', '-100');
    await page.press('#clamp-input', 'Enter');
    await sleep(100);
    const away = await table(page, 'clamp-table', 'current');
    check(
      'charts: holding V at E_K (typed) reads ~0 K⁺ current',
      Math.abs(at.K) < 0.01 * Math.abs(away.K),
      `I_K ${at.K.toExponential(2)} at ${ek.toFixed(1)} mV, ${away.K.toFixed(3)} at −100 mV`,
    );
    await page.click('#clamp-to button[data-to="K"]');
    await sleep(100);
    const btn = await table(page, 'clamp-table', 'current');
    const held = Number(await page.inputValue('#clamp-input').then((t) => t.replace('\u2212', '-')));
    check('charts: the E_K button holds V at E_K', Math.abs(held - ek) < 0.06, `${held} vs ${ek}`);
    check('charts: … and reads ~0 K⁺ current', Math.abs(btn.K) < 0.01 * Math.abs(away.K), `${btn.K}`);
    await page.click('#clamp-to button[data-to="rest"]');
    await sleep(100);
    const rest = await table(page, 'clamp-table', 'current');
    check('charts: at V_rest the clamp total is ~0', Math.abs(rest.total) < 0.01 * Math.abs(rest.Na), `${rest.total}`);
    const before = await digest(page, 'iv-chart');
    await page.fill('#clamp-slider', '20');
    await sleep(100);
    check('charts: the slider moves the held V on the I–V chart', (await digest(page, 'iv-chart')) !== before);
    await page.click('#clamp-to button[data-to="rest"]');
  });

  await attempt('charts: log time', async () => {
    const v = await digest(page, 'v-chart');
    const c = await digest(page, 'conc-chart');
    await page.click('#play'); // pause, so only the option changes the drawing
    await page.check('#log-time');
    await sleep(100);
    check('charts: log time redraws the voltage chart', (await digest(page, 'v-chart')) !== v);
    check('charts: log time redraws the concentration chart', (await digest(page, 'conc-chart')) !== c);
    await page.click('#play');
  });

  await attempt('charts: frame time', async () => {
    const rest = await medianFrame(page, 2000);
    check(
      `charts: median frame at rest within one 60 Hz frame (1280×800, all panels open; budget 4 ms in BENCHMARKS.md)`,
      rest.n > 30 && rest.median <= FRAME_SANITY_MS,
      `median ${rest.median.toFixed(2)} ms, p90 ${rest.p90.toFixed(2)} ms over ${rest.n} frames`,
    );
    await page.check('#ouabain');
    await page.selectOption('#speed', { label: '1 h/s' });
    const run = await medianFrame(page, 3000);
    check(
      `charts: median frame during an ouabain run-down at 1 h/s within one 60 Hz frame (budget 4 ms in BENCHMARKS.md)`,
      run.n > 30 && run.median <= FRAME_SANITY_MS,
      `median ${run.median.toFixed(2)} ms, p90 ${run.p90.toFixed(2)} ms over ${run.n} frames`,
    );
    await page.screenshot({ path: path.join(SHOTS, 'charts-ouabain-log-1280x800.png'), fullPage: true });
    await page.uncheck('#log-time');
    await sleep(300);
    await page.screenshot({ path: path.join(SHOTS, 'charts-ouabain-1280x800.png'), fullPage: true });
  });

  await attempt('charts: screenshots', async () => {
    await page.goto(base, { waitUntil: 'load' });
    await page.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
    await page.click('#clamp-panel summary');
    await sleep(1200);
    await page.screenshot({ path: path.join(SHOTS, 'charts-1280x800.png'), fullPage: true });

    const phone = await page.context().browser().newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const errors = [];
    try {
      const p = await phone.newPage();
      p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      p.on('pageerror', (e) => errors.push(String(e)));
      await p.goto(`${base}?preset=k-only`, { waitUntil: 'load' });
      await p.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
      await p.check('#log-time');
      // On a phone the chart panels are tabs; the clamp's tab opens the clamp.
      await p.click('#tab-clamp');
      await sleep(1500);
      await p.screenshot({ path: path.join(SHOTS, 'charts-390x844.png'), fullPage: true });
      // Each panel on its own, to read at full size, drawn once its tab shows it.
      const panels = [['conc-panel', 'concentrations', 'conc-chart'], ['currents-panel', 'currents', 'currents-chart'],
        ['clamp-panel', 'clamp', 'iv-chart']];
      for (const [id, tab, chart] of panels) {
        await p.click(`#tab-${tab}`);
        await sleep(600);
        await p.locator(`#${id}`).screenshot({ path: path.join(SHOTS, `charts-390x844-${id}.png`) });
        const overflow = await p.evaluate(
          () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
        );
        check(`charts: no horizontal scrolling at 390 px (${tab})`, !overflow);
        const n = await colours(p, chart);
        check(`charts: #${chart} drawn at 390 px`, n >= 5, `${n} colours`);
      }
      check('charts: no console errors at 390 px', errors.length === 0, errors.join(' | '));
    } finally {
      await phone.close();
    }
  });
}
