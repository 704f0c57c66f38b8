// Checked bindings across modules (src/transform/passes/plan-checked-bindings.ts): CommonJS files, each
// compiled alone, `require` each other's functions into constants. A chain whose values pass runs as
// originals below the first twin in a task, including a guarded function of another module whose own check
// passed; a module whose constant holds a function with a twin keeps full twins, and so do its importers.
// (Behaviour, not speed: bench/experiments has the figures.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dist = new URL('../../dist/', import.meta.url);
const { transform } = await import(new URL('transform/index.js', dist).href);
const { asAsync } = await import(new URL('index.js', dist).href);

const FILES = {
  // Left untransformed (outside the green scope): its functions have no twins.
  'stacks.cjs': `const STACKS = []; module.exports = { record: (stack) => { STACKS.push(stack) }, take: () => STACKS.splice(0) }`,
  'cmp.cjs': `function cmp(a, b) { return a - b } module.exports = cmp`,
  'gt.cjs': `const cmp = require('./cmp.cjs'); const { record } = require('./stacks.cjs')
const gt = (a, b) => { record(new Error('here').stack); return cmp(a, b) > 0 }
module.exports = gt`,
  'twinned.cjs': `module.exports = function twinned(f) { return f() }`,
  'gt-slow.cjs': `const twinned = require('./twinned.cjs'); const { record } = require('./stacks.cjs')
const gtSlow = (a, b) => { record(new Error('here').stack); return twinned(() => a - b) > 0 }
module.exports = gtSlow`,
  'app.cjs': `const gt = require('./gt.cjs'); const gtSlow = require('./gt-slow.cjs')
function go(a, b) { return gt(a, b) }
function goSlow(a, b) { return gtSlow(a, b) }
module.exports = { go, goSlow }`,
};

const generatorFrames = (stack) => stack.split('\n').filter((line) => /\.next \(<anonymous>\)/.test(line)).length;

test('functions required into constants run as originals in a task when every module in the chain passed its checks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'greenhack-checked-'));
  for (const [name, source] of Object.entries(FILES)) writeFileSync(join(dir, name), name === 'stacks.cjs' ? source : transform(source, { filename: name }).code);
  const require = createRequire(join(dir, 'app.cjs'));
  const app = require('./app.cjs');
  const { take } = require('./stacks.cjs');
  assert.match(transform(FILES['gt.cjs'], { filename: 'gt.cjs' }).code, /\.rd\(/, 'gt.cjs registers its guarded gt');

  assert.equal(await asAsync(app.go)(3, 2), true);
  // go's twin passes its check and runs go plainly; gt (another module's, ready) is called as written.
  assert.equal(generatorFrames(take()[0]), 1, "generator frames: go's twin only");

  assert.equal(await asAsync(app.goSlow)(3, 2), true);
  // gt-slow.cjs's constant holds a function with a twin: gtSlow is not ready, so goSlow's check fails
  // and both run as full twins.
  assert.equal(generatorFrames(take()[0]), 2, "generator frames: goSlow's and gtSlow's twins");
});
