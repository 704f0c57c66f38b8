// Experiment: what a twin pays for a method call whose callee turns out to be a built-in, by the shape of
// the call site. Each case is one generator per shape, run to its end by `next()` (no task), interleaved,
// many short rounds; it prints the minimum and the median ns per case run (the machine is shared):
// - `original`: the plain function, as written (the floor);
// - `in a generator`: the same text in a generator (what a hand-written generator pays);
// - `fn?.[T] + Reflect.apply`: the site as emitted until protocol 6 (a lookup whose branches load, then
//   `Reflect.apply(choice, o, [args])`);
// - `(fn ?? 0)[T] + Reflect.apply` and `fn?.[T] + call`: one of the two changes each;
// - `(fn ?? 0)[T] + call`: the site as emitted now (`call` = Function.prototype.call bound to itself).
// For `map` the sites pass a twinless arrow, so they also read the callbacks-only mark, as emitted.
// Usage: node scripts/build.mjs && node bench/experiments/member-call-in-twin.mjs [case…]
import { dist } from '../lib/common.mjs';

await import(dist('index.js'));
const runtime = globalThis[Symbol.for('greenhack.runtime')];
const T = Symbol.for('greenhack.twin');
const O = Symbol.for('greenhack.owner');
const C = Symbol.for('greenhack.callbacksOnly');

// The callee in `f`, the receiver in `r`, the twin in `t`; `skip`: the site reads the callbacks-only mark.
const oldLookup = (skip) => `((t = f?.[T]) && t[O] === f${skip ? ' && !t[C]' : ''} ? t : (t = void 0, typeof f === "function" ? f : nc("f")))`;
const newLookup = (skip) =>
  `(${skip ? '(t = (f ?? 0)[T], t = (f ?? 0)[C] === f ? void 0 : t)' : '(t = (f ?? 0)[T])'} && t[O] === f ? t : (t = void 0, typeof f === "function" ? f : nc("f")))`;
const viaApply = (lookup) => (recv, method, args, skip) => `(r = ${recv}, f = r.${method}, f = apply(${lookup(skip)}, r, [${args}]), t ? (yield* f) : f)`;
const viaCall = (lookup) => (recv, method, args, skip) => `(r = ${recv}, f = r.${method}, f = call(${lookup(skip)}, r${args ? ', ' : ''}${args}), t ? (yield* f) : f)`;
const shapes = {
  original: null,
  'in a generator': (recv, method, args) => `${recv}.${method}(${args})`,
  'fn?.[T] + Reflect.apply': viaApply(oldLookup),
  '(fn ?? 0)[T] + Reflect.apply': viaApply(newLookup),
  'fn?.[T] + call': viaCall(oldLookup),
  '(fn ?? 0)[T] + call': viaCall(newLookup),
};
// The old sites read the mark on the twin: give the twins one too (the runtime now marks the built-ins).
for (const method of [Array.prototype.map]) Object.defineProperty(method[T], C, { value: true, configurable: true });

const cases = {
  'map, 4 rows': { input: Array.from({ length: 4 }, (_, i) => ({ id: i })), body: (site) => `return ${site('x', 'map', '(e) => e.id', true)}.length;` },
  'map, 64 rows': { input: Array.from({ length: 64 }, (_, i) => ({ id: i })), body: (site) => `return ${site('x', 'map', '(e) => e.id', true)}.length;` },
  'charCodeAt ×30': { input: 'abcdefghij'.repeat(3), body: (site) => `let c = 0; for (let i = 0; i < x.length; i++) c += ${site('x', 'charCodeAt', 'i')}; return c;` },
  'push ×8, pop': { input: 8, body: (site) => `const a = []; for (let i = 0; i < x; i++) ${site('a', 'push', 'i')}; return ${site('a', 'pop', '')};` },
  'slice, indexOf': { input: 'abcdefghij', body: (site) => `return ${site('x', 'slice', '1, 4')}.length + ${site('x', 'indexOf', '"e"')};` },
};

const only = process.argv.slice(2);
const make = (source) => new Function('apply', 'call', 'T', 'O', 'C', 'nc', source)(Reflect.apply, runtime.call, T, O, C, runtime.nc);
for (const [name, { input, body }] of Object.entries(cases)) {
  if (only.length > 0 && !only.some((o) => name.startsWith(o))) continue;
  const runs = {};
  for (const [shape, site] of Object.entries(shapes)) {
    if (site === null) runs[shape] = make(`return function (x) { ${body((recv, method, args) => `${recv}.${method}(${args})`)} }`);
    else {
      const generator = make(`return function* (x) { var t, f, r; ${body(site)} }`);
      runs[shape] = (x) => generator(x).next().value;
    }
  }
  const expected = runs.original(input);
  for (const [shape, run] of Object.entries(runs)) if (run(input) !== expected) throw new Error(`${name}, ${shape}: ${run(input)} instead of ${expected}`);
  const names = Object.keys(runs);
  const times = new Map(names.map((n) => [n, []]));
  let sink = 0;
  for (let round = 0; round < 43; round++) {
    for (let k = 0; k < names.length; k++) {
      const shape = names[(k + round) % names.length];
      const run = runs[shape];
      const t0 = performance.now();
      for (let i = 0; i < 20000; i++) sink += run(input);
      if (round >= 3) times.get(shape).push(((performance.now() - t0) / 20000) * 1e6);
    }
  }
  console.log(`${name}${sink === 0 ? ' ' : ''}`);
  for (const shape of names) {
    const sorted = times.get(shape).sort((a, b) => a - b);
    console.log(`  ${shape.padEnd(30)} min ${sorted[0].toFixed(1).padStart(6)} ns   median ${sorted[sorted.length >> 1].toFixed(1).padStart(6)} ns`);
  }
}
