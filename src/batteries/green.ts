/**
 * What the batteries share. The library is not compiled green, so a battery function that calls back into
 * user code which may suspend (a transaction's body, a row callback) is written as a hidden function whose
 * twin is a hand-written generator, as the runtime's own toolkit does: inside a green task the twin runs,
 * delegating to the callback's twin with `yield*`; everywhere else the hidden function's original runs (and
 * reports `GreenContextError`, or the async implementation serves `fn.async(...)`).
 */
import { hidden } from '../index.ts';
import type { Hidden } from '../runtime/hidden.ts';
import { type AnyFunction, nameTwin, setTwin, type Twin, twinOf } from '../runtime/twin.ts';
import { guardTwin } from '../runtime/drive.ts';

export type G<R = unknown> = Generator<unknown, R, unknown>;

/** Calls `fn` from a hand-written twin: through its twin when it has one (so it can suspend), else plainly. */
export function* callGreen<R>(fn: AnyFunction, thisArg: unknown, args: readonly unknown[]): G<R> {
  const twin = twinOf(fn);
  return (twin !== undefined ? yield* twin.apply(thisArg, args as unknown[]) : fn.apply(thisArg, args as unknown[])) as R;
}

/**
 * A hidden function (`asyncImpl` serves `.async()` and the non-green paths) whose green path is `twin`, a
 * generator that may call user callbacks with `callGreen`.
 */
export function greenFunction<F extends AnyFunction>(name: string, asyncImpl: F, twin: (this: ThisParameterType<F>, ...args: Parameters<F>) => G<Awaited<ReturnType<F>>>): Hidden<F> {
  const fn = hidden(asyncImpl, { name });
  setTwin(fn, guardTwin(fn, nameTwin(twin as unknown as Twin, name)));
  return fn;
}

/** `value` as a TypeError-worthy description, for argument checks. */
export function describeValue(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'function' ? 'a function' : typeof value;
}

/** Throws a TypeError unless `value` is a function. */
export function checkFunction(api: string, what: string, value: unknown): asserts value is AnyFunction {
  if (typeof value !== 'function') throw new TypeError(`${api}: ${what} must be a function, got ${describeValue(value)}.`);
}

/** Throws a RangeError unless `ms` is undefined or a finite number ≥ 0. */
export function checkTimeout(api: string, ms: unknown): asserts ms is number | undefined {
  if (ms === undefined) return;
  if (typeof ms !== 'number' || !(ms >= 0) || !Number.isFinite(ms)) {
    throw new RangeError(`${api}: timeout must be a finite number of milliseconds ≥ 0, got ${typeof ms === 'number' ? ms : describeValue(ms)}.`);
  }
}
