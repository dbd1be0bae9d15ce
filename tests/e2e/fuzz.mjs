// End-to-end fuzzing of the page's links. Called from run.mjs as
// `await fuzzTests(browser, check)`; it can also run alone:
//
//   node tests/e2e/fuzz.mjs [LINKS] [SEED]
//
// It opens LINKS (default 300, or RPL_FUZZ_LINKS) links made by a seeded
// generator (seed RPL_FUZZ_SEED, default below, so a run is reproducible)
// against the built page, served by lib.mjs's serveDist. A link mixes model
// keys with extreme values (±1e308, ±0, NaN, Infinity, 1e-320, hundreds of
// digits), HTML and script payloads, values of 100 KB, repeated and unknown
// keys, malformed `then=` change lists, and the page's keys (`lang`, `lesson`,
// `embed`, `speed`, `time`, `parent_origin`, `panels`, `t`).
//
// A link fails on: a panic (a console message with "panicked", or the page's
// #error-banner shown), an uncaught page error, a page that does not start
// (no model time readout within 8 s) or does not answer (no animation frame within 2 s),
// "NaN" or "Infinity" in the page's visible text outside the notices (#notice,
// #lesson-notice, which echo what the link said), injected markup that was
// parsed (an element carrying the payloads' `data-fz` attribute, a global the
// payloads set, a dialog, a Content-Security-Policy violation), or any request
// to an origin other than the page's own.
//
// Links run in a few pages at once (one browser context, FUZZ_PAGES pages
// navigating in turn); the served files may be cached by the browser, so a
// navigation costs little more than starting the wasm. A link that misses a
// time limit is tried once more at the end, alone on a new page, and fails if
// it misses again or shows any problem: on a shared, loaded machine a frame
// can miss 2 s now and then, while a real hang misses every time. A planted
// problem (an element, a global, "NaN", a foreign fetch and navigation) checks the checks first.

import { fileURLToPath } from 'node:url';
import { BASE_PATH, attempter, launch, serveDist } from './lib.mjs';

const DEFAULT_LINKS = 300;
const DEFAULT_SEED = 20261201;
/** Pages navigating at once. */
const FUZZ_PAGES = 3;
/** A page must draw a frame within this after it has started, ms. */
const HANG_MS = 2000;
/** And start (show its V readout) within this, ms. */
const START_MS = 8000;

// ---------------------------------------------------------------- generator

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Model keys (`rpl keys`) with a value inside their range. */
const MODEL_KEYS = {
  Na_i: '12', K_i: '140', Cl_i: '10', Ca_i: '1e-4', Na_o: '145', K_o: '5', Cl_o: '110', Ca_o: '2',
  P_K: '1e-6', P_Na: '4e-8', P_Cl: '4.5e-7', P_Ca: '1e-9', P_Na_rel: '0.04', P_Cl_rel: '0.45',
  P_Ca_rel: '0.001', T: '37', z_A: '-1', pump: '1', ouabain: '0.5', pump_max: '2', pump_K_Na: '10',
  pump_K_K: '1.5', volume: 'swelling', diameter: '20', C_m: '1', V0: '-70', start: 'given', I_inj: '1',
  duration: '10',
};
const PRESETS = ['neuron', 'squid-axon', 'hyperkalaemia', 'k-only', 'astrocyte', 'frog-heart', ''];
const LESSONS = ['battery', 'k-only', 'astrocyte', 'ghk', 'pump-leak', 'ouabain', 'steady-state', 'reversal',
  'applications', 'excitability', 'synapse', 'pump-train', 'nosuch', ''];
const LANGS = ['en', 'zh', 'zh-CN', 'zh-Hans', 'en-GB', 'fr', 'EN', ''];

/** Values for any key: extremes, number spellings a parser may trip on, words. */
const EXTREMES = [
  '1e308', '-1e308', '1.7976931348623157e308', '1e309', '-1e999', '0', '-0', '+0', '0.0', '-0.0',
  'NaN', 'nan', '-NaN', 'Infinity', '-Infinity', 'inf', '-inf', '∞', '1e-320', '4.9e-324', '-1e-320',
  '2.2250738585072014e-308', '1e-7', '1e7', '0x10', '0b1', '1_000', '1,5', '1.5.5', '--5', '+-5', '.',
  '-', 'e', '1e', 'e5', '5.', '.5', ' 5 ', '\t5', '١٢', '５', '1e+308', '9007199254740993',
  'true', 'false', 'null', 'undefined', 'on', 'off', 'rigid', 'swelling', 'steady', 'given', '', ' ',
];

