// End-to-end checks of the texts loaded on demand (crates/rpl-text/src/lazy.rs):
// the lessons' texts, which the page fetches as `lessons-<digest>.txt` the
// first time a lesson opens (`await lessonTextsTests(browser, check)` from
// run.mjs), and the interface texts, `en-<digest>.txt` and `zh-<digest>.txt`,
// one fetched with the page, the other when the reader switches
// (`interfaceTextsTests`, at the end of this file).
//
// * Free mode never asks for the file, even while the reader plays.
// * Opening a lesson from the selector asks for it once; the card then shows
//   its introduction and question; a second lesson, a language switch and
//   a check ask for nothing more.
// * A link that opens a lesson gets its texts without a click, in Chinese too.
// * When the file cannot be had, the lesson says so in the reader's words,
//   and asks for it again when the lesson is chosen again.

import { attempter, nextFrame, pageUrl, serveDist } from './lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const LESSONS_FILE = /\/lessons-[0-9a-f]{16}\.txt$/;

async function openPage(browser, server, query, { block = false } = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  const page = await ctx.newPage();
  const asked = [];
  await page.route(LESSONS_FILE, (route) => {
    asked.push(route.request().url());
    return block ? route.fulfill({ status: 404, body: 'not here' }) : route.continue();
  });
  await page.goto(pageUrl(server, query));
  await page.waitForFunction(() => performance.getEntriesByName('rpl-first-frame').length > 0);
  return { ctx, page, asked };
}

const text = (page, id) => page.$eval(`#${id}`, (el) => el.textContent.trim());
const waitForText = (page) =>
  page.waitForFunction(() => {
    const body = document.getElementById('lesson-body');
    return body && !body.hidden && body.getAttribute('aria-busy') === 'false';
  }, null, { timeout: 10000 });

export async function lessonTextsTests(browser, check) {
  const attempt = attempter(check);
  const server = await serveDist();
  try {
    await attempt('lessons: free mode never fetches the lessons\' texts', async () => {
      const { ctx, page, asked } = await openPage(browser, server, '?lang=en');
      await page.click('#play');
      await sleep(600);
      await nextFrame(page);
      check('lessons: free mode never fetches the lessons\' texts', asked.length === 0, `${asked.length} requests`);
      await ctx.close();
    });

    await attempt('lessons: opening a lesson fetches its texts once', async () => {
      const { ctx, page, asked } = await openPage(browser, server, '?lang=en');
      await page.selectOption('#lesson-select', 'ghk');
      await waitForText(page);
      const intro = await text(page, 'lesson-intro');
      const question = await text(page, 'lesson-question');
      check('lessons: opening a lesson fetches its texts once', asked.length === 1 && intro.length > 80 && question.length > 20,
        `${asked.length} request(s); intro "${intro.slice(0, 50)}…"`);
      // The symbols have real subscripts (the texts write E_K, P_Na).
      const subs = await page.$$eval('#lesson-body sub', (s) => s.map((x) => x.textContent));
      const card = await page.$eval('#lesson-body', (b) => b.innerText);
      check('lessons: symbols in the lesson card have real subscripts, no underscores',
        subs.length >= 3 && subs.includes('K') && subs.includes('Na') && !card.includes('_'),
        `${subs.length} subscripts (${[...new Set(subs)].join(', ')})`);
      await page.selectOption('#lesson-select', 'ouabain');
      await page.click('#lang-zh');
      await waitForText(page);
      await nextFrame(page);
      const zh = await text(page, 'lesson-intro');
      check('lessons: another lesson and the other language need no second fetch',
        asked.length === 1 && /[\u4e00-\u9fff]/.test(zh) && zh.length > 30, `${asked.length} request(s); "${zh.slice(0, 30)}…"`);
      await ctx.close();
    });

    await attempt('lessons: a link to a lesson gets its texts without a click', async () => {
      const { ctx, page, asked } = await openPage(browser, server, '?lesson=battery&lang=zh');
      await waitForText(page);
      const intro = await text(page, 'lesson-intro');
      const form = await page.$eval('#lesson-form', (f) => !f.hidden);
      check('lessons: a link to a lesson gets its texts without a click',
        asked.length === 1 && /[\u4e00-\u9fff]/.test(intro) && form, `${asked.length} request(s); form shown: ${form}`);
      await ctx.close();
    });

    await attempt('lessons: a missing texts file is said, and asked for again', async () => {
      const { ctx, page, asked } = await openPage(browser, server, '?lang=en', { block: true });
      await page.selectOption('#lesson-select', 'k-only');
      await page.waitForFunction(() => /could not be loaded/.test(document.getElementById('lesson-intro').textContent));
      const intro = await text(page, 'lesson-intro');
      const formHidden = await page.$eval('#lesson-form', (f) => f.hidden);
      const banner = await page.$eval('#error-banner', (b) => b.hidden).catch(() => true);
      await page.selectOption('#lesson-select', 'ghk');
      // The second request, then its failure said (the first one's words are
      // still on show until the new lesson's frame).
      for (let i = 0; i < 100 && asked.length < 2; i += 1) await sleep(50);
      await page.waitForFunction(() => {
        const intro = document.getElementById('lesson-intro').textContent;
        return document.getElementById('lesson-select').value === 'ghk' && /could not be loaded/.test(intro);
      });
      check('lessons: a missing texts file is said, and asked for again',
        intro.includes('404') && formHidden && banner && asked.length === 2, `"${intro}"; ${asked.length} requests`);
      await ctx.close();
    });
  } finally {
    server.close();
  }
}

