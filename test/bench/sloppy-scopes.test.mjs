// Sloppy-mode scoping and the sloppy global `this` against the analysis's shortcuts (CommonJS files
// without "use strict", each compiled alone, as in checked-bindings.test.mjs; the differential programs
// are modules, hence strict, and cannot say these). Each case reaches a hidden call from a closure or a helper that a shortcut could run with a
// stale binding or as plain code, and checks the green run against the plain one: same result, and every
// hidden call suspends. The rule each case guards is named beside it; weaken it and the case fails.
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

// Each file reads the hidden function from `hid.cjs`, left untransformed (outside the green scope).
const CASES = {
  // The write scan: a sloppy function called plainly gets the global object as `this`, so `top.Object` is
  // Object without the name used as a value; through it the file replaces the array iterator's `next`
  // (once, while `armed`, only while main runs), so its loop over its own array must not be plain.
  // Rule: `Object` (and Reflect, Function, eval, globalThis) read off any object is unsafe
  // (plan-receiver-writes.ts, UNTRACKED_MEMBERS).
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
  // Annex B.3.5: `var e = …` inside `catch (e)` assigns the catch parameter. The generator runs it while
  // the closure (resumed through `it.next()`) is on the stack: a lifted twin would pass the old `e`.
  // Rule: a `var` initialiser over a binding that is not a `var` writes it (plan-lifted-twins.ts).
  'catch-var.cjs': { expected: 2, source: `const load = require('./hid.cjs')
let it
function* steps() {
  try { throw 1 } catch (e) {
    const f = () => { it.next(); return load(e) }
    yield f
    var e = 2
    yield f
  }
}
module.exports = function main() { it = steps(); return it.next().value() }` },
  // Annex B.3.3: a function declaration in a block also assigns the function-level `var h` when the
  // block runs. Rule: a name declared by a block function is never fixed (lifted-twin-scopes.ts, `never`).
  'block-function.cjs': { expected: 5, source: `const load = require('./hid.cjs')
let it
function* steps() {
  var h = function () { return 1 }
  const f = () => { it.next(); return h() }
  yield f
  { function h() { return load(5) } }
  yield f
}
module.exports = function main() { it = steps(); return it.next().value() }` },
  // The same, where the function-level binding is a function declaration: hoisted, yet assigned again
  // when the block runs. Rule: a block function's `never` is not overwritten by the top-level declaration
  // of the same name (lifted-twin-scopes.ts, `hoisted`).
  'block-function-over-declaration.cjs': { expected: 5, source: `const load = require('./hid.cjs')
let it
function* steps() {
  function h() { return 1 }
  const f = () => { it.next(); return h() }
  yield f
  { function h() { return load(5) } }
  yield f
}
module.exports = function main() { it = steps(); return it.next().value() }` },
  // Mapped arguments: `arguments[0] = 9` writes the parameter `a`, from a helper closure and from the
  // generator itself while the closure runs. Rule: a sloppy function's parameters are never fixed when
  // its code mentions `arguments` (lifted-twin-scopes.ts, `mentionsArguments`).
  'arguments-write.cjs': { expected: 9, source: `const load = require('./hid.cjs')
function lifted(a) { const bump = () => { arguments[0] = 9 }; const f = () => { bump(); return load(a) }; return f() }
module.exports = function main() { return lifted(1) }` },
  'arguments-write-generator.cjs': { expected: 9, source: `const load = require('./hid.cjs')
let it
function* steps(a) {
  const f = () => { it.next(); return load(a) }
  yield f
  arguments[0] = 9
  yield f
}
module.exports = function main() { it = steps(1); return it.next().value() }` },
  // Mapped arguments: `count` rebinds its parameter through `arguments[0]` to an array with an own
  // `filter` that suspends, and makes no other call. Rule: a known function using `arguments` takes no
  // tracked list (plan-data-tracker.ts, `passed`), so `list.filter(cb)` stays a call its twin dispatches.
  // (The own `filter` is defined, not assigned: a written member name would stop the analysis anyway.)
  'data-arguments.cjs': { expected: 1, source: `const load = require('./hid.cjs')
const ITEMS = [{ tags: ['a'] }, { tags: ['b'] }]
const other = [{ tags: ['a'] }]
Object.defineProperty(other, 'filter', { value: function (cb) { return [load(1)] } })
function count(list) { arguments[0] = other; return list.filter((item) => item.tags.includes('a')).length }
module.exports = function main() { return count(ITEMS) }` },
};

test('sloppy scoping: closures and helpers that a shortcut could run stale or plain suspend with the plain result', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'greenhack-sloppy-'));
  writeFileSync(join(dir, 'hid.cjs'), 'module.exports = globalThis.__sloppyScopesLoad');
  globalThis.__sloppyScopesLoad = load;
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