/** Payloads. Each element carries data-fz, each script sets window.__fz. */
const PAYLOADS = [
  '<img src=x data-fz onerror="window.__fz=1">',
  '"><script data-fz>window.__fz=1</script>',
  "'><script data-fz>window.__fz=1</script>",
  'javascript:window.__fz=1',
  'javascript:alert(1)',
  '<svg data-fz onload="window.__fz=1">',
  '<iframe data-fz src="http://evil.example/"></iframe>',
  '<a data-fz href="javascript:window.__fz=1">x</a>',
  '<img data-fz src="http://evil.example/x.png">',
  '<link data-fz rel="stylesheet" href="http://evil.example/s.css">',
  '<meta data-fz http-equiv="refresh" content="0;url=http://evil.example/">',
  '<style data-fz>body{background:url(http://evil.example/b.png)}</style>',
  '<b data-fz>bold</b>',
  '</p><p data-fz>',
  '{{7*7}}${7*7}<%= 7*7 %>',
  '%3Cimg%20src%3Dx%20data-fz%20onerror%3Dwindow.__fz%3D1%3E',
  '&lt;b data-fz&gt;',
  '\u202e<b data-fz>rtl</b>',
  '\u0000<b data-fz>nul</b>',
  'http://evil.example/',
  '//evil.example/x',
];

/** Malformed and edge `then=` lists. */
const THEN_LISTS = [
  'K_o:8@600', 'ouabain:1@0,K_o:8@600', 'steady@0', 'steady@-1', 'K_o:8@', 'K_o:@5', ':@', '@@@', ':::',
  'K_o8600', 'K_o:NaN@1', 'K_o:8@NaN', 'ouabain:1@1e308', 'ouabain:1@-1e308', 'ouabain:1@1e-320',
  'volume:swelling@5', 'volume:cube@5', 'pump:maybe@1', 'nosuch:1@1', 'K_o:8@600,', ',,,,', 'K_o:8@600,,K_o:9@1',
  'K_o:1e308@1', 'diameter:2000@1,diameter:1@2', 'C_m:0.1@0,z_A:-5@1', 'T:50@0,T:0@1', 'start:given@0',
  'K_o:8@600@700', 'K_o:8:9@600', 'then=K_o:8@1', 'K_o=8@1', 'steady:1@0', 'STEADY@0',
];

/** A then= list of `n` items, some bad. */
function longThen(rand, n) {
  const keys = Object.keys(MODEL_KEYS);
  const items = [];
  for (let i = 0; i < n; i += 1) {
    const k = keys[Math.floor(rand() * keys.length)];
    const v = rand() < 0.7 ? MODEL_KEYS[k] : EXTREMES[Math.floor(rand() * EXTREMES.length)];
    items.push(`${k}:${v}@${Math.floor(rand() * 1e5)}`);
  }
  return items.join(',');
}

function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

/** About 100 KB of something. */
function huge(rand) {
  const unit = pick(rand, ['9', '1', 'a', '<b data-fz>x</b>', 'é', '%', '1e308,', 'K_o:8@1,', '&']);
  return unit.repeat(Math.ceil(100_000 / unit.length));
}

/** A value for a key. */
function value(rand, key) {
  const r = rand();
  if (r < 0.35) return pick(rand, EXTREMES);
  if (r < 0.55) return pick(rand, PAYLOADS);
  if (r < 0.62) return '9'.repeat(20 + Math.floor(rand() * 600)) + (rand() < 0.5 ? '' : `.${'9'.repeat(300)}`);
  if (r < 0.65) return `0.${'0'.repeat(350)}1`;
  if (r < 0.68) return huge(rand);
  if (r < 0.9 && Object.hasOwn(MODEL_KEYS, key)) return MODEL_KEYS[key];
  return String((rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20));
}

