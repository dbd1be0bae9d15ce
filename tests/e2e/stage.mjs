// End-to-end checks of the stage: V, the membrane view and the V chart kept
// together and in view. Called from run.mjs as `await stageTests(browser, check)`,
// `tabsTests` and `firstScreenTests`.
//
// * 1280×800, in both languages, with no lesson and with each lesson whose
//   question is a typed number or a choice: the V readout, the membrane view,
//   the whole V chart, the lesson's question, its prediction field and its
//   Check button all lie inside the first screen, without scrolling.
// * 1280×800 after scrolling to the controls far below: the stage is still in
//   view (it stays beside the lesson and the controls).
// * 390×844, in both languages: the lesson's question and its Check button are
//   on the first screen, and V stays pinned at the top after scrolling to the
//   V chart and to the controls.
// * Widths from 320 to 1920 px (every 40 px, both languages, with and without a
//   lesson): nothing sticks out of the window and no readout is clipped.
// * At 390×844 every control (every panel opened, every tab's panel shown) is
//   at least 44 × 44 px; a checkbox or radio button counts with its label.
// * tabsTests: on a phone the panels below the stage are tabs, one shown at a
//   time, each one tap away, arrow keys between them; none on wide screens.
// * firstScreenTests: every lesson, at 390×844, 1024×768 and 1280×800 in
//   both languages, shows V, its question and Check on the first screen (and
//   from 820 px, where the stage stays beside the lesson, the V chart and its
//   key control); a link with the sweep alone shows its chart on the first
//   screen at 1280×800, most of it at 1024×768, and its tab on a phone;
//   with the stage too, both charts at 1280×800; a lesson that shows the
//   sweep or the clamp has it under the lesson, above the controls.
// * The Embed dialog chooses panels, a lesson, the language and compact mode,
//   with a live preview; its default compact frame is at most 800 px tall in
//   a 900 px column, and fits a 390×844 phone.
// * The `?` key opens the list of keyboard shortcuts.
// * Restart run keeps the settings; Reset all goes back to the cell's own and
//   can be undone (the run, its clock and its settings come back).

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { attempter, pageUrl, serveDist, nextFrame } from './lib.mjs';

const SHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');

/** Boxes (in the viewport) of the elements with these selectors; null when absent or hidden. */
async function boxes(page, selectors) {
  return page.evaluate((sels) => Object.fromEntries(sels.map((s) => {
    const el = document.querySelector(s);
    if (!el || el.getClientRects().length === 0) return [s, null];
    const r = el.getBoundingClientRect();
    return [s, { top: r.top, bottom: r.bottom, left: r.left, right: r.right }];
  })), selectors);
}

/** Selectors whose box is not wholly inside the viewport (height h, width w). */
function outside(found, w, h) {
  return Object.entries(found)
    .filter(([, b]) => !b || b.top < -0.5 || b.left < -0.5 || b.bottom > h + 0.5 || b.right > w + 0.5)
    .map(([s, b]) => (b ? `${s} ${Math.round(b.top)}–${Math.round(b.bottom)}` : `${s} missing`));
}

const STAGE = ['#v-readout', '#membrane-view', '#v-chart'];

/**
 * The phone's tabs below the stage (390×844, both languages): one tab per
 * panel (role=tab in a role=tablist, each at least 44 px tall), one panel
 * shown at a time, each one tap away, the arrow keys, Home and End moving
 * between them, and the choice kept through a language switch. At 1280×800
 * every panel shows and the same bar, on the first screen after "Go to:", is
 * a row of plain buttons: each brings its panel into sight, opened, with the
 * keyboard's focus in it.
 */
