// Loads and starts the WebAssembly app. It lives in its own file so that the
// page has no inline script: a strict Content-Security-Policy can allow scripts
// from 'self' (plus 'wasm-unsafe-eval' for WebAssembly) and nothing else.
// Trunk writes the hashed names of the generated files into this script's tag
// (see pattern_script in Trunk.toml); they are relative to the page, so the
// site works from any sub-path.
const tag = document.querySelector('script[data-rpl-js][data-rpl-wasm]');

// Offline use: a service worker (sw.js, beside this file) keeps the page's own
// files once it has loaded. Its scope is the page's folder, whatever the sub-path.
// Each build writes its version into sw.js. On every visit the page asks the
// server for sw.js (never from the HTTP cache: 'none'), so a new build's worker
// installs at once, replaces the cached files and deletes the old ones.
if ('serviceWorker' in navigator && window.isSecureContext) {
  const warn = (e) => console.warn('Offline use is not available or not updated:', e && e.message ? e.message : e);
  const controlled = Boolean(navigator.serviceWorker.controller);
  const registered = navigator.serviceWorker.register(new URL('sw.js', document.baseURI).href, {
    scope: './',
    updateViaCache: 'none',
  });
  registered.catch(warn);
  if (controlled) {
    // A page a worker served: ask for a new build's worker now (the browser's
    // own check after a navigation may come later).
    registered.then((reg) => reg.update()).catch(warn);
  }
}

// The page's wasm holds no interface texts: they are two files, one a
// language (crates/rpl-text, `lazy::EN_FILE` and `lazy::ZH_FILE`), whose
// names the build writes here (scripts/post-build.mjs). The loader fetches
// the one of the language the page will be read in at once, beside the wasm,
// and hands its text to the app before it starts, so the first frame is
// already in that language. (The app decides the language; this guess
// follows its rule, and if it is wrong, or the fetch fails, the app fetches
// the file itself.)
const TEXTS = { en: '', zh: '' };

/** Whether the app will choose Chinese: `?lang=`, else the browser's first zh or en. */
function readsChinese() {
  const primary = (tag) => String(tag || '').trim().toLowerCase().split(/[-_]/)[0];
  const asked = primary(new URLSearchParams(window.location.search).get('lang'));
  if (asked === 'zh' || asked === 'en') return asked === 'zh';
  const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  for (const l of langs) {
    const p = primary(l);
    if (p === 'zh' || p === 'en') return p === 'zh';
  }
  return false;
}

try {
  if (!tag) {
    throw new Error('the loader tag (data-rpl-js, data-rpl-wasm) is missing from the page');
  }
  const js = new URL(tag.dataset.rplJs, document.baseURI).href;
  const wasm = new URL(tag.dataset.rplWasm, document.baseURI).href;
  const wasmResponse = fetch(wasm);
  const textsFile = TEXTS[readsChinese() ? 'zh' : 'en'];
  const texts = textsFile
    ? fetch(new URL(textsFile, document.baseURI).href)
      .then((r) => (r.ok ? r.text() : null))
      .catch(() => null)
    : null;
  const mod = await import(js);
  // Read by the app's start (crates/rpl-web/src/lib.rs) before it mounts.
  window.rplTexts = await texts;
  await mod.default({ module_or_path: wasmResponse });
  // For scripts/bench.sh: frame timings and the in-wasm run-down benchmark.
  window.rplPerf = { frameTimes: mod.rplFrameTimes, benchRundown: mod.rplBenchRundown, benchSweep: mod.rplBenchSweep, benchTrain: mod.rplBenchTrain };
} catch (e) {
  // The app reports its own start-up errors in the banner; say something if it could not.
  const banner = document.getElementById('error-banner');
  if (banner && banner.hidden) {
    banner.textContent =
      'The simulator could not load. It needs a browser with WebAssembly (any current browser). ' +
      `Details: ${e && e.message ? e.message : e}`;
    banner.hidden = false;
  }
  throw e;
}