// The interface texts, also loaded on demand: the page's wasm holds none;
// they are `en-<digest>.txt` and `zh-<digest>.txt`, and the file of the
// language the page is read in is fetched by the loader, beside the wasm
// (for a link's `lang=` or the browser's language), the other by the app
// when the reader switches. Called from run.mjs as
// `await interfaceTextsTests(browser, check)`.
const TEXTS_FILE = /\/(en|zh)-[0-9a-f]{16}\.txt$/;

async function openTexts(browser, server, query, { block = [], languages } = {}) {
  const ctx = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    serviceWorkers: 'block',
    ...(languages ? { locale: languages } : {}),
  });
  const page = await ctx.newPage();
  const asked = { en: 0, zh: 0 };
  await page.route(TEXTS_FILE, (route) => {
    const lang = TEXTS_FILE.exec(new URL(route.request().url()).pathname)[1];
    asked[lang] += 1;
    return block.includes(lang) ? route.fulfill({ status: 404, body: 'not here' }) : route.continue();
  });
  await page.goto(pageUrl(server, query));
  await page.waitForFunction(() => performance.getEntriesByName('rpl-first-frame').length > 0);
  return { ctx, page, asked };
}

const asked = (a) => `en ${a.en}, zh ${a.zh} request(s)`;

export async function interfaceTextsTests(browser, check) {
  const attempt = attempter(check);
  const server = await serveDist();
  try {
    await attempt('texts: ?lang=en has English at its first frame, one file fetched once', async () => {
      const { ctx, page, asked: a } = await openTexts(browser, server, '?lang=en');
      // Read at once after the first frame's mark: no frame without texts first.
      const first = await text(page, 'reset');
      await page.click('#play');
      await sleep(400);
      await nextFrame(page);
      check('texts: ?lang=en has English at its first frame, one file fetched once',
        first === 'Reset all' && a.en === 1 && a.zh === 0, `"${first}", ${asked(a)}`);
      await ctx.close();
    });

    await attempt('texts: ?lang=zh has Chinese at its first frame, one file fetched once', async () => {
      const { ctx, page, asked: a } = await openTexts(browser, server, '?lang=zh');
      const first = await text(page, 'reset');
      await page.click('#play');
      await sleep(300);
      await nextFrame(page);
      check('texts: ?lang=zh has Chinese at its first frame, one file fetched once',
        first === '全部重置' && a.zh === 1 && a.en === 0, `"${first}", ${asked(a)}`);
      await ctx.close();
    });

    await attempt('texts: a Chinese browser gets the Chinese ones with the page', async () => {
      const { ctx, page, asked: a } = await openTexts(browser, server, '', { languages: 'zh-CN' });
      const first = await text(page, 'reset');
      check('texts: a Chinese browser gets the Chinese ones with the page',
        first === '全部重置' && a.zh === 1 && a.en === 0, `"${first}", ${asked(a)}`);
      await ctx.close();
    });

    await attempt('texts: switching to 中文 fetches them once, back and forth', async () => {
      const { ctx, page, asked: a } = await openTexts(browser, server, '?lang=en');
      check('texts: English first', (await text(page, 'reset')) === 'Reset all');
      await page.click('#lang-zh');
      await page.waitForFunction(() => document.getElementById('reset').textContent.trim() === '全部重置',
        null, { timeout: 10000 });
      await page.click('#lang-en');
      await nextFrame(page);
      const back = await text(page, 'reset');
      await page.click('#lang-zh');
      await nextFrame(page);
      const again = await text(page, 'reset');
      check('texts: switching to 中文 fetches them once, back and forth',
        a.zh === 1 && a.en === 1 && back === 'Reset all' && again === '全部重置',
        `${asked(a)}; "${back}", "${again}"`);
      await ctx.close();
    });

    await attempt('texts: switching to English fetches them once, back and forth', async () => {
      const { ctx, page, asked: a } = await openTexts(browser, server, '?lang=zh');
      check('texts: Chinese first', (await text(page, 'reset')) === '全部重置');
      await page.click('#lang-en');
      await page.waitForFunction(() => document.getElementById('reset').textContent.trim() === 'Reset all',
        null, { timeout: 10000 });
      await page.click('#lang-zh');
      await nextFrame(page);
      const back = await text(page, 'reset');
      await page.click('#lang-en');
      await nextFrame(page);
      const again = await text(page, 'reset');
      check('texts: switching to English fetches them once, back and forth',
        a.zh === 1 && a.en === 1 && back === '全部重置' && again === 'Reset all',
        `${asked(a)}; "${back}", "${again}"`);
      await ctx.close();
    });

    await attempt('texts: when the Chinese ones cannot be had, English and a notice that says why', async () => {
      const { ctx, page, asked: a } = await openTexts(browser, server, '?lang=zh', { block: ['zh'] });
      // The loader's fetch, the app's, then the English texts to stand in.
      await page.waitForFunction(() => !document.getElementById('notice').hidden
        && document.getElementById('reset').textContent.trim() === 'Reset all', null, { timeout: 10000 });
      const notice = await text(page, 'notice');
      const banner = await page.isHidden('#error-banner');
      // The notice in the reader's language (its texts are kept in the page).
      check('texts: when the Chinese ones cannot be had, English and a notice that says why',
        /中文文本未能加载/.test(notice) && notice.includes('404') && a.zh === 2 && a.en === 1 && banner,
        `"${notice.slice(0, 120)}"; ${asked(a)}`);
      await ctx.close();
    });

    await attempt('texts: when neither can be had, a notice that says so', async () => {
      const { ctx, page, asked: a } = await openTexts(browser, server, '?lang=en', { block: ['en', 'zh'] });
      await page.waitForFunction(() => /page's texts could not be loaded/.test(document.getElementById('notice').textContent)
        && !document.getElementById('notice').hidden, null, { timeout: 10000 });
      await sleep(300);
      const notice = await text(page, 'notice');
      const banner = await page.isHidden('#error-banner');
      check('texts: when neither can be had, a notice that says so (no panic)',
        /The page's texts could not be loaded/.test(notice) && !/English texts/.test(notice)
          && a.en === 2 && a.zh === 1 && banner,
        `"${notice.slice(0, 160)}"; ${asked(a)}`);
      await ctx.close();
    });
  } finally {
    server.close();
  }
}
