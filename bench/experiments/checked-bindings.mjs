// Experiment: a CommonJS module that `require`s another module's functions into constants and calls them
// in a loop (files written to bench/tmp/checked/, each compiled alone as the loader compiles it), run in
// a green task against the same compiled code outside one. Since checked bindings (plan-checked-bindings.ts),
// the loop's function has a guarded twin that runs it as plain code once both constants passed their
// check. Run it against an older build to compare:
// GREENHACK_BENCH_DIST=<a copy of an older dist/> node bench/experiments/checked-bindings.mjs
// Usage: node scripts/build.mjs && node bench/experiments/checked-bindings.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { compare, dist, tmpDir } from '../lib/common.mjs';

const { transform } = await import(dist('transform/index.js'));
const { asAsync } = await import(dist('index.js'));
const FILES = {
  'util.cjs': `function clamp(x, lo, hi) { return x < lo ? lo : x > hi ? hi : x }
function score(a, b) { return clamp(a * 3 - b, 0, 100) }
module.exports = { clamp, score }`,
  'app.cjs': `const { score, clamp } = require('./util.cjs')
function total(rows) {
  let sum = 0
  for (let i = 0; i < rows.length; i++) sum += score(rows[i], i) + clamp(rows[i], 1, 5)
  return sum
}
module.exports = { total }`,
};
const dir = join(tmpDir, 'checked');
mkdirSync(dir, { recursive: true });
for (const [name, source] of Object.entries(FILES)) writeFileSync(join(dir, name), transform(source, { filename: name }).code);
const { total } = createRequire(join(dir, 'app.cjs'))('./app.cjs');
const rows = Array.from({ length: 1000 }, (_, i) => (i * 7) % 50);
const inTask = asAsync(total);
const result = await compare([
  { name: 'outside a task', run: async (n) => { let s = 0; for (let i = 0; i < n; i++) s += total(rows); return s; }, units: (n) => n },
  { name: 'inside a task', run: async (n) => { let s = 0; for (let i = 0; i < n; i++) s += await inTask(rows); return s; }, units: (n) => n },
]);
const outside = result['outside a task'].nsPerUnit;
const inside = result['inside a task'].nsPerUnit;
console.log(`1 000 rows: outside ${outside.toFixed(0)} ns, inside a task ${inside.toFixed(0)} ns (${(inside / outside).toFixed(2)}×)`);
