// `greenhack run`: the entry module's top level is a green task.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const run = (fixture: string, ...args: string[]) =>
  spawnSync(process.execPath, [cli, 'run', fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url)), ...args], {
    encoding: 'utf8',
    env: { ...process.env, GREENHACK_CACHE: '0' },
  });

test('hidden calls, await, destructuring and classes at the top level', () => {
  const result = run('entry-top-level.ts', 'x', 'y z');
  assert.equal(result.stderr, '');
  assert.equal(result.stdout, 'box=12 a=2 b=4 args=x|y z\n');
  assert.equal(result.status, 0);
});

test('an entry written without semicolons', () => {
  const result = run('entry-no-semicolons.mjs');
  assert.equal(result.stderr, '');
  assert.equal(result.stdout, '2,4\n');
});
