/**
 * What the toolkit's primitives share: calling green callbacks, argument checks, and FIFO queues of
 * waiting tasks with hand-off (a released lock, a put item, a set event goes to the first waiter at once,
 * so waiters are served in order and a wake-up is never lost to a cancelled waiter).
 */
import { invalidArgument } from '../../errors.ts';
import type { Task } from '../task.ts';
import { currentTask } from '../task-context.ts';
import { suspend, type WaitInfo } from '../task-waits.ts';
import { type AnyFunction, type Twin, twinOf } from '../twin.ts';

export type G<R = unknown> = Generator<unknown, R, unknown>;

/** Calls `fn` from a twin: through its twin when it has one (so it can suspend), else directly. */
export function* callGreen(fn: AnyFunction, thisArg: unknown, args: readonly unknown[]): G {
  const twin = twinOf(fn);
  return twin !== undefined ? yield* twin.apply(thisArg, args as unknown[]) : fn.apply(thisArg, args as unknown[]);
}

/** A chain that calls `fn` plainly: for functions without a twin, and for sync mode. */
export function* runPlain(fn: AnyFunction, thisArg: unknown, args: readonly unknown[]): G<never> {
  return fn.apply(thisArg, args as unknown[]) as never;
}

/** The chain of a new task running `fn(...args)`. */
export function chainOf(fn: AnyFunction, args: readonly unknown[]): G {
  const twin = twinOf(fn);
  return twin !== undefined ? (twin as Twin).apply(undefined, args as unknown[]) : runPlain(fn, undefined, args);
}

export function checkFunction(api: string, what: string, fn: unknown): asserts fn is AnyFunction {
  if (typeof fn !== 'function') throw invalidArgument(api, what, 'a function', fn);
}

/** A time in milliseconds: a finite number ≥ 0 (or `undefined` when optional and `optional` is set). */
export function checkMs(api: string, what: string, ms: unknown): asserts ms is number {
  if (typeof ms !== 'number') throw invalidArgument(api, what, 'a number of milliseconds', ms);
  if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`${api}: ${what} must be a finite number ≥ 0, got ${ms}.`);
}

/** Largest delay setTimeout takes as such (larger ones fire after 1 ms). */
const MAX_TIMER = 2 ** 31 - 1;

/** A timer that may be longer than setTimeout allows; returns a function that clears it. */
export function startTimer(ms: number, fire: () => void): () => void {
  let handle: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate>;
  let cleared = false;
  const arm = (left: number): void => {
    if (left === 0) handle = setImmediate(fire);
    else if (left <= MAX_TIMER) handle = setTimeout(fire, left);
    else handle = setTimeout(() => cleared || arm(left - MAX_TIMER), MAX_TIMER);
  };
  arm(ms);
  return () => {
    cleared = true;
    if (ms === 0) clearImmediate(handle as ReturnType<typeof setImmediate>);
    else clearTimeout(handle as ReturnType<typeof setTimeout>);
  };
}

/** Blocks the thread (sync mode only: nothing else could run anyway). */
export function blockFor(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const WAITING = 0;
const GRANTED = 1;
const ABORTED = 2;

/** Returned by a wait whose time limit passed. */
export const TIMED_OUT: unique symbol = Symbol('timed out');

/** One task waiting in a `WaitList`. */
export class Waiter<V> {
  state: 0 | 1 | 2 = WAITING;
  readonly promise: Promise<V | typeof TIMED_OUT>;
  private resolve!: (value: V | typeof TIMED_OUT) => void;
  private clearTimer: (() => void) | undefined;
  constructor(
    readonly list: WaitList<V>,
    readonly task: Task | undefined,
    /** What a waiting `put` brings along. */
    readonly item?: unknown,
  ) {
    this.promise = new Promise((resolve) => (this.resolve = resolve));
  }

  /** Hands the waiter what it waited for; false if it no longer waits. */
  grant(value: V): boolean {
    if (this.state !== WAITING) return false;
    this.state = GRANTED;
    this.clearTimer?.();
    this.resolve(value);
    return true;
  }

  /** Takes the waiter off its list; false if it was already granted (or gone). */
  abort(): boolean {
    if (this.state !== WAITING) return false;
    this.state = ABORTED;
    this.clearTimer?.();
    this.list.count--;
    return true;
  }

  /** The driver's abort hook (cancellation, timeouts, deadlock). */
  readonly hook = (): boolean => this.abort();

  /** Gives up after `ms`: the wait returns `TIMED_OUT`. */
  limit(ms: number): void {
    this.clearTimer = startTimer(ms, () => {
      if (this.abort()) this.resolve(TIMED_OUT);
    });
  }
}

/** Waiting tasks in arrival order. Aborted waiters stay in the array until they reach the front. */
export class WaitList<V> {
  /** How many still wait. */
  count = 0;
  private items: (Waiter<V> | undefined)[] = [];
  private head = 0;

  /** Queues the current task: the returned waiter's promise settles when it is granted (or times out). */
  add(item?: unknown): Waiter<V> {
    const waiter = new Waiter<V>(this, currentTask(), item);
    this.items.push(waiter);
    this.count++;
    return waiter;
  }

  /** The first waiter that still waits, taken off the list: the caller grants it at once. */
  take(): Waiter<V> | undefined {
    const items = this.items;
    while (this.head < items.length) {
      const waiter = items[this.head]!;
      items[this.head++] = undefined;
      if (waiter.state === WAITING) {
        this.count--;
        this.compact();
        return waiter;
      }
    }
    this.compact();
    return undefined;
  }

  /** Every waiter that still waits, taken off the list. */
  takeAll(): Waiter<V>[] {
    const all: Waiter<V>[] = [];
    for (let waiter = this.take(); waiter !== undefined; waiter = this.take()) all.push(waiter);
    return all;
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 64 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}

/**
 * Waits in the current task until `waiter` is granted: returns what it was granted, or `TIMED_OUT` after
 * `ms` (when given). Cancellation and timeouts take the waiter off its list.
 */
export function* waitOn<V>(waiter: Waiter<V>, info: WaitInfo, args: readonly unknown[] | undefined, ms?: number): G<V | typeof TIMED_OUT> {
  if (ms !== undefined) waiter.limit(ms);
  return yield* suspend(waiter.promise, info, args, waiter.hook);
}

/** `#3 "name"`, as dumps and messages show a task. */
export function label(task: Task | undefined): string {
  return task === undefined ? 'code outside tasks' : `#${task.id} "${task.name}"`;
}
