// The same program in both modes (issue 6): `greenhack run` with GREENHACK_MODE=async and =sync, in child
// processes, gives the same results; its I/O is observed to be asynchronous in one (the event loop turns
// while the program waits, on the main thread) and synchronous in the other (no turn at all until the
// program is done; the worker-capable call ran on the bridge's helper thread).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  result: { rows: { sku: string; each: number; units: number; value: number }[]; total: number };
  io: { green: boolean; turns: number; threads: number[] };
}

function runInMode(mode: 'async' | 'sync'): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, GREENHACK_MODE: mode, GREENHACK_CACHE: '0', NODE_OPTIONS: '' };
  delete env.NODE_TEST_CONTEXT;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['dist/cli/main.js', 'run', 'test/modes/fixtures/inventory.ts'], { cwd: root, env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${mode} mode failed: ${error.message}\n${stdout}${stderr}`));
      const line = (name: string) => {
        const found = stdout.split('\n').find((l) => l.startsWith(`${name} `));
        if (!found) throw new Error(`${mode} mode printed no "${name}" line:\n${stdout}${stderr}`);
        return JSON.parse(found.slice(name.length + 1));
      };
      try {
        resolve({ result: line('result'), io: line('io') });
      } catch (e) {
        reject(e);
      }
    });
  });
}

test('one program, GREENHACK_MODE=async and =sync: the same results, async I/O in one and sync I/O in the other', { timeout: 120_000 }, async () => {
  const asyncRun = await runInMode('async');
  const syncRun = await runInMode('sync');

  assert.deepEqual(syncRun.result, asyncRun.result);
  assert.equal(asyncRun.result.rows.length, 3);
  assert.equal(asyncRun.result.total, asyncRun.result.rows.reduce((sum, row) => sum + row.each * row.units, 0));

  // Async mode: the program ran as a green task, and the event loop kept turning while it waited on I/O.
  assert.equal(asyncRun.io.green, true);
  assert.ok(asyncRun.io.turns > 0, `the event loop turned ${asyncRun.io.turns} times during the async run`);
  assert.deepEqual(asyncRun.io.threads, [0]);
  // Sync mode: every call ran in place, so not one turn of the event loop happened before the program
  // was done; the stock lookups (no sync implementation) went through the blocking bridge's worker.
  assert.equal(syncRun.io.green, false);
  assert.equal(syncRun.io.turns, 0);
  assert.equal(syncRun.io.threads.length, 1);
  assert.notEqual(syncRun.io.threads[0], 0);
});
