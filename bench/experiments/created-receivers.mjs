// Experiment: a method that makes instances of classes of its module and calls their methods
// (`new Span(…).grow(…)`; workload `geometry.ts`), run inside a green task against the same compiled code
// outside one. Since the receiver analysis resolves such calls (plan-receivers.ts, createdClass), the
// method's twin checks the classes' prototypes and runs the original as plain code. Run it against an
// older build to compare: GREENHACK_BENCH_DIST=<a copy of an older dist/> node bench/experiments/created-receivers.mjs
// Usage: node scripts/build.mjs && node bench/experiments/created-receivers.mjs
import { compare, compileWorkload, dist } from '../lib/common.mjs';

const { asAsync } = await import(dist('index.js'));
const m = await compileWorkload('geometry.ts');
const layout = new m.green.Layout();
const inTask = asAsync(m.green.layoutRow);
const ROW = 1000;
const result = await compare([
  { name: 'outside a task', run: async (n) => { let s = 0; for (let i = 0; i < n; i++) s += m.green.layoutRow(layout, ROW); return s; }, units: (n) => n },
  { name: 'inside a task', run: async (n) => { let s = 0; for (let i = 0; i < n; i++) s += await inTask(layout, ROW); return s; }, units: (n) => n },
]);
const outside = result['outside a task'].nsPerUnit;
const inside = result['inside a task'].nsPerUnit;
console.log(`row of ${ROW} cells: outside ${outside.toFixed(0)} ns, inside a task ${inside.toFixed(0)} ns (${(inside / outside).toFixed(2)}×)`);
