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