export async function tabsTests(browser, check) {
  const attempt = attempter(check);
  const server = await serveDist();
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const PANELS = {
    params: '#param-controls',
    currents: '#currents-panel',
    concentrations: '#conc-panel',
    clamp: '#clamp-panel',
    sweep: '#sweep-panel',
    equations: '#equations',
    ions: '#ion-readouts',
  };
  const open = async (query) => {
    await page.goto(pageUrl(server, query), { waitUntil: 'load' });
    await page.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
    await nextFrame(page);
  };
  const shownPanels = () => page.evaluate((panels) => Object.entries(panels)
    .filter(([, s]) => document.querySelector(s).getClientRects().length > 0).map(([n]) => n), PANELS);
  const selected = () => page.evaluate(() => [...document.querySelectorAll('#panel-tabs [role="tab"]')]
    .filter((t) => t.getAttribute('aria-selected') === 'true').map((t) => t.dataset.tab));
  try {
    for (const lang of ['en', 'zh']) {
      await attempt(`tabs ${lang} 390×844`, async () => {
        await page.setViewportSize({ width: 390, height: 844 });
        await open(`?lang=${lang}&preset=neuron`);
        const tabs = await page.evaluate(() => {
          const bar = document.getElementById('panel-tabs');
          return {
            role: bar.getAttribute('role'),
            tabs: [...bar.querySelectorAll('button')].map((b) => {
              const r = b.getBoundingClientRect();
              return { name: b.dataset.tab, role: b.getAttribute('role'), h: r.height, w: r.width, text: b.textContent,
                clipped: b.scrollWidth > b.clientWidth + 1 };
            }),
          };
        });
        check(`tabs ${lang}: a tablist with a tab per panel`, tabs.role === 'tablist'
          && tabs.tabs.map((t) => t.name).join() === Object.keys(PANELS).join() && tabs.tabs.every((t) => t.role === 'tab'),
          tabs.tabs.map((t) => t.text).join(' | '));
        const small = tabs.tabs.filter((t) => t.h < 43.5 || t.w < 43.5 || t.clipped);
        check(`tabs ${lang}: every tab at least 44 px and its label whole`, small.length === 0,
          small.map((t) => `${t.name} ${Math.round(t.w)}×${Math.round(t.h)}`).join(', '));
        check(`tabs ${lang}: the parameters at first, alone`, (await shownPanels()).join() === 'params'
          && (await selected()).join() === 'params', (await shownPanels()).join());
        const wrong = [];
        for (const name of Object.keys(PANELS)) {
          await page.click(`#tab-${name}`);
          await nextFrame(page);
          const shown = await shownPanels();
          if (shown.join() !== name || (await selected()).join() !== name) wrong.push(`${name}: ${shown.join()}`);
          // The clamp and the sweep are <details>, which keep their own role.
          const role = await page.getAttribute(PANELS[name], 'role');
          const details = name === 'clamp' || name === 'sweep';
          if (role !== (details ? null : 'tabpanel')) wrong.push(`${name} role ${role}`);
        }
        check(`tabs ${lang}: each panel one tap away, one at a time`, wrong.length === 0, wrong.join('; '));
        check(`tabs ${lang}: the clamp's tab opens the clamp`, await page.evaluate(() => document.getElementById('clamp-panel').open));
        check(`tabs ${lang}: the sweep's tab opens the sweep`, await page.evaluate(() => document.getElementById('sweep-panel').open));
        await page.click('#tab-currents');
        await nextFrame(page);
        await page.keyboard.press('ArrowRight');
        await nextFrame(page);
        const afterRight = [await selected(), await page.evaluate(() => document.activeElement.dataset.tab)];
        await page.keyboard.press('ArrowLeft');
        await nextFrame(page);
        await page.keyboard.press('ArrowLeft');
        await nextFrame(page);
        const afterLeft = await selected();
        await page.keyboard.press('ArrowLeft');
        await nextFrame(page);
        const wrapped = await selected();
        await page.keyboard.press('Home');
        await nextFrame(page);
        const home = await selected();
        check(`tabs ${lang}: → ← move between the tabs (round the ends), Home to the first; the focus follows`,
          afterRight[0].join() === 'concentrations' && afterRight[1] === 'concentrations' && afterLeft.join() === 'params'
          && wrapped.join() === 'ions' && home.join() === 'params',
          `${afterRight.join('/')} ${afterLeft} ${wrapped} ${home}`);
        await page.click('#tab-equations');
        await nextFrame(page);
        await page.click(lang === 'en' ? '#lang-zh' : '#lang-en');
        await nextFrame(page);
        check(`tabs ${lang}: the choice is kept through a language switch`, (await shownPanels()).join() === 'equations');
      });
    }
    await attempt('tabs: a lesson offers only the panels it shows', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await open('?lang=en&lesson=reversal');
      const offered = await page.evaluate(() => [...document.querySelectorAll('#panel-tabs [role="tab"]')]
        .filter((t) => t.getClientRects().length > 0).map((t) => t.dataset.tab));
      check('tabs: the reversal lesson (no concentrations chart)', offered.join() === 'params,currents,clamp,sweep,equations,ions', offered.join());
    });
    for (const lang of ['en', 'zh']) {
      await attempt(`tabs ${lang}: buttons that go to the panels on a wide screen`, async () => {
        await page.setViewportSize({ width: 1280, height: 800 });
        await open(`?lang=${lang}&preset=neuron`);
        const bar = await page.evaluate(() => {
          const el = document.getElementById('panel-tabs');
          const r = el.getBoundingClientRect();
          const go = el.querySelector('.tabs-go');
          return {
            role: el.getAttribute('role'),
            bottom: r.bottom,
            go: go && go.getClientRects().length > 0 ? go.textContent : null,
            buttons: [...el.querySelectorAll('button')].map((b) => ({
              name: b.dataset.tab, role: b.getAttribute('role'), selected: b.getAttribute('aria-selected'),
              tabIndex: b.tabIndex, shown: b.getClientRects().length > 0,
            })),
          };
        });
        const shown = await shownPanels();
        check(`tabs ${lang}: at 1280×800 every panel shows, and the bar on the first screen says where they are`,
          shown.length === Object.keys(PANELS).length && bar.bottom <= 800 && bar.go === (lang === 'en' ? 'Go to:' : '转到：')
          && bar.buttons.every((b) => b.shown && b.role === null && b.selected === null && b.tabIndex === 0) && bar.role === null,
          `${shown.join()} bottom ${Math.round(bar.bottom)} "${bar.go}" role ${bar.role} ${JSON.stringify(bar.buttons[0])}`);
        const roles = await page.evaluate(() => document.querySelectorAll('[role="tabpanel"]').length);
        check(`tabs ${lang}: and no tab panels`, roles === 0, `${roles}`);
        const wrong = [];
        for (const name of ['sweep', 'currents', 'clamp', 'ions']) {
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.click(`#tab-${name}`);
          await nextFrame(page);
          const at = await page.evaluate((sel) => {
            const el = document.querySelector(sel);
            const r = el.getBoundingClientRect();
            return { top: r.top, open: el.tagName !== 'DETAILS' || el.open, focus: el.contains(document.activeElement) };
          }, PANELS[name]);
          // In sight: its top inside the window (the last panels stop where the page ends).
          if (!(at.top >= 0 && at.top < 400 && at.open && at.focus)) wrong.push(`${name}: ${JSON.stringify(at)}`);
        }
        check(`tabs ${lang}: each button brings its panel into sight (opened), with the focus in it`, wrong.length === 0, wrong.join('; '));
        // The same button again, after scrolling away, goes there again.
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.click('#tab-ions');
        await nextFrame(page);
        const again = await page.evaluate(() => document.getElementById('ion-readouts').getBoundingClientRect().top);
        check(`tabs ${lang}: the same button again goes there again`, again >= 0 && again < 400, `${Math.round(again)}`);
        // The arrow keys are left to the page: no jump.
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.focus('#tab-params');
        const y0 = await page.evaluate(() => window.scrollY);
        await page.keyboard.press('ArrowRight');
        await nextFrame(page);
        check(`tabs ${lang}: an arrow key on the bar goes nowhere on a wide screen`,
          await page.evaluate((y) => Math.abs(window.scrollY - y) < 50 && document.activeElement.id === 'tab-params', y0));
      });
    }
    // Every panel is a click away on a wide page, so none may give a lesson's
    // answer away before the reader checks: in the GHK lesson, after P_Na is
    // raised, the GHK voltage (−57.0 mV) is the answer.
    await attempt('tabs: a lesson keeps its answer out of the panels until it is checked', async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await open('?lang=en&lesson=ghk');
      await page.fill('#lesson-key input:not([type=range])', '0.1');
      await page.press('#lesson-key input:not([type=range])', 'Enter');
      await nextFrame(page);
      await page.evaluate(() => { document.getElementById('clamp-panel').open = true; });
      await nextFrame(page);
      await nextFrame(page);
      const look = () => page.evaluate(() => ({
        equations: document.getElementById('equations').textContent,
        clampBody: document.querySelector('#clamp-panel .clamp-body').getClientRects().length > 0,
        clampNote: document.getElementById('clamp-hidden').getClientRects().length > 0,
      }));
      const before = await look();
      check('tabs: before the check, neither the equations nor the clamp show the GHK lesson\'s answer',
        !before.equations.includes('57.0') && !before.clampBody && before.clampNote,
        `equations ${before.equations.includes('57.0') ? 'show' : 'hide'} it; clamp body ${before.clampBody}, note ${before.clampNote}`);
      await page.fill('#lesson-input', '-57');
      await page.click('#lesson-check');
      await page.waitForSelector('#lesson-verdict:not([hidden])', { timeout: 20000 });
      await nextFrame(page);
      await nextFrame(page);
      const after = await look();
      check('tabs: once checked, both show it', after.equations.includes('57.0') && after.clampBody && !after.clampNote,
        `clamp body ${after.clampBody}, note ${after.clampNote}`);
    });
  } finally {
    await page.close();
    server.close();
  }
}

