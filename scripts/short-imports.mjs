// Shorter names for the wasm's imports from its JS glue, and for its exports
// named with a hash.
//
// wasm-bindgen names every function the wasm imports from the glue after the
// JS it calls plus a 16-hex-digit hash (`__wbg_setAttribute_583e2c6ad7d0f1f1`),
// and writes each name twice: in the wasm's import section and as a key of
// the glue's import object. Some 200 such names are about 7 KB raw in each
// file, and their hashes do not compress: renamed to short identifiers
// (`a`, `b`, …, `ba`, …) in both files, the first load is about 6 KB (gzip)
// smaller. The module they are imported from (`./<crate>_bg.js`, written
// before every name in the wasm) becomes `w`, 0.2 KB more. The few exports
// with such a hash (the closures' entry points,
// `wasm_bindgen__convert__closures_____invoke__h385eb893ae84d84b`) become
// `$0`, `$1`, … in the wasm and wherever the glue names them, 0.2 KB more.
// Nothing else changes: the glue calls the same functions, and the wasm
// imports and exports them in the same order.
//
// Run on the built page (scripts/post-build.mjs calls it before the service
// worker is versioned): `node scripts/short-imports.mjs dist`. It works on the
// one `*_bg.wasm` and the glue beside it, and rewrites the two files'
// Subresource Integrity hashes in index.html. It fails the build, and changes
// nothing, if a name it would rename is not in the glue as it expects (an
// import exactly once, as an object key; an export at all).

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Reads an unsigned LEB128 number at `at`: [value, offset after it]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at];
    at += 1;
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
}

/** An unsigned LEB128 number. */
function uleb(n) {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}

const name = (s) => {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([uleb(b.length), b]);
};

/** The `i`th short identifier: a … z, A … Z, then two letters and more. */
function shortName(i) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let s = '';
  do {
    s = letters[i % letters.length] + s;
    i = Math.floor(i / letters.length);
  } while (i > 0);
  return s;
}

/** The module the renamed imports are imported from. */
const SHORT_MODULE = 'w';

/**
 * The wasm with the imports of `module` moved to `SHORT_MODULE` and renamed
 * by `rename` (old name → new name).
 */
function renameImports(wasm, module, rename) {
  if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm module');
  const parts = [wasm.subarray(0, 8)];
  let at = 8;
  let found = false;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, body] = leb(wasm, at + 1);
    const end = body + size;
    if (id !== 2) {
      parts.push(wasm.subarray(at, end));
      at = end;
      continue;
    }
    found = true;
    let [count, p] = leb(wasm, body);
    const out = [uleb(count)];
    for (; count > 0; count -= 1) {
      const [modLen, modAt] = leb(wasm, p);
      const mod = wasm.toString('utf8', modAt, modAt + modLen);
      const [fieldLen, fieldAt] = leb(wasm, modAt + modLen);
      const field = wasm.toString('utf8', fieldAt, fieldAt + fieldLen);
      // The import's description: its kind, then a function's type index, a
      // table's or memory's limits, or a global's type and mutability.
      const descAt = fieldAt + fieldLen;
      const kind = wasm[descAt];
      let q = descAt + 1;
      if (kind === 0) {
        q = leb(wasm, q)[1];
      } else if (kind === 1 || kind === 2) {
        if (kind === 1) q += 1;
        const flags = wasm[q];
        q = leb(wasm, q + 1)[1];
        if (flags & 1) q = leb(wasm, q)[1];
      } else if (kind === 3) {
        q += 2;
      } else {
        throw new Error(`import ${mod}.${field} has an unknown kind ${kind}`);
      }
      if (mod === module) {
        out.push(name(SHORT_MODULE), name(rename(field)));
      } else {
        out.push(name(mod), name(field));
      }
      out.push(wasm.subarray(descAt, q));
      p = q;
    }
    if (p !== end) throw new Error('the import section was not read to its end');
    const section = Buffer.concat(out);
    parts.push(Buffer.from([2]), uleb(section.length), section);
    at = end;
  }
  if (!found) throw new Error('the wasm has no import section');
  return Buffer.concat(parts);
}

/**
 * The wasm with the exports renamed by `rename` (old name → new name, or
 * `undefined` to keep it).
 */
function renameExports(wasm, rename) {
  const parts = [wasm.subarray(0, 8)];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, body] = leb(wasm, at + 1);
    const end = body + size;
    if (id !== 7) {
      parts.push(wasm.subarray(at, end));
      at = end;
      continue;
    }
    let [count, p] = leb(wasm, body);
    const out = [uleb(count)];
    for (; count > 0; count -= 1) {
      const [len, nameAt] = leb(wasm, p);
      const field = wasm.toString('utf8', nameAt, nameAt + len);
      // The export's kind and index.
      const descAt = nameAt + len;
      const q = leb(wasm, descAt + 1)[1];
      out.push(name(rename(field) ?? field), wasm.subarray(descAt, q));
      p = q;
    }
    if (p !== end) throw new Error('the export section was not read to its end');
    const section = Buffer.concat(out);
    parts.push(Buffer.from([7]), uleb(section.length), section);
    at = end;
  }
  return Buffer.concat(parts);
}

