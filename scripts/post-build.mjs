// Trunk's one post_build hook (Trunk.toml): Trunk runs hooks of a stage at
// the same time, so the steps that depend on each other run here, in order:
//
//   1. write the lessons' texts and the interface texts, English and
//      Chinese, next to the page (`rpl-lesson-texts`, from crates/rpl-text:
//      the page fetches the first when a lesson first opens, the interface
//      texts of its language as it loads, the other when the reader switches);
//   2. write the two interface texts' file names into boot.js's
//      `const TEXTS` line, so that the loader fetches one beside the wasm;
//   3. minify the two scripts Trunk copies as they are (boot.js, sw.js;
//      Trunk minifies the rest) with terser: they are read in www/, and in
//      the page their comments, white space and long names were half of
//      their download. sw.js keeps its `const VERSION` and `const FILES`
//      lines as they are, each on a line of its own, for step 5;
//   4. rename the wasm's imports from its JS glue, and its exports named
//      with a hash, to short names in both files (scripts/short-imports.mjs:
//      wasm-bindgen's hashed names were about 6.5 KB of the gzipped first
//      load), with index.html's integrity hashes of the two;
//   5. version the service worker over every built file, those included
//      (scripts/sw-version.mjs).
//
// Both work on Trunk's staging folder (TRUNK_STAGING_DIR), or on the folder
// given: `node scripts/post-build.mjs dist`.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shortImports } from './short-imports.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist');
try {
  execFileSync(
    'cargo',
    ['run', '--quiet', '--offline', '-p', 'rpl-text', '--bin', 'rpl-lesson-texts', '--', dir],
    { cwd: path.join(here, '..'), stdio: 'inherit' },
  );
  const names = {};
  for (const lang of ['en', 'zh']) {
    const found = readdirSync(dir).filter((f) => new RegExp(`^${lang}-[0-9a-f]{16}\\.txt$`).test(f));
    if (found.length !== 1) throw new Error(`expected one ${lang}-<digest>.txt in ${dir}, found ${found.length}`);
    [names[lang]] = found;
  }
  const boot = path.join(dir, 'boot.js');
  const line = /^const TEXTS = .*;$/m;
  const js = readFileSync(boot, 'utf8');
  if (!line.test(js)) throw new Error(`${boot} lacks the line "const TEXTS = …;" to write`);
  writeFileSync(boot, js.replace(line, `const TEXTS = { en: '${names.en}', zh: '${names.zh}' };`));
  const terser = path.join(here, '..', 'node_modules', 'terser', 'bin', 'terser');
  const minify = (code, module) =>
    execFileSync(
      process.execPath,
      [terser, '--compress', '--mangle', ...(module ? ['--module'] : [])],
      { input: code, encoding: 'utf8' },
    );
  const bootJs = readFileSync(boot, 'utf8');
  writeFileSync(boot, minify(bootJs, true));
  // The worker is a classic script: its top-level names stay, and its two
  // versioned lines are kept whole above the rest.
  const sw = path.join(dir, 'sw.js');
  const versioned = /^const (VERSION|FILES) = .*;$/;
  const lines = readFileSync(sw, 'utf8').split('\n');
  const head = lines.filter((l) => versioned.test(l));
  if (head.length !== 2) throw new Error(`${sw} lacks its lines "const VERSION = …;" and "const FILES = …;"`);
  const body = lines.filter((l) => !versioned.test(l)).join('\n');
  writeFileSync(sw, `${head.join('\n')}\n${minify(body, false)}`);
  shortImports(dir);
  execFileSync(process.execPath, [path.join(here, 'sw-version.mjs'), dir], { stdio: 'inherit' });
} catch (e) {
  console.error(`post-build: ${e.message}`);
  process.exit(1);
}
