// node's own test runner with green code: `node --import greenhack/register --test`, test bodies in asAsync.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { positionOf, project, runNode } from './helpers.ts';

const { app } = project('node-test-app');

test('node --import greenhack/register --test runs test files whose bodies call green code in asAsync', () => {
  const run = runNode(['--import', 'greenhack/register', '--test', '--test-reporter=spec', 'test/orders.test.ts'], app);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /ℹ tests 5\n/);
  assert.match(run.stdout, /ℹ pass 5\n/);
});

test('a failing green test reports the hidden function\'s error with frames in the .ts sources', () => {
  const run = runNode(['--import', 'greenhack/register', '--test', '--test-reporter=spec', 'failing/unknown.test.ts'], app);
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /RangeError.*: unknown item: jam/);
  const thrown = positionOf(join(app, 'src/orders.ts'), 'throw new RangeError');
  const called = positionOf(join(app, 'failing/unknown.test.ts'), "orderable(['tea', 'jam'])");
  assert.ok(run.stdout.includes(`${join(app, 'src/orders.ts')}:${thrown.line}:`), run.stdout);
  assert.ok(run.stdout.includes(`${join(app, 'failing/unknown.test.ts')}:${called.line}:${called.column}`), run.stdout);
});

test('with tsx instead of greenhack\'s loader the same tests fail: TypeScript runs, but nothing is green', () => {
  const run = runNode(['--import', import.meta.resolve('tsx/esm'), '--test', '--test-reporter=spec', 'test/orders.test.ts'], app);
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /GreenContextError\]?: hidden function .* cannot suspend green task/);
});
