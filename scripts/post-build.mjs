// Trunk's one post_build hook (Trunk.toml): Trunk runs hooks of a stage at
// the same time, so the steps that depend on each other run here, in order:
//
//   1. write the lessons' texts next to the page (`rpl-lesson-texts`, from
//      crates/rpl-text: the page fetches them when a lesson first opens);
//   2. version the service worker over every built file, that one included
//      (scripts/sw-version.mjs).
//
// Both work on Trunk's staging folder (TRUNK_STAGING_DIR), or on the folder
// given: `node scripts/post-build.mjs dist`.

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist');
try {
  execFileSync(
    'cargo',
    ['run', '--quiet', '--offline', '-p', 'rpl-text', '--bin', 'rpl-lesson-texts', '--', dir],
    { cwd: path.join(here, '..'), stdio: 'inherit' },
  );
  execFileSync(process.execPath, [path.join(here, 'sw-version.mjs'), dir], { stdio: 'inherit' });
} catch (e) {
  console.error(`post-build: ${e.message}`);
  process.exit(1);
}
