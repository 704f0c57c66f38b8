// Experiment: where the heap of a suspended green task goes. 100 000 tasks suspended 10 frames deep (the
// workload of scenario 3), driven by greenhack (default: without task origins; and with them), by a minimal driver over the
// emitted twins, and by a minimal driver over hand-written generators; async/await for reference.
// Usage: for v in async green origins twins-min-driver hand-generators; do node --expose-gc bench/experiments/memory-breakdown.mjs $v; done
import { compileWorkload, dist, driveMinimally, settleHeap } from '../lib/common.mjs';

const { asAsync, hidden, configure } = await import(dist('index.js'));
const m = await compileWorkload('memory.ts');
const N = 100_000;
const D = 10;
const TWIN = Symbol.for('greenhack.twin');
const which = process.argv[2] ?? 'green';
configure({ taskOrigins: which === 'origins' });
function* waitGen(x) {
  return yield m.plain.gateImpl(x);
}
function* levelGen(depth, x) {
  const y = x + depth;
  return depth <= 1 ? (yield* waitGen(y)) + y : (yield* levelGen(depth - 1, y)) + y;
}
const drive = driveMinimally;
const wait = hidden(m.plain.gateImpl);
const green = asAsync(m.green.level);
const start = {
  async: (i) => m.plain.alevel(m.plain.gateImpl, D, i),
  green: (i) => green(wait, D, i),
  origins: (i) => green(wait, D, i),
  'twins-min-driver': (i) => drive(m.green.level[TWIN](wait, D, i)),
  'hand-generators': (i) => drive(levelGen(D, i)),
}[which];
m.plain.closeGate();
const promises = new Array(N).fill(0);
const before = await settleHeap();
for (let i = 0; i < N; i++) promises[i] = start(i);
const during = await settleHeap();
console.log(`${which}: ${((during - before) / N).toFixed(0)} B/task`);
m.plain.openGate(1);
await Promise.all(promises);
