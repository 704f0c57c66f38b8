// Stack traces and syntax errors point at the original TypeScript, not at the compiled code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { stripTypes } from '../../dist/transform/index.js';
import { fixture, positionOf, runWithLoader } from './helpers.ts';

/** Where `text` is in the type-stripped code: it must differ from the original for the test to mean anything. */
function strippedPositionOf(file: string, text: string): { line: number; column: number } {
  const code = stripTypes(readFileSync(file, 'utf8'), { filename: file }).code;
  const before = code.slice(0, code.indexOf(text)).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

for (const [kind, file] of [['an ES module', 'thrower.ts'], ['a CommonJS module', 'thrower-cjs.cts']] as const) {
  test(`a stack frame in ${kind} shows the original .ts line and column`, () => {
    const path = fixture('stack-app', file);
    const original = positionOf(path, 'new Error');
    assert.notDeepEqual(strippedPositionOf(path, 'new Error'), original, 'the fixture no longer moves the throw');

    const run = runWithLoader(fixture('stack-app'), 'main.ts');
    assert.equal(run.status, 0, run.stderr);
    const stacks = JSON.parse(run.stdout) as string[];
    const stack = stacks.find((s) => s.includes(`${path}:`));
    assert.ok(stack, `no frame in ${file}:\n${stacks.join('\n')}`);
    assert.ok(stack.includes(`(${path}:${original.line}:${original.column})`), stack);
  });
}

for (const [kind, file, args, before] of [
  ['an ES module', 'broken.ts', [], 'total: number = '],
  ['a CommonJS module', 'broken.cts', ['cjs'], 'Math.max(a, b'],
] as const) {
  test(`a syntax error in ${kind} is reported at file:line:column`, () => {
    const path = fixture('broken-app', file);
    const found = positionOf(path, before);
    const run = runWithLoader(fixture('broken-app'), 'main.ts', [...args]);
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /TransformError/);
    assert.ok(run.stderr.includes(`${path}:${found.line}:${found.column + before.length}: `), run.stderr);
  });
}

test('transform warnings are printed once, at file:line:column, only with GREENHACK_DEBUG=transform', () => {
  const path = fixture('cli-app', 'warns.ts');
  const at = positionOf(path, '[key]');
  const debug = runWithLoader(fixture('cli-app'), 'warns.ts', [], { GREENHACK_DEBUG: 'transform' });
  assert.equal(debug.status, 0, debug.stderr);
  assert.equal(debug.stdout, 'WARNED\n');
  const warnings = debug.stderr.split('\n').filter((line) => line.startsWith('greenhack: '));
  assert.equal(warnings.length, 1, debug.stderr);
  assert.ok(warnings[0].startsWith(`greenhack: ${path}:${at.line}:${at.column}: `), warnings[0]);

  const quiet = runWithLoader(fixture('cli-app'), 'warns.ts');
  assert.equal(quiet.status, 0, quiet.stderr);
  assert.equal(quiet.stderr, '');
});
