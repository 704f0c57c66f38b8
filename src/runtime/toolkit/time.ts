/**
 * Time in green code: `sleep(ms)` suspends the calling task; `timeout(ms, fn)` runs `fn` in the calling
 * task and, if it has not finished after `ms`, unwinds it (as a cancellation unwinds a task: `finally`
 * blocks run, `catch` blocks inside `fn` do not) and throws `Timeout` where `timeout()` was called.
 */
import { Timeout } from '../../errors.ts';
import { config } from '../config.ts';
import { primitiveContextError } from '../context-error.ts';
import { stitchStack } from '../stack.ts';
import { currentTask } from '../task-context.ts';
import { interruptTask } from '../task-interrupt.ts';
import type { Interrupt } from '../task-state.ts';
import { suspend, type WaitInfo } from '../task-waits.ts';
import { setTwin, type Twin, twinOf } from '../twin.ts';
import { blockFor, checkFunction, checkMs, type G, startTimer } from './common.ts';
import { guardTwin } from '../drive.ts';

const SLEEP: WaitInfo = { kind: 'timer', name: 'sleep' };

/**
 * Suspends the calling green task for `ms` milliseconds (0: until other tasks and pending I/O had a turn).
 * Outside green tasks it throws `GreenContextError` (it never blocks the event loop), except in sync mode,
 * where it blocks the thread as a sync program would.
 */
export function sleep(ms: number): void {
  checkMs('sleep()', 'ms', ms);
  if (config.mode === 'sync') return blockFor(ms);
  throw primitiveContextError('sleep()', currentTask(), sleep, "from async code, use `await setTimeout(ms)` from 'node:timers/promises'.");
}

setTwin(sleep, guardTwin(sleep, function* sleep(ms: number): G<void> {
  checkMs('sleep()', 'ms', ms);
  let stop!: () => void;
  const promise = new Promise<void>((resolve) => (stop = startTimer(ms, resolve)));
  yield* suspend(promise, SLEEP, [ms], () => (stop(), true));
} as Twin));

function describe(fn: Function): string {
  return fn.name ? `${fn.name}()` : 'the function given to timeout()';
}

/**
 * Runs `fn(...args)` in the calling green task with a time limit: returns what it returns, or, when `ms`
 * pass first, unwinds it and throws `Timeout` here. The in-flight hidden call is aborted (see
 * `currentSignal`), `finally` blocks in `fn` run, `catch` blocks in `fn` do not see the timeout. Code
 * around `timeout()` catches `Timeout` as any error. Timeouts nest; the task's cancellation wins over them.
 */
export function timeout<A extends unknown[], R>(ms: number, fn: (...args: A) => R, ...args: A): R {
  checkMs('timeout()', 'ms', ms);
  checkFunction('timeout()', 'the function', fn);
  if (config.mode === 'sync') {
    // Nothing can interrupt sync code: run it, and report the overrun afterwards.
    const started = performance.now();
    const value = fn(...args);
    if (performance.now() - started > ms) throw new Timeout(ms, describe(fn));
    return value;
  }
  throw primitiveContextError('timeout()', currentTask(), timeout, 'from async code, use AbortSignal.timeout(ms) with the operation.');
}

const timeoutTwin = function* timeout(ms: number, fn: (...args: unknown[]) => unknown, ...args: unknown[]): G {
  checkMs('timeout()', 'ms', ms);
  checkFunction('timeout()', 'the function', fn);
  const twin = twinOf(fn);
  // A function without a twin cannot suspend, so no deadline can interrupt it.
  if (twin === undefined) return fn(...args);
  const task = currentTask()!;
  // The deadline resumes the task out of band, in its context as it is here.
  task.keepContext();
  const extra = task.extras();
  const body = twin.apply(undefined, args);
  const depth = ++extra.scopeDepth;
  let deadline: Interrupt | undefined;
  let delivered = false;
  const stop = startTimer(ms, () => {
    deadline = { error: new Timeout(ms, describe(fn)), depth, target: body };
    interruptTask(task, deadline);
  });
  let value: unknown;
  try {
    value = yield* body;
  } finally {
    stop();
    extra.scopeDepth--;
    if (deadline !== undefined) {
      // Delivered: the body was unwound for this deadline (not for an outer one, nor the task's cancellation).
      if (extra.unwinding === deadline) {
        extra.unwinding = undefined;
        delivered = true;
      }
      // Passed just as the body finished, and not delivered: the body's outcome stands.
      if (extra.pending === deadline) extra.pending = undefined;
    }
  }
  if (delivered) {
    stitchStack(deadline!.error, task, timeoutTwin);
    throw deadline!.error;
  }
  return value;
};
setTwin(timeout, guardTwin(timeout, timeoutTwin as Twin));