/** One key=value pair, encoded (or, sometimes, raw so the browser and the page's parser meet it as typed). */
function pair(rand, key, val) {
  const raw = rand() < 0.15;
  const enc = (s) => (raw ? s.replace(/[#&]/g, encodeURIComponent) : encodeURIComponent(s));
  return `${enc(key)}=${enc(val)}`;
}

/** A generated query (without `?`). */
function makeQuery(rand) {
  const pairs = [];
  const n = 1 + Math.floor(rand() * 6);
  const modelKeys = Object.keys(MODEL_KEYS);
  for (let i = 0; i < n; i += 1) {
    const r = rand();
    if (r < 0.4) {
      const k = pick(rand, modelKeys);
      pairs.push(pair(rand, k, value(rand, k)));
    } else if (r < 0.48) {
      pairs.push(pair(rand, 'preset', rand() < 0.7 ? pick(rand, PRESETS) : value(rand, 'preset')));
    } else if (r < 0.58) {
      const t = rand();
      const list = t < 0.6 ? pick(rand, THEN_LISTS)
        : t < 0.75 ? longThen(rand, 1 + Math.floor(rand() * 20))
          : t < 0.85 ? longThen(rand, 1001 + Math.floor(rand() * 50))
            : `K_o:${value(rand, 'K_o')}@${pick(rand, EXTREMES)}`;
      pairs.push(pair(rand, 'then', list));
    } else if (r < 0.64) {
      pairs.push(pair(rand, 't', rand() < 0.5 ? pick(rand, ['0', '1', '600', '7200', '1e7', '10000000.5', '1e8', '-1']) : value(rand, 't')));
    } else if (r < 0.68) {
      pairs.push(pair(rand, 'time', pick(rand, ['log', 'linear', 'LOG', '', ...PAYLOADS])));
    } else if (r < 0.72) {
      pairs.push(pair(rand, 'lang', rand() < 0.7 ? pick(rand, LANGS) : value(rand, 'lang')));
    } else if (r < 0.77) {
      pairs.push(pair(rand, 'lesson', rand() < 0.7 ? pick(rand, LESSONS) : value(rand, 'lesson')));
    } else if (r < 0.8) {
      pairs.push(pair(rand, 'embed', pick(rand, ['1', '0', '', 'yes', ...PAYLOADS])));
    } else if (r < 0.83) {
      pairs.push(pair(rand, 'speed', rand() < 0.5 ? pick(rand, ['0.001', '36000', '1', '3600', '0', '1e308']) : value(rand, 'speed')));
    } else if (r < 0.85) {
      pairs.push(pair(rand, 'parent_origin', pick(rand, ['http://evil.example', 'https://example.org:8443', 'null', '*', 'javascript:alert(1)', ...PAYLOADS])));
    } else if (r < 0.88) {
      pairs.push(pair(rand, 'panels', pick(rand, ['none', 'membrane', 'voltage,clamp', 'membrane,membrane', 'bogus', '', ...PAYLOADS])));
    } else if (r < 0.92) {
      // Repeated key.
      const k = pick(rand, modelKeys);
      for (let j = 0; j < 2 + Math.floor(rand() * 3); j += 1) pairs.push(pair(rand, k, value(rand, k)));
    } else if (r < 0.97) {
      // Unknown key: near misses, prototype names, payloads as names, no '=' at all, empty name.
      const k = pick(rand, ['k_o', 'K_O', 'Ko', 'foo', '__proto__', 'constructor', 'toString', 'hasOwnProperty',
        '', ' ', 'K_o ', '%', ...PAYLOADS]);
      pairs.push(rand() < 0.2 ? encodeURIComponent(k) : pair(rand, k, value(rand, k)));
    } else {
      // Broken percent escapes and separators.
      pairs.push(pick(rand, ['K_o=%', 'K_o=%E0%A4%A', 'K_o=%ZZ', '%=%', '&&&', '=', '==', 'K_o==5', 'K_o=5=6', ';K_o=5', 'K_o=%00']));
    }
  }
  return pairs.join('&');
}

/** The generated links: a few fixed ones first (each kind once), then random ones. */
export function generateQueries(count, seed = DEFAULT_SEED) {
  const rand = prng(seed);
  const fixed = [
    'K_o=1e308', 'K_o=-1e308', 'K_o=0', 'K_o=-0', 'K_o=NaN', 'K_o=Infinity', 'K_o=1e-320',
    `K_o=${'9'.repeat(400)}`, `K_o=${encodeURIComponent('<img src=x data-fz onerror="window.__fz=1">')}`,
    `preset=${encodeURIComponent('"><script data-fz>window.__fz=1</script>')}`,
    `lesson=${encodeURIComponent('javascript:window.__fz=1')}`, `lang=${'a'.repeat(100_000)}`,
    'K_o=5&K_o=NaN&K_o=7', 'then=K_o:8@', `then=${longThen(prng(seed + 1), 1200)}`,
    'then=ouabain:1@0&t=1e7', 'then=ouabain:1@0&t=1e308', 'time=log&t=-1', 'embed=1&lang=zh&lesson=ghk',
    'parent_origin=http://evil.example&embed=1', 'V0=1e308&start=given', 'diameter=2000&C_m=10&t=1e7&then=ouabain:1@0',
  ];
  const out = fixed.slice(0, count);
  while (out.length < count) out.push(makeQuery(rand));
  return out;
}

// ---------------------------------------------------------------- checks

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolve `p`, or reject with `what` after `ms`. */
function within(p, ms, what) {
  let timer;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(what)), ms);
    }),
  ]);
}

