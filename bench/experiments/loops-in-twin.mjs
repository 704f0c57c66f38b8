// Experiment: what a twin pays, over its plain function, for a `for…of` over an array and for `map` with an
// arrow that has no twin, rows of 4 and 64 elements. Each twin is run to its end by `next()` (no task), so
// only the compiled loop and call differ. Run it against an older build to compare:
// GREENHACK_BENCH_DIST=<a copy of an older dist/> node bench/experiments/loops-in-twin.mjs
// Usage: node scripts/build.mjs && node bench/experiments/loops-in-twin.mjs
import { compare, compileWorkload } from '../lib/common.mjs';

const m = await compileWorkload('loops.ts');
const TWIN = Symbol.for('greenhack.twin');
const rowsOf = (n) => Array.from({ length: n }, (_, i) => ({ id: i, amount: i % 7 }));
const viaTwin = (fn) => (rows) => fn[TWIN](rows).next().value;
for (const size of [4, 64]) {
  const rows = rowsOf(size);
  const loop = (f) => (n) => {
    let sink = 0;
    for (let i = 0; i < n; i++) sink += typeof f(rows) === 'number' ? 1 : 2;
    return sink;
  };
  const result = await compare([
    { name: 'for…of, plain', run: loop(m.green.total), units: (n) => n },
    { name: 'for…of, twin', run: loop(viaTwin(m.green.total)), units: (n) => n },
    { name: 'map, plain', run: loop(m.green.ids), units: (n) => n },
    { name: 'map, twin', run: loop(viaTwin(m.green.ids)), units: (n) => n },
  ]);
  const row = (name, base) => `${name.padEnd(16)} ${result[name].nsPerUnit.toFixed(0).padStart(6)} ns   ${(result[name].nsPerUnit / result[base].nsPerUnit).toFixed(2)}× plain`;
  console.log(`${size} elements`);
  console.log(row('for…of, twin', 'for…of, plain'));
  console.log(row('map, twin', 'map, plain'));
}
