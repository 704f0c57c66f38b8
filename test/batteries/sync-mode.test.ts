// Sync mode (GREENHACK_MODE=sync): the battery suites run again here, each in a child process with the
// variable set. fs and the server adapters' handlers run each call in place; pg runs its pool on the
// blocking bridge's worker, against PGlite and against the real PostgreSQL server.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asAsync, configure, GreenContextError } from 'greenhack';
import * as http from 'greenhack/http';
import { connect } from 'greenhack/ws';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function runInSyncMode(files: string[]): Promise<{ code: number | null; output: string }> {
  // A test runner of its own (NODE_TEST_CONTEXT would make the child report to this one instead).
  const env: NodeJS.ProcessEnv = { ...process.env, GREENHACK_MODE: 'sync', NODE_OPTIONS: '' };
  delete env.NODE_TEST_CONTEXT;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', './dist/loader/register.js', '--test', '--test-reporter=tap', ...files],
      { cwd: root, env, maxBuffer: 16 * 1024 * 1024, timeout: 300_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

/** The TAP summary's count of `name` (pass, fail, skipped). */
function count(output: string, name: string): number {
  return Number(/^# (\w+) (\d+)$/m.exec(output.split('\n').filter((line) => line.startsWith(`# ${name} `)).join('\n'))?.[2] ?? -1);
}

describe('sync mode', () => {
  test('the pg suite passes with GREENHACK_MODE=sync on PGlite and on a PostgreSQL server', async () => {
    const { code, output } = await runInSyncMode(['test/batteries/pg-pglite.test.ts', 'test/batteries/pg-server.test.ts']);
    assert.equal(code, 0, output);
    assert.equal(count(output, 'fail'), 0, output);
    assert.equal(count(output, 'skipped'), 0, output);
    // 34 on PGlite, 33 on the server (the task interleaving and cancelling tests are async-only).
    assert.equal(count(output, 'pass'), 67, output);
    assert.match(output, /greenhack\/pg on PGlite \(pglite:\/\/memory\) \(sync mode\)/);
    assert.match(output, /greenhack\/pg on a PostgreSQL server \(sync mode\)/);
    assert.match(output, /in sync mode a query works outside any task, and blocks/);
  });

  test('the fs and server adapter suites pass with GREENHACK_MODE=sync', async () => {
    const { code, output } = await runInSyncMode(['test/batteries/fs.test.ts', 'test/batteries/servers.test.ts']);
    assert.equal(code, 0, output);
    assert.equal(count(output, 'fail'), 0, output);
    assert.equal(count(output, 'skipped'), 0, output);
    // 6 fs tests, and 6 for each of the four adapters.
    assert.equal(count(output, 'pass'), 30, output);
    assert.match(output, /greenhack\/fs \(sync mode\)/);
    assert.match(output, /server adapter: Hono \(sync mode\)/);
  });

  test('http and ws calls throw GreenContextError in sync mode (they need the worker bridge)', async () => {
    const calls: [string, () => unknown][] = [
      ['get', () => http.get('http://127.0.0.1:9/')],
      ['connect', () => connect('ws://127.0.0.1:9/')],
    ];
    configure({ mode: 'sync' });
    try {
      for (const [name, call] of calls) {
        const outcome = await asAsync(call)().then(
          () => assert.fail(`${name} should have thrown`),
          (error: unknown) => error,
        );
        assert.ok(outcome instanceof GreenContextError, `${name}: ${String(outcome)}`);
        assert.equal(outcome.functionName, name);
      }
    } finally {
      configure({ mode: 'async' });
    }
  });
});
