// Values and errors cross between the async implementation and the sync caller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asAsync, hidden, isGreen } from 'greenhack';

class OrderError extends Error {
  override name = 'OrderError';
  constructor(
    message: string,
    readonly code: string,
    readonly detail: { id: number },
  ) {
    super(message);
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
// A generic implementation's type parameter is not kept by hidden() (TypeScript cannot carry it through
// the returned function's type), so callers that need a precise type annotate the result.
const fetchAny = hidden(async (value: unknown) => {
  await tick();
  return value;
});
const fetchValue = fetchAny as unknown as <T>(value: T) => T;
const failWith = hidden(async (error: unknown) => {
  await tick();
  throw error;
});

test('values of every kind come back unchanged', async () => {
  const shared = { nested: [1, 2] };
  const view = asAsync(() => [fetchValue(42), fetchValue('s'), fetchValue(null), fetchValue(undefined), fetchValue(shared)]);
  const [n, s, nil, undef, object] = await view();
  assert.deepEqual([n, s, nil, undef], [42, 's', null, undefined]);
  assert.equal(object, shared, 'objects are passed by reference, not copied');
});

test('try/catch/finally around hidden calls in sync code; the error keeps its class and own properties', async () => {
  const events: string[] = [];
  const view = asAsync(() => {
    try {
      events.push('before');
      failWith(new OrderError('kitchen closed', 'E_CLOSED', { id: 7 }));
      events.push('not reached');
    } catch (error) {
      assert.ok(error instanceof OrderError);
      assert.equal(error.code, 'E_CLOSED');
      assert.deepEqual(error.detail, { id: 7 });
      events.push(`caught ${error.message}`);
      return fetchValue('recovered');
    } finally {
      events.push(`finally ${fetchValue('ran')}`);
    }
  });
  assert.equal(await view(), 'recovered');
  assert.deepEqual(events, ['before', 'caught kitchen closed', 'finally ran']);
});

test('a rethrown error reaches the task promise; a non-Error value thrown is kept as it is', async () => {
  const rethrow = asAsync((value: unknown) => {
    try {
      failWith(value);
    } catch (error) {
      throw error;
    }
  });
  const original = new OrderError('late', 'E_LATE', { id: 1 });
  await assert.rejects(rethrow(original), (error) => error === original);
  await assert.rejects(rethrow('a string'), (error) => error === 'a string');
  await assert.rejects(rethrow(undefined), (error) => error === undefined);
});

test('a finally block overrides the return value as in plain code, across a suspension', async () => {
  const view = asAsync((): string => {
    try {
      return fetchValue('from try');
    } finally {
      // eslint-disable-next-line no-unsafe-finally
      if (fetchValue(true)) return 'from finally';
    }
  });
  assert.equal(await view(), 'from finally');
});

test('nesting: asAsync inside a task starts an independent task, which the caller can wait for', async () => {
  const order: string[] = [];
  const join = hidden(async (promise: Promise<string>) => promise);
  const child = asAsync((name: string): string => {
    order.push(`${name} start`);
    const value = fetchValue(name);
    order.push(`${name} end`);
    return value.toUpperCase();
  });
  const parent = asAsync((): string[] => {
    const a = child('a');
    const b = child('b');
    // Both children ran up to their first suspension before asAsync returned their promises.
    order.push('parent waits');
    return [join(a), join(b)];
  });
  assert.deepEqual(await parent(), ['A', 'B']);
  assert.deepEqual(order.slice(0, 3), ['a start', 'b start', 'parent waits']);
  assert.deepEqual(order.slice(3).sort(), ['a end', 'b end']);
});

test('isGreen tells green code from plain code', async () => {
  assert.equal(isGreen(), false);
  const inside = asAsync(() => isGreen());
  assert.equal(await inside(), true);
  const inCallback = asAsync(() => [3, 1, 2].sort((a, b) => (isGreen() ? a - b : b - a)));
  assert.deepEqual(await inCallback(), [3, 2, 1], 'a sort comparator cannot suspend, so isGreen() is false there');
});

test('.async() runs the implementation from async code, without a task', async () => {
  assert.equal(await fetchAny.async('direct'), 'direct');
  await assert.rejects(failWith.async(new RangeError('r')), RangeError);
});

test('`this` reaches the implementation of a hidden method', async () => {
  const store = {
    prefix: 'order-',
    save: hidden(async function (this: { prefix: string }, id: number) {
      await tick();
      return this.prefix + id;
    }),
  };
  assert.equal(await asAsync(() => store.save(5))(), 'order-5');
});
