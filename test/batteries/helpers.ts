// Small helpers shared by the battery tests.
import assert from 'node:assert/strict';
import { sleep } from 'greenhack';

/** The error `fn` throws (green code: `fn` may suspend). */
export function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail('expected an error');
}

/** Waits (from async code) until `condition()` holds, or fails with `what` after `ms`. */
export async function eventually(what: string, condition: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits in the green task until `condition()` holds, or fails with `what` after 10 s. */
export function waitUntil(what: string, condition: () => boolean): void {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    sleep(5);
  }
}
