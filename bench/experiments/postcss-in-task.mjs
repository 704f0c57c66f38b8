// Experiment: what a green task really adds to postcss, against the noise of the baseline. Times, in one
// process, interleaved: the untransformed copy (A), a second untransformed copy (A/A: two module
// instances of the same files), the compiled copy outside a task, and inside a task, all called from the
// same app module. Prints the median per-round ratio of each to A, and inside ÷ outside.
// Usage: node scripts/build.mjs && node bench/experiments/postcss-in-task.mjs [rounds]
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { compileWorkload, dist, median } from '../lib/common.mjs';
import { LIBRARIES, loadLibrary, removeLibraryCopies } from '../lib/libraries.mjs';

const rounds = Number(process.argv[2] ?? 15);
const { asAsync } = await import(dist('index.js'));
const app = await compileWorkload('libs-app.ts');
const lib = await loadLibrary('postcss');
const copy = `${lib.dirs.plain}-b`;
cpSync(lib.dirs.plain, copy, { recursive: true });
const plainB = createRequire(join(copy, 'package.json'))(join(copy, LIBRARIES.postcss.entry));
const css = app.plain.makeCss(300);
const task = asAsync(app.green.inTask);
const inTask = (n) => task(app.green.runPostcss, lib.green, css, n);
const variants = {
  untransformed: (n) => app.plain.runPostcss(lib.plain, css, n),
  'untransformed, 2nd copy': (n) => app.plain.runPostcss(plainB, css, n),
  'compiled, outside': (n) => app.green.runPostcss(lib.green, css, n),
  'compiled, inside a task': (n) => inTask(n),
};
const names = Object.keys(variants);
const times = new Map(names.map((name) => [name, []]));
const n = 8;
for (let round = 0; round < rounds + 2; round++) {
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + round) % names.length];
    const t0 = process.hrtime.bigint();
    await variants[name](n);
    if (round >= 2) times.get(name).push(Number(process.hrtime.bigint() - t0) / n / 1e3);
  }
}
const ratio = (a, b) => median(times.get(a).map((t, i) => t / times.get(b)[i])).toFixed(2);
for (const name of names) console.log(`${name.padEnd(26)} ${median(times.get(name)).toFixed(0).padStart(7)} µs/op   ÷ untransformed ${ratio(name, 'untransformed')}×`);
console.log(`inside ÷ outside ${ratio('compiled, inside a task', 'compiled, outside')}×`);
removeLibraryCopies(lib);
rmSync(copy, { recursive: true, force: true });
