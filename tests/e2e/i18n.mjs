// End-to-end checks of the two languages and the guided lessons.
// Called from run.mjs with a page already on the app and run.mjs's check().
//
// * `?lesson=k-only&lang=zh` gives a Chinese page with the lesson open and paused
//   (it asks before it tells); "Run the lesson" plays at the lesson's speed and
//   stops at its suggested length; V starts at 0 mV and falls toward E_K; exactly
//   one of the question's choices is right.
// * The English button switches the page live: no Chinese left in the key places,
//   the run goes on.
// * An unknown lesson id is named in a notice.
// * In Chinese the chart panels (headings, captions, table headings, clamp label and
//   error, every canvas's axis titles and text alternative) are Chinese, and English
//   again after a switch; full-page screenshots at 1280×800 and 390×844
//   (i18n-zh-charts-1280.png, i18n-zh-reversal-390.png, i18n-zh-ouabain-390.png).
// * Lessons drive the chart panels: reversal opens the voltage clamp, ouabain shows
//   the concentration chart, no lesson shows them all.
// * Every lesson's panel is saved as a screenshot at 390×844 in Chinese and at
//   1280×800 in English (tests/e2e/screenshots/lesson-*.png), without horizontal
//   scrolling; a lesson also works inside an <iframe>.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { attempter, nextFrame } from './lib.mjs';

const SHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');
const LESSONS = ['battery', 'k-only', 'astrocyte', 'ghk', 'pump-leak', 'ouabain', 'steady-state',
  'reversal', 'applications', 'excitability', 'synapse', 'pump-train'];
