// Entry modules (`transform(…, { entry: true })`), differentially: each program runs natively and compiled
// as an entry (its top level a green task), and must record the same results. Regressions found by the
// test262 runs (docs/conformance.md): const assignment, await in patterns, the default export's name,
// circular imports calling a function before its module ran, early errors refused as V8 would, and `var`s
// declared inside top-level statements (module scope, though the top level runs in a generator).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { transform, TransformError } from 'greenhack/transform';

await import(new URL('../../dist/index.js', import.meta.url).href);
const dir = mkdtempSync(join(tmpdir(), 'greenhack-entry-'));
let serial = 0;

/** Writes `files` (name → source; the first is the entry) natively or compiled, imports the entry, returns `globalThis.results`. */
async function run(files: Record<string, string>, green: boolean): Promise<unknown> {
  const runDir = join(dir, `${serial++}`);
  mkdirSync(runDir);
  const names = Object.keys(files);
  for (const name of names) {
    const source = files[name]!;
    writeFileSync(join(runDir, name), green ? transform(source, { filename: name, entry: name === names[0] }).code : source);
  }
  const g = globalThis as { results?: unknown[] };
  g.results = [];
  await import(pathToFileURL(join(runDir, names[0]!)).href);
  return g.results;
}

async function same(files: Record<string, string>): Promise<unknown> {
  const native = await run(files, false);
  assert.deepEqual(await run(files, true), native);
  return native;
}

const record = 'const log = (v) => globalThis.results.push(v); const attempt = (f) => { try { return f(); } catch (e) { return e.constructor.name; } };\n';

test('assigning a top-level const throws a TypeError, however it is assigned; inner bindings of the name do not', async () => {
  const results = await same({
    'main.mjs': `${record}const c = 1;
log(attempt(() => { c = 2; }));
log(attempt(() => { [c] = [3]; }));
log(attempt(() => { ({ c } = { c: 4 }); }));
log(attempt(() => { ({ x: c = 5 } = {}); }));
log(attempt(() => { c++; }));
log(attempt(() => { for (c of [6]); }));
log(attempt(() => { let c = 0; c = 7; return c; }));
function shadow(c) { c = 8; return c; }
log(shadow(0));
log(c);`,
  });
  assert.deepEqual(results, ['TypeError', 'TypeError', 'TypeError', 'TypeError', 'TypeError', 'TypeError', 7, 8, 1]);
});

test('top-level await in a declaration pattern, a shorthand default and a catch parameter', async () => {
  const results = await same({
    'main.mjs': `${record}const f = async (v) => v;
var { a = await f('a') } = {};
export var [b = await f('b')] = [];
let { c: { d = await f('d') } } = { c: {} };
try { throw {}; } catch ({ e = await f('e') }) { log(e); }
log([a, b, d]);`,
  });
  assert.deepEqual(results, ['e', ['a', 'b', 'd']]);
});

test('an anonymous default-exported class is named "default" before its static initialisers run', async () => {
  const results = await same({ 'main.mjs': `${record}export default class { static seen = this.name; }\nimport C from './main.mjs';\nlog([C.seen, C.name]);` });
  assert.deepEqual(results, [['default', 'default']]);
});

test('a function called through a circular import before its module ran creates its closures plain', async () => {
  const files = {
    'main.mjs': `${record}import './b.mjs';\nexport function make(x) { return [() => helper(x), class { m() { return helper(x); } }, { m() { return helper(x); } }]; }\nfunction helper(x) { return String(x).toUpperCase(); }\nlog('main ran');`,
    'b.mjs': `import { make } from './main.mjs';\nconst [f, C, o] = make('early');\nglobalThis.results.push([f(), new C().m(), o.m()]);`,
  };
  assert.deepEqual(await same(files), [['EARLY', 'EARLY', 'EARLY'], 'main ran']);
});

const nestedVars = `
label: for (var i = 0; i < 3; i++) { if (i === 2) break label; }
for (var [k, v] of [[1, 2]]) {}
for (var key in { a: 1 }) {}
if (i) var flag = await Promise.resolve('set after an await'); else var other = 'never';
try { var inTry = 1; throw 0; } catch { var inCatch = 2; }
switch (1) { case 1: var inSwitch = 3; }
{ var { a = 4, ...rest } = { b: 5 } }
var x = 1, y;
var i;
function seen() { return [i, k, v, key, flag, other, inTry, inCatch, inSwitch, a, rest, x, y]; }
log(seen());
// A callback whose twin is lifted to the module's top reads them there too (the test262 toSorted case).
const picks = [];
for (var n = 0; n < 2; n++) [n].forEach(function () { picks.push([n, i]); });
log(picks);
i = 'reassigned';
log(seen()[0]);
`;

