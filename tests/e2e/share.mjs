// End-to-end checks of sharing, embedding, export and offline use.
// Called from run.mjs with the browser and run.mjs's check().
//
// It starts its own server from lib.mjs's serveDist (dist/ under the same
// sub-path, with no added header: the page's own <meta> CSP applies) with a /parent.html
// route, served on another origin (http://localhost:PORT instead of
// http://127.0.0.1:PORT), that embeds the app in an <iframe>, and uses the
// server's offline switch (refuse every request) for the offline reload.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_PATH, attempter, serveDist, nextFrame } from './lib.mjs';

const SHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForApp(page) {
  await page.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
}

/** Full-precision readouts: V, E_K, E_Na, E_Cl (functions of the inside concentrations) and t. */
async function readouts(page) {
  await nextFrame(page);
  return page.evaluate(() => {
    const v = (id) => Number(document.getElementById(id).dataset.value);
    return {
      V: v('v-readout'),
      E_K: v('ek-readout'),
      E_Na: v('ena-readout'),
      E_Cl: v('ecl-readout'),
      t: v('t-readout'),
      ions: document.getElementById('ion-readouts')?.textContent ?? '',
    };
  });
}

/** A parent page (course notes) made of the Embed dialog's two snippets; it
 *  records every height message in `window.heights`. */
