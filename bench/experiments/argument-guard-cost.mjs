// Experiment: what a run-time guard on an argument would cost per element, for the array workload's
// `hasTag(item, tag)` (`item.tags.includes(tag)`): the element must be no Proxy and `tags` an own data
// property holding an ordinary array, checked without running a getter or trap twice. Compared with the
// plain call itself. Usage: node bench/experiments/argument-guard-cost.mjs
import { types } from 'node:util';

const { isProxy } = types;
const items = Array.from({ length: 40 }, (_, i) => ({ id: i, qty: 1, tags: i % 3 ? ['veg'] : ['meat', 'hot'] }));
const { getOwnPropertyDescriptor, getPrototypeOf, hasOwn } = Object;
const ArrayProto = Array.prototype;
const includes = ArrayProto.includes;
const lookupGetter = Object.prototype.__lookupGetter__;
const arrayOk = (tags) => Array.isArray(tags) && !isProxy(tags) && getPrototypeOf(tags) === ArrayProto && ArrayProto.includes === includes && !hasOwn(tags, 'includes');
const guards = {
  'descriptor (sound)': (item) => {
    if (typeof item !== 'object' || item === null || isProxy(item)) return false;
    const d = getOwnPropertyDescriptor(item, 'tags');
    return d !== undefined && 'value' in d && arrayOk(d.value);
  },
  '__lookupGetter__ (sound)': (item) => typeof item === 'object' && item !== null && !isProxy(item) && lookupGetter.call(item, 'tags') === undefined && arrayOk(item.tags),
  'isProxy + prototype only (not sound: own getters)': (item) => typeof item === 'object' && item !== null && !isProxy(item) && getPrototypeOf(item) === Object.prototype && Array.isArray(item.tags),
  'the plain hasTag call': (item) => item.tags.includes('veg'),
};
for (const [name, check] of Object.entries(guards)) {
  let ns = 0;
  for (let round = 0; round < 3; round++) {
    let hits = 0;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 20000; i++) for (let k = 0; k < items.length; k++) if (check(items[k])) hits++;
    ns = Number(process.hrtime.bigint() - t0) / 20000 / items.length;
    if (hits === 0) throw new Error('no hits');
  }
  console.log(`${name.padEnd(50)} ${ns.toFixed(1)} ns per element`);
}
