// Experiment: where the startup time of `greenhack run hello.ts` goes (scenario 8, bench/README.md
// "Startup"). Whole processes, wall time, the variants alternating in each round; medians, and each
// variant's ratio to `node hello-node.mjs`. The middle three add one thing each to that baseline:
//   node -e 0                       the process alone
//   node hello-node.mjs             the baseline of scenario 8
//   … + module.register (no-op)     Node's off-thread hooks: a second thread boots a Node environment
//   … + import 'greenhack'          the runtime
//   … + greenhack/register          runtime and loader (on Node 20 the loader starts the hooks thread)
//   greenhack run hello.ts          CLI, loader, the entry compiled from the warm cache, run as a task
// Usage: node bench/experiments/startup-breakdown.mjs [rounds]   (any node: tools/node24/node_modules/.bin/node …)
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir, median, nowNs, rootDir, tmpDir } from '../lib/common.mjs';

const rounds = Number(process.argv[2] ?? 15);
const workloads = join(benchDir, 'workloads');
mkdirSync(tmpDir, { recursive: true });
const noopHooks = join(tmpDir, 'noop-hooks.mjs');
writeFileSync(noopHooks, 'export async function resolve(specifier, context, next) { return next(specifier, context); }\n');
const registerNoop = join(tmpDir, 'register-noop-hooks.mjs');
writeFileSync(registerNoop, `import { register } from 'node:module';\nregister(${JSON.stringify(new URL(`file://${noopHooks}`).href)});\n`);
const importRuntime = join(tmpDir, 'import-runtime.mjs');
writeFileSync(importRuntime, `import ${JSON.stringify(join(rootDir, 'dist', 'index.js'))};\n`);

const hello = join(workloads, 'hello-node.mjs');
const variants = [
  ['node -e 0', ['-e', '0']],
  ['node hello-node.mjs', [hello]],
  ['… + module.register (no-op)', ['--import', registerNoop, hello]],
  ["… + import 'greenhack'", ['--import', importRuntime, hello]],
  ['… + greenhack/register', ['--import', join(rootDir, 'dist', 'loader', 'register.js'), hello]],
  ['greenhack run hello.ts', [join(rootDir, 'dist', 'cli', 'main.js'), 'run', join(workloads, 'hello.ts')]],
];

function time(args) {
  const start = nowNs();
  const child = spawnSync(process.execPath, args, { cwd: rootDir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed: ${child.stderr}`);
  return (nowNs() - start) / 1e6;
}

for (const [, args] of variants) time(args); // warm the compile caches
const samples = variants.map(() => []);
for (let round = 0; round < rounds; round++) {
  const order = variants.map((_, i) => i);
  if (round % 2) order.reverse();
  for (const i of order) samples[i].push(time(variants[i][1]));
}
const baseline = median(samples[1]);
console.log(`Node ${process.version}, ${rounds} rounds, median wall time`);
variants.forEach(([label], i) => {
  const ms = median(samples[i]);
  console.log(`${label.padEnd(34)} ${ms.toFixed(1).padStart(7)} ms  ${(ms / baseline).toFixed(2)}×`);
});