/** Everything that can be wrong with the page as it is now, as a list of strings. */
async function inspect(page, frames = 1) {
  await within(
    page.evaluate((n) => new Promise((r) => {
      const next = () => (n-- > 0 ? requestAnimationFrame(next) : r(true));
      next();
    }), frames),
    HANG_MS * frames,
    `no animation frame within ${HANG_MS} ms`,
  );
  const found = await within(
    page.evaluate(() => {
      const problems = [];
      const banner = document.getElementById('error-banner');
      if (banner && !banner.hidden) problems.push(`error banner: ${banner.textContent.slice(0, 200)}`);
      const injected = document.querySelectorAll('[data-fz]');
      if (injected.length > 0) problems.push(`injected markup parsed: <${injected[0].tagName.toLowerCase()} data-fz>`);
      if (window.__fz !== undefined) problems.push('a payload ran (window.__fz set)');
      if (window.__fzViolations && window.__fzViolations.length > 0) {
        problems.push(`CSP violation: ${window.__fzViolations.join(', ').slice(0, 200)}`);
      }
      // Visible text (innerText leaves out what is hidden) outside the notices.
      let text = document.body.innerText;
      for (const sel of ['#notice', '#lesson-notice']) {
        const t = document.querySelector(sel)?.innerText;
        if (t) text = text.split(t).join(' ');
      }
      const m = text.match(/.{0,40}\b(NaN|-?Infinity)\b.{0,40}/s);
      if (m) problems.push(`"${m[1]}" in the page: …${m[0].replace(/\s+/g, ' ')}…`);
      const t = document.getElementById('t-readout')?.dataset.value;
      if (!t || !Number.isFinite(Number(t))) problems.push(`model time readout not a number: ${JSON.stringify(t)}`);
      return problems;
    }),
    HANG_MS,
    `page did not answer within ${HANG_MS} ms`,
  );
  return found;
}

/**
 * Open `count` generated links in `browser` and report through `check`:
 * one check for the whole run (links tried, failed, time), one FAIL line per
 * failing link (the first 20), and the figures in `result` for the caller.
 */