/**
 * The first screen of every lesson, at 390×844 and 1280×800, in both
 * languages: the V readout, the lesson's question and its Check button lie
 * inside it without scrolling; at 1280×800 also the V chart (when the lesson
 * shows it) and the lesson's key control (when it has one). Each check names
 * where the question and Check sit.
 */
export async function firstScreenTests(browser, check) {
  const attempt = attempter(check);
  const server = await serveDist();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await page.goto(pageUrl(server, '?lang=en'), { waitUntil: 'load' });
    await page.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
    const lessons = await page.evaluate(() => [...document.querySelectorAll('#lesson-select option')]
      .map((o) => o.value).filter((v) => v));
    check('first screen: the lesson list', lessons.length >= 9, lessons.join(' '));
    for (const [w, h] of [[390, 844], [1024, 768], [1280, 800]]) {
      await page.setViewportSize({ width: w, height: h });
      for (const lang of ['en', 'zh']) {
        for (const lesson of lessons) {
          await attempt(`first screen ${w}×${h} ${lang} ${lesson}`, async () => {
            await page.goto(pageUrl(server, `?lang=${lang}&lesson=${lesson}`), { waitUntil: 'load' });
            await page.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
            await nextFrame(page);
            const want = ['#v-readout', '#lesson-question', '#lesson-check'];
            if (w >= 820) {
              if (await page.isVisible('#v-chart')) want.push('#v-chart');
              if (await page.isVisible('#lesson-key')) want.push('#lesson-key');
            }
            const found = await boxes(page, want);
            const off = outside(found, w, h);
            const at = (s) => (found[s] ? `${Math.round(found[s].top)}–${Math.round(found[s].bottom)}` : 'missing');
            check(`first screen ${w}×${h} ${lang} ${lesson}: ${want.join(', ')} without scrolling`, off.length === 0,
              off.length ? off.join(', ') : `question ${at('#lesson-question')}, Check ${at('#lesson-check')}`);
          });
        }
      }
    }
    // A link that shows the sweep without the membrane and the voltage chart
    // (a figure for course notes): at 1280×800 the whole sweep chart is on
    // the first screen, under the readouts; at 1024×768 (the lessons beside
    // the readouts) and on a phone (its tab the one shown, its panel open,
    // right under the readouts) most of it.
    for (const [w, h] of [[1024, 768], [390, 844]]) {
      await page.setViewportSize({ width: w, height: h });
      for (const lang of ['en', 'zh']) {
        await attempt(`first screen ${w}×${h} ${lang} panels=sweep: the chart`, async () => {
          await page.goto(pageUrl(server, `?lang=${lang}&panels=sweep`), { waitUntil: 'load' });
          await page.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
          await nextFrame(page);
          const c = (await boxes(page, ['#sweep-chart']))['#sweep-chart'];
          const shown = c ? (Math.min(c.bottom, h) - Math.max(c.top, 0)) / (c.bottom - c.top) : 0;
          const want = w >= 820 ? 0.8 : 0.7;
          check(`first screen ${w}×${h} ${lang} panels=sweep: at least ${want * 100} % of the sweep chart without scrolling`,
            shown >= want, c ? `chart ${Math.round(c.top)}–${Math.round(c.bottom)}, ${Math.round(shown * 100)} % shown` : 'chart missing');
        });
      }
    }
    for (const [w, h] of [[1280, 800], [390, 844]]) {
      await page.setViewportSize({ width: w, height: h });
      for (const lang of ['en', 'zh']) {
        await attempt(`first screen ${w}×${h} ${lang} panels=sweep`, async () => {
          await page.goto(pageUrl(server, `?lang=${lang}&panels=sweep`), { waitUntil: 'load' });
          await page.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
          await nextFrame(page);
          const open = await page.evaluate(() => document.getElementById('sweep-panel').open);
          if (w >= 820) {
            const found = await boxes(page, ['#v-readout', '#sweep-key', '#sweep-chart']);
            const off = outside(found, w, h);
            check(`first screen ${w}×${h} ${lang} panels=sweep: the sweep open, its chart without scrolling`,
              open && off.length === 0, off.join(', ') || `open ${open}`);
            // With the stage too, the sweep comes first beside it; and a
            // lesson that shows the sweep or the clamp puts it under the
            // lesson, above the controls.
            await page.goto(pageUrl(server, `?lang=${lang}&panels=membrane,voltage,sweep`), { waitUntil: 'load' });
            await page.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
            await nextFrame(page);
            const beside = await boxes(page, ['#v-chart', '#sweep-chart']);
            const offBeside = outside(beside, w, h);
            check(`first screen ${w}×${h} ${lang} panels=membrane,voltage,sweep: the V chart and the sweep chart without scrolling`,
              offBeside.length === 0, offBeside.join(', ') || 'both inside');
            for (const [lesson, panel] of [['ghk', '#sweep-panel'], ['reversal', '#clamp-panel']]) {
              await page.goto(pageUrl(server, `?lang=${lang}&lesson=${lesson}`), { waitUntil: 'load' });
              await page.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
              await nextFrame(page);
              const order = await boxes(page, ['#lesson-body', panel, '.controls']);
              const [lb, pa, co] = ['#lesson-body', panel, '.controls'].map((q) => order[q]);
              check(`${w}×${h} ${lang} lesson ${lesson}: ${panel} under the lesson, above the controls`,
                lb && pa && co && pa.top >= lb.bottom - 0.5 && pa.bottom <= co.top + 0.5,
                `lesson ${lb && Math.round(lb.bottom)}, panel ${pa && Math.round(pa.top)}–${pa && Math.round(pa.bottom)}, controls ${co && Math.round(co.top)}`);
            }
          } else {
            const tab = await page.evaluate(() => document.querySelector('#panel-tabs [aria-selected="true"]')?.dataset.tab);
            check(`first screen ${w}×${h} ${lang} panels=sweep: the sweep's tab shown, its panel open`,
              open && tab === 'sweep', `tab ${tab}, open ${open}`);
          }
        });
      }
    }
  } finally {
    await page.close();
    server.close();
  }
}