function parentPage(code, script) {
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Course notes</title>
<script>window.heights = []; addEventListener('message', (e) => { if (e.data && e.data.type === 'rpl-height') heights.push(e.data.height); });</script>
</head><body style="margin:0;font-family:sans-serif"><p style="margin:8px">Course notes, with the simulator:</p>
${code}
${script}
</body></html>`;
}

export async function shareTests(browser, check) {
  const attempt = attempter(check);
  const state = { parent: '<!doctype html><title>parent</title>' };
  const server = await serveDist({ routes: { '/parent.html': () => state.parent } });
  const port = server.address().port;
  const origin = `http://127.0.0.1:${port}`;
  const parentOrigin = `http://localhost:${port}`;
  const app = `${origin}${BASE_PATH}`;
  const requests = [];
  const errors = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  context.on('request', (r) => requests.push(r.url()));
  const watch = (page, label) => {
    page.on('console', (m) => m.type() === 'error' && errors.push(`${label}: ${m.text()}`));
    page.on('pageerror', (e) => errors.push(`${label}: ${e.message}`));
  };
  let shareUrl = '';

  try {
    const page = await context.newPage();
    watch(page, 'share');

    await attempt('share: round trip', async () => {
      await page.goto(`${app}?preset=neuron`, { waitUntil: 'load' });
      await waitForApp(page);
      await page.click('#play'); // pause
      await page.fill('#ko-input', '10');
      await page.press('#ko-input', 'Enter');
      await page.check('#ouabain');
      await page.selectOption('#speed', { label: '1 h/s' });
      await page.click('#play');
      await sleep(1500);
      await page.click('#share-button');
      await page.waitForSelector('#share-dialog[open]', { timeout: 5000 });
      shareUrl = await page.inputValue('#share-url');
      const playing = (await page.textContent('#play')).trim();
      check('share: Share pauses the run', playing === 'Play', playing);
      const u = new URL(shareUrl);
      check('share: URL is the page address', `${u.origin}${u.pathname}` === app, shareUrl);
      check(
        'share: URL is readable (preset, K_o, then with times, t, and the speed chosen)',
        /^\?preset=neuron&K_o=10&then=ouabain:1@[\d.]+&t=[\d.]+&speed=3600$/.test(u.search) ||
          /^\?preset=neuron&then=K_o:10@[\d.]+,ouabain:1@[\d.]+&t=[\d.]+&speed=3600$/.test(u.search),
        u.search,
      );
      const t = Number(u.searchParams.get('t'));
      check('share: run reached hours of model time', t > 1800, `t = ${t} s`);
      await page.click('#share-copy');
      await page.waitForSelector('#share-status:not([hidden])', { timeout: 3000 });
      check('share: Copy reports what it did', true, (await page.textContent('#share-status')).trim());
      await page.screenshot({ path: path.join(SHOTS, 'share-dialog-1280x800.png') });
      await page.setViewportSize({ width: 390, height: 844 });
      await sleep(200);
      await page.screenshot({ path: path.join(SHOTS, 'share-dialog-390x844.png') });
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.keyboard.press('Escape');
      check('share: Escape closes the dialog', !(await page.$('#share-dialog[open]')));
      const a = await readouts(page);

      const other = await context.newPage();
      watch(other, 'share-opened');
      await other.goto(shareUrl, { waitUntil: 'load' });
      await waitForApp(other);
      await sleep(400);
      const b = await readouts(other);
      const worst = Math.max(...['V', 'E_K', 'E_Na', 'E_Cl'].map((k) => Math.abs(a[k] - b[k])));
      check('share: opened URL shows the same model time', a.t === b.t, `${a.t} vs ${b.t}`);
      check(
        'share: V and E (inside concentrations) equal to 1e-9 after the round trip',
        worst <= 1e-9,
        `V ${a.V} vs ${b.V}; worst difference ${worst}`,
      );
      check('share: ion table equal', a.ions === b.ions && a.ions.length > 0);
      check('share: opened page is paused at t', (await other.textContent('#play')).trim() === 'Play');
      check('share: K_o and ouabain restored', (await other.inputValue('#ko-input')) === '10' && (await other.isChecked('#ouabain')));
      check('share: no notice for a good link', await other.isHidden('#notice'));
      const speed = await other.$eval('#speed', (el) => el.options[el.selectedIndex].textContent.trim());
      check('share: the speed chosen comes back with the link', speed === '1 h/s', speed);
      await other.close();
    });

    await attempt('share: bad parameters', async () => {
      await page.goto(`${app}?preset=frog&K_o=-5&T=20`, { waitUntil: 'load' });
      await waitForApp(page);
      const notice = (await page.textContent('#notice')).trim();
      check(
        'share: notice names preset and K_o and what is allowed',
        notice.includes('frog') && notice.includes('squid-axon') && notice.includes('K_o') && notice.includes('1000 mM'),
        notice,
      );
      check('share: T=20 still applies', (await page.inputValue('#temp-input')) === '20');
      check('share: K_o falls back to 5', (await page.inputValue('#ko-input')) === '5');
    });

    await attempt('share: presets and lessons by name', async () => {
      await page.goto(`${app}?preset=squid-axon`, { waitUntil: 'load' });
      await waitForApp(page);
      check('share: ?preset=squid-axon', (await page.inputValue('#preset')) === 'squid-axon');
      await page.goto(`${app}?lesson=ouabain`, { waitUntil: 'load' });
      await waitForApp(page);
      check('share: ?lesson=ouabain starts with the pump blocked', await page.isChecked('#ouabain'));
      check('share: no notice for a known lesson', await page.isHidden('#notice'));
    });

    await attempt('share: CSV download', async () => {
      await page.goto(`${app}?preset=neuron&K_o=8`, { waitUntil: 'load' });
      await waitForApp(page);
      await sleep(800);
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#csv-button')]);
      const text = await readFile(await dl.path(), 'utf8');
      const rows = text.split('\n').filter((l) => /^[\d.]+,/.test(l));
      check('share: CSV file name', dl.suggestedFilename() === 'resting-potential-lab.csv', dl.suggestedFilename());
      check('share: CSV header holds the scenario', text.startsWith('# {') && text.includes('"outside_mm"') && text.includes('# link: ?preset=neuron&K_o=8'));
      check('share: CSV columns', text.includes('t_s,V_mV,Na_i_mM,K_i_mM,Cl_i_mM,Ca_i_mM,E_Na_mV,E_K_mV,E_Cl_mV,E_Ca_mV,volume_rel'));
      check('share: CSV has rows', rows.length > 10 && rows[0].split(',').length === 17, `${rows.length} rows`);
    });

    await attempt('share: PNG download', async () => {
      const buttons = await page.$$eval('#png-buttons button', (bs) => bs.map((b) => b.textContent));
      check('share: a PNG button per canvas', buttons.length >= 2, buttons.join(', '));
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#png-buttons button >> nth=1')]);
      const bytes = await readFile(await dl.path());
      const sig = [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
      check('share: PNG download is a PNG', sig === '89504e470d0a1a0a' && bytes.length > 2000, `${dl.suggestedFilename()}, ${bytes.length} bytes`);
    });

    await attempt('share: embed', async () => {
      await page.goto(`${app}?preset=neuron&K_o=10`, { waitUntil: 'load' });
      await waitForApp(page);
      await page.click('#embed-button');
      await page.waitForSelector('#embed-dialog[open]', { timeout: 5000 });
      const code = await page.inputValue('#embed-code');
      const script = await page.inputValue('#embed-script');
      check('share: iframe snippet', code.startsWith('<iframe src="') && code.includes('embed=1') && code.includes('title="Resting Potential Lab"'), code);
      check('share: resize script checks the origin', script.includes(`'${origin}'`));
      await page.screenshot({ path: path.join(SHOTS, 'embed-dialog-1280x800.png') });
      await page.keyboard.press('Escape');

      // A parent page on another origin, made of the dialog's two snippets.
      state.parent = parentPage(code, script);
      for (const [w, h] of [[1280, 800], [390, 844]]) {
        const parent = await context.newPage();
        watch(parent, `embed-parent-${w}`);
        await parent.setViewportSize({ width: w, height: h });
        await parent.goto(`${parentOrigin}/parent.html`, { waitUntil: 'load' });
        const frame = await (await parent.waitForSelector('iframe')).contentFrame();
        await frame.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
        await sleep(800);
        const heights = await parent.evaluate(() => window.heights);
        const frameH = await parent.evaluate(() => document.querySelector('iframe').getBoundingClientRect().height);
        const bodyH = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
        check(`share: embed at ${w} px posts its height to the parent`, heights.length > 0 && heights.at(-1) === bodyH, `${heights.join(', ')} (body ${bodyH})`);
        check(`share: the resize script fits the iframe at ${w} px`, Math.abs(frameH - bodyH) <= 1, `iframe ${frameH}, app ${bodyH}`);
        const header = await frame.isHidden('.app-header');
        check(`share: embed mode hides the header at ${w} px`, header);
        const overflow = await frame.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
        check(`share: embed mode has no horizontal scrolling at ${w} px`, !overflow);
        await parent.screenshot({ path: path.join(SHOTS, `embed-${w}x${h}.png`) });
        await parent.close();
      }
    });

    await attempt('share: embed with parent_origin', async () => {
      await page.goto(`${app}?preset=neuron&parent_origin=${encodeURIComponent(parentOrigin)}`, { waitUntil: 'load' });
      await waitForApp(page);
      check('share: no notice for a good parent_origin', await page.isHidden('#notice'));
      await page.click('#embed-button');
      await page.waitForSelector('#embed-dialog[open]', { timeout: 5000 });
      const code = await page.inputValue('#embed-code');
      const script = await page.inputValue('#embed-script');
      await page.keyboard.press('Escape');
      const named = `parent_origin=${parentOrigin}`;
      check('share: the embed snippet carries parent_origin', code.includes(`${named}&amp;embed=1`), code);

      /** Load the parent page with `iframe`; its heights, the frame's notice and its console errors. */
      const embedIn = async (iframe, label) => {
        state.parent = parentPage(iframe, script);
        const parent = await context.newPage();
        const consoleErrors = [];
        parent.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
        parent.on('pageerror', (e) => errors.push(`${label}: ${e.message}`));
        await parent.goto(`${parentOrigin}/parent.html`, { waitUntil: 'load' });
        const frame = await (await parent.waitForSelector('iframe')).contentFrame();
        await frame.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
        await sleep(800);
        const heights = await parent.evaluate(() => window.heights);
        const frameH = await parent.evaluate(() => document.querySelector('iframe').getBoundingClientRect().height);
        const notice = (await frame.isVisible('#notice')) ? (await frame.textContent('#notice')).trim() : '';
        await parent.close();
        return { heights, frameH, notice, consoleErrors };
      };

      const right = await embedIn(code, 'embed-parent-origin');
      check('share: parent_origin naming the parent: heights arrive', right.heights.length > 0 && right.notice === '',
        `${right.heights.join(', ')}; notice: ${right.notice}`);
      check('share: no console errors with the right parent_origin', right.consoleErrors.length === 0, right.consoleErrors.join(' | '));

      const wrong = await embedIn(code.replace(named, 'parent_origin=https://example.org'), 'embed-other-origin');
      check('share: parent_origin naming another origin: no height reaches the parent', wrong.heights.length === 0 && wrong.frameH === 700,
        `${wrong.heights.join(', ')}; iframe ${wrong.frameH} px`);
      check('share: only the browser\'s refusal to deliver is logged',
        wrong.consoleErrors.every((e) => e.includes('postMessage') && e.includes('https://example.org')),
        wrong.consoleErrors.join(' | '));

      const badValue = 'javascript:alert(1)';
      const bad = await embedIn(code.replace(named, `parent_origin=${encodeURIComponent(badValue)}`), 'embed-bad-origin');
      check('share: a bad parent_origin is named with what is allowed',
        bad.notice.includes('parent_origin') && bad.notice.includes(badValue) && bad.notice.includes('https://example.org') && bad.notice.includes('any origin'),
        bad.notice);
      check('share: a bad parent_origin falls back to any origin', bad.heights.length > 0, bad.heights.join(', '));
    });

    await attempt('share: offline reload', async () => {
      const off = await context.newPage();
      watch(off, 'offline');
      await off.goto(`${app}?preset=astrocyte`, { waitUntil: 'load' });
      await waitForApp(off);
      const ready = await off.evaluate(async () => {
        const timeout = new Promise((r) => setTimeout(() => r(null), 10000));
        const reg = await Promise.race([navigator.serviceWorker.ready, timeout]);
        return Boolean(reg && reg.active);
      });
      check('share: service worker active', ready);
      server.offline = true;
      await context.setOffline(true);
      await off.reload({ waitUntil: 'load' });
      await waitForApp(off);
      const preset = await off.inputValue('#preset');
      check('share: app starts offline after a reload', preset === 'astrocyte' && (await off.isHidden('#error-banner')), preset);
      await context.setOffline(false);
      server.offline = false;
      await off.close();
    });

    await attempt('share: Chinese share dialog', async () => {
      const CJK = /[\u4e00-\u9fff]/;
      const zh = await context.newPage();
      watch(zh, 'share-zh');
      await zh.setViewportSize({ width: 390, height: 844 });
      await zh.goto(`${app}?preset=neuron&lang=zh&lesson=nope&embed=7`, { waitUntil: 'load' });
      await waitForApp(zh);
      const notice = (await zh.textContent('#notice')).trim();
      const lessonNotice = (await zh.textContent('#lesson-notice')).trim();
      check(
        'share: bad link notices in Chinese, an unknown lesson named once (by the lessons panel)',
        lessonNotice.includes('没有名为“nope”的课程') && !notice.includes('nope')
          && notice.includes('embed = “7”') && !notice.includes('skipped'),
        `${notice} | ${lessonNotice}`,
      );
      const bar = await zh.$$eval('.share-bar-label, .share-bar button', (b) => b.map((x) => x.textContent.trim()));
      check('share: share bar in Chinese', bar.includes('分享') && bar.includes('嵌入') && bar.includes('下载 CSV') && bar.includes('PNG：电压'), bar.join(' | '));
      const description = await zh.getAttribute('meta[name="description"]', 'content');
      check('share: page description in Chinese', CJK.test(description), description);
      await zh.click('#share-button');
      await zh.waitForSelector('#share-dialog[open]', { timeout: 5000 });
      await zh.click('#share-copy');
      await zh.waitForSelector('#share-status:not([hidden])', { timeout: 3000 });
      const words = await zh.$$eval('#share-dialog h2, #share-dialog .dialog-hint, #share-dialog label, #share-dialog button, #share-status',
        (l) => l.map((x) => x.textContent.trim()));
      const english = words.filter((w) => !CJK.test(w) || /[A-Za-z]{3,}/.test(w.replace(/Ctrl|Mac/g, '')));
      check('share: share dialog in Chinese', words.includes('分享当前状态') && words.includes('复制') && words.includes('关闭') && english.length === 0,
        words.join(' | '));
      const overflow = await zh.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
      check('share: Chinese share dialog has no horizontal scrolling at 390 px', !overflow);
      await zh.screenshot({ path: path.join(SHOTS, 'share-dialog-zh-390x844.png') });
      // (The built page drops the default type="submit".)
      await zh.click('#share-dialog form[method="dialog"] button');
      await zh.click('#embed-button');
      await zh.waitForSelector('#embed-dialog[open]', { timeout: 5000 });
      const embed = await zh.$$eval('#embed-dialog h2, #embed-dialog label, #embed-dialog button', (l) => l.map((x) => x.textContent.trim()));
      check('share: embed dialog in Chinese', embed.includes('嵌入网页') && embed.includes('复制脚本') && embed.every((w) => CJK.test(w)), embed.join(' | '));
      await zh.screenshot({ path: path.join(SHOTS, 'embed-dialog-zh-390x844.png') });
      await zh.close();
    });

    const foreign = requests.filter((u) => {
      if (u.startsWith('data:') || u.startsWith('blob:')) return false;
      const o = new URL(u).origin;
      return o !== origin && o !== parentOrigin;
    });
    check('share: no third-party request', foreign.length === 0 && requests.length > 10, `${requests.length} requests; foreign: ${foreign.join(', ')}`);
    const real = errors.filter((e) => !e.includes('net::ERR_INTERNET_DISCONNECTED'));
    check('share: no console errors', real.length === 0, real.join(' | '));
  } finally {
    server.offline = false;
    await context.close();
    server.close();
  }
}
