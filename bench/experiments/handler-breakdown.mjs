// Experiment: what the green request handler of scenario 5 spends its extra CPU on. CPU per request (64
// concurrent) for: async/await; green with task origins; green without (the default); green without origins where the one
// `lines.map((line, i) => price(...))` (a callback that makes a call, created per request) is a for loop.
// Usage: node bench/experiments/handler-breakdown.mjs
import { compare, compileWorkload, dist } from '../lib/common.mjs';

const { asAsync, configure } = await import(dist('index.js'));
const MAP = 'const lines = request.lines.map((line, i) => price(line, items[i]!));';
const LOOP = 'const lines: PricedLine[] = []; for (let i = 0; i < request.lines.length; i++) lines.push(price(request.lines[i]!, items[i]!));';
const a = await compileWorkload('handler.ts');
const b = await compileWorkload('handler.ts', {
  stem: 'handler-loop',
  edit: (source) => {
    if (!source.includes(MAP)) throw new Error('handler.ts changed: update this experiment');
    return source.replaceAll(MAP, LOOP);
  },
});
const bodies = a.plain.BODIES;
const batches = (handler, origins = true) => async (n) => {
  configure({ taskOrigins: origins });
  for (let done = 0; done < n; done += 64) {
    const promises = [];
    for (let i = 0; i < 64; i++) promises.push(handler(bodies[i]));
    await Promise.all(promises);
  }
  configure({ taskOrigins: false });
};
const units = (n) => Math.ceil(n / 64) * 64;
const result = await compare(
  [
    { name: 'async/await', run: batches(a.plain.handleAsync), units },
    { name: 'async/await, for loop', run: batches(b.plain.handleAsync), units },
    { name: 'green, task origins on', run: batches(asAsync(a.green.handle)), units },
    { name: 'green, no origins', run: batches(asAsync(a.green.handle), false), units },
    { name: 'green, no origins, for loop', run: batches(asAsync(b.green.handle), false), units },
  ],
  { measure: 'cpu', rounds: 7, sampleMs: 100 },
);
for (const [name, r] of Object.entries(result)) console.log(`${name.padEnd(28)} ${r.nsPerUnit.toFixed(0).padStart(6)} ns CPU/request  ${r.ratio.toFixed(2)}×`);