/** Every use of the identifier `id` in JS `text` (not part of a longer one). */
const token = (id) => new RegExp(`(?<![\\w$])${id.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');

const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** Renames the imports in the built page in `dir`. */
export function shortImports(dir) {
  const files = readdirSync(dir);
  const wasms = files.filter((f) => f.endsWith('_bg.wasm'));
  if (wasms.length !== 1) throw new Error(`expected one *_bg.wasm in ${dir}, found ${wasms.length}`);
  const glues = files.filter((f) => f.endsWith('.js') && f !== 'boot.js' && f !== 'sw.js');
  if (glues.length !== 1) throw new Error(`expected one JS glue beside boot.js and sw.js in ${dir}, found ${glues.length}`);
  const wasmPath = path.join(dir, wasms[0]);
  const gluePath = path.join(dir, glues[0]);
  const wasm = readFileSync(wasmPath);
  const glue = readFileSync(gluePath, 'utf8');

  // The glue's import object: `{"./<crate>_bg.js":{__proto__:null,name:function…`.
  const module = /"(\.\/[\w-]+_bg\.js)"\s*:\s*\{/.exec(glue)?.[1];
  if (!module) throw new Error(`${gluePath} has no import object of a "./…_bg.js" module`);
  const renamed = new Map();
  const imported = renameImports(wasm, module, (old) => {
    if (!/^[A-Za-z_$][\w$]*$/.test(old)) throw new Error(`import ${old} is not a plain identifier`);
    if (!renamed.has(old)) renamed.set(old, shortName(renamed.size));
    return renamed.get(old);
  });

  if (glue.split(`"${module}"`).length !== 2) throw new Error(`"${module}" is not in ${glues[0]} exactly once`);
  if (glue.includes(`${SHORT_MODULE}:{`)) throw new Error(`${glues[0]} already has a key ${SHORT_MODULE}`);
  let newGlue = glue.replace(`"${module}"`, SHORT_MODULE);
  for (const [old, short] of renamed) {
    // Exactly once in the glue, as a key: `{name:` or `,name:` (with spaces
    // or line breaks in a build that is not minified).
    const uses = glue.match(token(old))?.length ?? 0;
    const key = new RegExp(`([{,]\\s*)${old.replace(/\$/g, '\\$')}(\\s*):`);
    if (uses !== 1 || !key.test(glue)) {
      throw new Error(`import ${old} is in ${glues[0]} ${uses} times, not once as an object key`);
    }
    newGlue = newGlue.replace(key, `$1${short}$2:`);
  }
  for (const short of renamed.values()) {
    if (!new RegExp(`[{,]\\s*${short}\\s*:`).test(newGlue)) throw new Error(`${short} was not written`);
  }

  // Exports named with a hash: renamed wherever the glue names them (as
  // `wasm.name` and as the name of the glue's function that calls it).
  const exported = new Map();
  const newWasm = renameExports(imported, (old) => {
    if (!/^[A-Za-z_][\w]*_h[0-9a-f]{16}$/.test(old)) return undefined;
    const short = `$${exported.size}`;
    if (token(short).test(glue)) throw new Error(`${glues[0]} already uses ${short}`);
    exported.set(old, short);
    return short;
  });
  for (const [old, short] of exported) {
    if (!token(old).test(newGlue)) throw new Error(`export ${old} is not in ${glues[0]}`);
    newGlue = newGlue.replace(token(old), () => short);
  }

  // Subresource Integrity: Trunk wrote the files' hashes into index.html.
  const htmlPath = path.join(dir, 'index.html');
  let html = readFileSync(htmlPath, 'utf8');
  const newGlueBytes = Buffer.from(newGlue, 'utf8');
  for (const [before, after] of [
    [wasm, newWasm],
    [Buffer.from(glue, 'utf8'), newGlueBytes],
  ]) {
    const old = sri(before);
    if (html.includes(old)) html = html.split(old).join(sri(after));
    else if (/integrity=/.test(html)) throw new Error(`index.html has integrity hashes but not ${old}`);
  }

  writeFileSync(wasmPath, newWasm);
  writeFileSync(gluePath, newGlueBytes);
  writeFileSync(htmlPath, html);
  return renamed.size;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist');
  try {
    const n = shortImports(dir);
    console.log(`short-imports: ${n} imports renamed in ${dir}`);
  } catch (e) {
    console.error(`short-imports: ${e.message}`);
    process.exit(1);
  }
}
