// Experiment: how much of the in-task call cost is the generator itself? fib(18) as plain code, as the
// transform's twin (compiled from bench/workloads/calls.ts), and as a hand-written generator with static
// `yield*` (the floor of any design that makes one generator per call). Usage: node bench/experiments/generator-floor.mjs
import { compileWorkload } from '../lib/common.mjs';

const m = await compileWorkload('calls.ts');
const TWIN = Symbol.for('greenhack.twin');
function* fibGen(n) {
  return n < 2 ? n : (yield* fibGen(n - 1)) + (yield* fibGen(n - 2));
}
const calls = 8361; // calls in one fib(18)
const variants = {
  plain: () => m.plain.fib(18),
  'emitted twin': () => m.green.fib[TWIN](18).next().value,
  'hand-written generator': () => fibGen(18).next().value,
};
for (let round = 0; round < 4; round++) {
  const out = [];
  for (const [name, run] of Object.entries(variants)) {
    const reps = name === 'plain' ? 2000 : 200;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) run();
    out.push(`${name} ${(Number(process.hrtime.bigint() - t0) / reps / calls).toFixed(1)} ns/call`);
  }
  if (round > 0) console.log(out.join('   '));
}
