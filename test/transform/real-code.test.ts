// The transform on real third-party code: every file of a few installed packages compiles to output
// that parses. (The whole of node_modules: `node scripts/check-transform-tree.mjs node_modules`.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('installed packages compile to code that parses', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const run = spawnSync(process.execPath, ['scripts/check-transform-tree.mjs', 'node_modules/@jridgewell', 'node_modules/oxc-parser', 'node_modules/oxc-transform'], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  const compiled = Number(/"compiled":(\d+)/.exec(run.stdout)?.[1]);
  assert.ok(compiled >= 20, `expected at least 20 files compiled:\n${run.stdout}`);
});
