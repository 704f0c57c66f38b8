// Code growth with nesting (issue 4): immediately invoked functions are written once per context, so
// nesting them grows the output linearly, where it used to double per level (depth 20 ran out of memory).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transform } from 'greenhack/transform';

const nestedIifes = (depth: number): string => '(function(){'.repeat(depth) + 'h();' + '})()'.repeat(depth);
const nestedArrowIifes = (depth: number): string => 'export const v = ' + '(() => 1 + '.repeat(depth) + 'h()' + ')()'.repeat(depth) + ';';

test('nested immediately invoked functions compile to code linear in the nesting depth', () => {
  for (const [shape, make] of [['function', nestedIifes], ['arrow', nestedArrowIifes]] as const) {
    const size = (depth: number): number => transform(make(depth), { filename: 'a.mjs' }).code.length;
    const [s8, s16, s32] = [size(8), size(16), size(32)];
    assert.ok(s16 / s8 < 2.5, `${shape}: depth 16 is ${(s16 / s8).toFixed(2)}× depth 8`);
    assert.ok(s32 / s16 < 2.5, `${shape}: depth 32 is ${(s32 / s16).toFixed(2)}× depth 16`);
  }
});

test('as the top level of an entry (a task), nested IIFEs are twins only, and still linear', () => {
  const size = (depth: number): number => transform(nestedIifes(depth), { filename: 'a.js', sourceType: 'script', entry: true }).code.length;
  const [s10, s20] = [size(10), size(20)];
  assert.ok(s20 / s10 < 2.5, `depth 20 is ${(s20 / s10).toFixed(2)}× depth 10`);
  assert.ok(s20 < 10 * nestedIifes(20).length, `depth 20: ${s20} characters`);
});

// Escaping callbacks (docs/code-growth.md, "Escaping closures"): inside a twin, a closure nested two or more
// deep is written only as its twin, so each copy of an enclosing function holds one copy of it, not two.
const nestedCallbacks = (depth: number): string => 'export function f(g) { ' + 'g((x) => { '.repeat(depth) + 'innermost(x);' + ' });'.repeat(depth) + ' }';

test('nested escaping callbacks: the innermost one is written a number of times linear in the depth', () => {
  const copies = (depth: number): number => transform(nestedCallbacks(depth), { filename: 'a.mjs' }).code.split('innermost').length - 1;
  const [c8, c16, c32] = [copies(8), copies(16), copies(32)];
  // It used to be written 2^depth times (a twin and an original at every level).
  assert.ok(c16 / c8 < 2.5, `depth 16 has ${c16} mentions, depth 8 ${c8}`);
  assert.ok(c32 / c16 < 2.5, `depth 32 has ${c32} mentions, depth 16 ${c16}`);
});

test('nested escaping callbacks: the output grows with source × depth (each level\'s original keeps a twin of what it holds)', () => {
  const size = (depth: number): number => transform(nestedCallbacks(depth), { filename: 'a.mjs' }).code.length;
  const [s4, s8, s16] = [size(4), size(8), size(16)];
  // Doubling the depth doubles the source and the number of copies: at most 4× (it was 16× from 4 to 8).
  assert.ok(s8 / s4 < 4, `depth 8 is ${(s8 / s4).toFixed(2)}× depth 4`);
  assert.ok(s16 / s8 < 4, `depth 16 is ${(s16 / s8).toFixed(2)}× depth 8`);
});