const CJK = /[\u4e00-\u9fff]/;
/** English words that must not be left in the Chinese page's controls and lessons. */
const ENGLISH_LEFTOVERS = ['Outside', 'Inside', 'Permeabilities', 'Pump running', 'Temperature',
  'Reset', 'Restart', 'Undo', 'Step', 'Check', 'What to do', 'What to notice', 'Your prediction', 'Model time'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function load(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
}

async function readNumber(page, id) {
  await nextFrame(page);
  return Number(await page.getAttribute(`#${id}`, 'data-value'));
}

/** Answer the open lesson's question with something (for the screenshots). */
async function answerSomething(page) {
  // The lesson's texts come in a file of their own: wait until its question
  // is on show, as choices or as a number, before answering.
  await page.locator('#lesson-choices:visible, #lesson-input:visible').first().waitFor({ timeout: 20000 });
  if (await page.isVisible('#lesson-choices')) {
    await page.check('#lesson-choice-0');
  } else {
    await page.fill('#lesson-input', '−60');
  }
  await page.click('#lesson-check');
  await page.waitForSelector('#lesson-verdict:not([hidden]), #lesson-error:not([hidden])', { timeout: 20000 });
}

export async function i18nTests(page, check) {
  const attempt = attempter(check);
  const u = new URL(page.url());
  const base = `${u.origin}${u.pathname}`;
  await page.setViewportSize({ width: 1280, height: 800 });

  await attempt('i18n: ?lesson=k-only&lang=zh', async () => {
    await load(page, `${base}?lesson=k-only&lang=zh`);
    check('i18n: <html lang> is zh-CN', (await page.getAttribute('html', 'lang')) === 'zh-CN');
    check('i18n: the lesson is chosen', (await page.inputValue('#lesson-select')) === 'k-only');
    const title = (await page.textContent('#lesson-title')).trim();
    check('i18n: lesson title in Chinese', CJK.test(title), title);
    const buttons = await page.$$eval('#play, #step, #restart, #reset, #steady, #lesson-check',
      (b) => b.map((x) => x.textContent.trim()));
    check('i18n: buttons in Chinese', buttons.every((t) => CJK.test(t) && !/[A-Za-z]{2,}/.test(t)),
      buttons.join(' | '));
    const labels = await page.$$eval('.controls label, .param-group > summary',
      (l) => l.map((x) => x.textContent.trim()));
    // ("P_Na / P_K" shows with real subscripts: its text is "PNa / PK".)
    const notChinese = labels.filter((t) => !CJK.test(t) && !/^P_?\w+ \/ P_?K$/.test(t));
    check('i18n: control labels in Chinese', notChinese.length === 0, notChinese.join(' | '));
    const axes = await page.getAttribute('#v-chart', 'data-axes');
    check('i18n: chart axis titles in Chinese', CJK.test(axes) && axes.includes('模型时间'), axes);
    const text = await page.$eval('.controls', (c) => c.textContent)
      + await page.$eval('#lessons', (c) => c.textContent)
      + await page.$eval('.readouts', (c) => c.textContent);
    const left = ENGLISH_LEFTOVERS.filter((w) => text.includes(w));
    check('i18n: no English leftovers in controls, readouts and lesson', left.length === 0, left.join(', '));
    const ions = await page.$eval('#ion-readouts', (c) => c.textContent);
    check('i18n: ion table in Chinese with 万/亿 counts or plain numbers', CJK.test(ions) && !ions.includes('million'), ions.slice(0, 80));
    check('i18n: readout minus signs are real', (await page.textContent('#ek-readout')).includes('−'));
    // The lesson opens paused: model time stands still until the reader runs it.
    const t0 = await readNumber(page, 't-readout');
    await sleep(400);
    const t1 = await readNumber(page, 't-readout');
    check('lesson k-only: opens paused', t0 === 0 && t1 === 0, `${t0} → ${t1} s`);
    // "Run the lesson": the lesson's speed, and it stops at its suggested length.
    await page.click('#lesson-run-button');
    await nextFrame(page);
    await page.waitForFunction(() => document.getElementById('play').textContent.trim() === '运行',
      null, { timeout: 15000 });
    const tEnd = await readNumber(page, 't-readout');
    check('lesson k-only: the run stops at its suggested length (0.2 s)', Math.abs(tEnd - 0.2) < 1e-9, `${tEnd} s`);
    // The lesson's scenario: start again (paused, V at 0 mV); play, V falls toward E_K.
    await page.click('#lesson-restart');
    await sleep(100);
    const v0 = await readNumber(page, 'v-readout');
    check('lesson k-only: V starts near 0 mV', Math.abs(v0) < 1, `${v0.toFixed(2)} mV`);
    const speed = await page.$eval('#speed', (s) => s.options[s.selectedIndex].textContent);
    check('lesson k-only: the lesson\'s slow-motion speed', speed.includes('1/25'), speed);
    check('lesson k-only: Restart leaves it paused', (await page.textContent('#play')).trim() === '运行');
    await page.click('#play');
    await sleep(1500);
    const v1 = await readNumber(page, 'v-readout');
    const ek = await readNumber(page, 'ek-readout');
    check('lesson k-only: V falls toward E_K', v1 < v0 - 20 && v1 > ek - 0.5,
      `${v0.toFixed(2)} → ${v1.toFixed(2)} mV (E_K ${ek.toFixed(1)} mV)`);
    // Nothing chosen: an error at the field.
    await page.click('#lesson-check');
    // The click is a message the next frame applies: wait for that frame.
    const shown = await page.waitForSelector('#lesson-error', { state: 'visible', timeout: 5000 })
      .then(() => true, () => false);
    check('lesson: checking with no choice shows an error', shown);
    // Exactly one choice is right.
    const n = await page.$$eval('#lesson-choices input[type=radio]', (r) => r.length);
    const verdicts = [];
    for (let i = 0; i < n; i += 1) {
      await page.check(`#lesson-choice-${i}`);
      await page.click('#lesson-check');
      await page.waitForSelector('#lesson-verdict:not([hidden])');
      verdicts.push({
        ok: (await page.getAttribute('#lesson-verdict', 'class')).includes('correct'),
        text: (await page.textContent('#lesson-verdict')).trim(),
      });
    }
    const right = verdicts.filter((v) => v.ok);
    check('lesson: exactly one choice is right', n === 3 && right.length === 1, `${right.length} of ${n}`);
    check('lesson: the right answer is explained in Chinese', right.length === 1 && CJK.test(right[0].text), right[0]?.text);
    const wrong = verdicts.find((v) => !v.ok);
    check('lesson: a wrong answer is explained in Chinese', !!wrong && CJK.test(wrong.text) && wrong.text.length > 20, wrong?.text);
    check('lesson: no error after a check', await page.isHidden('#lesson-error'));

    await page.screenshot({ path: path.join(SHOTS, 'i18n-zh-1280.png'), fullPage: true });
    // Switch to English live.
    const tBefore = await readNumber(page, 't-readout');
    await page.click('#lang-en');
    await sleep(200);
    check('i18n: <html lang> is en after the switch', (await page.getAttribute('html', 'lang')) === 'en');
    const titleEn = (await page.textContent('#lesson-title')).trim();
    check('i18n: lesson title in English after the switch', !CJK.test(titleEn) && titleEn.length > 5, titleEn);
    const verdictEn = (await page.textContent('#lesson-verdict')).trim();
    check('i18n: verdict re-written in English', !CJK.test(verdictEn) && verdictEn.length > 20, verdictEn.slice(0, 60));
    const keyText = await page.$eval('.controls', (c) => c.textContent)
      + await page.$eval('#lessons', (c) => c.textContent)
      + await page.$eval('#ion-readouts', (c) => c.textContent)
      + await page.getAttribute('#v-chart', 'data-axes');
    check('i18n: no Chinese left after the switch', !CJK.test(keyText),
      (keyText.match(/[\u4e00-\u9fff]+/g) || []).slice(0, 5).join(' '));
    check('i18n: reset reads Reset all', (await page.textContent('#reset')).trim() === 'Reset all');
    const tAfter = await readNumber(page, 't-readout');
    check('i18n: the run goes on across the switch', tAfter >= tBefore && (await page.inputValue('#lesson-select')) === 'k-only',
      `${tBefore} → ${tAfter} s`);
    await page.screenshot({ path: path.join(SHOTS, 'i18n-switched-en.png') });
  });

  await attempt('i18n: chart panels in Chinese', async () => {
    const ENGLISH_WORD = /\b(?!min\b|GHK\b)[A-Za-z]{3,}\b/;
    await load(page, `${base}?lang=zh`);
    await page.click('#play');
    await page.click('#clamp-panel > summary');
    await sleep(300);
    const texts = await page.$$eval(
      '#currents-title, #conc-title, #currents-caption, #clamp-panel > summary, '
        + '#clamp-panel .chart-caption, label[for=clamp-input], label[for=log-time] span, '
        + '#currents-table th, #clamp-table th',
      (els) => els.map((e) => e.textContent.trim()).filter((t) => !/^(Na|K|Cl|Ca)[⁺⁻²]+$/.test(t) && t !== ''),
    );
    const colHeads = texts.filter((t) => !CJK.test(t) && !/^V − E|^E（mV）$/.test(t));
    check('i18n: chart panel headings and captions in Chinese',
      colHeads.length === 0 && texts.every((t) => !ENGLISH_WORD.test(t)),
      [...colHeads, ...texts.filter((t) => ENGLISH_WORD.test(t))].join(' | '));
    const axes = {};
    for (const id of ['v-chart', 'conc-chart', 'currents-chart', 'iv-chart']) {
      axes[id] = (await page.getAttribute(`#${id}`, 'data-axes')) || '';
    }
    const badAxes = Object.entries(axes).filter(([, a]) => !CJK.test(a) || ENGLISH_WORD.test(a));
    check('i18n: every chart\'s axis titles in Chinese', badAxes.length === 0,
      Object.values(axes).join(' / '));
    const arias = await page.$$eval('canvas[role=img]', (c) => c.map((x) => x.getAttribute('aria-label')));
    check('i18n: canvas text alternatives in Chinese', arias.every((a) => CJK.test(a)), arias.map((a) => a.slice(0, 20)).join(' | '));
    const titles = await page.$$eval('#clamp-to button', (b) => b.map((x) => x.title));
    check('i18n: hold-at buttons\' titles in Chinese', titles.length === 4 && titles.every((t) => CJK.test(t)), titles.join(' | '));
    await page.fill('#clamp-input', '500');
    await page.press('#clamp-input', 'Enter');
    await page.waitForSelector('#clamp-error:not([hidden])');
    const err = (await page.textContent('#clamp-error')).trim();
    check('i18n: a refused held voltage is explained in Chinese', CJK.test(err) && !ENGLISH_WORD.test(err), err);
    await page.click('#play');
    await page.screenshot({ path: path.join(SHOTS, 'i18n-zh-charts-1280.png'), fullPage: true });

    // Back to English: the same places read English.
    await page.click('#lang-en');
    await sleep(200);
    const en = await page.$$eval(
      '#currents-title, #conc-title, #currents-caption, #clamp-panel > summary, label[for=clamp-input], #clamp-error, #currents-table, #clamp-table',
      (els) => els.map((e) => e.textContent.trim()),
    );
    const enAxes = await page.$$eval('canvas[data-axes]', (c) => c.map((x) => x.getAttribute('data-axes')));
    check('i18n: chart panels back in English after the switch',
      en.every((t) => !CJK.test(t)) && en[0] === 'Currents now' && enAxes.every((a) => !CJK.test(a)),
      [...en.filter((t) => CJK.test(t)), ...enAxes.filter((a) => CJK.test(a))].join(' | ') || en[0]);

    const browser = page.context().browser();
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const p = await phone.newPage();
    await load(p, `${base}?lang=zh&lesson=reversal`);
    await sleep(500);
    const over = await p.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
    check('i18n: no horizontal scrolling at 390 px with the charts in Chinese', !over);
    await p.screenshot({ path: path.join(SHOTS, 'i18n-zh-reversal-390.png'), fullPage: true });
    await load(p, `${base}?lang=zh&lesson=ouabain`);
    await sleep(500);
    await p.screenshot({ path: path.join(SHOTS, 'i18n-zh-ouabain-390.png'), fullPage: true });
    await phone.close();
  });

  await attempt('lessons drive the chart panels', async () => {
    await load(page, `${base}?lang=en&lesson=reversal`);
    const state = () => page.evaluate(() => ({
      clamp: document.getElementById('clamp-panel').open,
      conc: !document.getElementById('conc-panel').hidden,
      currents: !document.getElementById('currents-panel').hidden,
      membrane: !document.querySelector('.membrane-panel').hidden,
    }));
    const r = await state();
    check('lesson reversal: the voltage clamp is open, no membrane or concentrations',
      r.clamp && !r.membrane && !r.conc && r.currents, JSON.stringify(r));
    await page.selectOption('#lesson-select', 'ouabain');
    await sleep(200);
    const o = await state();
    check('lesson ouabain: the concentration chart is shown, the clamp closed',
      o.conc && !o.clamp && o.membrane && !o.currents, JSON.stringify(o));
    await page.selectOption('#lesson-select', '');
    await sleep(200);
    const n = await state();
    check('no lesson: every chart panel shown again', n.conc && n.currents && n.membrane, JSON.stringify(n));
  });

  await attempt('i18n: unknown lesson', async () => {
    await load(page, `${base}?lesson=nosuch-lesson&lang=en`);
    const notice = (await page.textContent('#lesson-notice')).trim();
    check('lesson: an unknown id is named', (await page.isVisible('#lesson-notice')) && notice.includes('nosuch-lesson'), notice);
    check('lesson: no lesson open then', (await page.inputValue('#lesson-select')) === ''
      && await page.isHidden('#lesson-body'));
    check('lesson: the page still runs the neuron', (await page.inputValue('#preset')) === 'neuron');
  });

  await attempt('lesson screenshots', async () => {
    const browser = page.context().browser();
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const p = await phone.newPage();
    const overflowing = [];
    const shots = [];
    for (const id of LESSONS) {
      await load(p, `${base}?lesson=${id}&lang=zh`);
      await answerSomething(p);
      const over = await p.evaluate(
        () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
      );
      if (over) overflowing.push(id);
      const file = `lesson-${id}-zh-390.png`;
      await p.locator('#lessons').screenshot({ path: path.join(SHOTS, file) });
      shots.push(file);
    }
    check('lessons: no horizontal scrolling at 390 px (zh)', overflowing.length === 0, overflowing.join(', '));
    await phone.close();
    const wide = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const w = await wide.newPage();
    for (const id of LESSONS) {
      await load(w, `${base}?lesson=${id}&lang=en`);
      await answerSomething(w);
      const file = `lesson-${id}-en-1280.png`;
      await w.screenshot({ path: path.join(SHOTS, file) });
      shots.push(file);
    }
    await wide.close();
    check('lessons: screenshots saved', shots.length === 2 * LESSONS.length, `${shots.length}`);
  });

  await attempt('lesson in an iframe', async () => {
    const browser = page.context().browser();
    const ctx = await browser.newContext({ viewport: { width: 800, height: 900 } });
    const p = await ctx.newPage();
    await p.goto(`${base}?preset=neuron`, { waitUntil: 'load' });
    await p.evaluate((src) => {
      document.body.innerHTML = '';
      const f = document.createElement('iframe');
      f.src = src;
      f.style.width = '390px';
      f.style.height = '800px';
      document.body.appendChild(f);
    }, `${base}?lesson=ghk&lang=zh`);
    const frame = p.frameLocator('iframe');
    await frame.locator('#lesson-title').waitFor({ timeout: 20000 });
    const title = (await frame.locator('#lesson-title').textContent()).trim();
    check('lesson in an iframe: opens in Chinese', CJK.test(title), title);
    await frame.locator('#lesson-input').fill('-57');
    await frame.locator('#lesson-check').click();
    await frame.locator('#lesson-verdict').waitFor({ timeout: 20000 });
    const cls = await frame.locator('#lesson-verdict').getAttribute('class');
    check('lesson in an iframe: a prediction is checked', cls.includes('correct') || cls.includes('wrong'), cls);
    await p.screenshot({ path: path.join(SHOTS, 'lesson-iframe-zh.png') });
    await ctx.close();
  });
}
