// Sync mode (GREENHACK_MODE=sync): the fs battery and the server adapters' handlers keep working, each call
// in place (their suites run again here, in a child process with the variable set). pg, http and ws have no
// sync path yet (the blocking worker bridge is another issue): their calls throw GreenContextError.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asAsync, configure, GreenContextError } from 'greenhack';
import * as http from 'greenhack/http';
import { createPool } from 'greenhack/pg';
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
      { cwd: root, env, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

describe('sync mode', () => {
  test('the fs and server adapter suites pass with GREENHACK_MODE=sync', async () => {
    const { code, output } = await runInSyncMode(['test/batteries/fs.test.ts', 'test/batteries/servers.test.ts']);
    const count = (name: string): number => Number(/^# (\w+) (\d+)$/m.exec(output.split('\n').filter((line) => line.startsWith(`# ${name} `)).join('\n'))?.[2] ?? -1);
    assert.equal(code, 0, output);
    assert.equal(count('fail'), 0, output);
    assert.equal(count('skipped'), 0, output);
    // 6 fs tests, and 6 for each of the four adapters.
    assert.equal(count('pass'), 30, output);
    assert.match(output, /greenhack\/fs \(sync mode\)/);
    assert.match(output, /server adapter: Hono \(sync mode\)/);
  });

  test('pg, http and ws calls throw GreenContextError in sync mode (they need the worker bridge)', async () => {
    const pool = createPool(); // PGlite never starts: the call fails first
    const calls: [string, () => unknown][] = [
      ['query', () => pool.query('select 1')],
      ['transaction', () => pool.transaction(() => 1)],
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
    assert.deepEqual(pool.stats(), { total: 0, idle: 0, inUse: 0, waiting: 0 });
  });
});
