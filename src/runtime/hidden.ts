/**
 * `hidden(asyncImpl, { sync })`: a function with a synchronous signature whose work is async. Inside a
 * green task, on a suspendable path, its twin yields the implementation's promise to the driver and
 * returns the settled value. Anywhere else it runs the `sync` implementation, or explains why it can't.
 */
import { invalidArgument } from '../errors.ts';
import { config } from './config.ts';
import { contextError, syncModeError } from './context-error.ts';
import { stitchStack } from './stack.ts';
import { currentTask, probeStack, STACK_PROBE, type WaitInfo } from './task.ts';
import { type AnyFunction, nameTwin, setTwin } from './twin.ts';

export interface HiddenOptions<F extends AnyFunction> {
  /** Synchronous implementation, used in `sync` mode and wherever the caller cannot suspend. */
  sync?: (this: ThisParameterType<F>, ...args: Parameters<F>) => Awaited<ReturnType<F>>;
  /** Name shown in errors and stack traces (default: the implementation's name). */
  name?: string;
}

/** A hidden function: call it like a sync function in green code, or `.async()` it from async code. */
export type Hidden<F extends AnyFunction> = ((this: ThisParameterType<F>, ...args: Parameters<F>) => Awaited<ReturnType<F>>) & {
  /** Runs the async implementation directly: a promise, usable from any async code, no task needed. */
  async(this: ThisParameterType<F>, ...args: Parameters<F>): Promise<Awaited<ReturnType<F>>>;
  /** The async implementation. */
  readonly impl: F;
};

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as PromiseLike<unknown>).then === 'function';
}

/** Makes a hidden function from an async implementation. */
export function hidden<F extends AnyFunction>(impl: F, options: HiddenOptions<F> = {}): Hidden<F> {
  if (typeof impl !== 'function') throw invalidArgument('hidden()', 'the implementation', 'a function', impl);
  if (options === null || typeof options !== 'object') throw invalidArgument('hidden()', 'options', 'an object', options);
  const { sync } = options;
  if (sync !== undefined && typeof sync !== 'function') throw invalidArgument('hidden()', 'options.sync', 'a function', sync);
  const name = options.name ?? (impl.name || 'anonymous');
  if (typeof name !== 'string') throw invalidArgument('hidden()', 'options.name', 'a string', name);

  // The original: runs where nothing can suspend.
  const plain = {
    [name](this: unknown, ...args: unknown[]): unknown {
      if (sync !== undefined) return sync.apply(this as never, args as never);
      throw contextError(name, currentTask(), plain);
    },
  }[name]! as Hidden<F>;

  // The twin: suspends the task (async mode) or runs the sync implementation in place (sync mode).
  const waitInfo: WaitInfo = { kind: 'hidden', name };
  const twin = function* (this: unknown, ...args: unknown[]): Generator<unknown, unknown, unknown> {
    if (config.mode === 'sync') {
      if (sync !== undefined) return sync.apply(this as never, args as never);
      throw syncModeError(name);
    }
    const pending: unknown = impl.apply(this, args);
    if (!isThenable(pending)) return pending;
    // What the task waits on, for dumps (the driver clears it when the task resumes).
    const task = currentTask();
    if (task !== undefined) {
      task.wait = waitInfo;
      task.waitArgs = args;
    }
    for (;;) {
      try {
        return yield pending;
      } catch (error) {
        // A dump asking where the task waits: answer, and keep waiting on the same promise.
        if (error === STACK_PROBE) {
          probeStack();
          continue;
        }
        stitchStack(error, currentTask(), twin);
        throw error;
      }
    }
  };
  setTwin(plain, nameTwin(twin, name));
  Object.defineProperty(plain, 'impl', { value: impl });
  Object.defineProperty(plain, 'async', {
    value: function (this: unknown, ...args: unknown[]): Promise<unknown> {
      try {
        return Promise.resolve(impl.apply(this, args));
      } catch (error) {
        return Promise.reject(error);
      }
    },
  });
  return plain;
}