export async function fuzzTests(browser, check, {
  count = Number(process.env.RPL_FUZZ_LINKS ?? DEFAULT_LINKS),
  seed = Number(process.env.RPL_FUZZ_SEED ?? DEFAULT_SEED),
} = {}) {
  const attempt = attempter(check);
  // Long links: Node's default limit on a request's headers is 16 KB.
  const server = await serveDist({ cacheControl: 'max-age=600', maxHeaderSize: 1 << 20 });
  const origin = `http://127.0.0.1:${server.address().port}`;
  const app = `${origin}${BASE_PATH}`;
  const queries = generateQueries(count, seed);
  const failures = [];
  const started = Date.now();
  // The offline worker is left out (tests/e2e/sw.mjs tests it): each navigation would ask for sw.js again.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  await context.addInitScript(() => {
    window.__fzViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__fzViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  // One page with its listeners; `cur.problems` collects what they see for the link being opened.
  const openPage = async () => {
    const page = await context.newPage();
    const cur = { problems: null };
    const note = (what) => cur.problems && cur.problems.push(what);
    page.on('console', (m) => {
      if (m.type() === 'error' || /panicked/.test(m.text())) note(`console ${m.type()}: ${m.text().slice(0, 200)}`);
    });
    page.on('pageerror', (e) => note(`page error: ${e.message.slice(0, 200)}`));
    page.on('dialog', (d) => {
      note(`dialog (${d.type()}): ${d.message().slice(0, 100)}`);
      d.dismiss().catch(() => {});
    });
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(`${origin}/`) && !/^(data|blob|about):/.test(u)) note(`request to a foreign origin: ${u.slice(0, 200)}`);
    });
    return { page, cur };
  };
  /** Open one link in `tab`; its problems, and whether a time limit was missed (the tab is then spoilt). */
  const tryLink = async (tab, query, extra = null) => {
    tab.cur.problems = [];
    let timedOut = false;
    try {
      await tab.page.goto(`${app}?${query}`, { waitUntil: 'load', timeout: START_MS });
      await tab.page.waitForSelector('#t-readout[data-value]', { timeout: START_MS });
      tab.cur.problems.push(...(await inspect(tab.page)));
      if (extra) await extra(tab.page);
      // Three frames later (a replay under way, a lesson, the language applied): again.
      tab.cur.problems.push(...(await inspect(tab.page, 3)));
    } catch (e) {
      timedOut = true;
      tab.cur.problems.push(`threw: ${(e && e.message ? e.message : String(e)).split('\n')[0]}`);
    }
    const problems = tab.cur.problems;
    tab.cur.problems = null;
    return { problems, timedOut };
  };
  let retried = 0;
  try {
    await attempt('fuzz: the checks catch a planted problem', async () => {
      const tab = await openPage();
      const { problems } = await tryLink(tab, 'K_o=8', async (page) => {
        await page.evaluate(() => {
          const b = document.createElement('b');
          b.setAttribute('data-fz', '');
          b.textContent = 'V = NaN mV';
          document.querySelector('main, body').append(b);
          window.__fz = 1;
          fetch('http://evil.example/planted').catch(() => {});
        });
      });
      const seen = problems.join(' | ');
      check(
        'fuzz: a planted element, global, "NaN" and foreign fetch are all reported',
        ['injected markup', 'window.__fz', '"NaN"', 'evil.example/planted'].every((w) => seen.includes(w)),
        seen,
      );
      // A navigation to another origin is not the CSP's to block: the request listener sees it.
      tab.cur.problems = [];
      await tab.page.evaluate(() => {
        window.location.href = 'http://evil.example/navigated';
      });
      await sleep(500);
      const nav = tab.cur.problems.join(' | ');
      tab.cur.problems = null;
      check('fuzz: a planted navigation to another origin is reported', nav.includes('evil.example/navigated'), nav);
      await tab.page.close();
    });
    await attempt('fuzz: generated links', async () => {
      let next = 0;
      const late = [];
      const worker = async () => {
        let tab = await openPage();
        while (next < queries.length) {
          const index = next;
          next += 1;
          const { problems, timedOut } = await tryLink(tab, queries[index]);
          if (timedOut) {
            // Tried again alone at the end: on a loaded machine a frame can miss 2 s.
            late.push(index);
            await tab.page.close().catch(() => {});
            tab = await openPage();
          } else if (problems.length > 0) {
            failures.push({ index, query: queries[index], problems });
          }
        }
        await tab.page.close();
      };
      await Promise.all(Array.from({ length: FUZZ_PAGES }, () => worker()));
      retried = late.length;
      for (const index of late) {
        const tab = await openPage();
        const { problems } = await tryLink(tab, queries[index]);
        if (problems.length > 0) failures.push({ index, query: queries[index], problems: ['(twice)', ...problems] });
        await tab.page.close().catch(() => {});
      }
    });
  } finally {
    await context.close();
    server.close();
  }
  const seconds = (Date.now() - started) / 1000;
  failures.sort((a, b) => a.index - b.index);
  for (const f of failures.slice(0, 20)) {
    const shown = f.query.length > 300 ? `${f.query.slice(0, 300)}… (${f.query.length} characters)` : f.query;
    check(`fuzz: link ${f.index} ?${shown}`, false, f.problems.join(' | '));
  }
  const result = { links: queries.length, failed: failures.length, retried, seconds, seed };
  check(
    `fuzz: ${result.links} generated links (seed ${seed}) open without panic, hang, NaN/Infinity, injected markup or foreign request`,
    failures.length === 0,
    `${result.links} tried, ${result.failed} failed, ${seconds.toFixed(1)} s, ${FUZZ_PAGES} pages at once` +
      `, ${retried} tried again alone after missing a time limit`,
  );
  return result;
}

// ---------------------------------------------------------------- alone

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let passed = 0;
  let failed = 0;
  const check = (name, ok, detail = '') => {
    if (ok) passed += 1;
    else failed += 1;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
    return ok;
  };
  const browser = await launch();
  try {
    const count = process.argv[2] ? Number(process.argv[2]) : undefined;
    const seed = process.argv[3] ? Number(process.argv[3]) : undefined;
    await fuzzTests(browser, check, { ...(count ? { count } : {}), ...(seed ? { seed } : {}) });
  } finally {
    await browser.close();
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
