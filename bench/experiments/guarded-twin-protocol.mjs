// Experiment: what a call of a guarded function costs from a twin when its guard passes, three ways. A
// loop in a generator (a twin) calls a small function:
//   generator   as emitted now: the twin is a generator whose first statement checks and runs the original
//   finished    the twin is a plain function that checks, runs the original and returns a finished
//               one-field iterator (else it returns the full twin's generator): any consumer still works
//   flag        the twin returns the value itself and raises a flag that the call site reads and clears
//               (every consumer of twins would have to read it)
//   plain       the original called directly, for reference
// Usage: node bench/experiments/guarded-twin-protocol.mjs
import { median } from '../lib/common.mjs';

function leaf(x) {
  return x * 2 + 1;
}
let mask = 3; // the guard: checked bindings that passed (`let`, so V8 does not fold the check away)
const apply = Reflect.apply;
function* fullTwin() {
  return 0; // (never reached: the guard passes)
}
function* generatorTwin(x) {
  if ((mask & 3) === 3) return apply(leaf, this, arguments);
  return yield* fullTwin.apply(this, arguments);
}
const RESULT = { done: true, value: undefined };
class Finished {
  constructor(value) {
    this.value = value;
  }
  [Symbol.iterator]() {
    return this;
  }
  next() {
    RESULT.value = this.value;
    this.value = undefined;
    return RESULT;
  }
}
function finishedTwin(x) {
  if ((mask & 3) === 3) return new Finished(apply(leaf, this, arguments));
  return fullTwin.apply(this, arguments);
}
const runtime = { direct: false };
function flagTwin(x) {
  if ((mask & 3) === 3) {
    runtime.direct = true;
    return apply(leaf, this, arguments);
  }
  return fullTwin.apply(this, arguments);
}
const loops = {
  *generator(n) {
    let s = 0;
    for (let i = 0; i < n; i++) s += yield* generatorTwin(i);
    return s;
  },
  *finished(n) {
    let s = 0;
    for (let i = 0; i < n; i++) s += yield* finishedTwin(i);
    return s;
  },
  *flag(n) {
    let s = 0;
    let r;
    for (let i = 0; i < n; i++) s += ((r = flagTwin(i)), runtime.direct ? ((runtime.direct = false), r) : yield* r);
    return s;
  },
  *plain(n) {
    let s = 0;
    for (let i = 0; i < n; i++) s += leaf(i);
    return s;
  },
};
const n = 200_000;
const expected = loops.plain(n).next().value;
const times = Object.fromEntries(Object.keys(loops).map((k) => [k, []]));
for (let round = 0; round < 25; round++) {
  for (const [name, loop] of Object.entries(loops)) {
    const t0 = process.hrtime.bigint();
    const value = loop(n).next().value;
    const ns = Number(process.hrtime.bigint() - t0) / n;
    if (value !== expected) throw new Error(`${name}: ${value} !== ${expected}`);
    if (round >= 5) times[name].push(ns);
  }
}
for (const [name, list] of Object.entries(times)) console.log(`${name.padEnd(10)} ${median(list).toFixed(1).padStart(6)} ns per call`);
