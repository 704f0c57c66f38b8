// Scenario 8, startup: `greenhack run hello.ts` (loader installed, the entry compiled green from a warm
// cache, its top level run as a task) vs `node hello-node.mjs`, the same program as plain async JavaScript.
// Wall time of whole processes, the two alternating; the first greenhack run fills the cache and is not timed.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { benchDir, median, nowNs, rootDir, runChild } from '../lib/common.mjs';

export const scenario = {
  name: 'startup',
  title: 'Startup of a small program',
  isolates: 'process wall time: greenhack run (loader + warm compile cache + entry task) vs node on the equivalent .mjs',
  runs: { full: 3, quick: 1 },
  jobs: () => [{ job: 'all' }],
};

function time(args) {
  const t0 = nowNs();
  const child = spawnSync(process.execPath, args, { cwd: rootDir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  const ms = (nowNs() - t0) / 1e6;
  if (child.status !== 0 || !child.stdout.includes('Hello, world!')) throw new Error(`${args.join(' ')} failed: ${child.stderr}`);
  return ms;
}

async function main({ quick }) {
  // The repository's dist/, not the snapshot: `import 'greenhack'` in the workload resolves to it.
  const cli = [join(rootDir, 'dist', 'cli', 'main.js'), 'run', join(benchDir, 'workloads', 'hello.ts')];
  const node = [join(benchDir, 'workloads', 'hello-node.mjs')];
  time(cli); // fills the compile cache
  time(node);
  const ratios = [];
  const green = [];
  const plain = [];
  for (let i = 0; i < (quick ? 3 : 10); i++) {
    // Alternate which of the two starts first.
    let a;
    let b;
    if (i % 2) {
      a = time(node);
      b = time(cli);
    } else {
      b = time(cli);
      a = time(node);
    }
    plain.push(a);
    green.push(b);
    ratios.push(b / a);
  }
  return { node: { ms: median(plain) }, greenhack: { ms: median(green) }, ratio: median(ratios) };
}

export function rows(get) {
  return [
    {
      case: 'greenhack run hello.ts (warm cache) vs node hello.mjs',
      baseline: { label: 'node', path: 'node.ms', unit: 'ms' },
      subject: { label: 'greenhack run', path: 'greenhack.ms', unit: 'ms' },
      ratio: get('ratio'),
      target: { op: '<=', value: 1.3, text: '≤ 1.3×' },
    },
  ];
}

runChild(import.meta, main);
