// Versions the service worker by the build: writes into the built sw.js
//   const VERSION = '<first 16 hex digits of a SHA-256 over every built file>';
//   const FILES = [<every built file but sw.js, relative to it>];
// so that a new build gives a new sw.js (the browser installs it), a cache of
// its own, and the list of files to keep for offline use.
//
// Trunk runs it after every build, on its staging folder (a post_build hook in
// Trunk.toml, which sets TRUNK_STAGING_DIR). By hand, on a built folder:
//
//   node scripts/sw-version.mjs dist
//
// Running it again on the same files gives the same sw.js. It fails (exit 1)
// when sw.js or its two lines are missing, so a build cannot ship an
// unversioned service worker.

import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const SW = 'sw.js';
const VERSION_LINE = /^const VERSION = .*;$/m;
const FILES_LINE = /^const FILES = .*;$/m;

/** Every file under `dir` but hidden ones, as sorted '/'-separated paths relative to it. */
async function listFiles(dir, rel = '') {
  const out = [];
  for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const name = rel ? `${rel}/${entry.name}` : entry.name;
    // Hidden files (Trunk's .trunk-lock, .stage) are not part of the site.
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, name)));
    else if (entry.isFile()) out.push(name);
  }
  return out.sort();
}

async function main() {
  const dir = path.resolve(process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist');
  const swPath = path.join(dir, SW);
  let sw;
  try {
    sw = await readFile(swPath, 'utf8');
  } catch (e) {
    throw new Error(`${swPath} is missing (${e.code ?? e.message}): is www/sw.js copied into the build?`);
  }
  if (!VERSION_LINE.test(sw) || !FILES_LINE.test(sw)) {
    throw new Error(`${swPath} lacks the lines "const VERSION = …;" and "const FILES = …;" to write`);
  }
  const files = (await listFiles(dir)).filter((f) => f !== SW);
  const hash = createHash('sha256');
  for (const f of files) {
    hash.update(`${f}\0`);
    hash.update(await readFile(path.join(dir, f)));
    hash.update('\0');
  }
  // The worker's own code counts too (without the two written lines).
  hash.update(sw.replace(VERSION_LINE, '').replace(FILES_LINE, ''));
  const version = hash.digest('hex').slice(0, 16);
  const out = sw
    .replace(VERSION_LINE, `const VERSION = '${version}';`)
    .replace(FILES_LINE, `const FILES = ${JSON.stringify(files)};`);
  await writeFile(swPath, out);
  console.log(`sw-version: ${SW} version ${version}, ${files.length} files`);
}

main().catch((e) => {
  console.error(`sw-version: ${e.message}`);
  process.exit(1);
});
