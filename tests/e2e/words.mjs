// End-to-end checks that the errors and notices a reader sees are in the
// reader's words. Called from run.mjs as `await wordsTests(browser, check)`.
//
// In both languages, every typed parameter field, the lesson's prediction
// and the clamp's held voltage are given nothing, a number too large for a
// double (1e999, -1e999), "nan", a word and a value out of range: each
// message shown names no key (`K_o`, `V_rest`: no underscore) and never says
// `inf` or `NaN`. A link's notice may quote the parameter the reader finds
// in the link, but never `inf` or `NaN` either.

import { attempter, pageUrl, serveDist, nextFrame } from './lib.mjs';

const FIELDS = ['nao', 'ko', 'clo', 'cao', 'nai', 'ki', 'cli', 'cai', 'pk', 'pna', 'pcl', 'pca', 'block', 'pumpmax', 'temp'];
const TYPED = ['', '1e999', '-1e999', 'nan', 'abc', '-5'];
const LEAKS = /_|inf|NaN|Infinity/;

async function load(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
  await nextFrame(page);
}

async function shown(page, selector) {
  await nextFrame(page);
  return (await page.isVisible(selector)) ? (await page.textContent(selector)).trim() : '';
}

export async function wordsTests(browser, check) {
  const attempt = attempter(check);
  const server = await serveDist();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    for (const lang of ['en', 'zh']) {
      await attempt(`words: typed values refused in the reader's words (${lang})`, async () => {
        await load(page, pageUrl(server, `?preset=neuron&lang=${lang}`));
        await page.click('#play');
        const bad = [];
        let seen = 0;
        for (const id of FIELDS) {
          for (const typed of TYPED) {
            await page.fill(`#${id}-input`, typed);
            await page.press(`#${id}-input`, 'Enter');
            const msg = await shown(page, `#${id}-error`);
            // -5 is a fine value for some fields; every other one is refused.
            if (!msg && typed === '-5') continue;
            seen += 1;
            if (!msg || LEAKS.test(msg)) bad.push(`${id} "${typed}": ${msg || '(no message)'}`);
          }
        }
        check(`words: ${seen} refusals beside the fields name no key and no inf/NaN (${lang})`, bad.length === 0 && seen > 80, bad.slice(0, 4).join(' | '));
        const example = await (async () => {
          await page.fill('#ko-input', '');
          await page.press('#ko-input', 'Enter');
          return shown(page, '#ko-error');
        })();
        check(`words: an empty K⁺ field says it is empty (${lang})`, lang === 'en' ? example.startsWith('K⁺ outside is empty') : example.startsWith('细胞外 K⁺ 为空'), example);
      });

      await attempt(`words: the lesson's prediction and the held voltage (${lang})`, async () => {
        await load(page, pageUrl(server, `?lesson=astrocyte&lang=${lang}`));
        const bad = [];
        for (const typed of ['', '1e999', 'nan', 'abc', '99999']) {
          await page.fill('#lesson-input', typed);
          await page.click('#lesson-check');
          const msg = await shown(page, '#lesson-error');
          if (!msg || LEAKS.test(msg)) bad.push(`prediction "${typed}": ${msg || '(no message)'}`);
        }
        // The held voltage in the lesson about the clamp (the astrocyte's,
        // which hides V, hides the clamp's currents until its check).
        await load(page, pageUrl(server, `?lesson=reversal&lang=${lang}`));
        for (const typed of ['', '1e999', 'nan', 'abc', '-500']) {
          await page.fill('#clamp-input', typed);
          await page.press('#clamp-input', 'Enter');
          const msg = await shown(page, '#clamp-error');
          if (!msg || LEAKS.test(msg)) bad.push(`held V "${typed}": ${msg || '(no message)'}`);
        }
        check(`words: prediction and held-voltage refusals name no key and no inf/NaN (${lang})`, bad.length === 0, bad.join(' | '));
      });

      await attempt(`words: a link's notices (${lang})`, async () => {
        await load(page, pageUrl(server, `?K_o=1e999&T=&P_Na_rel=abc&pump_max=nan&then=Na_i:1e999@1&lang=${lang}`));
        const notice = await shown(page, '#notice');
        const lines = notice.split('\n').filter((l) => l.trim());
        check(`words: a link's notices say what was wrong without inf or NaN (${lang})`,
          lines.length >= 4 && !/inf|NaN|Infinity/.test(notice) && notice.includes('K_o') && notice.includes('P_Na_rel'),
          notice.replace(/\n/g, ' | '));
      });
    }
  } finally {
    await context.close();
    server.close();
  }
}
