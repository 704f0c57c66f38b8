// What the runtime keeps after a task resumed: hidden calls suspend with one shared result object
// (hidden-call.ts), which must not hold on to the promise a finished wait was on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { asAsync, hidden } from 'greenhack';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let i = 0; i < 10 && ref.deref() !== undefined; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  return ref.deref() === undefined;
}

test('a promise a task waited on is not kept once the task resumed', async () => {
  let ref: WeakRef<object> | undefined;
  // The promise the task waits on is the implementation's: recorded as it is made.
  const fetchRow = hidden((id: number) => {
    const pending = new Promise<{ id: number; payload: number[] }>((resolve) => setImmediate(() => resolve({ id, payload: new Array(1000).fill(id) })));
    ref = new WeakRef(pending);
    return pending;
  });
  const read = asAsync((id: number) => fetchRow(id).payload.length);
  assert.equal(await read(7), 1000);
  assert.ok(ref, 'the implementation ran');
  assert.equal(await collected(ref), true, 'the awaited promise is collected after the task finished');
});

test('a function made by green code is not kept by its module once dropped', async () => {
  let ref: WeakRef<object> | undefined;
  // The arrow calls something, so it gets a twin, attached where it is made (through a temporary).
  const reader = (data: { size(): number }) => () => data.size();
  (() => {
    const data = { payload: new Array(1000).fill(1), size(): number { return this.payload.length; } };
    ref = new WeakRef(data);
    assert.equal(reader(data)(), 1000);
  })();
  assert.equal(await collected(ref!), true, 'what the dropped function closed over is collected');
});
