/**
 * The test262 copy at ../shared/test262 (data, never copied into the project): which tests exist, their
 * metadata (the YAML front matter, see INTERPRETING.md), the runs each one needs, and the fixed sample.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The suite's root: `TEST262_DIR`, or `../shared/test262` beside the repository. */
export const test262Dir = resolve(process.env.TEST262_DIR ?? join(repoRoot, '../shared/test262'));

/** The directories the issue names, relative to the suite's root. */
export const ROOTS = ['test/language', 'test/built-ins/Array', 'test/built-ins/Function', 'test/built-ins/GeneratorPrototype', 'test/built-ins/Reflect'];

/** Every test under `dirs` (relative paths, `_FIXTURE` files excluded), sorted by path. */
export function listTests(dirs = ROOTS) {
  if (!existsSync(test262Dir)) throw new Error(`test262 not found at ${test262Dir} (set TEST262_DIR)`);
  const out = [];
  const walk = (rel) => {
    for (const entry of readdirSync(join(test262Dir, rel), { withFileTypes: true })) {
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js') && !entry.name.includes('_FIXTURE')) out.push(path);
    }
  };
  for (const dir of dirs) walk(dir.replace(/\/$/, ''));
  return out.sort();
}

/** The table row a test belongs to: `language/<dir>` or `built-ins/<Object>`. */
export function groupOf(path) {
  const parts = path.split('/');
  return `${parts[1]}/${parts[2]}`;
}

const LISTS = new Set(['includes', 'flags', 'features']);

/** The metadata test262 runners honour: includes, flags, features, negative { phase, type }. */
export function parseMeta(source) {
  const meta = { includes: [], flags: [], features: [], negative: undefined };
  const block = /\/\*---([\s\S]*?)---\*\//.exec(source);
  if (!block) return meta;
  let key = '';
  for (const line of block[1].split(/\r\n|[\r\n\u2028\u2029]/)) {
    const top = /^([A-Za-z_]+):(.*)$/.exec(line);
    if (top) {
      key = top[1];
      const value = top[2].replace(/\s+#.*$/, '').trim();
      if (key === 'negative') meta.negative = {};
      else if (LISTS.has(key) && value.startsWith('[')) {
        meta[key] = value.slice(1, value.lastIndexOf(']')).split(',').map((s) => s.trim()).filter(Boolean);
      }
      continue;
    }
    if (key === 'negative') {
      const field = /^\s+(phase|type):\s*(\S+)/.exec(line);
      if (field) meta.negative[field[1]] = field[2];
    } else if (LISTS.has(key)) {
      const item = /^\s*-\s*(\S+)/.exec(line);
      if (item) meta[key].push(item[1]);
    }
  }
  return meta;
}

/**
 * The runs a test needs (INTERPRETING.md, "Strict Mode"): `raw` and `module` run once as written,
 * `onlyStrict`/`noStrict` once, every other test twice (non-strict and with "use strict" prepended).
 */
export function variantsOf(meta) {
  const flags = new Set(meta.flags);
  if (flags.has('raw')) return ['raw'];
  if (flags.has('module')) return ['module'];
  if (flags.has('onlyStrict')) return ['strict'];
  if (flags.has('noStrict')) return ['sloppy'];
  return ['sloppy', 'strict'];
}

/** Reads a test with its metadata. */
export function loadTest(path) {
  const file = join(test262Dir, path);
  const source = readFileSync(file, 'utf8');
  const meta = parseMeta(source);
  return { path, file, source, meta, variants: variantsOf(meta) };
}

/** Harness files a script run evaluates before the test, in INTERPRETING.md's order. */
export function harnessFiles(meta) {
  const flags = new Set(meta.flags);
  if (flags.has('raw')) return [];
  const files = ['assert.js', 'sta.js'];
  if (flags.has('async')) files.push('doneprintHandle.js');
  for (const name of meta.includes) if (!files.includes(name)) files.push(name);
  return files;
}

/** Every `stride`-th test of each table row, starting at its first: fixed, spread over every row. */
export function sampleOf(paths, stride = 12) {
  const seen = new Map();
  return paths.filter((path) => {
    const group = groupOf(path);
    const index = seen.get(group) ?? 0;
    seen.set(group, index + 1);
    return index % stride === 0;
  });
}

/** A run's key in results and in the known-differences file: `path` for single-run tests, else `path [variant]`. */
export function runKey(path, variant) {
  return variant === 'sloppy' || variant === 'strict' ? `${path} [${variant}]` : path;
}
