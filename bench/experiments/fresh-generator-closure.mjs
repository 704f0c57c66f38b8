// Experiment: calling a generator function that is a fresh closure (as a callback's twin is, when the callback
// is created per request) vs one shared closure. Each generator closure gets its own `prototype` object and
// generator-object map the first time it is called. Usage: node bench/experiments/fresh-generator-closure.mjs
function price(x, y) {
  return x + y;
}
function* drive(n, fresh) {
  let s = 0;
  const shared = function* (x, k) { return price(x, k); };
  for (let i = 0; i < n; i++) {
    const twin = fresh ? function* (x, k) { return price(x, k + i); } : shared;
    s += yield* twin(i, 1);
    s += yield* twin(i, 2);
  }
  return s;
}
const N = 1e6;
for (let round = 0; round < 3; round++) {
  const out = [];
  for (const fresh of [false, true]) {
    const t0 = process.hrtime.bigint();
    drive(N, fresh).next();
    out.push(`${fresh ? 'fresh closure each time' : 'one shared closure'} ${(Number(process.hrtime.bigint() - t0) / N / 2).toFixed(1)} ns/call`);
  }
  if (round > 0) console.log(out.join('   '));
}
