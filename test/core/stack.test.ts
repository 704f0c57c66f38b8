// An error from a hidden function's async side carries a stack that reads like the sync program.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { asAsync, configure, hidden } from 'greenhack';

// These tests read where tasks started: task origins are off by default (configure() in config.ts).
configure({ taskOrigins: true });

const file = fileURLToPath(import.meta.url);
const lines = readFileSync(file, 'utf8').split('\n');
/** 1-based line of the line holding `marker`. */
const lineOf = (marker: string): number => lines.findIndex((line) => line.includes(marker) && !line.includes('lineOf(')) + 1;

interface Payment {
  amount: number;
}

const charge = hidden(async (payment: Payment): Promise<string> => {
  await new Promise((resolve) => setImmediate(resolve));
  throw new TypeError(`card declined for ${payment.amount}`); // @throw
}, { name: 'charge' });

function level5(payment: Payment): string {
  return charge(payment); // @level5
}
function level4(payment: Payment): string {
  const note: string = 'x';
  return level5(payment) + note; // @level4
}
function level3(payment: Payment): string {
  return level4(payment); // @level3
}
function level2(payment: Payment): string {
  return level3(payment); // @level2
}
function level1(payment: Payment): Error {
  try {
    level2(payment); // @level1
  } catch (error) {
    return error as Error;
  }
  throw new Error('not reached');
}

test('async frames, then each sync frame once at its .ts line, then where the task started', async () => {
  const error = await asAsync(level1)({ amount: 12 }); // @origin
  assert.ok(error instanceof TypeError);
  const stack = error.stack!;
  const at = (marker: string): number => {
    const index = stack.indexOf(`${file}:${lineOf(marker)}:`);
    assert.notEqual(index, -1, `expected ${marker} (line ${lineOf(marker)}) in:\n${stack}`);
    return index;
  };
  const order = ['@throw', '@level5', '@level4', '@level3', '@level2', '@level1', '@origin'].map(at);
  assert.deepEqual([...order].sort((a, b) => a - b), order, `frames out of order:\n${stack}`);
  assert.doesNotMatch(stack, /\.next \(|Generator\.|\.throw \(/, 'no generator resume frames');
  assert.doesNotMatch(stack, /dist\/runtime\//, 'no greenhack runtime frames');
  for (const name of ['level5', 'level4', 'level3', 'level2', 'level1']) {
    assert.equal(stack.split('\n').filter((line) => line.includes(`at ${name} `)).length, 1, `${name} appears once:\n${stack}`);
  }
  // Columns are the original TypeScript columns (the type annotation on `note` shifts nothing).
  assert.match(stack, new RegExp(`${file}:${lineOf('@level4')}:${lines[lineOf('@level4') - 1]!.indexOf('level5(') + 1}\\)`));
});

function deep(n: number): string {
  return n === 0 ? charge({ amount: 0 }) : deep(n - 1); // @deep
}

test('the green part of the stack is not cut at Error.stackTraceLimit', async () => {
  const error = await asAsync(() => {
    try {
      return deep(24);
    } catch (e) {
      return e as Error;
    }
  })();
  assert.ok(error instanceof TypeError);
  const frames = error.stack!.split('\n').filter((line) => line.includes(`${file}:${lineOf('@deep')}:`));
  assert.equal(frames.length, 25, error.stack);
});

test('an error rethrown through a second hidden call is not stitched twice', async () => {
  const relay = hidden(async (error: Error) => {
    throw error;
  });
  const error = await asAsync(() => {
    try {
      level2({ amount: 1 });
    } catch (first) {
      try {
        relay(first as Error);
      } catch (second) {
        return second as Error;
      }
    }
    return undefined;
  })();
  assert.ok(error instanceof TypeError);
  assert.equal(error.stack!.split('\n').filter((line) => line.includes('at level3 ')).length, 1, error.stack);
});

test('compiled callbacks keep the names V8 gives them: no emitted helper names in stacks', async () => {
  const failing = (): string[] =>
    [1].map((n) => {
      throw new Error(`no ${n}`);
    });
  const inside = await asAsync(() => {
    try {
      return failing();
    } catch (error) {
      return (error as Error).stack!;
    }
  })();
  let outside = '';
  try {
    failing();
  } catch (error) {
    outside = (error as Error).stack!;
  }
  for (const stack of [inside as string, outside]) assert.doesNotMatch(stack, /__gh/, stack);
});

const refuse = hidden(async (payment: Payment): Promise<string> => {
  if (payment.amount < 0) throw new RangeError(`negative amount ${payment.amount}`); // @refuse-sync
  await new Promise((resolve) => setImmediate(resolve));
  return 'ok';
}, { name: 'refuse' });

function refundOuter(payment: Payment): Error {
  try {
    refundInner(payment); // @refund-outer
  } catch (error) {
    return error as Error;
  }
  throw new Error('not reached');
}
function refundInner(payment: Payment): string {
  return refuse(payment); // @refund-inner
}

test('an implementation that throws before its first await lists each sync frame once', async () => {
  const error = await asAsync(refundOuter)({ amount: -1 }); // @refund-origin
  assert.ok(error instanceof RangeError);
  const stack = error.stack!;
  for (const marker of ['@refuse-sync', '@refund-inner', '@refund-outer', '@refund-origin']) {
    const count = stack.split('\n').filter((line) => line.includes(`${file}:${lineOf(marker)}:`)).length;
    assert.equal(count, 1, `${marker} (line ${lineOf(marker)}) appears once:\n${stack}`);
  }
});
