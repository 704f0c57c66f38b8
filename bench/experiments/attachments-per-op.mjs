// Experiment: outside tasks, how many closures with twins the compiled libraries make per operation of the
// `libraries` scenario, and where. Compiled originals attach a twin to each closure they make
// (`F = id(fn), (F[T] = twin)[O] = F, id(F, F = void 0)`); counting the runtime's `id` calls with one
// argument counts those attachments. One operation is what the scenario times (postcss: parse and print a
// stylesheet of 300 rules; semver: the ranges × versions loop).
// Usage: node scripts/build.mjs && node bench/experiments/attachments-per-op.mjs [operations]
import { compileWorkload } from '../lib/common.mjs';
import { loadLibrary, removeLibraryCopies } from '../lib/libraries.mjs';

const operations = Number(process.argv[2] ?? 10);
const app = await compileWorkload('libs-app.ts');
const runtime = globalThis[Symbol.for('greenhack.runtime')];
const id = runtime.id;
for (const name of ['postcss', 'semver']) {
  const lib = await loadLibrary(name);
  const args = name === 'postcss' ? [app.plain.makeCss(300)] : [app.plain.VERSIONS, app.plain.RANGES];
  const run = name === 'postcss' ? app.green.runPostcss : app.green.runSemver;
  run(lib.green, ...args, 2); // warm: caches, lazily made values
  const places = new Map();
  runtime.id = (...values) => {
    if (values.length === 1) {
      const place = new Error().stack.split('\n')[2].replace(/.*\/(?=[^/]+\/[^/]+:\d+:\d+)/, '').replace(/\)$/, '');
      places.set(place, (places.get(place) ?? 0) + 1);
    }
    return id(...values);
  };
  try {
    run(lib.green, ...args, operations);
  } finally {
    runtime.id = id;
    removeLibraryCopies(lib);
  }
  const total = [...places.values()].reduce((a, b) => a + b, 0);
  console.log(`${name}: ${total / operations} attachments per operation`);
  for (const [place, n] of [...places].sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`  ${n / operations}  ${place} (compiled file)`);
}
