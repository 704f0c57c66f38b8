// Experiment: how far whole-package visibility alone would take the single-module analysis. The library is
// bundled by esbuild into one CommonJS file, so that `transform()` sees all of its classes and functions in
// one module, then timed like `postcss-in-task.mjs` (one process, interleaved rounds, median per-round
// ratio to the untransformed bundle). Compare with the per-file figures of the `libraries` scenario.
// Usage: node scripts/build.mjs && node bench/experiments/library-bundled.mjs [semver|postcss] [rounds]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { compileWorkload, dist, median, rootDir, tmpDir } from '../lib/common.mjs';
import { LIBRARIES, libraryWork } from '../lib/libraries.mjs';

const name = process.argv[2] ?? 'semver';
const rounds = Number(process.argv[3] ?? 15);
if (!LIBRARIES[name]) throw new Error(`unknown library ${name}: one of ${Object.keys(LIBRARIES).join(', ')}`);
const { asAsync } = await import(dist('index.js'));
const { transform } = await import(dist('transform/index.js'));
const { parse } = await import(dist('transform/passes/parse.js'));
const { planTwins } = await import(dist('transform/passes/plan-twins.js'));
const app = await compileWorkload('libs-app.ts');
const dir = join(tmpDir, `bundled-${name}-${process.pid}`);
mkdirSync(dir, { recursive: true });
const entry = join(rootDir, 'node_modules', name, LIBRARIES[name].entry);
// Dependencies of the library stay outside the bundle (as outside the green scope in the scenario).
const bundled = buildSync({ entryPoints: [entry], bundle: true, format: 'cjs', platform: 'node', packages: 'external', write: false }).outputFiles[0].text;
const file = join(dir, 'bundle.js');
const green = transform(bundled, { filename: file, sourceType: 'commonjs' });
let ordinary = 0;
let twins = 0;
let guarded = 0;
for (const fn of planTwins(parse(bundled, file, 'commonjs')).functions.values()) {
  if (fn.ordinary) ordinary++;
  if (fn.twin) twins++;
  if (fn.twin && fn.fast) guarded++;
}
writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
writeFileSync(join(dir, 'plain.js'), bundled);
writeFileSync(join(dir, 'green.js'), green.code);
const load = createRequire(join(dir, 'package.json'));
const plain = load(join(dir, 'plain.js'));
const compiled = load(join(dir, 'green.js'));
const [fn, args] = libraryWork(name, app);
const task = asAsync(app.green.inTask);
const variants = {
  untransformed: async (n) => app.plain[fn](plain, ...args, n),
  'compiled, outside': async (n) => app.green[fn](compiled, ...args, n),
  'compiled, inside a task': (n) => task(app.green[fn], compiled, ...args, n),
};
if ((await variants.untransformed(2)) !== (await variants['compiled, inside a task'](2))) throw new Error(`${name}: results differ`);
const names = Object.keys(variants);
const times = new Map(names.map((key) => [key, []]));
const n = name === 'postcss' ? 4 : 8;
for (let round = 0; round < rounds + 2; round++) {
  for (let i = 0; i < names.length; i++) {
    const key = names[(i + round) % names.length];
    const t0 = process.hrtime.bigint();
    await variants[key](n);
    if (round >= 2) times.get(key).push(Number(process.hrtime.bigint() - t0));
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(`${name} bundled into one module (${bundled.length} bytes): twins on ${twins} of ${ordinary} ordinary functions, ${guarded} guarded`);
for (const key of names.slice(1)) console.log(`${key.padEnd(24)} ÷ untransformed ${median(times.get(key).map((t, i) => t / times.get('untransformed')[i])).toFixed(2)}×`);
