// End-to-end checks of the parameter controls, the ion table and the equations.
// Called from run.mjs with a page already on the app and run.mjs's check().
//
// Expected values come from the model's command line:
//   rpl run --preset neuron --then P_Na_rel=0.4 --duration 0.2 --samples 2   → V(0.1 s) = −30.38 mV
//   rpl run --preset neuron --then ouabain=1 --duration 0.2 --samples 2      → V(0.1 s) = −69.86 mV
//   rpl run --preset neuron --then ouabain=1 --duration 7200 --samples 12    → V(2 h)   = −35.23 mV

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { attempter, nextFrame } from './lib.mjs';

const SHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');

const NEURON_V_MV = -73.82;
const PNA_04_V_MV = -30.38;
const OUABAIN_100MS_V_MV = -69.86;
const OUABAIN_2H_V_MV = -35.23;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Slider position of a value on a log slider whose leftmost position means 0. */
function logOrZeroPos(v, min, max) {
  return Math.round(1 + (Math.log(v / min) / Math.log(max / min)) * 999);
}

async function readNumber(page, id) {
  await nextFrame(page);
  return Number(await page.getAttribute(`#${id}`, 'data-value'));
}

async function typeInto(page, selector, value) {
  await page.fill(selector, value);
  await page.press(selector, 'Enter');
}

async function load(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
  await page.waitForSelector('#group-permeability', { timeout: 5000 });
}

