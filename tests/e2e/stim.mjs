// End-to-end checks of the stimulus box under the V chart: its current
// pulses hidden for a cell without channels, its synapse buttons shown and
// moving V; on the excitable squid axon it shows the model's
// threshold, Stimulate gives a spike that the box counts, the chart draws
// and the zoom shows in milliseconds, the membrane view tells its gated
// channels, a bad value is named in the reader's language, and raising K⁺ₒ to
// 100 mM says the cell is blocked. Called from run.mjs as
// `await stimTests(browser, check)`.

import { attempter, nextFrame, pageUrl, serveDist } from './lib.mjs';

/** `rpl threshold --preset squid-axon-hh` after the page's 0.2 s of
 *  settling: 9.15 µA/cm² for a 1 ms pulse (crates/rpl-ui/tests/excite.rs). */
const RHEOBASE = '9.2 µA/cm²';

const text = (page, id) => page.$eval(`#${id}`, (e) => (e.hidden ? '' : e.textContent));

export async function stimTests(browser, check) {
  const attempt = attempter(check);
  const server = await serveDist();
  try {
    await attempt('stimulus: no current pulses for a cell without channels', async () => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await ctx.newPage();
      await page.goto(pageUrl(server, '?preset=neuron&g_KCC2=2e-5&speed=0.01'));
      await page.waitForSelector('#v-readout[data-value]');
      await nextFrame(page);
      check('stimulus: no current pulses for a cell without channels',
        (await page.isHidden('#stim-current')) && (await page.isVisible('#syn-inh')));
      // The inhibitory synapse pulls V down toward E_Cl (−83.3 mV), in slow motion.
      const v = async () => Number(await page.$eval('#v-readout', (e) => e.dataset.value));
      const before = await v();
      await page.click('#syn-inh');
      // 10 ms of model time a second: 20 ms into the 100 ms pulse.
      await page.waitForTimeout(2000);
      const line = await text(page, 'syn-readout');
      const after = await v();
      check('stimulus: the inhibitory synapse pulls V toward E_Cl',
        line.includes('−83.3 mV') && after < before - 0.5 && after > -83.3, `${before} → ${after}; ${line}`);
      await ctx.close();
    });
    for (const [w, h, lang] of [[1280, 800, 'en'], [390, 844, 'zh']]) {
      const name = `stimulus ${w}×${h} ${lang}`;
      await attempt(`${name}: a pulse gives a spike`, async () => {
        const ctx = await browser.newContext({ viewport: { width: w, height: h } });
        const page = await ctx.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(pageUrl(server, `?preset=squid-axon-hh&lang=${lang}`));
        await page.waitForSelector('#v-readout[data-value]');
        await nextFrame(page);
        const threshold = await text(page, 'stim-threshold');
        check(`${name}: the box shows the model's threshold`,
          (await page.isVisible('#stim-box')) && threshold.includes(RHEOBASE), threshold);
        await page.click('#stim-button');
        // 10 ms of model time a second: the spike is over within 2.5 s.
        await page.waitForFunction(() => /[1１]/.test(document.getElementById('stim-spikes').textContent.split(/[·]/)[0]),
          null, { timeout: 8000 });
        // The count goes up as V crosses 0 mV; the peak is final once the
        // spike is over (a few ms of model time, under a second here).
        await page.waitForTimeout(1500);
        const spikes = await text(page, 'stim-spikes');
        const peak = Number((spikes.match(/([−-]?\d+\.\d) mV/) || [])[1]);
        check(`${name}: Stimulate gives one spike, its peak above 30 mV`,
          peak > 30 && errors.length === 0, `${spikes} ${errors.join(' | ')}`);
        // The spike zoomed in: shown, within the page's width, drawn.
        const zoom = await page.$eval('#spike-zoom', (c) => {
          const r = c.getBoundingClientRect();
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let ink = 0;
          for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && d[i] < 60 && d[i + 1] < 60) ink++;
          return { shown: !c.closest('figure').hidden, right: r.right, ink };
        });
        check(`${name}: the spike is zoomed in under the box`,
          zoom.shown && zoom.right <= w && zoom.ink > 100, JSON.stringify(zoom));
        // The membrane view names the gated channels in its text alternative.
        const alt = await page.getAttribute('#membrane-view', 'aria-label');
        check(`${name}: the membrane's text alternative tells the gated channels`,
          alt.includes(lang === 'zh' ? '电压门控通道' : 'Voltage-gated channels'), alt.slice(-90));
        await page.fill('#stim-amplitude', '5000');
        await page.click('#stim-button');
        await nextFrame(page);
        const refused = await text(page, 'stim-error');
        const words = lang === 'zh' ? '刺激电流' : 'Stimulus current';
        check(`${name}: a bad amplitude is named`, refused.includes(words) && refused.includes('5000'), refused);
        await ctx.close();
      });
    }
    await attempt('stimulus: a link replays its pulses', async () => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await ctx.newPage();
      await page.goto(pageUrl(server, '?preset=squid-axon-hh&then=stim:20/1@0.005&t=0.03'));
      await page.waitForSelector('#v-readout[data-value]');
      await nextFrame(page);
      const line = await text(page, 'stim-spikes');
      check('stimulus: a link replays its pulses', line.startsWith('Spikes: 1'), line);
      await ctx.close();
    });
    await attempt('stimulus: 100 mM K⁺ outside blocks the cell', async () => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await ctx.newPage();
      await page.goto(pageUrl(server, '?preset=squid-axon-hh&K_o=100'));
      await page.waitForSelector('#v-readout[data-value]');
      await nextFrame(page);
      const line = await text(page, 'stim-threshold');
      check('stimulus: 100 mM K⁺ outside blocks the cell', line.includes('depolarization block'), line);
      await ctx.close();
    });
  } finally {
    server.close();
  }
}
