// End-to-end accessibility checks of the built page. Called from run.mjs as
// `await a11yTests(browser, base, check)`.
//
// 1. axe-core (npm devDependency) is injected into the page and run at
//    1280×800 and 390×844, with the <details> groups as the page starts and
//    all open. Any violation of impact "serious" or "critical" fails; the
//    moderate and minor ones are printed. The page runs under a strict
//    Content-Security-Policy that refuses an injected script, so this context
//    alone is created with `bypassCSP: true`.
// 2. Keyboard only (in a normal, CSP-enforcing context): from the top of the
//    page Tab to the K⁺ outside field, type a value, press Enter and see V
//    change; a typed value also applies on blur; arrow keys move a slider;
//    Shift+Tab back to Play/Pause and press Space and Enter; Enter and Space
//    open and close a <details> group. Every focused element must show an
//    outline of at least 2 px with 3:1 contrast against the page, and the
//    tab order must follow the layout (top to bottom, left to right in a row).
// 3. The V_m live region speaks at most every 3 s, and after a command.
// 4. Non-text contrast of input, select and button borders (axe checks text only).
// 5. prefers-reduced-motion: no CSS animation or transition runs.

import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { nextFrame } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const SHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

async function open(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
  await page.waitForSelector('#group-permeability', { timeout: 5000 });
}

async function readV(page) {
  await nextFrame(page);
  return Number(await page.getAttribute('#v-readout', 'data-value'));
}

function nodeText(v) {
  return v.nodes
    .slice(0, 4)
    .map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.split('\n').slice(1).join('; ').trim()})` : ''}`)
    .join(' | ');
}

/** Run axe on the page and report: serious/critical fail, moderate/minor are printed. */
async function runAxe(page, label, check) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ path: AXE });
  }
  const result = await page.evaluate(async () => {
    // Pause while axe reads the page, so nothing changes under it.
    const play = document.getElementById('play');
    const wasPlaying = play && play.textContent.trim() === 'Pause';
    if (wasPlaying) play.click();
    const r = await window.axe.run(document, {
      resultTypes: ['violations', 'incomplete'],
    });
    if (wasPlaying) play.click();
    const slim = (list) =>
      list.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      }));
    return { violations: slim(r.violations), incomplete: slim(r.incomplete) };
  });
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const mild = result.violations.filter((v) => !(v.impact === 'serious' || v.impact === 'critical'));
  for (const v of mild) {
    console.log(`info axe ${label}: ${v.impact} ${v.id} — ${v.help}: ${nodeText(v)}`);
  }
  for (const v of result.incomplete) {
    console.log(`info axe ${label}: needs review ${v.id} — ${v.help}: ${nodeText(v)}`);
  }
  check(
    `axe ${label}: no serious or critical violation`,
    bad.length === 0,
    bad.length === 0
      ? `${mild.length} moderate/minor`
      : bad.map((v) => `${v.impact} ${v.id} — ${v.help}: ${nodeText(v)}`).join(' || '),
  );
}

