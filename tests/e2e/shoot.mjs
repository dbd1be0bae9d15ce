// Screenshots for looking at the page by eye (not a test): node tests/e2e/shoot.mjs OUTDIR [query...]
// Each query is shot at 1280×800 and 390×844 (first screen only).
import path from 'node:path';
import { serveDist, pageUrl, launch } from './lib.mjs';

const [out = 'shots', ...queries] = process.argv.slice(2);
const server = await serveDist();
const browser = await launch();
try {
  for (const q of queries.length ? queries : ['']) {
    for (const [w, h] of [[1280, 800], [390, 844]]) {
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      await page.goto(pageUrl(server, q), { waitUntil: 'load' });
      await page.waitForSelector('#v-readout[data-value]', { timeout: 20000 });
      await page.waitForTimeout(600);
      const name = `${q.replace(/[^a-z0-9]+/gi, '_') || 'default'}-${w}.png`;
      await page.screenshot({ path: path.join(out, name) });
      console.log(path.join(out, name));
      await page.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
