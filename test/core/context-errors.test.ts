// A hidden call that cannot suspend never hangs: it runs the sync implementation, or throws a
// GreenContextError that names the function, the frame that could not suspend, and what to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { asAsync, GreenContextError, hidden } from 'greenhack';

const tick = () => new Promise((resolve) => setImmediate(resolve));
const loadPrice = hidden(async (id: number) => {
  await tick();
  return id * 10;
}, { name: 'loadPrice' });
const loadPriceWithSync = hidden(
  async (id: number) => {
    await tick();
    return id * 10;
  },
  { name: 'loadPriceWithSync', sync: (id: number) => -id },
);

function expectContextError(kind: string, words: RegExp[]) {
  return (error: unknown) => {
    assert.ok(error instanceof GreenContextError, `expected GreenContextError, got ${String(error)}`);
    assert.equal(error.functionName, 'loadPrice');
    assert.equal(error.frameKind, kind);
    assert.match(error.message, /"loadPrice"/);
    for (const word of words) assert.match(error.message, word);
    return true;
  };
}

test('outside any task', () => {
  assert.throws(() => loadPrice(1), expectContextError('outside-task', [/outside a green task/, /asAsync/, /\.async\(/, /sync/]));
  assert.equal(loadPriceWithSync(3), -3);
});

test('through a getter', async () => {
  const cart = {
    get total() {
      return loadPrice(2);
    },
  };
  await assert.rejects(asAsync(() => cart.total)(), expectContextError('getter', [/getter/, /get total/, /method/]));
  const cart2 = {
    get total() {
      return loadPriceWithSync(2);
    },
  };
  assert.equal(await asAsync(() => cart2.total)(), -2);
});

test('the frame that cannot suspend is named at its line in the source, not in the compiled code', async () => {
  const source = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
  const line = source.findIndex((text) => text.includes('// @getter-call') && !text.includes('findIndex')) + 1;
  const column = source[line - 1]!.indexOf('loadPrice(4)') + 1;
  const receipt = {
    get total(): number {
      return loadPrice(4); // @getter-call
    },
  };
  const error: unknown = await asAsync(() => receipt.total)().catch((caught: unknown) => caught);
  assert.ok(error instanceof GreenContextError);
  assert.ok(error.message.includes(`context-errors.test.ts:${line}:${column})`), `expected line ${line}, column ${column} in: ${error.message}`);
});

test('a getter in a green module where nothing has a twin is named, not the module called untransformed', async () => {
  const { Price, readValue } = await import('./fixtures/twinless-model.ts');
  const error: unknown = await asAsync(() => readValue(new Price()))().catch((caught: unknown) => caught);
  assert.ok(error instanceof GreenContextError);
  assert.equal(error.frameKind, 'getter', error.message);
  assert.match(error.message, /get value/);
});

test('through a constructor', async () => {
  class Order {
    price: number;
    constructor(id: number) {
      this.price = loadPrice(id);
    }
  }
  await assert.rejects(asAsync(() => new Order(1))(), expectContextError('constructor', [/Constructors cannot suspend/, /Order/]));
  class Order2 {
    price: number;
    constructor(id: number) {
      this.price = loadPriceWithSync(id);
    }
  }
  assert.equal(await asAsync(() => new Order2(4).price)(), -4);
});

test('through a native callback without a green version (Array.prototype.sort)', async () => {
  const sortByPrice = asAsync((ids: number[]) => ids.sort((a, b) => loadPrice(a) - loadPrice(b)));
  await assert.rejects(sortByPrice([2, 1]), expectContextError('native', [/Array\.prototype\.sort/, /loop/]));
  const sortWithSync = asAsync((ids: number[]) => ids.sort((a, b) => loadPriceWithSync(a) - loadPriceWithSync(b)));
  assert.deepEqual(await sortWithSync([1, 3, 2]), [3, 2, 1]);
});

test('through an untransformed module', async () => {
  const plain = 'export function callEach(items, fn) { const out = []; for (const item of items) out.push(fn(item)); return out; }';
  const lib = await import(`data:text/javascript,${encodeURIComponent(plain)}`);
  const run = asAsync((ids: number[]) => lib.callEach(ids, (id: number) => loadPrice(id)));
  await assert.rejects(run([1]), expectContextError('untransformed', [/outside the green scope/, /include/, /callEach/]));
  const runWithSync = asAsync((ids: number[]) => lib.callEach(ids, (id: number) => loadPriceWithSync(id)));
  assert.deepEqual(await runWithSync([1, 2]), [-1, -2]);
});

test('from a generator body', async () => {
  function* prices(ids: number[]) {
    for (const id of ids) yield loadPrice(id);
  }
  await assert.rejects(asAsync(() => [...prices([1])])(), expectContextError('generator', [/Generator and async function bodies/, /\.async\(/]));
});

test('a green callback through a green built-in does suspend (control for the native case)', async () => {
  const total = asAsync((ids: number[]) => ids.map((id) => loadPrice(id)).reduce((a, b) => a + b, 0));
  assert.equal(await total([1, 2, 3]), 60);
});

test('a hidden function whose implementation has no name is named after where hidden() was called', () => {
  const line = new Error().stack!.split('\n')[1]!.match(/:(\d+):\d+\)?$/)![1];
  const unnamed = hidden(async () => 1);
  const expected = `anonymous (test/core/context-errors.test.ts:${Number(line) + 1}:`;
  assert.ok(unnamed.name.startsWith(expected), `name ${unnamed.name} should start with ${expected}`);
  assert.throws(() => unnamed(), (error: unknown) => {
    assert.ok(error instanceof GreenContextError);
    assert.ok(error.message.includes(`"${expected}`), error.message);
    return true;
  });
  // The name is worked out on first read (source-mapping costs startup time), then kept as a data property.
  assert.equal(Object.getOwnPropertyDescriptor(unnamed, 'name')?.value, unnamed.name);
  // Against the working directory of the definition, not of the first read.
  const line2 = Number(new Error().stack!.split('\n')[1]!.match(/:(\d+):\d+\)?$/)![1]) + 1;
  const later = hidden(async () => 2);
  const cwd = process.cwd();
  process.chdir(tmpdir());
  try {
    assert.ok(later.name.startsWith(`anonymous (test/core/context-errors.test.ts:${line2}:`), later.name);
  } finally {
    process.chdir(cwd);
  }
  // A named implementation or an explicit name wins.
  assert.equal(hidden(async function fetchRow() { return 1; }).name, 'fetchRow');
  assert.equal(hidden(async () => 1, { name: 'given' }).name, 'given');
});
