// The observable differences of compiled code that docs/unsupported.md lists, asserted so that a change
// in them is noticed (and the document updated).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asAsync, hidden } from 'greenhack';

const TWIN = Symbol.for('greenhack.twin');
// A hidden function, so that the functions calling it may suspend and get twins.
const work = hidden(async (n: number) => n + 1, { sync: (n: number) => n + 1 });

test('a function with a twin has one more own key, which Object.assign copies but which stays inert', async () => {
  function original(): string {
    return `original ${work(0)}`;
  }
  assert.deepEqual(Reflect.ownKeys(original).filter((key) => typeof key === 'symbol'), [TWIN]);
  const wrapper = Object.assign(function wrapper() {
    return `wrapper>${original()}`;
  }, original);
  // The copied twin belongs to `original`, so calling `wrapper` in a task still runs wrapper's own code.
  assert.equal(await asAsync(() => wrapper())(), 'wrapper>original 1');
});

test('a function containing closures with twins shows them in its text', () => {
  const outer = (a: number) => (b: number) => work(a + b);
  // The inner arrow's twin is lifted to the top level (it takes only `a`, never written): what shows is
  // the code that attaches it.
  assert.match(outer.toString(), /^\(a\) => __gh\w*\.at\(\(b\) => work\(a \+ b\), .*\(\(__gh\w*p0\) => __gh\w*L\d+\(a, __gh\w*p0\)\)/, 'the attached, lifted twin of the inner arrow');
  assert.equal(outer(1).toString(), '(b) => work(a + b)');
  let counter = 0;
  const counting = () => () => work(counter++);
  assert.match(counting.toString(), /function\* \(\)/, 'a twin that writes a variable around it stays where it is written');
});

test('a closure nested two deep, made inside a task, shows the wrapper\'s text; made outside tasks, its own', async () => {
  const run = <T>(f: () => T): T => f();
  // `c` is written by the closure, so its twin cannot be lifted: it is twin-only in a task.
  const make = (c: number) => run(() => run(() => (work(0), (b: number) => work(c++ + b))));
  assert.equal(make(1).toString(), '(b) => work(c++ + b)');
  const inTask = await asAsync(() => make(1))();
  assert.notEqual(inTask.toString(), '(b) => work(c++ + b)');
  assert.deepEqual([inTask.name, inTask.length, inTask(2)], ['', 1, 4], 'name, length and behaviour are the closure\'s');
});

test('a Proxy around a function sees a get of the twin key inside a task, and its apply trap still runs', async () => {
  const seen: string[] = [];
  const target = (n: number): number => work(n);
  const proxy = new Proxy(target, {
    get(t, key, receiver) {
      seen.push(`get ${String(key)}`);
      return Reflect.get(t, key, receiver);
    },
    apply(t, thisArg, args: [number]) {
      seen.push('apply');
      return Reflect.apply(t, thisArg, args);
    },
  });
  assert.equal(await asAsync(() => proxy(1))(), 2);
  assert.deepEqual(seen, ['get Symbol(greenhack.twin)', 'apply']);
});
