// End-to-end checks of the PNG buttons: each draws its chart afresh, with a
// title and the scenario, even when the chart's panel is closed or hidden.
// Called from run.mjs as `await pngTests(browser, check)`.
//
// In both languages, with every panel but one hidden (and the clamp's
// <details> closed), each PNG button's download is decoded here (node's zlib
// inflates the IDAT data; the scanline filters are undone below) and must be
// a 1200 px wide, fully opaque picture whose middle band (the chart) has many
// pixels that are not the white background, in several colours.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { attempter, pageUrl, serveDist } from './lib.mjs';

const SHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The charts, by canvas id: the panel name that hides it, its height in the file (px). */
const CHARTS = {
  'membrane-view': { panel: 'membrane', chartPx: 630 },
  'v-chart': { panel: 'voltage', chartPx: 600 },
  'currents-chart': { panel: 'currents', chartPx: 540 },
  'conc-chart': { panel: 'concentrations', chartPx: 510 },
  'iv-chart': { panel: 'clamp', chartPx: 600 },
};

/** Decode an 8-bit, non-interlaced RGB or RGBA PNG: { width, height, rgba }. */
export function decodePng(bytes) {
  const sig = [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
  if (sig !== '89504e470d0a1a0a') throw new Error(`not a PNG (${sig})`);
  let pos = 8;
  let width = 0;
  let height = 0;
  let colourType = 0;
  const idat = [];
  while (pos < bytes.length) {
    const len = bytes.readUInt32BE(pos);
    const type = bytes.toString('latin1', pos + 4, pos + 8);
    const data = bytes.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8];
      colourType = data[9];
      if (depth !== 8 || (colourType !== 6 && colourType !== 2) || data[12] !== 0) {
        throw new Error(`unsupported PNG: depth ${depth}, colour type ${colourType}, interlace ${data[12]}`);
      }
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    pos += 12 + len;
  }
  const bpp = colourType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const out = Buffer.alloc(width * height * 4);
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i += 1) {
      const a = i >= bpp ? line[i - bpp] : 0;
      const b = prev[i];
      const c = i >= bpp ? prev[i - bpp] : 0;
      let add = 0;
      if (filter === 1) add = a;
      else if (filter === 2) add = b;
      else if (filter === 3) add = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        add = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[i] = (line[i] + add) & 0xff;
    }
    for (let x = 0; x < width; x += 1) {
      const o = (y * width + x) * 4;
      out[o] = line[x * bpp];
      out[o + 1] = line[x * bpp + 1];
      out[o + 2] = line[x * bpp + 2];
      out[o + 3] = bpp === 4 ? line[x * bpp + 3] : 255;
    }
    prev = line;
  }
  return { width, height, rgba: out };
}

/** Pixel counts of a decoded picture: transparent ones, and in rows y0..y1
 *  those that are not white, with the number of colours covering ≥ 30 pixels. */
export function inkIn({ width, height, rgba }, y0 = 0, y1 = height) {
  let transparent = 0;
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] < 255) transparent += 1;
  let ink = 0;
  const colours = new Map();
  for (let y = Math.max(0, y0); y < Math.min(height, y1); y += 1) {
    for (let x = 0; x < width; x += 1) {
      const o = (y * width + x) * 4;
      const [r, g, b] = [rgba[o], rgba[o + 1], rgba[o + 2]];
      if (r < 245 || g < 245 || b < 245) {
        ink += 1;
        const key = `${r >> 4},${g >> 4},${b >> 4}`;
        colours.set(key, (colours.get(key) ?? 0) + 1);
      }
    }
  }
  return { transparent, ink, colours: [...colours.values()].filter((n) => n >= 30).length };
}

export async function pngTests(browser, check) {
  const attempt = attempter(check);
  const server = await serveDist();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const errors = [];
  try {
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    const digests = {};
    for (const lang of ['en', 'zh']) {
      for (const [id, { panel, chartPx }] of Object.entries(CHARTS)) {
        await attempt(`png: ${id} with its panel closed (${lang})`, async () => {
          // Every panel but one other hidden; the clamp's <details> closed.
          const shown = panel === 'voltage' ? 'membrane' : 'voltage';
          await page.goto(pageUrl(server, `?preset=neuron&K_o=10&T=20&panels=${shown}&lang=${lang}`), { waitUntil: 'load' });
          await page.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
          await sleep(700);
          const closed = await page.evaluate((id) => {
            const c = document.getElementById(id);
            const details = c.closest('details');
            if (details) return !details.open;
            return c.getClientRects().length === 0 || c.clientWidth === 0;
          }, id);
          check(`png: ${id}'s panel is closed (${lang})`, closed);
          const button = `#png-buttons button[data-canvas="${id}"]`;
          const label = (await page.textContent(button)).trim();
          const [dl] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
          const bytes = await readFile(await dl.path());
          const png = decodePng(bytes);
          await writeFile(path.join(SHOTS, `png-${id}-${lang}.png`), bytes);
          const band = inkIn(png, Math.round(png.height * 0.3), Math.round(png.height * 0.7));
          const whole = inkIn(png);
          check(
            `png: ${id} (${lang}) is ${1200} px wide, as tall as its chart with a title and a caption`,
            png.width === 1200 && png.height >= chartPx + 120 && png.height <= chartPx + 400,
            `${label}: ${dl.suggestedFilename()}, ${png.width}×${png.height}, ${bytes.length} bytes`,
          );
          check(
            `png: ${id} (${lang}) is opaque and its chart is drawn`,
            whole.transparent === 0 && band.ink > 4000 && band.colours >= 3,
            `${whole.transparent} transparent; middle band ${band.ink} ink pixels in ${band.colours} colours; whole ${whole.ink}`,
          );
          // The title and caption rows: text in both, different in each language.
          const top = inkIn(png, 0, 60);
          const foot = inkIn(png, png.height - 60, png.height);
          check(`png: ${id} (${lang}) has a title and a caption`, top.ink > 300 && foot.ink > 300, `title ${top.ink}, caption ${foot.ink} ink pixels`);
          let h = 0;
          for (let i = 0; i < png.width * 60 * 4; i += 3) h = (h * 31 + png.rgba[i]) >>> 0;
          (digests[id] ??= []).push(h);
        });
      }
    }
    for (const [id, d] of Object.entries(digests)) {
      check(`png: ${id}'s title differs between English and Chinese`, d.length === 2 && d[0] !== d[1], d.join(' vs '));
    }
    check('png: no console errors', errors.length === 0, errors.join(' | '));
  } finally {
    await context.close();
    server.close();
  }
}
