// Many green tasks share one event loop: they interleave at hidden calls, and only there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asAsync, hidden } from 'greenhack';

let inFlight = 0;
let peak = 0;
const sleepThen = hidden(
  async (ms: number, value: number): Promise<number> => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((resolve) => setTimeout(resolve, ms));
    inFlight--;
    return value;
  },
  { name: 'sleepThen' },
);

test('1 000 tasks making 10 hidden calls each all have a call in flight at once', async () => {
  inFlight = 0;
  peak = 0;
  const worker = asAsync((id: number): number => {
    let sum = 0;
    for (let i = 0; i < 10; i++) sum += sleepThen(10, id);
    return sum;
  });
  const results = await Promise.all(Array.from({ length: 1000 }, (_, id) => worker(id)));
  assert.equal(peak, 1000);
  assert.equal(inFlight, 0);
  assert.deepEqual(results, Array.from({ length: 1000 }, (_, id) => id * 10));
});

test('a task switches only at hidden calls: a read-modify-write between them is atomic', async () => {
  let counter = 0;
  const atomic = asAsync((): void => {
    for (let i = 0; i < 10; i++) {
      sleepThen(1, 0);
      const seen = counter;
      counter = seen + 1;
    }
  });
  await Promise.all(Array.from({ length: 200 }, () => atomic()));
  assert.equal(counter, 2000);
});

test('control: a hidden call between the read and the write does lose updates', async () => {
  let counter = 0;
  const racy = asAsync((): void => {
    for (let i = 0; i < 10; i++) {
      const seen = counter;
      sleepThen(1, 0);
      counter = seen + 1;
    }
  });
  await Promise.all(Array.from({ length: 200 }, () => racy()));
  assert.ok(counter < 2000, `expected lost updates, counter is ${counter}`);
});
