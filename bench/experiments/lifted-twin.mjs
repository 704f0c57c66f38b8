// Experiment: the twin of a closure made per call (a callback created per request) as a fresh generator
// closure, vs one generator made once and bound to the closure's captured values per evaluation (what
// plan-lifted-twins.ts emits), vs a shared generator (the floor). Each iteration makes the twin and calls
// it twice through `yield*`. Usage: node bench/experiments/lifted-twin.mjs
function price(x, y) { return x + y; }
const lifted = ({ *''(i, x, k) { return price(x, k + i); } })[''];
function* drive(n, mode) {
  let s = 0;
  const shared = function* (x, k) { return price(x, k); };
  for (let i = 0; i < n; i++) {
    let twin;
    if (mode === 'shared') twin = shared;
    else if (mode === 'fresh') twin = function* (x, k) { return price(x, k + i); };
    else twin = lifted.bind(undefined, i);
    s += yield* twin(i, 1);
    s += yield* twin(i, 2);
  }
  return s;
}
const N = 3e5;
const modes = ['shared', 'fresh', 'lifted'];
for (let round = 0; round < 4; round++) {
  const out = [];
  for (const mode of modes) {
    const t0 = process.hrtime.bigint();
    drive(N, mode).next();
    out.push(`${mode} ${(Number(process.hrtime.bigint() - t0) / N).toFixed(0)} ns/iteration`);
  }
  if (round > 0) console.log(out.join('   '));
}
