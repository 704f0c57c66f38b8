// Vitest with greenhack's Vite plugin: test files call green code inside asAsync. Vitest 5 needs Node >= 22,
// so it is installed in tools/vitest and run with tools/node24's Node, whatever Node runs this file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { project, repoRoot } from './helpers.ts';

const node24 = join(repoRoot, 'tools/node24/node_modules/.bin/node');
const vitest = join(repoRoot, 'tools/vitest/node_modules/vitest');

function runVitest(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  for (const [path, install] of [[node24, 'npm ci --prefix tools/node24'], [vitest, 'npm ci --prefix tools/vitest']] as const) {
    assert.ok(existsSync(path), `${path} is missing: run ${install}`);
  }
  const { root, app } = project('vitest-app');
  symlinkSync(vitest, join(root, 'node_modules/vitest'), 'dir');
  const childEnv: Record<string, string | undefined> = { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1', ...env };
  delete childEnv.NODE_TEST_CONTEXT;
  const run = spawnSync(node24, [join(vitest, 'vitest.mjs'), 'run'], { cwd: app, env: childEnv, encoding: 'utf8', timeout: 120_000 });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('Vitest runs green code through the plugin: hidden calls suspend inside asAsync', () => {
  const run = runVitest({});
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /Tests\s+3 passed \(3\)/);
});

test('without the plugin the same Vitest tests fail where green code reaches a hidden call', () => {
  const run = runVitest({ GREENHACK_PLUGIN: 'off' });
  assert.notEqual(run.status, 0);
  assert.match(run.stdout, /Tests\s+2 failed \| 1 passed \(3\)/);
  assert.match(run.stdout + run.stderr, /GreenContextError/);
});
