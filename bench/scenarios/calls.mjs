// Scenario 1, call overhead: call-heavy pure code (no hidden calls) untransformed, transformed but run
// outside any task, and transformed run inside a green task. Reports ns per user-function call. A second
// identical untransformed copy is timed too: how far two copies of the same code drift apart (JIT
// decisions differ per function instance) is the noise floor for the 1.00× target.
import { compare, compileWorkload, dist, runChild } from '../lib/common.mjs';
import { countCalls, countingCopy } from '../lib/count-calls.mjs';

export const scenario = {
  name: 'calls',
  title: 'Call overhead',
  isolates: 'the twin dispatch on code that never suspends: per call a twin lookup + owner check and `yield*` into a fresh generator (member calls via Reflect.apply with an argument array); outside tasks, what the transform adds to the original code',
  runs: { full: 3, quick: 1 },
  jobs: () => [{ job: 'all' }],
};

const WORKLOADS = [
  { key: 'fib', fn: 'runFib', label: 'recursive fib(18)' },
  { key: 'parse', fn: 'runParse', label: 'tokenizer + recursive-descent parser' },
  { key: 'arrays', fn: 'runArrays', label: 'array methods with calling callbacks' },
];

async function main({ quick }) {
  const { asAsync } = await import(dist('index.js'));
  const m = await compileWorkload('calls.ts', { extra: { count: countingCopy, copy: (code) => `${code}\n// a second, identical untransformed copy: the A/A noise floor\n` } });
  const metrics = { info: m.info };
  // Profiling (`BENCH_CASE=key`): only that case.
  for (const w of WORKLOADS.filter((x) => !process.env.BENCH_CASE || x.key === process.env.BENCH_CASE)) {
    const calls = countCalls(() => m.count[w.fn](1));
    const expected = m.plain[w.fn](1);
    if (m.green[w.fn](1) !== expected || (await asAsync(m.green[w.fn])(1)) !== expected) throw new Error(`${w.key}: results differ`);
    const inTask = asAsync(m.green[w.fn]);
    const units = (n) => n * calls;
    const result = await compare(
      [
        { name: 'untransformed', run: (n) => m.plain[w.fn](n), units },
        { name: 'copy', run: (n) => m.copy[w.fn](n), units },
        { name: 'outside', run: (n) => m.green[w.fn](n), units },
        { name: 'inside', run: (n) => inTask(n), units },
      ],
      quick ? { rounds: 3, warmupRounds: 1, sampleMs: 20 } : { rounds: 9, warmupRounds: 2, sampleMs: 60 },
    );
    metrics[w.key] = { callsPerIteration: calls, ...result };
  }
  return metrics;
}

/**
 * Rows for the driver's table. `baseline.path`/`subject.path` name figures in the children's results; the
 * driver shows their medians over the runs and, as the ratio, the median over the runs of subject/baseline.
 */
export function rows(get) {
  const out = [];
  for (const w of WORKLOADS) {
    const base = `${w.key}.untransformed.nsPerUnit`;
    // 1.00× "within noise": two identical copies of the code drift apart by |A/A − 1|, so allow twice that
    // (and at least 3%) before calling the transformed code slower.
    const aa = get.ratio(`${w.key}.copy.nsPerUnit`, base);
    const slack = Math.max(0.03, 2 * Math.abs(aa - 1));
    out.push({
      case: `${w.label}: outside tasks (A/A noise: ${aa.toFixed(2)}×)`,
      baseline: { label: 'untransformed', path: base, unit: 'ns/call' },
      subject: { label: 'transformed, no task', path: `${w.key}.outside.nsPerUnit`, unit: 'ns/call' },
      target: { op: '<=', value: 1.0, slack, text: `1.00× (≤ ${(1 + slack).toFixed(2)}× here)` },
    });
    out.push({
      case: `${w.label}: inside a task`,
      baseline: { label: 'untransformed', path: base, unit: 'ns/call' },
      subject: { label: 'in asAsync task', path: `${w.key}.inside.nsPerUnit`, unit: 'ns/call' },
      target: { op: '<=', value: 2.0, text: '≤ 2.0× (library compiled alone)' },
    });
  }
  out.push({
    case: 'emitted code size (calls.ts)',
    baseline: { label: 'type-stripped', path: 'info.plainBytes', unit: 'bytes' },
    subject: { label: 'with twins', path: 'info.greenBytes', unit: 'bytes' },
    target: null,
  });
  return out;
}

runChild(import.meta, main);