export async function controlsTests(page, check) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  const attempt = attempter(check);
  const u = new URL(page.url());
  const base = `${u.origin}${u.pathname}`;
  await page.setViewportSize({ width: 1280, height: 800 });

  await attempt('controls: built from the table', async () => {
    await load(page, `${base}?preset=neuron`);
    const groups = await page.$$eval('details.param-group', (d) => d.map((x) => x.id));
    check('controls: six collapsible groups', groups.length === 6, groups.join(', '));
    const keys = await page.$$eval('[data-key]', (d) => d.map((x) => x.dataset.key));
    const want = ['Na_o', 'K_o', 'Cl_o', 'Ca_o', 'Na_i', 'K_i', 'Cl_i', 'Ca_i', 'P_K', 'P_Na_rel',
      'P_Cl_rel', 'P_Ca_rel', 'pump', 'ouabain', 'pump_max', 'T', 'volume'];
    const missing = want.filter((k) => !keys.includes(k));
    check('controls: one for every key', missing.length === 0, `missing: ${missing.join(', ')}`);
    const pna = await page.inputValue('#pna-input');
    check('controls: P_Na/P_K shows the neuron\'s 0.04', pna === '0.04', pna);
    const speeds = await page.$$eval('#speed option', (o) => o.map((x) => x.textContent));
    check('controls: speeds up to 10 h/s', speeds.includes('10 h/s'), speeds.join(' | '));
  });

  await attempt('controls: raising P_Na moves V toward E_Na', async () => {
    await sleep(300);
    const v0 = await readNumber(page, 'v-readout');
    const ena = await readNumber(page, 'ena-readout');
    await page.fill('#pna-slider', String(logOrZeroPos(0.4, 1e-4, 10)));
    await sleep(700);
    const v1 = await readNumber(page, 'v-readout');
    const shown = Number(await page.inputValue('#pna-input'));
    check('controls: slider sets P_Na/P_K ≈ 0.4', Math.abs(shown - 0.4) < 0.01, `${shown}`);
    check(
      'controls: V moves toward E_Na',
      v1 > v0 + 20 && Math.abs(v1 - ena) < Math.abs(v0 - ena),
      `${v0.toFixed(2)} → ${v1.toFixed(2)} mV, E_Na ${ena.toFixed(1)} mV`,
    );
    check(
      'controls: V with P_Na/P_K = 0.4 matches the model (command line)',
      Math.abs(v1 - PNA_04_V_MV) < 1,
      `page ${v1.toFixed(2)}, rpl ${PNA_04_V_MV} mV`,
    );
    const ghk = (await page.textContent('#ghk-numbers')).replace(/\s+/g, ' ');
    check('controls: GHK equation shows the new ratio', ghk.includes('0.4'), ghk);
    await typeInto(page, '#pna-input', '0.04');
    await sleep(700);
    const v2 = await readNumber(page, 'v-readout');
    const ek = await readNumber(page, 'ek-readout');
    check(
      'controls: lowering it again moves V back toward E_K',
      v2 < v1 - 20 && Math.abs(v2 - ek) < Math.abs(v1 - ek),
      `${v1.toFixed(2)} → ${v2.toFixed(2)} mV, E_K ${ek.toFixed(1)} mV`,
    );
  });

  await attempt('controls: equations in MathML with the live numbers', async () => {
    const info = await page.evaluate(() => {
      const m = document.querySelector('#nernst-k math');
      const frac = document.querySelector('#nernst-k mfrac');
      return {
        ns: m && m.namespaceURI,
        fracHeight: frac ? frac.getBoundingClientRect().height : 0,
        text: document.getElementById('nernst-k').textContent.replace(/\s+/g, ' '),
        ek: document.getElementById('ek-readout').textContent.trim(),
        why: document.getElementById('ghk-why').textContent,
        ghk: document.getElementById('ghk-v').textContent,
        vm: document.getElementById('eq-vm').textContent,
      };
    });
    check('controls: equations are MathML', info.ns === 'http://www.w3.org/1998/Math/MathML', info.ns);
    check('controls: fractions are typeset (stacked)', info.fracHeight > 20, `${info.fracHeight}px`);
    check(
      'controls: E_K equation has K_o, K_i and the readout\'s value',
      info.text.includes('5') && info.text.includes('140') && info.text.includes(info.ek),
      `${info.text} | ${info.ek}`,
    );
    check(
      'controls: GHK shown beside V_m with a reason',
      info.ghk.endsWith('mV') && info.vm.endsWith('mV') && info.why.includes('pump'),
      `${info.ghk}, ${info.vm}: ${info.why}`,
    );
  });

  await attempt('controls: blocking the pump', async () => {
    await load(page, `${base}?preset=neuron`);
    await page.click('#play'); // pause
    const v0 = await readNumber(page, 'v-readout');
    const t0 = await readNumber(page, 't-readout');
    check('controls: neuron at rest before the block', Math.abs(v0 - NEURON_V_MV) < 0.1, `${v0}`);
    await typeInto(page, '#block-input', '100');
    await sleep(100);
    check('controls: ouabain box follows the 100 % block', await page.isChecked('#ouabain'));
    const pump = (await page.textContent('#pump-rate')).trim();
    check('controls: pump rate reads 0 with every pump blocked', pump.startsWith('Pump: 0 cycles/s'), pump);
    // At 1× each Step is 1/60 s of model time: six steps ≈ 0.1 s.
    for (let i = 0; i < 6; i += 1) await page.click('#step');
    const t1 = await readNumber(page, 't-readout');
    const v1 = await readNumber(page, 'v-readout');
    check('controls: Step advances model time while paused', Math.abs(t1 - t0 - 0.1) < 1e-6, `${t0} → ${t1} s`);
    check(
      'controls: losing the pump current depolarises by about 4 mV at once (model: −69.86 mV)',
      Math.abs(v1 - OUABAIN_100MS_V_MV) < 0.3,
      `${v0.toFixed(2)} → ${v1.toFixed(2)} mV`,
    );
    await page.selectOption('#speed', { label: '10 h/s' });
    for (let i = 0; i < 12; i += 1) await page.click('#step');
    const t2 = await readNumber(page, 't-readout');
    const v2 = await readNumber(page, 'v-readout');
    check('controls: 12 steps at 10 h/s are 2 h', Math.abs(t2 - t1 - 7200) < 1e-3, `${t1} → ${t2} s`);
    check(
      'controls: after 2 h without the pump V matches the model (−35.23 mV)',
      Math.abs(v2 - OUABAIN_2H_V_MV) < 0.5,
      `${v2.toFixed(2)} mV`,
    );
    const moved = (await page.textContent('#moved-k')).trim();
    check('controls: K⁺ moved is counted and compared with the content', /K⁺ moved: .* out = .* % of the cell's K⁺/.test(moved), moved);
    await page.screenshot({ path: path.join(SHOTS, 'controls-ouabain-1280x800.png'), fullPage: true });
  });

  await attempt('controls: typed −5 mM is refused', async () => {
    await load(page, `${base}?preset=neuron`);
    await page.click('#play');
    await page.click('#group-inside > summary');
    const v0 = await readNumber(page, 'v-readout');
    await typeInto(page, '#nai-input', '-5');
    await sleep(100);
    const visible = await page.isVisible('#nai-error');
    const msg = visible ? (await page.textContent('#nai-error')).trim() : '';
    check('controls: message beside the Na⁺ inside control', visible, msg);
    check('controls: message names Na⁺ inside (not its key Na_i), −5 and the range', msg.includes('Na⁺ inside') && !msg.includes('Na_i') && msg.includes('-5') && msg.includes('1000 mM'), msg);
    const v1 = await readNumber(page, 'v-readout');
    const nai = (await page.textContent('#cin-na')).trim();
    check('controls: model unchanged', v1 === v0 && nai === '15', `${v0} → ${v1}, Na_i ${nai}`);
    await page.setViewportSize({ width: 390, height: 844 });
    await sleep(300);
    const box = await page.$('#nai-error');
    await box.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'controls-error-390x844.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    await typeInto(page, '#nai-input', '30');
    await sleep(100);
    check('controls: a good value clears the message', await page.isHidden('#nai-error'));
    const nai2 = (await page.textContent('#cin-na')).trim();
    check('controls: Na⁺ inside = 30 shows in the ion table', nai2 === '30', nai2);
  });

  await attempt('controls: reduced motion', async () => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await load(page, `${base}?preset=neuron`);
    const t0 = await readNumber(page, 't-readout');
    await sleep(500);
    const t1 = await readNumber(page, 't-readout');
    check('controls: the loop keeps running with reduced motion', t1 > t0, `${t0} → ${t1} s`);
    const dur = await page.$eval('#play', (b) => getComputedStyle(b).transitionDuration);
    check('controls: no transitions with reduced motion', dur === '0s', dur);
    await page.emulateMedia({ reducedMotion: 'no-preference' });
  });

  await attempt('controls: screenshots', async () => {
    await load(page, `${base}?preset=neuron`);
    await sleep(800);
    await page.screenshot({ path: path.join(SHOTS, 'controls-1280x800.png') });
    await page.screenshot({ path: path.join(SHOTS, 'controls-1280x800-full.png'), fullPage: true });
    for (const id of ['param-controls', 'ion-readouts', 'equations']) {
      await page.locator(`#${id}`).screenshot({ path: path.join(SHOTS, `controls-${id}-1280.png`) });
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await sleep(500);
    await page.screenshot({ path: path.join(SHOTS, 'controls-390x844.png') });
    // On a phone each panel is under its tab.
    for (const [id, tab] of [['param-controls', 'params'], ['ion-readouts', 'ions'], ['equations', 'equations']]) {
      await page.click(`#tab-${tab}`);
      await page.locator(`#${id}`).screenshot({ path: path.join(SHOTS, `controls-${id}-390.png`) });
    }
    await page.screenshot({ path: path.join(SHOTS, 'controls-390x844-full.png'), fullPage: true });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
    );
    check('controls: no horizontal scrolling at 390 px', !overflow);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  check('controls: no console errors', errors.length === 0, errors.join(' | '));
}
