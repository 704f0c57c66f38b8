// The blocking worker bridge: a worker-capable hidden function runs where nothing can suspend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asAsync, BridgeError, BridgeTimeout, configure } from 'greenhack';
import { echo, exit, failCustom, hang, loadOrder, onMainThread, selfPointing } from './fixtures/store.ts';

test('outside a task, a worker-capable hidden function blocks on the bridge and returns the value', () => {
  assert.deepEqual(loadOrder(2), { id: 2, items: ['soup', 'bread'] });
  assert.equal(onMainThread(), false, 'the implementation ran on the worker');
});

test('inside a task it suspends as usual, on this thread', async () => {
  assert.equal(await asAsync(() => onMainThread())(), true);
  assert.deepEqual(await asAsync(() => loadOrder(1))(), { id: 1, items: ['soup'] });
});

test('under a frame that cannot suspend (a getter), the bridge serves the call', async () => {
  const cart = {
    get first() {
      return loadOrder(1).items[0];
    },
  };
  assert.equal(await asAsync(() => cart.first)(), 'soup');
});

test('sync mode uses the bridge for hidden functions without a sync implementation', async () => {
  configure({ mode: 'sync' });
  try {
    assert.equal(await asAsync(() => onMainThread())(), false);
  } finally {
    configure({ mode: 'async' });
  }
});

test('errors come back with their class, message, stack and own properties', () => {
  assert.throws(
    () => loadOrder(-1),
    (error: unknown) => {
      assert.ok(error instanceof RangeError);
      assert.equal(error.message, 'no order -1');
      assert.equal((error as RangeError & { code: string }).code, 'E_NO_ORDER');
      assert.deepEqual((error as RangeError & { detail: unknown }).detail, { id: -1 });
      assert.match(error.stack!, /loadOrderAsync/);
      return true;
    },
  );
  // A class the calling thread cannot name comes back as an Error with the same name.
  assert.throws(() => failCustom(), { name: 'OrderError', message: 'custom class' });
});

test('an argument that cannot be copied to the worker is named', () => {
  assert.throws(() => echo(() => 1), (error: unknown) => error instanceof BridgeError && /argument 1 \(a function\) cannot be copied/.test(error.message));
  assert.equal(echo('still works'), 'still works');
});

test('a hung implementation times out, and the next call gets a new worker', () => {
  assert.throws(() => hang(), (error: unknown) => error instanceof BridgeTimeout && /did not finish within 300 ms/.test(error.message));
  assert.equal(echo(7), 7);
});

test('a worker that exits raises an error, never a hang, and the next call gets a new worker', () => {
  assert.throws(() => exit(), (error: unknown) => error instanceof BridgeError && /exited while running it/.test(error.message));
  assert.equal(echo('after exit'), 'after exit');
});

test('pointing fromModule at the hidden function itself is refused with advice', async () => {
  await assert.rejects(selfPointing.async(), /that export is the hidden function itself/);
});
