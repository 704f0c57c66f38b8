// Experiment: green map/filter/flatMap/Array.from fill their result with Object.defineProperty (the spec's
// CreateDataPropertyOrThrow); a plain store or push does the same for a fresh Array. Usage: node bench/experiments/define-property.mjs
function define(target, key, value) {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}
const viaDefine = (len) => { const A = new Array(len); for (let k = 0; k < len; k++) define(A, k, k); return A; };
const viaStore = (len) => { const A = new Array(len); for (let k = 0; k < len; k++) A[k] = k; return A; };
const viaPush = (len) => { const A = []; for (let k = 0; k < len; k++) A.push(k); return A; };
const N = 1e6;
for (let round = 0; round < 3; round++) {
  const out = [];
  for (const [name, fill] of Object.entries({ viaDefine, viaStore, viaPush })) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) fill(3);
    out.push(`${name} ${(Number(process.hrtime.bigint() - t0) / N / 3).toFixed(1)} ns/element`);
  }
  console.log(out.join('   '));
}
