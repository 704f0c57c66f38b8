// The list analysis (src/transform/passes/plan-data.ts) really removes the twins of the bench's array
// workload shape: in a green task, a callback of `filter` on a module-private list of object literals,
// and the helper it calls, run as originals (no generator frame but the task's own), while the same
// code over an exported list, which other modules can change, keeps a generator per call.
// (Behaviour, not speed: the bench's calls scenario measures what it saves.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = new URL('../../dist/', import.meta.url);
const { transform } = await import(new URL('transform/index.js', dist).href);
const { asAsync } = await import(new URL('index.js', dist).href);

const source = (exported) => `
const STACKS = []
export function takeStacks() { return STACKS.splice(0) }
${exported ? 'export ' : ''}const ITEMS = Array.from({ length: 4 }, (_, i) => ({ id: i, tags: i % 2 ? ['veg'] : ['meat'] }))
function hasTag(item, tag) { STACKS.push(new Error('here').stack); return item.tags.includes(tag) }
function summarize(items) {
  const veg = items.filter((item) => hasTag(item, 'veg'))
  return veg.map((item) => item.id).reduce((a, b) => a + b, 0)
}
export function run() { return summarize(ITEMS) }
`;

const generatorFrames = (stack) => stack.split('\n').filter((line) => /\.next \(<anonymous>\)/.test(line)).length;

async function load(exported) {
  const { code } = transform(source(exported), { filename: 'items.js' });
  const dir = mkdtempSync(join(tmpdir(), 'greenhack-data-'));
  writeFileSync(join(dir, 'items.mjs'), code);
  return import(pathToFileURL(join(dir, 'items.mjs')).href);
}

test('a module-private list: its callbacks and helpers run as originals inside a task', async () => {
  const m = await load(false);
  assert.equal(await asAsync(m.run)(), 1 + 3);
  const stacks = m.takeStacks();
  assert.equal(stacks.length, 4);
  for (const stack of stacks) assert.equal(generatorFrames(stack), 1, `only the task's own frame, stack:\n${stack}`);
});

test('the same list exported: every callback and helper call is a twin', async () => {
  const m = await load(true);
  assert.equal(await asAsync(m.run)(), 1 + 3);
  for (const stack of m.takeStacks()) assert.ok(generatorFrames(stack) >= 4, `run, summarize, filter, the callback and hasTag twins, stack:\n${stack}`);
});