/** What the focused element is, where it is and how its focus looks. */
async function focusInfo(page) {
  return page.evaluate(() => {
    const lum = (rgb) => {
      const c = rgb.map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    const parse = (s) => (s.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const colour = parse(cs.outlineColor);
    const [a, b] = [lum(colour), 1].sort((x, y) => y - x); // against white panels
    const page = lum(parse(getComputedStyle(document.documentElement).backgroundColor)); // and the page
    const [c, d] = [lum(colour), page].sort((x, y) => y - x);
    return {
      id: el.id || `${el.tagName.toLowerCase()}${el.closest('details') ? `@${el.closest('details').id}` : ''}`,
      tag: el.tagName.toLowerCase(),
      // What the stop says and where it sits, for a failure's message.
      text: `${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}`
        + ` in ${el.parentElement ? el.parentElement.id || el.parentElement.className : ''}`,
      visible: el.matches(':focus-visible'),
      style: cs.outlineStyle,
      width: parseFloat(cs.outlineWidth),
      contrast: Math.min((a + 0.05) / (b + 0.05), (c + 0.05) / (d + 0.05)),
      box: { top: r.top + window.scrollY, left: r.left + window.scrollX, h: r.height, w: r.width },
    };
  });
}

/** Screenshot of the focused element with a margin, so its outline shows whole. */
async function shotFocus(page, name, margin = 24) {
  const clip = await page.evaluate((m) => {
    const r = document.activeElement.getBoundingClientRect();
    return { x: Math.max(0, r.left - m), y: Math.max(0, r.top - m), width: r.width + 2 * m, height: r.height + 2 * m };
  }, margin);
  await page.screenshot({ path: path.join(SHOTS, name), clip });
}

function outlineOk(f) {
  return f && f.visible && f.style !== 'none' && f.width >= 2 && f.contrast >= 3;
}

/** Whether `b` comes after `a` in reading order (same row: to the right; else below). */
/** Whether focus moving from a to b reads in layout order: left to right along
 *  a row, down a column, or on to another column (the page has a main column
 *  and a controls column side by side on wide screens). */
function inReadingOrder(a, b) {
  const ca = a.box.top + a.box.h / 2;
  const cb = b.box.top + b.box.h / 2;
  const sameRow = Math.abs(ca - cb) < Math.max(a.box.h, b.box.h) / 2;
  if (sameRow) return b.box.left >= a.box.left;
  const otherColumn = b.box.left >= a.box.left + a.box.w || a.box.left >= b.box.left + b.box.w;
  return otherColumn || cb > ca;
}

/** Press Tab until the element with `id` has focus, recording every stop. */
async function tabTo(page, id, stops, limit = 60) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const f = await focusInfo(page);
    if (f) stops.push(f);
    if (f && f.id === id) return f;
  }
  return null;
}

