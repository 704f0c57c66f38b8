// Experiment: two builds' transforms of the same libraries, inside tasks, in one process. postcss and
// semver are compiled file by file by this build's transform and by an older build's (its dist/ given in
// GREENHACK_BENCH_DIST_OLD), both run by this build's runtime from the same green app function, in
// interleaved rounds. The scenario's runs swing by ±30% between runs on a shared machine; the per-round
// ratio of two builds in one process does not. Prints, per library, the median µs/op of each and the
// median of the per-round ratios (this ÷ older).
// With `outside`, the same without a task: what each build's compiled code costs where only originals run.
// Usage: node scripts/build.mjs && GREENHACK_BENCH_DIST_OLD=/path/to/old/dist node bench/experiments/libraries-ab.mjs [rounds] [outside]
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileWorkload, dist, median, rootDir, tmpDir } from '../lib/common.mjs';
import { LIBRARIES } from '../lib/libraries.mjs';

const old = process.env.GREENHACK_BENCH_DIST_OLD;
if (!old) throw new Error('set GREENHACK_BENCH_DIST_OLD to the dist/ of the build to compare with');
const rounds = Number(process.argv[2] ?? 25);
const { asAsync } = await import(dist('index.js'));
// Builds before protocol 7 read the callbacks-only mark on the built-in's twin and call runtime.args().
const T = Symbol.for('greenhack.twin');
const C = Symbol.for('greenhack.callbacksOnly');
for (const home of [Array.prototype, Array, Map.prototype, Set.prototype]) {
  for (const key of Reflect.ownKeys(home)) {
    const value = Object.getOwnPropertyDescriptor(home, key)?.value;
    if (typeof value === 'function' && value[C] === value && value[T]) Object.defineProperty(value[T], C, { value: true, configurable: true });
  }
}
globalThis[Symbol.for('greenhack.runtime')].args ??= (...args) => args;

const jsFiles = (dir) => (statSync(dir).isFile() ? [dir] : readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : [])));
const builds = { this: dist('transform/index.js'), older: pathToFileURL(join(old, 'transform', 'index.js')).href };
const out = join(tmpDir, `libraries-ab-${process.pid}`);
const libs = {};
for (const [build, url] of Object.entries(builds)) {
  const { transform } = await import(url);
  for (const [name, spec] of Object.entries(LIBRARIES)) {
    const packageDir = join(rootDir, 'node_modules', name);
    const dir = join(out, build, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
    for (const part of spec.dirs) {
      for (const file of jsFiles(join(packageDir, part))) {
        const rel = relative(packageDir, file);
        mkdirSync(join(dir, rel, '..'), { recursive: true });
        writeFileSync(join(dir, rel), transform(readFileSync(file, 'utf8'), { filename: file, sourceType: 'commonjs' }).code);
      }
    }
    libs[`${name}, ${build}`] = createRequire(join(dir, 'package.json'))(join(dir, spec.entry));
  }
}
const app = await compileWorkload('libs-app.ts');
const outside = process.argv[3] === 'outside';
const inTask = asAsync(app.green.inTask);
const task = outside ? (work, ...args) => work(...args) : inTask;
const css = app.plain.makeCss(300);
const work = {
  postcss: { n: 4, run: (lib, n) => task(app.green.runPostcss, lib, css, n) },
  semver: { n: 20, run: (lib, n) => task(app.green.runSemver, lib, app.plain.VERSIONS, app.plain.RANGES, n) },
};
const names = Object.keys(libs);
const times = new Map(names.map((name) => [name, []]));
for (let round = 0; round < rounds + 3; round++) {
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + round) % names.length];
    const { n, run } = work[name.split(',')[0]];
    const t0 = process.hrtime.bigint();
    await run(libs[name], n);
    if (round >= 3) times.get(name).push(Number(process.hrtime.bigint() - t0) / n / 1e3);
  }
}
for (const name of Object.keys(LIBRARIES)) {
  const now = times.get(`${name}, this`);
  const before = times.get(`${name}, older`);
  console.log(`${name.padEnd(8)} this build ${median(now).toFixed(0).padStart(6)} µs/op   older ${median(before).toFixed(0).padStart(6)} µs/op   this ÷ older, per round: ${median(now.map((t, i) => t / before[i])).toFixed(3)}×`);
}
rmSync(out, { recursive: true, force: true });
