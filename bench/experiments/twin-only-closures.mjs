// Experiment: what twin-only closures (docs/code-growth.md) cost inside a task. The same source is
// compiled by the transform as built (callbacks at nesting depth 3: twin-only, their value a wrapper that
// drives the twin) and by a copy of it with the nesting budget patched out (both versions, as before).
// Per evaluation, 20 items: native `sort` calls the callback (the wrapper drives the twin) and green
// `map` calls it (the twin directly, like any green call); the callback is created once per evaluation.
// Usage: npm run build; node bench/experiments/twin-only-closures.mjs
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transform } from '../../dist/transform/index.js';
import { asAsync } from '../../dist/index.js';

// (Inside the repository, so that the copy resolves the transform's dependencies from node_modules.)
const copy = fileURLToPath(new URL('../tmp/twin-only-experiment', import.meta.url));
cpSync(fileURLToPath(new URL('../../dist/transform', import.meta.url)), join(copy, 'transform'), { recursive: true });
cpSync(fileURLToPath(new URL('../../dist/shared', import.meta.url)), join(copy, 'shared'), { recursive: true });
cpSync(fileURLToPath(new URL('../../dist/errors.js', import.meta.url)), join(copy, 'errors.js'));
const budget = join(copy, 'transform/passes/twin-only.js');
writeFileSync(budget, readFileSync(budget, 'utf8').replace(/TWIN_ONLY_DEPTH = \d+/, 'TWIN_ONLY_DEPTH = 1e9'));
const { transform: transformBoth } = await import(pathToFileURL(join(copy, 'transform/index.js')).href);

const source = `
function run(f) { return f(); }
export function sort(xs, key) { return run(() => run(() => xs.slice().sort((a, b) => key(a) - key(b)))); }
export function map(xs, key) { return run(() => run(() => xs.map((x) => key(x) + 1))); }
`;
const load = (code) => import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
const { code } = transform(source, { filename: 'experiment.mjs' });
const { code: codeBoth } = transformBoth(source, { filename: 'experiment.mjs' });
if (!code.includes('.dc(') || codeBoth.includes('.dc(')) throw new Error('expected twin-only callbacks in one compilation only: is TWIN_ONLY_DEPTH above 3?');
const twinOnly = await load(code);
const both = await load(codeBoth);
const plain = await load(source);

const xs = Array.from({ length: 20 }, (_, i) => (i * 7919) % 20);
const key = (x) => x;
const N = 50_000;

/** Mean ns per evaluation of `fn`, in a task. */
function time(fn) {
  return asAsync(() => {
    let sink = 0;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) sink += fn(xs, key).length;
    if (sink !== N * xs.length) throw new Error('wrong result');
    return Number(process.hrtime.bigint() - t0) / N;
  })();
}

for (let round = 0; round < 5; round++) {
  const rows = [];
  for (const use of ['sort', 'map']) {
    const base = await time(plain[use]);
    const full = await time(both[use]);
    const only = await time(twinOnly[use]);
    rows.push(`${use}: untransformed ${(base / 1000).toFixed(2)} µs, both versions ${(full / base).toFixed(2)}×, twin-only ${(only / base).toFixed(2)}× (${(only / full).toFixed(2)}× both)`);
  }
  if (round > 0) console.log(rows.join('   '));
}
