// Experiment: what the Task itself costs a request. CPU per request (64 concurrent) of the scenario-5
// handler as async/await, as a green task (asAsync, no task origins), and as the same emitted twin under
// a minimal driver with no Task object (what the Task runtime adds is the gap between the last two).
// To compare two builds, run it against each (GREENHACK_BENCH_DIST=/other/dist) alternately, a few times.
// Usage: node bench/experiments/task-cost.mjs
import { compare, compileWorkload, dist, driveMinimally } from '../lib/common.mjs';

const { asAsync, configure } = await import(dist('index.js'));
configure({ taskOrigins: false });
const m = await compileWorkload('handler.ts');
const TWIN = Symbol.for('greenhack.twin');
const bodies = m.plain.BODIES;
const drive = driveMinimally;
const twin = m.green.handle[TWIN];
const batches = (handler) => async (n) => {
  for (let done = 0; done < n; done += 64) {
    const promises = [];
    for (let i = 0; i < 64; i++) promises.push(handler(bodies[i]));
    await Promise.all(promises);
  }
};
const units = (n) => Math.ceil(n / 64) * 64;
const result = await compare(
  [
    { name: 'async/await', run: batches(m.plain.handleAsync), units },
    { name: 'green task', run: batches(asAsync(m.green.handle)), units },
    { name: 'twin, minimal driver', run: batches((body) => drive(twin(body))), units },
  ],
  { measure: 'cpu', rounds: 9, sampleMs: 100 },
);
for (const [name, r] of Object.entries(result)) console.log(`${name.padEnd(22)} ${r.nsPerUnit.toFixed(0).padStart(6)} ns CPU/request  ${r.ratio.toFixed(2)}×`);
