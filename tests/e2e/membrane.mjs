// End-to-end checks of the membrane view (#membrane-view), called from run.mjs
// with the main page and its `check(name, ok, detail)` function.
//
// It loads the neuron afresh, checks the canvas is drawn sharp with the ion
// colours, that dots move while the model runs, that ouabain stops the pump,
// that prefers-reduced-motion freezes the picture, and saves screenshots of the
// page and of the membrane view at 1280×800 and at 390×844 (pixel ratio 2).

import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Okabe–Ito colours the view uses for K⁺, Na⁺ and Cl⁻. */
const ION_RGB = { 'K⁺': [0x00, 0x72, 0xb2], 'Na⁺': [0xd5, 0x5e, 0x00], 'Cl⁻': [0x00, 0x9e, 0x73] };

/** Colours covering ≥ 30 pixels, and how many pixels are near each ion colour. */
async function canvasStats(page) {
  return page.evaluate((ions) => {
    const c = document.getElementById('membrane-view');
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    const counts = new Map();
    const near = Object.fromEntries(Object.keys(ions).map((k) => [k, 0]));
    for (let i = 0; i < data.length; i += 4) {
      const key = `${data[i] >> 3},${data[i + 1] >> 3},${data[i + 2] >> 3}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      for (const [name, rgb] of Object.entries(ions)) {
        if (Math.abs(data[i] - rgb[0]) < 20 && Math.abs(data[i + 1] - rgb[1]) < 20 && Math.abs(data[i + 2] - rgb[2]) < 20) {
          near[name] += 1;
        }
      }
    }
    return {
      colours: [...counts.values()].filter((n) => n >= 30).length,
      near,
      size: [c.width, c.height, c.clientWidth, c.clientHeight],
    };
  }, ION_RGB);
}

async function digest(page) {
  return page.evaluate(() => {
    const c = document.getElementById('membrane-view');
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let h = 0;
    for (let i = 0; i < data.length; i += 3) h = (h * 31 + data[i]) >>> 0;
    return h;
  });
}

async function open(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
  await sleep(800);
}

/** The membrane view's checks and screenshots. */
export async function checkMembrane(page, check) {
  const url = new URL(page.url());
  const base = `${url.origin}${url.pathname}`;
  await page.setViewportSize({ width: 1280, height: 800 });
  await open(page, base);

  const stats = await canvasStats(page);
  check('membrane view is drawn (several colours)', stats.colours >= 8, `${stats.colours} colours`);
  for (const [ion, n] of Object.entries(stats.near)) {
    check(`membrane view shows ${ion}`, n > 100, `${n} px`);
  }
  const dpr = await page.evaluate(() => window.devicePixelRatio);
  check('membrane view fills its box at the pixel ratio', stats.size[0] === Math.round(stats.size[2] * dpr), `${stats.size}`);
  const above = await page.evaluate(() => {
    const m = document.getElementById('membrane-view').getBoundingClientRect();
    const c = document.getElementById('v-chart').getBoundingClientRect();
    return m.bottom <= c.top;
  });
  check('membrane view sits above the voltage chart', above);

  const d0 = await digest(page);
  await sleep(400);
  const d1 = await digest(page);
  check('ions move while the model runs', d0 !== d1);
  const label = (await page.getAttribute('#membrane-view', 'aria-label')) ?? '';
  check('text alternative says the pump runs', label.includes('pump is running'), label.slice(0, 60));
  await page.screenshot({ path: path.join(SHOTS, 'membrane-1280x800.png') });
  await page.locator('.membrane-panel').screenshot({ path: path.join(SHOTS, 'membrane-view-1280.png') });

  await page.check('#ouabain');
  await sleep(400);
  const blocked = (await page.getAttribute('#membrane-view', 'aria-label')) ?? '';
  check('ouabain: text alternative says the pump is stopped', blocked.includes('pump is stopped'));
  await page.locator('.membrane-panel').screenshot({ path: path.join(SHOTS, 'membrane-view-ouabain-1280.png') });
  await page.uncheck('#ouabain');

  await page.emulateMedia({ reducedMotion: 'reduce' });
  await open(page, base);
  const r0 = await digest(page);
  await sleep(500);
  const r1 = await digest(page);
  check('prefers-reduced-motion: nothing moves at rest', r0 === r1);
  await page.locator('.membrane-panel').screenshot({ path: path.join(SHOTS, 'membrane-view-reduced-1280.png') });
  await page.emulateMedia({ reducedMotion: null });

  // A phone: 390×844 CSS pixels at device pixel ratio 2.
  const phone = await page.context().browser().newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  try {
    const p = await phone.newPage();
    await open(p, base);
    const ps = await canvasStats(p);
    check('membrane view drawn at 390 px', ps.colours >= 8, `${ps.colours} colours`);
    check('membrane view sharp at pixel ratio 2', ps.size[0] === 2 * ps.size[2], `${ps.size}`);
    const overflow = await p.evaluate(
      () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
    );
    check('membrane view: no horizontal scrolling at 390 px', !overflow);
    await p.screenshot({ path: path.join(SHOTS, 'membrane-390x844.png') });
    await p.screenshot({ path: path.join(SHOTS, 'membrane-390x844-full.png'), fullPage: true });
    await p.locator('.membrane-panel').screenshot({ path: path.join(SHOTS, 'membrane-view-390.png') });
  } finally {
    await phone.close();
  }
}