async function keyboardTests(browser, base, check) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 });
  try {
    const page = await context.newPage();
    await open(page, base);
    await sleep(300);
    const stops = [];
    const ko = await tabTo(page, 'ko-input', stops);
    check('keyboard: Tab from the top reaches the K⁺ outside field', ko !== null, stops.map((s) => s.id).join(' → '));
    if (!ko) return;
    await shotFocus(page, 'focus-ko-input-1280.png');

    const before = await readV(page);
    const selected = await page.evaluate(() => {
      const el = document.activeElement;
      return el.selectionStart === 0 && el.selectionEnd === el.value.length;
    });
    if (!selected) await page.keyboard.press('Control+A');
    await page.keyboard.type('20');
    await page.keyboard.press('Enter');
    await sleep(600);
    const after = await readV(page);
    check('keyboard: typed K⁺ₒ = 20 + Enter changes V', after - before > 5, `${before.toFixed(2)} → ${after.toFixed(2)} mV`);

    // The live region: says V after the command, at most every 3 s.
    await page.evaluate(() => {
      window.__live = [];
      const live = document.getElementById('v-live');
      new MutationObserver(() => window.__live.push([performance.now(), live.textContent])).observe(live, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await sleep(3600);
    const liveText = await page.evaluate(() => {
      const el = document.getElementById('v-live');
      return el ? `${el.getAttribute('aria-live')}|${el.textContent}` : 'missing';
    });
    check(
      'live region says the new V (polite)',
      /^polite\|Membrane voltage [\u2212]?\d+\.\d mV$/.test(liveText),
      liveText,
    );
    const readoutLive = await page.getAttribute('#v-readout', 'aria-live');
    check('the V readout itself is not a live region (no per-frame speech)', readoutLive === 'off', `${readoutLive}`);

    // A typed value applies on blur too (Tab away).
    await page.keyboard.press('Shift+Tab'); // the K⁺ₒ slider
    await page.keyboard.press('Tab'); // back to the field: its text is selected
    await page.keyboard.type('5');
    await page.keyboard.press('Tab');
    await sleep(600);
    const onBlur = await readV(page);
    check('keyboard: a typed value applies on blur', onBlur - after < -5, `${after.toFixed(2)} → ${onBlur.toFixed(2)} mV`);
    const blurFocus = await focusInfo(page);
    if (blurFocus) stops.push(blurFocus);

    // Arrow keys move a slider.
    await page.focus('#ko-input');
    await page.keyboard.press('Shift+Tab');
    const slider = await focusInfo(page);
    stops.push(slider);
    const ko0 = Number(await page.inputValue('#ko-input'));
    for (let i = 0; i < 20; i += 1) await page.keyboard.press('ArrowRight');
    await sleep(200);
    const ko1 = Number(await page.inputValue('#ko-input'));
    check('keyboard: arrow keys move the K⁺ₒ slider', slider?.id === 'ko-slider' && ko1 > ko0, `${slider?.id}: ${ko0} → ${ko1} mM`);
    await shotFocus(page, 'focus-ko-slider-1280.png');

    // Shift+Tab back to Play/Pause; Space pauses, Enter resumes.
    let play = null;
    for (let i = 0; i < 30 && !play; i += 1) {
      await page.keyboard.press('Shift+Tab');
      const f = await focusInfo(page);
      if (f) stops.push(f);
      if (f && f.id === 'play') play = f;
    }
    check('keyboard: Shift+Tab reaches Play/Pause', play !== null);
    await shotFocus(page, 'focus-play-1280.png');
    await page.keyboard.press('Space');
    await sleep(100);
    const t0 = await page.getAttribute('#t-readout', 'data-value');
    await sleep(400);
    const t1 = await page.getAttribute('#t-readout', 'data-value');
    check(
      'keyboard: Space on Play/Pause pauses',
      (await page.textContent('#play')).trim() === 'Play' && t0 === t1,
      `${t0} → ${t1} s`,
    );
    await page.keyboard.press('Enter');
    await sleep(300);
    check('keyboard: Enter on Play/Pause resumes', (await page.textContent('#play')).trim() === 'Pause');

    // Enter and Space toggle a closed <details> group.
    await page.focus('#group-inside > summary');
    stops.push(await focusInfo(page));
    await page.keyboard.press('Enter');
    const opened = await page.evaluate(() => document.getElementById('group-inside').open);
    await shotFocus(page, 'focus-summary-1280.png');
    await page.keyboard.press('Space');
    const closed = await page.evaluate(() => !document.getElementById('group-inside').open);
    check('keyboard: Enter opens and Space closes a <details> group', opened && closed);

    const spoken = await page.evaluate(() => window.__live);
    const gaps = spoken.slice(1).map(([t], i) => t - spoken[i][0]);
    check(
      'live region speaks at most every 3 s',
      spoken.length >= 1 && gaps.every((g) => g >= 2900),
      `${spoken.length} announcements: ${spoken.map(([, t]) => t).join(' / ')}; gaps ${gaps.map((g) => (g / 1000).toFixed(1)).join(', ')} s`,
    );

    const noOutline = stops.filter((s) => !outlineOk(s));
    check(
      'keyboard: every focused element shows a visible outline (≥ 2 px, ≥ 3:1)',
      stops.length > 5 && noOutline.length === 0,
      noOutline.length
        ? noOutline.map((s) => `${s.id} ${s.style} ${s.width}px ${s.contrast.toFixed(2)}:1 visible=${s.visible}`).join(', ')
        : `${stops.length} stops, lowest contrast ${Math.min(...stops.map((s) => s.contrast)).toFixed(2)}:1`,
    );

    // Tab order through the whole page follows the layout at both widths.
    for (const vp of VIEWPORTS) {
      await page.setViewportSize(vp);
      await open(page, base);
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      const order = [];
      await tabTo(page, '__none__', order, 80);
      const seen = new Set();
      const cycle = order.filter((s) => (seen.has(s.id) ? false : (seen.add(s.id), true)));
      const wrong = [];
      for (let i = 1; i < cycle.length; i += 1) {
        if (!inReadingOrder(cycle[i - 1], cycle[i])) {
          const where = (s) => `${s.id} ("${s.text}", top ${Math.round(s.box.top)}, left ${Math.round(s.box.left)})`;
          wrong.push(`${where(cycle[i - 1])} → ${where(cycle[i])}`);
        }
      }
      check(
        `keyboard: tab order follows the layout at ${vp.width}×${vp.height}`,
        cycle.length > 20 && wrong.length === 0,
        wrong.length ? wrong.join(', ') : `${cycle.length} stops`,
      );
      const bad = cycle.filter((s) => !outlineOk(s));
      check(
        `keyboard: focus outline on every stop at ${vp.width}×${vp.height}`,
        bad.length === 0,
        bad.map((s) => `${s.id} ${s.style} ${s.width}px ${s.contrast.toFixed(2)}:1`).join(', '),
      );
    }
  } finally {
    await context.close();
  }
}

/** Borders of inputs, selects and buttons against the panel behind them: ≥ 3:1 (WCAG 1.4.11). */
async function borderContrast(page) {
  return page.evaluate(() => {
    const lum = (rgb) => {
      const c = rgb.map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    const parse = (s) => (s.match(/[\d.]+/g) || []).map(Number);
    const background = (el) => {
      for (let e = el.parentElement; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const out = [];
    for (const el of document.querySelectorAll('input[type="text"], input:not([type]), select, button')) {
      const cs = getComputedStyle(el);
      const border = parse(cs.borderTopColor).slice(0, 3);
      const fill = parse(cs.backgroundColor).slice(0, 3);
      const bg = background(el);
      const ratio = (x, y) => {
        const [a, b] = [lum(x), lum(y)].sort((p, q) => q - p);
        return (a + 0.05) / (b + 0.05);
      };
      // A filled button is told apart by its fill; others by their border.
      const best = Math.max(ratio(border, bg), ratio(fill, bg));
      out.push({ id: el.id || el.tagName.toLowerCase(), ratio: best });
    }
    return out;
  });
}

export async function a11yTests(browser, base, check) {
  // 1. axe-core, with the CSP bypassed in this context only.
  const context = await browser.newContext({ viewport: VIEWPORTS[0], bypassCSP: true });
  try {
    const page = await context.newPage();
    for (const vp of VIEWPORTS) {
      await page.setViewportSize(vp);
      await open(page, base);
      await sleep(500);
      await runAxe(page, `${vp.width}×${vp.height}`, check);
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      await sleep(300);
      await runAxe(page, `${vp.width}×${vp.height}, groups open`, check);
      // A refused value shows its message: check it too.
      await page.fill('#ko-input', '-5');
      await page.press('#ko-input', 'Enter');
      await sleep(200);
      await runAxe(page, `${vp.width}×${vp.height}, error shown`, check);
    }
    const borders = await borderContrast(page);
    const low = borders.filter((b) => b.ratio < 3);
    check(
      'borders of inputs, selects and buttons have 3:1 contrast',
      borders.length > 10 && low.length === 0,
      low.length ? low.map((b) => `${b.id} ${b.ratio.toFixed(2)}:1`).join(', ') : `${borders.length} controls`,
    );
  } finally {
    await context.close();
  }

  // 2–3. Keyboard only, and the live region.
  await keyboardTests(browser, base, check);

  // 5. Reduced motion: nothing animates through CSS.
  const reduced = await browser.newContext({ viewport: VIEWPORTS[0], reducedMotion: 'reduce' });
  try {
    const page = await reduced.newPage();
    await open(page, base);
    await page.focus('#play');
    await page.hover('#reset');
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    await sleep(200);
    const moving = await page.evaluate(() => {
      const animations = document.getAnimations().length;
      const transitions = [...document.querySelectorAll('*')].filter((el) => {
        const cs = getComputedStyle(el);
        return cs.transitionDuration.split(',').some((d) => parseFloat(d) > 0) ||
          (cs.animationName !== 'none' && cs.animationName !== '');
      });
      return { animations, transitions: transitions.map((e) => e.id || e.tagName).slice(0, 5) };
    });
    check(
      'prefers-reduced-motion: no CSS animation or transition',
      moving.animations === 0 && moving.transitions.length === 0,
      JSON.stringify(moving),
    );
  } finally {
    await reduced.close();
  }
}
