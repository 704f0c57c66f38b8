// The write scan (plan-receiver-writes.ts) against sloppy CommonJS, which the differential programs (modules,
// hence strict) cannot say: a sloppy function called plainly gets the global object as `this`, so
// `(function () { return this })().Object` is Object without the name `Object` used as a value, and its
// `assign` is no member of an identifier the scan knows (REFLECTIVE). The scan now takes `Object` read off
// any object as unsafe (UNTRACKED_MEMBERS); before, the file replaced the array iterator's `next` through
// it unseen, its loop over its own array (plan-local-values.ts, arrayLiteralUses) was taken for plain, and
// the green run fell back to the sync implementation. Each file is compiled alone and run as in sloppy-scopes.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dist = new URL('../../dist/', import.meta.url);
const { transform } = await import(new URL('transform/index.js', dist).href);
const { asAsync, hidden } = await import(new URL('index.js', dist).href);

const counters = { async: 0, sync: 0 };
const load = hidden(async (x) => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x) => { counters.sync++; return x }, name: 'load' });

const CASES = {
  // `next` replaced (once, while `armed`, and only while main runs) through the global object's Object.
  'global-object.cjs': { expected: 6, source: `const load = require('./hid.cjs')
const LIST = [1, 2, 3]
let armed = false
function total() { let sum = 0; armed = true; for (const x of LIST) sum += x; armed = false; return sum }
const top = (function () { return this })()
const iteratorPrototype = Object.getPrototypeOf([][Symbol.iterator]())
const builtinNext = iteratorPrototype.next
function patchedNext() { if (armed) { armed = false; load(0) } return builtinNext.call(this) }
module.exports = function main() {
  top.Object.assign(iteratorPrototype, { next: patchedNext })
  try { return total() } finally { top.Object.assign(iteratorPrototype, { next: builtinNext }) }
}` },
};

test('sloppy write scan: a write through the global object reached as a sloppy `this` is seen', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'greenhack-sloppy-scan-'));
  writeFileSync(join(dir, 'hid.cjs'), 'module.exports = globalThis.__sloppyWriteScanLoad');
  globalThis.__sloppyWriteScanLoad = load;
  const require = createRequire(join(dir, 'hid.cjs'));
  for (const [name, { expected, source }] of Object.entries(CASES)) {
    writeFileSync(join(dir, name), transform(source, { filename: name }).code);
    const main = require(`./${name}`);
    counters.async = counters.sync = 0;
    assert.equal(main(), expected, `${name}: plain run`);
    assert.deepEqual(counters, { async: 0, sync: 1 }, `${name}: the plain run takes the sync fallback once`);
    counters.async = counters.sync = 0;
    assert.equal(await asAsync(main)(), expected, `${name}: green run`);
    assert.deepEqual(counters, { async: 1, sync: 0 }, `${name}: every hidden call in the task suspends`);
  }
});
