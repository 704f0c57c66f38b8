// Outside green tasks, compiled code is the original code: same text, same results, originals run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transform } from 'greenhack/transform';

const RUNTIME = new URL('../../dist/index.js', import.meta.url).href;
const source = `
import { hidden, isGreen } from 'greenhack';
export const calls = { async: 0, sync: 0 };
export const lookup = hidden(async (k) => { calls.async++; return k * 2; }, { sync: (k) => { calls.sync++; return k * 2; } });
export function total(items) { let sum = 0; for (const item of items) sum += lookup(item); return sum; }
export const describe = (items) => items.map((item, i) => \`\${i}:\${lookup(item)}\`).join(',');
export class Cart {
  constructor(items) { this.items = items; }
  sum() { return total(this.items) + this.extra(); }
  extra() { return isGreen() ? 1000 : 1; }
  static of(...items) { return new Cart(items).sum(); }
}
export const helpers = { twice(f, x) { return f(f(x)); }, greenNow: () => isGreen() };
`;

async function load(twins: boolean) {
  const { code } = transform(source, { filename: 'outside.mjs', twins });
  const linked = code.replace(`from 'greenhack'`, `from '${RUNTIME}'`);
  return import(`data:text/javascript;base64,${Buffer.from(linked).toString('base64')}`);
}

test('compiled functions keep their names, lengths and (without nested twinned functions) their source text', async () => {
  const [plain, green] = await Promise.all([load(false), load(true)]);
  for (const name of ['total', 'describe', 'Cart', 'lookup']) {
    assert.equal(green[name].length, plain[name].length, name);
    // A hidden function with an anonymous implementation is named after where hidden() was called.
    if (name === 'lookup') assert.match(green[name].name, /^anonymous \(data: URL:\d+:\d+\)$/);
    else assert.equal(green[name].name, plain[name].name, name);
  }
  for (const name of ['total', 'lookup']) assert.equal(green[name].toString(), plain[name].toString(), name);
  // A function that contains closures with twins shows them in its text (docs/unsupported.md).
  assert.notEqual(green.describe.toString(), plain.describe.toString());
  assert.equal(green.Cart.prototype.sum.toString(), plain.Cart.prototype.sum.toString());
  assert.equal(typeof green.total[Symbol.for('greenhack.twin')], 'function', 'the compiled module does have twins');
  assert.equal(plain.total[Symbol.for('greenhack.twin')], undefined);
});

test('called outside a task, compiled code gives the same results and runs only the originals', async () => {
  const [plain, green] = await Promise.all([load(false), load(true)]);
  for (const module of [plain, green]) {
    assert.equal(module.total([1, 2, 3]), 12);
    assert.equal(module.describe([5, 6]), '0:10,1:12');
    assert.equal(module.Cart.of(1, 2), 7, 'isGreen() is false: the original extra() ran, not its twin');
    assert.equal(module.helpers.twice((x: number) => x + 1, 1), 3);
    assert.equal(module.helpers.greenNow(), false);
    assert.deepEqual(module.calls, { async: 0, sync: 7 }, 'hidden calls ran their sync implementation in place');
  }
});
