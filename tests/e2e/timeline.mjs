// End-to-end checks of the timeline under the voltage chart: dragging it
// back shows the run as it was (readouts, controls, a cursor on the chart),
// dragging it to the end brings the run's end back, and Play goes on from
// the moment looked at. Called from run.mjs as `await timelineTests(browser, check)`.

import { attempter, nextFrame, pageUrl, serveDist } from './lib.mjs';

/** V of the neuron at rest (model steady state), mV; and V after 600 s of
 *  ouabain from rest, i.e. at t = 1200 s of the link below, from
 *  `rpl run --preset neuron --then ouabain=1 --duration 600` (−67.09 mV). */
const REST_MV = -73.82;
const OUABAIN_600_S_MV = -67.09;

const readV = (page) => page.$eval('#v-readout', (o) => Number(o.dataset.value ?? o.getAttribute('data-value')));

async function drag(page, fraction) {
  await page.$eval('#timeline', (el, f) => {
    el.value = String(Math.round(f * Number(el.max)));
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, fraction);
  await nextFrame(page);
}

export async function timelineTests(browser, check) {
  const attempt = attempter(check);
  const server = await serveDist();
  try {
    for (const [w, h, lang] of [[1280, 800, 'en'], [390, 844, 'zh']]) {
      const name = `timeline ${w}×${h} ${lang}`;
      await attempt(`${name}: looking back shows the run as it was`, async () => {
        const ctx = await browser.newContext({ viewport: { width: w, height: h } });
        const page = await ctx.newPage();
        // Ouabain at 600 s, stopped at 1200 s.
        await page.goto(pageUrl(server, `?preset=neuron&then=ouabain:1@600&t=1200&lang=${lang}`));
        // (A link with a time opens paused: wait for its readout, not for a frame.)
        await page.waitForFunction(() => document.getElementById('v-readout')?.getAttribute('data-value'));
        await nextFrame(page);
        const end = await readV(page);
        const before = await page.screenshot({ clip: await page.$eval('#v-chart', (c) => {
          const r = c.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height };
        }) });
        await drag(page, 0.25);
        const back = await readV(page);
        const hint = await page.$eval('#timeline-hint', (p) => (p.hidden ? '' : p.textContent));
        const ouabain = await page.$eval('#ouabain', (c) => c.checked);
        const after = await page.screenshot({ clip: await page.$eval('#v-chart', (c) => {
          const r = c.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height };
        }) });
        check(`${name}: looking back shows the run as it was`,
          Math.abs(end - OUABAIN_600_S_MV) < 0.05 && Math.abs(back - REST_MV) < 0.05 && hint.length > 20 && !ouabain
            && !before.equals(after),
          `V ${end} mV at the end, ${back} mV at 300 s; ouabain ticked ${ouabain}; hint "${hint.slice(0, 40)}…"`);
        await drag(page, 1);
        const again = await readV(page);
        const hidden = await page.$eval('#timeline-hint', (p) => p.hidden);
        check(`${name}: the timeline's end is the run's end again`, again === end && hidden, `${again} mV`);
        await drag(page, 0.5);
        await page.click('#play');
        await page.waitForTimeout(400);
        await page.click('#play');
        await nextFrame(page);
        const t = await page.$eval('#t-readout', (o) => Number(o.getAttribute('data-value')));
        const goneOn = await page.$eval('#timeline-hint', (p) => p.hidden);
        const pos = await page.$eval('#timeline', (el) => Number(el.value));
        check(`${name}: Play goes on from the moment looked at`, goneOn && pos === 1000 && t >= 600 && t < 700,
          `model time ${t} s, slider at ${pos}`);
        await ctx.close();
      });
    }
    await attempt('controls: the inside fields follow the run', async () => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await ctx.newPage();
      // Two hours of ouabain from rest: Na⁺ᵢ goes from 15 to about 145 mM.
      await page.goto(pageUrl(server, '?preset=neuron&then=ouabain:1@0&t=7200&lang=en'));
      await page.waitForFunction(() => document.getElementById('v-readout')?.getAttribute('data-value'));
      await page.waitForTimeout(400);
      await nextFrame(page);
      const na = await page.$eval('#nai-input', (i) => Number(i.value));
      const k = await page.$eval('#ki-input', (i) => Number(i.value));
      // Back at the start on the timeline, the fields say the starting values.
      await drag(page, 0);
      await page.waitForTimeout(400);
      await nextFrame(page);
      const na0 = await page.$eval('#nai-input', (i) => Number(i.value));
      check('controls: the inside fields follow the run', na > 140 && na < 150 && k > 25 && k < 35 && na0 === 15,
        `after 2 h: Na⁺ᵢ ${na}, K⁺ᵢ ${k} mM; at 0 s: Na⁺ᵢ ${na0} mM`);
      await ctx.close();
    });
  } finally {
    server.close();
  }
}
