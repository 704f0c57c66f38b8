// Experiment: scenario 8 (`greenhack run hello.ts` ÷ `node hello-node.mjs`) for this checkout and another
// one, the three alternating in each round, so that two builds are compared under the same load.
// Medians of per-round ratios, wall time; with --cpu also CPU time of all threads (needs `perf`).
// Usage: node bench/experiments/startup-compare.mjs <other checkout> [rounds] [--cpu]
// The other checkout holds package.json, node_modules, a built dist/ and bench/workloads/hello.ts: for
// instance `git worktree add /tmp/before <commit>`, a node_modules symlink, `node scripts/build.mjs` there.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { benchDir, median, nowNs, rootDir } from '../lib/common.mjs';

const args = process.argv.slice(2).filter((arg) => arg !== '--cpu');
const cpu = process.argv.includes('--cpu');
if (args[0] === undefined) throw new TypeError('startup-compare: give the root of another built greenhack checkout as the first argument.');
const other = resolve(args[0]);
const rounds = Number(args[1] ?? 15);
const hello = (root) => [join(root, 'dist', 'cli', 'main.js'), 'run', join(root, 'bench', 'workloads', 'hello.ts')];
const variants = { node: [join(benchDir, 'workloads', 'hello-node.mjs')], other: hello(other), this: hello(rootDir) };

function time(variantArgs) {
  const command = cpu ? ['perf', ['stat', '-x,', '-e', 'task-clock', process.execPath, ...variantArgs]] : [process.execPath, variantArgs];
  const start = nowNs();
  const child = spawnSync(command[0], command[1], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  const wall = (nowNs() - start) / 1e6;
  if (child.status !== 0 || !child.stdout.includes('Hello, world!')) throw new Error(`${variantArgs.join(' ')} failed: ${child.stderr}`);
  return { wall, cpu: cpu ? Number(child.stderr.trim().split('\n').pop().split(',')[0]) : 0 };
}

for (const variantArgs of Object.values(variants)) time(variantArgs); // fills both compile caches
const ratios = { other: { wall: [], cpu: [] }, this: { wall: [], cpu: [] } };
for (let round = 0; round < rounds; round++) {
  const order = round % 2 ? ['this', 'other', 'node'] : ['node', 'other', 'this'];
  const times = {};
  for (const name of order) times[name] = time(variants[name]);
  for (const name of ['other', 'this']) {
    ratios[name].wall.push(times[name].wall / times.node.wall);
    if (cpu) ratios[name].cpu.push(times[name].cpu / times.node.cpu);
  }
}
console.log(`Node ${process.version}, ${rounds} rounds, greenhack run hello.ts ÷ node hello-node.mjs (median of per-round ratios)`);
for (const [name, label] of [['other', other], ['this', rootDir]]) {
  const cpuText = cpu ? `, CPU ${median(ratios[name].cpu).toFixed(2)}×` : '';
  console.log(`${label}: wall ${median(ratios[name].wall).toFixed(2)}×${cpuText}`);
}