test('a `var` declared inside top-level statements belongs to the module: its functions and lifted twins see it', async () => {
  const results = await same({ 'main.mjs': `${record}${nestedVars}` });
  assert.deepEqual(results, [[2, 1, 2, 'a', 'set after an await', undefined, 1, 2, 3, 4, { b: 5 }, 1, undefined], [[0, 2], [1, 2]], 'reassigned']);
});

test('the same in a CommonJS entry, whose top level is a function', async () => {
  const source = nestedVars.replace("await Promise.resolve('set after an await')", "'set after an await'");
  const results = await same({ 'main.cjs': `${record}${source}` });
  assert.deepEqual((results as unknown[])[0], [2, 1, 2, 'a', 'set after an await', undefined, 1, 2, 3, 4, { b: 5 }, 1, undefined]);
});

test('early errors of a script or module top level are refused in entries, as V8 refuses them', () => {
  const refused: [string, 'script' | 'module'][] = [
    ['return;', 'script'],
    ['new.target;', 'script'],
    ['() => super.x;', 'module'],
    ['"use strict"; var x = yield;', 'script'],
    ['for (var x = 1 of []) ;', 'script'],
    ['for (x of []) label: function f() {}', 'script'],
    ['class C { static { arguments; } }', 'script'],
  ];
  for (const [source, sourceType] of refused) {
    assert.throws(() => new vm.Script(source), SyntaxError, `${source}: V8 refuses it too`);
    assert.throws(() => transform(source, { filename: 'main.js', sourceType, entry: true }), TransformError, source);
  }
  // Legal in CommonJS, which runs in a function.
  assert.doesNotThrow(() => transform('return;', { filename: 'main.cjs', entry: true }));
});

test('sloppy top-level code that names something `yield` runs plain, with a diagnostic', () => {
  const { code, diagnostics } = transform('var yield = 3;\nyield: for (;;) break yield;\nmodule.exports = yield;', { filename: 'main.cjs', entry: true });
  assert.doesNotMatch(code, /\.entry\(/);
  assert.equal(diagnostics.length, 1);
  assert.match(diagnostics[0]!.message, /`yield` as a name/);
  assert.deepEqual([diagnostics[0]!.line, diagnostics[0]!.column], [1, 5]);
  // Inside functions it is no obstacle.
  assert.match(transform('function f() { var yield = 1; return yield; }\nf();', { filename: 'main.cjs', entry: true }).code, /\.entry\(/);
});

test('a function declared in a block of sloppy top-level code (Annex B) runs plain, with a diagnostic, and its var stays the module\'s', async () => {
  const source = 'if (true) { function f() { return 1; } }\nfunction g() { return typeof f === "function" ? f() : "missing"; }\nglobalThis.results.push(g());';
  const { code, diagnostics } = transform(source, { filename: 'main.cjs', entry: true });
  assert.doesNotMatch(code, /\.entry\(/);
  assert.equal(diagnostics.length, 1);
  assert.match(diagnostics[0]!.message, /Annex B/);
  assert.deepEqual([diagnostics[0]!.line, diagnostics[0]!.column], [1, 13]);
  assert.deepEqual(await same({ 'main.cjs': source }), [1]);
  // Strict code binds it in its block only, and async functions and generators never: those stay entries.
  for (const strictOrNot of ['"use strict";\nif (true) { function f() {} }', 'if (true) { async function f() {} }', 'if (true) { function* f() {} }', 'function top() { if (true) { function f() {} } }']) {
    assert.match(transform(strictOrNot, { filename: 'main.cjs', entry: true }).code, /\.entry\(/, strictOrNot);
  }
});

test('sloppy top-level `for (var x = … in o)` runs plain, with a diagnostic, and its var stays the module\'s', async () => {
  const source = 'var seen = [];\nif (true) for (var x = 1 in {}) ;\nfunction get() { return x; }\nglobalThis.results.push(get());';
  const { code, diagnostics } = transform(source, { filename: 'main.cjs', entry: true });
  assert.doesNotMatch(code, /\.entry\(/);
  assert.equal(diagnostics.length, 1);
  assert.match(diagnostics[0]!.message, /for \(var x = … in o\)/);
  assert.deepEqual([diagnostics[0]!.line, diagnostics[0]!.column], [2, 16]);
  assert.deepEqual(await same({ 'main.cjs': source }), [1]);
});
