/**
 * One call of a hidden function's twin: the iterator that the calling twin's `yield*` drives, in place of
 * a generator. One is made per hidden call and kept by every task suspended in one, so it is small: five
 * fields, where a generator object holds a whole register file (about 190 B more per suspended task).
 *
 * It behaves as the generator did: the implementation runs on the first `next()` (in the task, after
 * the driver made it current); a promise is yielded to the driver and its value returned; a stack probe
 * thrown in re-yields the same promise; any other error thrown in gets the suspended green frames
 * stitched onto its stack and is thrown on; `return()` ends it.
 */
import { config } from './config.ts';
import { isDriven } from './drive.ts';
import { stitchStack } from './stack.ts';
import { currentTask } from './task-context.ts';
import { probeStack, STACK_PROBE, type WaitInfo } from './task-waits.ts';

/** What every call of one hidden function shares. */
export interface HiddenTarget {
  readonly impl: (...args: unknown[]) => unknown;
  readonly wait: WaitInfo;
  /** Sync mode: runs the sync implementation (or the bridge) in place, or throws why it cannot. */
  readonly runSync: (thisArg: unknown, args: unknown[]) => unknown;
  /** The original: what a plain call does (the sync implementation, the bridge, or a GreenContextError). */
  readonly plain: (...args: unknown[]) => unknown;
}

const NOT_STARTED = 0;
const WAITING = 1;
const DONE = 2;
type State = 0 | 1 | 2;

/**
 * The result every hidden call suspends with. `yield*` hands an inner iterator's result up unchanged, and
 * on Node 24 each suspended frame keeps the one it last passed on: one object shared by all hidden calls
 * keeps none per task (40 B each). The driver reads it at once; a call clears it when it resumes.
 */
const SUSPENDED: { done: false; value: unknown } = { done: false, value: undefined };

function suspendWith(pending: unknown): IteratorResult<unknown, unknown> {
  SUSPENDED.value = pending;
  return SUSPENDED;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as PromiseLike<unknown>).then === 'function';
}

export class HiddenCall {
  private state: State = NOT_STARTED;
  private pending: unknown = undefined;

  constructor(
    private readonly target: HiddenTarget,
    private readonly thisArg: unknown,
    private readonly args: unknown[],
  ) {}

  /** Drops the promise it waited on, from the shared result too. */
  private forget(): void {
    if (SUSPENDED.value === this.pending) SUSPENDED.value = undefined;
    this.pending = undefined;
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(value?: unknown): IteratorResult<unknown, unknown> {
    const state = this.state;
    this.state = DONE;
    if (state === WAITING) {
      this.forget();
      return { done: true, value };
    }
    if (state === DONE) return { done: true, value: undefined };
    const { target, thisArg, args } = this;
    // Under a twin-only closure called by code that cannot suspend: as a plain call would (drive.ts).
    if (isDriven()) return { done: true, value: target.plain.apply(thisArg, args) };
    if (config.mode === 'sync') return { done: true, value: target.runSync(thisArg, args) };
    const pending = target.impl.apply(thisArg, args);
    if (!isThenable(pending)) return { done: true, value: pending };
    // What the task waits on, for dumps (the driver clears it when the task resumes).
    const task = currentTask();
    if (task !== undefined) {
      task.wait = target.wait;
      task.waitArgs = args;
    }
    this.pending = pending;
    this.state = WAITING;
    return suspendWith(pending);
  }

  throw(error: unknown): IteratorResult<unknown, unknown> {
    const waiting = this.state === WAITING;
    if (waiting && error === STACK_PROBE) {
      // A dump asking where the task waits: answer, and keep waiting on the same promise.
      probeStack();
      return suspendWith(this.pending);
    }
    this.state = DONE;
    this.forget();
    if (waiting) stitchStack(error, currentTask(), HiddenCall.prototype.throw);
    throw error;
  }

  return(value?: unknown): IteratorResult<unknown, unknown> {
    this.state = DONE;
    this.forget();
    return { done: true, value };
  }
}
