// Shared by the bench driver and the scenario children: compiling workloads, timing, and the
// child → driver result protocol. Plain JavaScript, so it runs without greenhack's loader.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const rootDir = join(benchDir, '..');
export const tmpDir = join(benchDir, 'tmp');

/**
 * The greenhack build the bench measures. The driver snapshots dist/ into bench/tmp/dist (see run.mjs) and
 * passes it down in GREENHACK_BENCH_DIST, so a rebuild by someone else mid-run cannot pull files from under it.
 */
export const distDir = process.env.GREENHACK_BENCH_DIST ?? join(rootDir, 'dist');
export const dist = (path) => pathToFileURL(join(distDir, path)).href;

/** Command-line flags of a scenario child: `--quick`, `--job=name`, `--key=value`. */
export function childArgs(argv = process.argv.slice(2)) {
  const args = { quick: false, job: undefined };
  for (const arg of argv) {
    if (arg === '--quick') args.quick = true;
    else {
      const m = /^--([\w-]+)=(.*)$/.exec(arg);
      if (m) args[m[1]] = m[2];
    }
  }
  return args;
}

/** True when `meta` (an `import.meta`) is the module node was started with. */
export function isMain(meta) {
  return process.argv[1] !== undefined && meta.url === pathToFileURL(process.argv[1]).href;
}

function writeAtomically(path, text) {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

/**
 * Compiles `bench/workloads/<name>` with greenhack's `transform()` twice: with twins (`<stem>.green.mjs`)
 * and with `twins: false` (`<stem>.plain.mjs`, type stripping only: the untransformed baseline), writes
 * both to bench/tmp/ and imports both into this process. `extra` adds more outputs made from the plain code.
 */
export async function compileWorkload(name, { extra = {}, edit, stem: stemOverride } = {}) {
  const { transform } = await import(dist('transform/index.js'));
  // The compiled code finds the runtime on globalThis: load it before the modules.
  await import(dist('index.js'));
  const file = join(benchDir, 'workloads', name);
  // `edit` (experiments only) rewrites the source first; `stem` then names the outputs apart.
  const source = edit ? edit(readFileSync(file, 'utf8')) : readFileSync(file, 'utf8');
  const stem = stemOverride ?? name.replace(/\.[cm]?[jt]s$/, '');
  mkdirSync(tmpDir, { recursive: true });
  const t0 = performance.now();
  const green = transform(source, { filename: file });
  const t1 = performance.now();
  const plain = transform(source, { filename: file, twins: false });
  // Workloads import 'greenhack': point that at the build under test.
  const linked = (code) => code.replace(/(from\s*)(["'])greenhack\2/g, (_, from) => `${from}${JSON.stringify(dist('index.js'))}`);
  const outputs = { green: linked(green.code), plain: linked(plain.code) };
  for (const [key, make] of Object.entries(extra)) outputs[key] = make(outputs.plain);
  const modules = {};
  for (const [key, code] of Object.entries(outputs)) {
    const path = join(tmpDir, `${stem}.${key}.mjs`);
    writeAtomically(path, code);
    modules[key] = await import(pathToFileURL(path).href);
  }
  return {
    ...modules,
    info: {
      transformMs: t1 - t0,
      plainBytes: plain.code.length,
      greenBytes: green.code.length,
      diagnostics: green.diagnostics.length,
    },
  };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const nowNs = () => Number(process.hrtime.bigint());

/**
 * Times variants side by side. Each variant is `{ name, run(iterations) }` (may be async) plus
 * `units(iterations)`: how many measured units (calls, requests…) one run performs. Each variant is
 * calibrated to about `sampleMs` per sample, then `rounds` rounds run every variant once, rotating the
 * order each round so no variant always runs first or last. Returns, for each variant, the median ns per
 * unit, its ratio to `variants[0]`'s median, and the median of the per-round ratios (`pairedRatio`).
 */
export async function compare(variants, { rounds = 9, warmupRounds = 2, sampleMs = 60, measure = 'wall' } = {}) {
  // Profiling (`run.mjs --profile=name`): time only the variant of that name.
  const only = process.env.BENCH_ONLY;
  if (only) variants = variants.filter((v) => v.name === only);
  if (variants.length === 0) return {};
  const iterations = new Map();
  for (const variant of variants) {
    // Grow the iteration count until one sample takes about `sampleMs` (this also warms the variant up),
    // then re-time it a few times at that size and settle on the fastest.
    const target = sampleMs * 1e6;
    let n = 1;
    for (;;) {
      const t = await sample(variant, n, 'wall');
      if (t >= target * 0.5 || n >= 1e9) break;
      n *= t < target * 0.05 ? 8 : 2;
    }
    let best = Infinity;
    for (let i = 0; i < 3; i++) best = Math.min(best, await sample(variant, n, 'wall'));
    iterations.set(variant, Math.max(1, Math.round((n * target) / Math.max(best, 1))));
  }
  const perUnit = new Map(variants.map((v) => [v, []]));
  for (let round = 0; round < warmupRounds + rounds; round++) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length]);
    for (const variant of order) {
      const n = iterations.get(variant);
      const t = await sample(variant, n, measure);
      if (round >= warmupRounds) perUnit.get(variant).push(t / variant.units(n));
    }
  }
  const base = perUnit.get(variants[0]);
  const result = {};
  for (const variant of variants) {
    const values = perUnit.get(variant);
    result[variant.name] = {
      nsPerUnit: median(values),
      min: Math.min(...values),
      max: Math.max(...values),
      ratio: median(values) / median(base),
      pairedRatio: median(values.map((v, i) => v / base[i])),
      samples: values.length,
      iterations: iterations.get(variant),
    };
  }
  return result;
}

async function sample(variant, n, measure) {
  if (measure === 'cpu') {
    const c0 = process.cpuUsage();
    await variant.run(n);
    const c = process.cpuUsage(c0);
    return (c.user + c.system) * 1e3;
  }
  const t0 = nowNs();
  await variant.run(n);
  return nowNs() - t0;
}

/**
 * The least a driver of green twins can be, for experiments that measure what greenhack's `Task` adds: runs
 * `gen` to its end, waiting on every promise it yields; no task object, no context, no cancellation.
 */
export function driveMinimally(gen) {
  return new Promise((resolve, reject) => {
    const step = (value) => {
      const r = gen.next(value);
      if (r.done) resolve(r.value);
      else r.value.then(step, reject);
    };
    step();
  });
}

/** Full garbage collections until the heap stops shrinking (needs --expose-gc). */
export async function settleHeap() {
  if (typeof globalThis.gc !== 'function') throw new Error('run this child with --expose-gc');
  let last = Infinity;
  for (let i = 0; i < 6; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    globalThis.gc();
    const used = process.memoryUsage().heapUsed;
    if (i >= 2 && used >= last - 1024) return used;
    last = used;
  }
  return process.memoryUsage().heapUsed;
}

/** A child's result: one line the driver picks out of stdout. */
export function report(result) {
  process.stdout.write(`\nBENCH_RESULT ${JSON.stringify(result)}\n`);
}

/** Runs a scenario child's main, reporting a crash as a non-zero exit. */
export function runChild(meta, main) {
  if (!isMain(meta)) return;
  Promise.resolve()
    .then(() => main(childArgs()))
    .then(report)
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    });
}
