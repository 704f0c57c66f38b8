// Experiment: what clearing the attach temporary costs where a closure with a twin is made (outside tasks,
// where only originals run). Until 7d25207 compiled code attached a twin to a function made in an
// expression through a module-level temporary F; it first ended with `F` (F then kept the last function,
// and all it closed over, alive), then with `id(F, F = void 0)`. It now calls `at(fn, twin)` instead: a
// closure stored in the module's scope escapes, and V8 stopped inlining it where it was passed. A loop makes such a closure and calls it, both forms
// interleaved in one process, beside the same closure without a twin; prints ns per closure.
// Usage: node bench/experiments/attach-temporary.mjs
import { median } from '../lib/common.mjs';

const T = Symbol('twin');
const O = Symbol('owner');
const runtime = { id: (value) => value };
let F;
function* lifted(x) {
  return x;
}
const forms = {
  // The same closure without a twin: what the original costs untransformed.
  plain(xs) {
    let s = 0;
    for (let i = 0; i < xs.length; i++) {
      const f = (y) => y + xs[i];
      s += f(1);
    }
    return s;
  },
  kept(xs) {
    let s = 0;
    for (let i = 0; i < xs.length; i++) {
      const f = ((F = runtime.id((y) => y + xs[i])), ((F[T] = () => lifted(i))[O] = F), F);
      s += f(1);
    }
    return s;
  },
  cleared(xs) {
    let s = 0;
    for (let i = 0; i < xs.length; i++) {
      const f = ((F = runtime.id((y) => y + xs[i])), ((F[T] = () => lifted(i))[O] = F), runtime.id(F, (F = void 0)));
      s += f(1);
    }
    return s;
  },
};
const xs = Array.from({ length: 1000 }, (_, i) => i);
const times = { plain: [], kept: [], cleared: [] };
for (let round = 0; round < 40; round++) {
  const order = round % 2 ? ['plain', 'kept', 'cleared'] : ['cleared', 'kept', 'plain'];
  for (const name of order) {
    const t0 = process.hrtime.bigint();
    for (let j = 0; j < 200; j++) forms[name](xs);
    if (round >= 5) times[name].push(Number(process.hrtime.bigint() - t0) / 200 / xs.length);
  }
}
for (const [name, list] of Object.entries(times)) console.log(`${name.padEnd(8)} ${median(list).toFixed(1).padStart(5)} ns per closure`);
