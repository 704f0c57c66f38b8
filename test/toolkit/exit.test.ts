// Cancelled and timed-out tasks leave nothing behind: each script ends by itself, in a real process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const register = fileURLToPath(new URL('../../dist/loader/register.js', import.meta.url));
const script = fileURLToPath(new URL('./fixtures/exits.ts', import.meta.url));

/** Runs one case; a process that does not end by itself within 20 s is killed and fails the test. */
function run(which: string) {
  const result = spawnSync(process.execPath, ['--import', register, script, which], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, NODE_OPTIONS: '', NODE_TEST_CONTEXT: '' },
  });
  assert.equal(result.signal, null, `${which} did not exit by itself:\n${result.stdout}${result.stderr}`);
  return result;
}

test('cancelling a task in the middle of an HTTP request (a hidden call) aborts it; the process exits', () => {
  const { status, stdout, stderr } = run('cancel-hidden-call');
  assert.equal(status, 0, stderr);
  assert.equal(stdout, 'fetcher waiting\nfetcher finally\njoin: Cancelled\ncancel-hidden-call: end of script\nexit 0\n');
});

test('cancelling a task waiting in Queue.get: the process exits', () => {
  const { status, stdout, stderr } = run('cancel-queue-get');
  assert.equal(status, 0, stderr);
  assert.equal(stdout, 'join: Cancelled\ncancel-queue-get: end of script\nexit 0\n');
});

test('timeouts around an HTTP request and a sleep: the process exits', () => {
  const { status, stdout, stderr } = run('timeout');
  assert.equal(status, 0, stderr);
  assert.equal(stdout, 'caught: Timeout\ncaught: Timeout\ntimeout: end of script\nexit 0\n');
});

test('deadlock: every waiting task gets DeadlockError naming all waits, then the process exits', () => {
  const { status, stdout, stderr } = run('deadlock');
  assert.equal(status, 0, stderr);
  const lines = stdout.split('\n');
  assert.equal(lines[0], 'main: DeadlockError');
  assert.match(lines[1]!, /^#\d+ "main" waiting \d+ ms on Event\.wait\(\): not set, 1 waiting$/);
  assert.match(lines[2]!, /^#\d+ "waiter" waiting \d+ ms on Lock\.acquire\(\): held by #\d+ "main", 1 waiting \[started by #\d+\]$/);
  assert.deepEqual(lines.slice(3), ['waiter: DeadlockError', 'deadlock: end of script', 'exit 0', '']);
});

test('an unjoined failure is reported on stderr with the task\'s name and .ts stack, and the exit status is 1', () => {
  const { status, stdout, stderr } = run('unjoined');
  assert.equal(status, 1);
  assert.equal(stdout, 'unjoined: end of script\nexit 1\n');
  assert.match(stderr, /^greenhack: task "doomed" \(#\d+\) failed and nobody joined it:\nRangeError: nobody joined me\n {4}at doomed \(.*exits\.ts:\d+:\d+\)/);
  assert.equal(stderr.match(/nobody joined it/g)!.length, 1);
  assert.doesNotMatch(stderr, /dist\/runtime|node:internal/);
});
