// Scenario 2, suspension round trip: a fresh chain of depth 1, 10 or 100 that suspends once at its
// bottom (hidden call) vs the same chain written with async/await, awaiting the same implementation.
import { compare, compileWorkload, dist, runChild } from '../lib/common.mjs';

export const scenario = {
  name: 'suspend',
  title: 'Suspension round trip',
  isolates: 'one suspension + resume relayed through `depth` `yield*` frames, vs `depth` awaiting async frames',
  runs: { full: 3, quick: 1 },
  jobs: () => [{ job: 'all' }],
};

const CASES = [
  { key: 'settled1', wait: 'settledImpl', depth: 1 },
  { key: 'settled10', wait: 'settledImpl', depth: 10 },
  { key: 'settled100', wait: 'settledImpl', depth: 100 },
  { key: 'immediate1', wait: 'immediateImpl', depth: 1 },
  { key: 'immediate100', wait: 'immediateImpl', depth: 100 },
];

async function main({ quick }) {
  const { asAsync, hidden } = await import(dist('index.js'));
  const m = await compileWorkload('suspend.ts');
  const metrics = {};
  const run = asAsync(m.green.loop);
  // Profiling (`BENCH_CASE=key`): only that case.
  for (const c of CASES.filter((x) => !process.env.BENCH_CASE || x.key === process.env.BENCH_CASE)) {
    const impl = m.plain[c.wait];
    const wait = hidden(impl);
    const check = await m.plain.aloop(impl, 3, c.depth);
    if ((await run(wait, 3, c.depth)) !== check) throw new Error(`${c.key}: results differ`);
    const units = (n) => n;
    metrics[c.key] = await compare(
      [
        { name: 'async', run: (n) => m.plain.aloop(impl, n, c.depth), units },
        { name: 'green', run: (n) => run(wait, n, c.depth), units },
      ],
      quick ? { rounds: 3, warmupRounds: 1, sampleMs: 20 } : { rounds: 9, warmupRounds: 2, sampleMs: 50 },
    );
  }
  return metrics;
}

export function rows(get) {
  return CASES.map((c) => ({
    case: `depth ${c.depth}, ${c.wait === 'settledImpl' ? 'settled promise' : 'setImmediate'}`,
    baseline: { label: 'async/await', path: `${c.key}.async.nsPerUnit`, unit: 'ns/suspension' },
    subject: { label: 'green task', path: `${c.key}.green.nsPerUnit`, unit: 'ns/suspension' },
    target: c.depth === 100 ? { op: '<=', value: 1.0, text: '≤ 1.0× at depth 100' } : null,
  }));
}

runChild(import.meta, main);
