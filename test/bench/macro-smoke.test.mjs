// Smoke test of the macro benchmark (bench/macro/run.mjs): a 1-second run at 2 connections of each
// variant, on PGlite, written to a temporary file. It asserts that all three variants answered and that no
// request failed; no timing assertions: this only guards the harness against bit rot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

test('node bench/macro/run.mjs --seconds=1 --connections=2: three variants answer, 0 errors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'macro-smoke-'));
  try {
    const out = join(dir, 'result.json');
    const env = { ...process.env, NODE_OPTIONS: '' };
    delete env.DATABASE_URL;
    delete env.NODE_TEST_CONTEXT;
    const child = spawn(process.execPath, ['bench/macro/run.mjs', '--seconds=1', '--connections=2', '--no-write', `--out=${out}`], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    const status = await new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    clearTimeout(killer);
    assert.equal(status, 0, output);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(report.database, 'pglite');
    assert.deepEqual(report.rows.map((row) => row.variant).sort(), ['async/await', 'greenhack sync-style', 'worker bridge']);
    for (const row of report.rows) {
      assert.equal(row.connections, 2);
      assert.ok(row.ok > 0, `${row.variant} answered no request`);
      assert.equal(row.ok, row.requests, `${row.variant}: ${row.requests - row.ok} requests did not get a 2xx`);
      assert.deepEqual([row.errors, row.timeouts, row.non2xx], [0, 0, 0], row.variant);
      assert.ok(row.cpuMsPerRequest > 0 && row.peakRssMiB > 0, `${row.variant}: CPU and RSS read from /proc`);
    }
    assert.match(output, /\| worker bridge \| 2 \|/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