export async function stageTests(browser, check) {
  const attempt = attempter(check);
  const server = await serveDist();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const open = async (query) => {
    await page.goto(pageUrl(server, query), { waitUntil: 'load' });
    await page.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
    await nextFrame(page);
  };
  try {
    for (const lang of ['en', 'zh']) {
      await attempt(`stage ${lang} 1280×800: V, membrane and the V chart on the first screen`, async () => {
        await page.setViewportSize({ width: 1280, height: 800 });
        await open(`?lang=${lang}`);
        const off = outside(await boxes(page, [...STAGE, '#play']), 1280, 800);
        check(`stage ${lang} 1280×800: V, membrane, the whole V chart and Play on the first screen`, off.length === 0, off.join(', '));
        await page.screenshot({ path: path.join(SHOTS, `stage-${lang}-1280x800.png`) });
        await page.evaluate(() => document.getElementById('param-controls').scrollIntoView());
        await nextFrame(page);
        const scrolled = outside(await boxes(page, STAGE), 1280, 800);
        check(`stage ${lang} 1280×800: the stage stays in view beside the controls`, scrolled.length === 0, scrolled.join(', '));
      });
      // A window shorter than the stage: the stage scrolls within itself,
      // V staying at its top, so that what is under the V chart is one
      // scroll away wherever the page is, not only at the page's end.
      for (const [w, h] of [[1024, 768], [1280, 800]]) {
        await attempt(`stage ${lang} ${w}×${h}: the foot of the stage`, async () => {
          await page.setViewportSize({ width: w, height: h });
          await open(`?lang=${lang}`);
          await page.evaluate(() => document.getElementById('param-controls').scrollIntoView());
          await nextFrame(page);
          const stage = (await boxes(page, ['.stage']))['.stage'];
          await page.evaluate(() => { const s = document.querySelector('.stage'); s.scrollTop = s.scrollHeight; });
          await nextFrame(page);
          const off = outside(await boxes(page, ['#v-readout', '#log-time', '#pin-button']), w, h);
          check(`stage ${lang} ${w}×${h}: scrolled to the controls, the stage fits the window and its foot (log time, Pin) is reached within it, V still shown`,
            stage && stage.bottom <= h + 0.5 && off.length === 0,
            `stage ${stage && Math.round(stage.top)}–${stage && Math.round(stage.bottom)}; ${off.join(', ') || 'all inside'}`);
        });
      }
      for (const lesson of ['ghk', 'k-only', 'ouabain', 'reversal']) {
        await attempt(`stage ${lang} 1280×800 lesson ${lesson}`, async () => {
          await page.setViewportSize({ width: 1280, height: 800 });
          await open(`?lang=${lang}&lesson=${lesson}`);
          const field = (await page.isVisible('#lesson-choices')) ? '#lesson-choices' : '#lesson-input';
          const want = ['#v-readout', '#lesson-question', field, '#lesson-check', '#lesson-run-button'];
          // A lesson may hide the membrane or the V chart (it shows what it needs).
          for (const s of ['#membrane-view', '#v-chart']) if (await page.isVisible(s)) want.push(s);
          const off = outside(await boxes(page, want), 1280, 800);
          check(`stage ${lang} 1280×800 lesson ${lesson}: stage, question, prediction and Check on the first screen`,
            off.length === 0, off.join(', '));
        });
      }
      await attempt(`stage ${lang} 390×844`, async () => {
        await page.setViewportSize({ width: 390, height: 844 });
        await open(`?lang=${lang}&lesson=ghk`);
        const first = outside(await boxes(page, ['#v-readout', '#lesson-question', '#lesson-input', '#lesson-check']), 390, 844);
        check(`stage ${lang} 390×844 lesson ghk: V, the question, the prediction and Check on the first screen`,
          first.length === 0, first.join(', '));
        await page.screenshot({ path: path.join(SHOTS, `stage-${lang}-lesson-390x844.png`) });
        for (const target of ['#v-chart', '#param-controls']) {
          await page.evaluate((s) => document.querySelector(s).scrollIntoView(), target);
          await nextFrame(page);
          const pinned = outside(await boxes(page, ['#v-readout']), 390, 844);
          check(`stage ${lang} 390×844: V stays pinned at the top at ${target}`, pinned.length === 0, pinned.join(', '));
        }
      });
    }
    for (const query of ['?lang=en', '?lang=zh', '?lang=en&lesson=reversal', '?lang=zh&lesson=ghk']) {
      await attempt(`widths ${query}`, async () => {
        await page.setViewportSize({ width: 1280, height: 800 });
        await open(query);
        const problems = [];
        for (let w = 320; w <= 1920; w += 40) {
          await page.setViewportSize({ width: w, height: 800 });
          await nextFrame(page);
          const bad = await page.evaluate(() => {
            const out = [];
            const W = window.innerWidth;
            if (document.documentElement.scrollWidth > W + 1) out.push(`page ${document.documentElement.scrollWidth}`);
            for (const el of document.querySelectorAll('main *')) {
              if (el.closest('.visually-hidden, dialog:not([open])')) continue;
              // Inside a box that scrolls (a wide equation on a narrow phone) is fine.
              let p = el.parentElement;
              let scrolls = false;
              for (; p && p.tagName !== 'MAIN'; p = p.parentElement) {
                if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) scrolls = true;
              }
              if (scrolls) continue;
              const r = el.getBoundingClientRect();
              if (r.width > 0 && r.right > W + 1) out.push(`${el.tagName.toLowerCase()}#${el.id} ends at ${Math.round(r.right)}`);
            }
            for (const el of document.querySelectorAll('.readout-value, .readout-label')) {
              if (el.scrollWidth > el.clientWidth + 1) out.push(`${el.id || el.className} clipped "${el.textContent}"`);
            }
            return out;
          });
          if (bad.length) problems.push(`${w}px: ${bad.slice(0, 2).join(', ')}`);
        }
        check(`widths ${query}: nothing sticks out or is clipped from 320 to 1920 px`, problems.length === 0, problems.slice(0, 3).join(' | '));
      });
    }
    for (const query of ['?lang=zh&lesson=k-only', '?lang=en']) {
      await attempt(`touch ${query}`, async () => {
        await page.setViewportSize({ width: 390, height: 844 });
        await open(query);
        const small = await page.evaluate(() => {
          document.querySelectorAll('details').forEach((d) => { d.open = true; });
          // Every tab's panel, not only the one shown.
          document.querySelectorAll('.tab-off').forEach((p) => p.classList.remove('tab-off'));
          const out = [];
          for (const el of document.querySelectorAll('main button, main select, main input, main summary, main a[href], main textarea')) {
            if (el.closest('dialog:not([open]), [hidden]') || el.getClientRects().length === 0) continue;
            let r = el.getBoundingClientRect();
            if (['checkbox', 'radio'].includes(el.type)) {
              const label = el.closest('label') || (el.id && document.querySelector(`label[for="${el.id}"]`));
              if (label) r = label.getBoundingClientRect();
            }
            if (r.height < 43.5 || r.width < 43.5) out.push(`${el.id || el.tagName.toLowerCase()} ${Math.round(r.width)}×${Math.round(r.height)}`);
          }
          return out;
        });
        check(`touch ${query} 390×844: every control at least 44 × 44 px`, small.length === 0, small.slice(0, 6).join(', '));
      });
    }
    await attempt('time: restart, reset all and undo', async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await open('?preset=neuron');
      await page.fill('#ko-input', '12');
      await page.press('#ko-input', 'Enter');
      await page.waitForTimeout(600);
      await page.click('#play'); // pause
      await nextFrame(page);
      const t1 = Number(await page.getAttribute('#t-readout', 'data-value'));
      check('time: no undo before a reset', await page.isHidden('#undo-reset'));
      await page.click('#reset');
      await nextFrame(page);
      check('time: Reset all goes back to the cell\'s own K⁺ₒ', (await page.inputValue('#ko-input')) === '5');
      check('time: and offers Undo', await page.isVisible('#undo-reset'));
      await page.click('#undo-reset');
      await nextFrame(page);
      const t2 = Number(await page.getAttribute('#t-readout', 'data-value'));
      check('time: Undo brings back the settings', (await page.inputValue('#ko-input')) === '12');
      check('time: and the clock', t2 >= t1 && t1 > 0.3, `${t1} → ${t2} s`);
      check('time: once', await page.isHidden('#undo-reset'));
      await page.click('#restart');
      await nextFrame(page);
      const t3 = Number(await page.getAttribute('#t-readout', 'data-value'));
      check('time: Restart run starts the clock again', t3 < 0.1, `${t3} s`);
      check('time: with the same settings', (await page.inputValue('#ko-input')) === '12');
    });
    await attempt('embed: the dialog\'s choices', async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await open('?preset=neuron');
      await page.click('#embed-button');
      await page.waitForSelector('#embed-dialog[open]', { timeout: 5000 });
      const code = async () => page.inputValue('#embed-code');
      const src = (c) => (c.match(/src="([^"]*)"/) || [])[1]?.replaceAll('&amp;', '&');
      let c = await code();
      check('embed: starts compact, with the stage', c.includes('panels=membrane,voltage') && c.includes('embed=1'), c);
      check('embed: the preview shows the frame', (await page.getAttribute('#embed-preview', 'src')) === src(c));
      await page.uncheck('#embed-compact');
      await page.selectOption('#embed-lesson', 'ouabain');
      await page.selectOption('#embed-lang', 'zh');
      await page.check('#embed-panel-concentrations');
      await nextFrame(page);
      c = await code();
      check('embed: the choices go into the link',
        !c.includes('embed=1') && c.includes('lesson=ouabain') && c.includes('lang=zh') && c.includes('panels=membrane,voltage,concentrations'), c);
      check('embed: the preview follows', (await page.getAttribute('#embed-preview', 'src')) === src(c));
      await page.screenshot({ path: path.join(SHOTS, 'embed-options-1280x800.png') });
      await page.keyboard.press('Escape');
      // The default compact frame in a column of notes.
      await page.click('#embed-button');
      await page.waitForSelector('#embed-dialog[open]', { timeout: 5000 });
      const url = src(await code());
      await page.keyboard.press('Escape');
      const frame = await browser.newPage({ viewport: { width: 900, height: 800 } });
      await frame.goto(url, { waitUntil: 'load' });
      await frame.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
      await nextFrame(frame);
      const h = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
      check('embed: the default compact frame is at most 800 px tall in a 900 px column', h <= 800, `${h} px`);
      await frame.screenshot({ path: path.join(SHOTS, 'embed-compact-900.png'), fullPage: true });
      // The same frame on a phone: it fits the screen, stage and run buttons included.
      await frame.setViewportSize({ width: 390, height: 844 });
      await frame.goto(url, { waitUntil: 'load' });
      await frame.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
      await nextFrame(frame);
      const hPhone = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
      check('embed: the default compact frame fits a 390×844 phone', hPhone <= 844, `${hPhone} px`);
      const off = outside(await boxes(frame, [...STAGE, '#play', '#panel-tabs']), 390, 844);
      check('embed: on the phone V, the membrane, the V chart, Play and the tab bar in view', off.length === 0, off.join(', '));
      await frame.screenshot({ path: path.join(SHOTS, 'embed-compact-390.png'), fullPage: true });
      await frame.close();
    });
    await attempt('keys: ? lists the shortcuts', async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await open('');
      await page.keyboard.press('?');
      await page.waitForSelector('#keys-dialog[open]', { timeout: 3000 });
      const text = await page.textContent('#keys-dialog');
      check('keys: ? opens the list of shortcuts', ['Space', 'R', '?'].every((k) => text.includes(k)), text.replace(/\s+/g, ' ').slice(0, 100));
      await page.keyboard.press('Escape');
      check('keys: Escape closes it', !(await page.$('#keys-dialog[open]')));
    });
  } finally {
    await page.close();
    server.close();
  }
}
