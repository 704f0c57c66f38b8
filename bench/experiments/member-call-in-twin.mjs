// Experiment: what a twin pays for a method call whose callee turns out to be a built-in. A loop of
// `str.charCodeAt(i)` written directly, and in the emitted twin's shape (callee in a temporary, twin
// lookup, owner check, then `Reflect.apply` with a fresh arguments array), each in a plain function and
// in a generator. Usage: node bench/experiments/member-call-in-twin.mjs
const apply = Reflect.apply;
const TWIN = Symbol.for('greenhack.twin');
const OWNER = Symbol.for('greenhack.owner');
const text = 'abcdefghij'.repeat(100);
function direct(s) { let c = 0; for (let i = 0; i < s.length; i++) c += s.charCodeAt(i); return c; }
function dispatched(s) {
  let c = 0, f, r, t;
  for (let i = 0; i < s.length; i++) { r = s; f = r.charCodeAt; c += (t = f?.[TWIN]) && t[OWNER] === f ? 0 : typeof f === 'function' ? apply(f, r, [i]) : 0; }
  return c;
}
function* directGenerator(s) { let c = 0; for (let i = 0; i < s.length; i++) c += s.charCodeAt(i); return c; }
function* dispatchedGenerator(s) {
  let c = 0, f, r, t;
  for (let i = 0; i < s.length; i++) { r = s; f = r.charCodeAt; c += (t = f?.[TWIN]) && t[OWNER] === f ? yield* t(i) : typeof f === 'function' ? apply(f, r, [i]) : 0; }
  return c;
}
const variants = {
  'direct, plain function': direct,
  'dispatched, plain function': dispatched,
  'direct, generator': (s) => directGenerator(s).next().value,
  'dispatched, generator (the twin)': (s) => dispatchedGenerator(s).next().value,
};
for (let round = 0; round < 4; round++) {
  const out = [];
  for (const [name, run] of Object.entries(variants)) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 3000; i++) run(text);
    out.push(`${name} ${(Number(process.hrtime.bigint() - t0) / 3000 / text.length).toFixed(1)} ns/call`);
  }
  if (round > 0) console.log(out.join('   '));
}
