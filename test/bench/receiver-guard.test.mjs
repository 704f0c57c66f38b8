// The receiver guard's fast path is really taken (and really left): a plain class's methods, called in a
// green task, run as originals below the first twin, which shows in the stack as the absence of generator
// frames (`.next`); a subclass instance, a Proxy and an own property each fall back to the full twins.
// (Behaviour, not speed: the bench's calls scenario measures what the fast path saves.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = new URL('../../dist/', import.meta.url);
const { transform } = await import(new URL('transform/index.js', dist).href);
const { asAsync } = await import(new URL('index.js', dist).href);

const SOURCE = `
const STACKS = []
export function takeStacks() { return STACKS.splice(0) }
export class Walker {
  constructor(text) { this.text = text }
  step(i) { STACKS.push(new Error('here').stack); return this.text.charCodeAt(i) }
  run(n) { let sum = 0; for (let i = 0; i < n; i++) sum += this.step(i); return sum }
}
export class Sub extends Walker {}
export function go(walker, n) { return walker.run(n) }
`;

const generatorFrames = (stack) => stack.split('\n').filter((line) => /\.next \(<anonymous>\)/.test(line)).length;

test('the guard lets a plain class run as originals below its first twin, and only then', async () => {
  const { code } = transform(SOURCE, { filename: 'walker.js' });
  assert.match(code, /\.fast\(this, /, 'the twins of run and step start with the receiver guard');
  const dir = mkdtempSync(join(tmpdir(), 'greenhack-guard-'));
  writeFileSync(join(dir, 'walker.mjs'), code);
  const m = await import(pathToFileURL(join(dir, 'walker.mjs')).href);
  const inTask = asAsync(m.go);

  assert.equal(await inTask(new m.Walker('abc'), 3), 97 + 98 + 99);
  // go's twin, then run's twin, which passes the guard and runs the original run (and step) plainly.
  const fast = generatorFrames(m.takeStacks()[0]);
  assert.equal(fast, 2, 'generator frames: the task entry (go) and run\'s twin');

  const cases = {
    subclass: new m.Sub('abc'),
    proxy: new Proxy(new m.Walker('abc'), {}),
    'own property': Object.assign(new m.Walker('abc'), { step: m.Walker.prototype.step }),
  };
  for (const [name, walker] of Object.entries(cases)) {
    assert.equal(await inTask(walker, 3), 97 + 98 + 99, name);
    // The full twins: step's twin is on the stack too.
    const [stack] = m.takeStacks();
    assert.equal(generatorFrames(stack), 3, `${name}: the full twins, stack:\n${stack}`);
  }
});

const MADE = `
const STACKS = []
export function takeStacks() { return STACKS.splice(0) }
export class Span {
  constructor(from, to) { this.from = from; this.to = to }
  size() { STACKS.push(new Error('here').stack); return this.to - this.from }
}
export class Ruler {
  // (A loop: a guard over a plain run with no loop and no twin below costs more than the full twin.)
  measure(n) { const span = new Span(0, n); let total = 0; for (let i = 0; i < 1; i++) total += span.size(); return total }
}
export function go(ruler, n) { return ruler.measure(n) }
// Has a twin (it calls a function it is given): as a patched size, it shows whether its caller dispatched.
export function patchedSize(id = (x) => x) { STACKS.push(new Error('here').stack); return id(this.to - this.from + 1) }
`;

test('a method calling a method of an instance it made runs it as an original, unless the prototype was patched', async () => {
  const { code } = transform(MADE, { filename: 'ruler.js' });
  assert.match(code, /\[\(\) => Span\]\)/, "Ruler's guard checks Span's prototype");
  const dir = mkdtempSync(join(tmpdir(), 'greenhack-guard-'));
  writeFileSync(join(dir, 'ruler.mjs'), code);
  const m = await import(pathToFileURL(join(dir, 'ruler.mjs')).href);
  const inTask = asAsync(m.go);
  assert.equal(await inTask(new m.Ruler(), 3), 3);
  assert.equal(generatorFrames(m.takeStacks()[0]), 2, "generator frames: the task entry (go) and measure's twin");

  const size = m.Span.prototype.size;
  m.Span.prototype.size = m.patchedSize;
  assert.equal(await inTask(new m.Ruler(), 3), 4);
  // The guard fails: measure's full twin dispatches to the patched method's twin.
  assert.equal(generatorFrames(m.takeStacks()[0]), 3, "go's, measure's and the patched method's twins");
  m.Span.prototype.size = size;
});

const SEALED = `
const STACKS = []
export function takeStacks() { return STACKS.splice(0) }
class Walker {
  constructor(text) { this.text = text }
  step(i) { STACKS.push(new Error('here').stack); return this.text.charCodeAt(i) }
  run(n) { let sum = 0; for (let i = 0; i < n; i++) sum += this.step(i); return sum }
}
// Calls what it is given, so it has a twin, from which it calls run's.
export function go(text, n, log) { log(n); return new Walker(text).run(n) }
`;

test('a sealed class passes its guard by its fields alone, and still fails it by them', async () => {
  const { code } = transform(SEALED, { filename: 'sealed.js' });
  assert.match(code, /fs\(this, \[[^\]]*\], \[\["text", 0\]\], \[\], 1\)/, 'Walker is sealed: nothing but this module reaches it');
  const dir = mkdtempSync(join(tmpdir(), 'greenhack-guard-'));
  writeFileSync(join(dir, 'sealed.mjs'), code);
  const m = await import(pathToFileURL(join(dir, 'sealed.mjs')).href);
  const inTask = asAsync(m.go);
  assert.equal(await inTask('abc', 3, () => {}), 97 + 98 + 99);
  assert.equal(generatorFrames(m.takeStacks()[0]), 2, "generator frames: go's twin and run's, which runs the original");
  // A text that is not a string: the field check fails, and run's full twin dispatches step.
  const text = { charCodeAt: (i) => 97 + i };
  assert.equal(await inTask(text, 3, () => {}), 97 + 98 + 99);
  assert.equal(generatorFrames(m.takeStacks()[0]), 3, "go's, run's and step's twins");
});
