// Side by side with tsx: tsx resolves what greenhack does not (tsconfig "paths"), greenhack compiles the
// app green. Either --import order works for ES modules: tsx's load hook asks the next hook (greenhack's)
// for the source, and greenhack's returns compiled code without asking tsx. For CommonJS, tsx goes first.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { positionOf, project, runNode } from './helpers.ts';

const { app } = project('tsx-app');
const tsx = import.meta.resolve('tsx/esm');

for (const [label, imports] of [
  ['--import tsx --import greenhack/register (the documented order)', [tsx, 'greenhack/register']],
  ['--import greenhack/register --import tsx', ['greenhack/register', tsx]],
] as const) {
  test(`${label}: green code runs, tsconfig paths resolve, stacks map to the .ts source`, () => {
    const args = imports.flatMap((specifier) => ['--import', specifier]);
    const run = runNode([...args, 'src/main.ts'], app);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '{"total":7}\n');
    const failing = runNode([...args, 'src/main.ts', 'fail'], app);
    assert.equal(failing.status, 1);
    assert.match(failing.stderr, /Error: too long: cake/);
    const at = positionOf(join(app, 'src/main.ts'), 'new Error');
    assert.ok(failing.stderr.includes(`${join(app, 'src/main.ts')}:${at.line}:${at.column}`), failing.stderr);
  });
}

test('tsx alone runs the app but nothing is green: the first hidden call from app code is refused', () => {
  const run = runNode(['--import', tsx, 'src/main.ts'], app);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /GreenContextError/);
});

test('a CommonJS app with --import tsx --import greenhack/register: required TypeScript is green', () => {
  const { app: cjs } = project('tsx-cjs-app');
  const run = runNode(['--import', tsx, '--import', 'greenhack/register', 'src/main.ts'], cjs);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, '{"total":7}\n');
});
