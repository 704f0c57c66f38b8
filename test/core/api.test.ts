// The runtime API: argument checks, sync mode, startLoop's exit status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { asAsync, configure, GreenContextError, GreenhackError, hidden, startLoop } from 'greenhack';

test('bad arguments throw TypeError/RangeError saying what was expected', () => {
  assert.throws(() => hidden('nope' as never), { name: 'TypeError', message: 'hidden(): the implementation must be a function, got string.' });
  assert.throws(() => hidden(async () => 1, { sync: 5 as never }), /options\.sync must be a function, got number/);
  assert.throws(() => hidden(async () => 1, null as never), /hidden\(\): options must be an object, got null/);
  assert.throws(() => asAsync(undefined as never), /asAsync\(\): the function must be a function, got undefined/);
  assert.throws(() => startLoop({} as never), /startLoop\(\): main must be a function, got object/);
  assert.throws(() => configure({ mode: 'fast' as never }), { name: 'RangeError', message: /mode must be "async" or "sync", got "fast"/ });
  assert.throws(() => configure({ colour: 1 } as never), { name: 'RangeError', message: /unknown setting "colour"/ });
});

test('GreenContextError is a GreenhackError, and names the function', () => {
  const lonely = hidden(async () => 1, { name: 'lonely' });
  try {
    lonely();
    assert.fail('expected an error');
  } catch (error) {
    assert.ok(error instanceof GreenContextError);
    assert.ok(error instanceof GreenhackError);
    assert.equal(error.name, 'GreenContextError');
    assert.equal(error.functionName, 'lonely');
  }
});

test('hidden functions take their name from the implementation, or from options', () => {
  async function loadOrder() {
    return 1;
  }
  assert.equal(hidden(loadOrder).name, 'loadOrder');
  assert.equal(hidden(async () => 1, { name: 'custom' }).name, 'custom');
});

test('sync mode: asAsync runs in place and hidden functions use their sync implementation', async () => {
  const trace: string[] = [];
  const read = hidden(
    async (key: string) => {
      trace.push(`async ${key}`);
      return key.toUpperCase();
    },
    { sync: (key: string) => (trace.push(`sync ${key}`), key.toUpperCase()) },
  );
  const view = asAsync((keys: string[]) => keys.map((key) => read(key)).join(''));
  configure({ mode: 'sync' });
  try {
    const promise = view(['a', 'b']);
    assert.deepEqual(trace, ['sync a', 'sync b'], 'ran before asAsync returned: in place');
    assert.equal(await promise, 'AB');
  } finally {
    configure({ mode: 'async' });
  }
  trace.length = 0;
  assert.equal(await view(['c']), 'C');
  assert.deepEqual(trace, ['async c']);
});

test('startLoop sets the exit status: 0, the number main returns, or 1 with a clean stack', () => {
  const register = fileURLToPath(new URL('../../dist/loader/register.js', import.meta.url));
  const script = fileURLToPath(new URL('./fixtures/start-loop.ts', import.meta.url));
  const run = (which: string) => spawnSync(process.execPath, ['--import', register, script, which], { encoding: 'utf8' });
  const ok = run('ok');
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout, 'ran 1\n');
  assert.equal(run('status').status, 3);
  const failed = run('fails');
  assert.equal(failed.status, 1);
  assert.match(failed.stderr, /^RangeError: bad input\n/);
  assert.match(failed.stderr, /at main \(.*start-loop\.ts:13:/);
  assert.doesNotMatch(failed.stderr, /dist\/runtime|node:internal/);
});

test('task origins default to off, on under NODE_ENV=development, and GREENHACK_TASK_ORIGINS overrides', () => {
  const register = fileURLToPath(new URL('../../dist/loader/register.js', import.meta.url));
  const probe = fileURLToPath(new URL('./fixtures/print-config.ts', import.meta.url));
  const read = (env: Record<string, string>) => {
    const run = spawnSync(process.execPath, ['--import', register, probe], { encoding: 'utf8', env: { ...process.env, NODE_ENV: '', GREENHACK_TASK_ORIGINS: '', ...env } });
    return run.status === 0 ? run.stdout.trim() : run.stderr;
  };
  assert.equal(read({}), 'false');
  assert.equal(read({ NODE_ENV: 'production' }), 'false');
  assert.equal(read({ NODE_ENV: 'development' }), 'true');
  assert.equal(read({ NODE_ENV: 'production', GREENHACK_TASK_ORIGINS: '1' }), 'true');
  assert.equal(read({ GREENHACK_TASK_ORIGINS: '1' }), 'true');
  assert.equal(read({ NODE_ENV: 'development', GREENHACK_TASK_ORIGINS: '0' }), 'false');
  assert.match(read({ GREENHACK_TASK_ORIGINS: 'maybe' }), /GREENHACK_TASK_ORIGINS must be 1 or 0, got "maybe"/);
});
