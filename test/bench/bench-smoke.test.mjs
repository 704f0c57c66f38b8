// Smoke test of the micro-benchmarks: the driver runs one cheap scenario in quick mode, prints a table with
// a ratio, and exits 0. No timing assertions: this only guards the bench against bit rot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

test('node bench/run.mjs --quick suspend prints ratios and exits 0', () => {
  const run = spawnSync(process.execPath, ['bench/run.mjs', '--quick', '--no-write', 'suspend'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  assert.equal(run.status, 0, `exit status ${run.status}\n${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /Suspension round trip/);
  assert.match(run.stdout, /depth 100, settled promise .* \d+\.\d+×/);
  assert.doesNotMatch(run.stdout, /FAILED/);
});
