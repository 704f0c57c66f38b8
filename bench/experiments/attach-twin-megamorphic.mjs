// Experiment: the cost, outside any task, of `__gh.tw(callback, function* …)`, which the transform emits in
// the *original* function wherever a callback that makes calls is created. Once attachTwin has seen several
// function shapes (as it does while any real module loads), its property stores are megamorphic and each
// attachment takes V8's slow path. Usage: node bench/experiments/attach-twin-megamorphic.mjs [poison]
import { dist } from '../lib/common.mjs';

await import(dist('index.js'));
const gh = globalThis[Symbol.for('greenhack.runtime')];
const poison = process.argv[2] === 'poison';
if (poison) {
  const makers = [() => function a() {}, () => () => {}, () => class {}, () => async function () {}, () => ({ m() {} }).m, () => function* () {}];
  for (const make of makers) {
    for (let i = 0; i < 3; i++) {
      const f = make();
      f.extra = i;
      gh.tw(f, function* () {});
    }
    gh.tw(make(), function* () {});
  }
}
function f(x) {
  return x + 1;
}
const items = [1, 2, 3, 4, 5, 6, 7, 8];
const plain = () => items.map((x) => f(x)).length;
const withTwin = () => items.map(gh.tw((x) => f(x), function* (x) { return x + 1; })).length;
const N = 1e6;
for (let round = 0; round < 3; round++) {
  const out = [];
  for (const [name, run] of Object.entries({ plain, withTwin })) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) run();
    out.push(`${name} ${(Number(process.hrtime.bigint() - t0) / N).toFixed(1)} ns per map() call`);
  }
  if (round > 0) console.log(poison ? 'attachTwin megamorphic:' : 'attachTwin monomorphic:', out.join('   '));
}
