/**
 * Where green tasks begin: `asAsync(fn)` for frameworks that await handlers, `startLoop(main)` for CLI
 * entry points, and `isGreen()` to ask whether the calling code can suspend.
 */
import { invalidArgument } from '../errors.ts';
import { config } from './config.ts';
import { isDriven } from './drive.ts';
import { cleanStack } from './stack.ts';
import { Task } from './task.ts';
import { type AnyFunction, setTwin, twinOf } from './twin.ts';

export type AsAsync<F extends AnyFunction> = (this: ThisParameterType<F>, ...args: Parameters<F>) => Promise<Awaited<ReturnType<F>>>;

/** Runs `fn` (called with `thisArg` and `args`) as a new green task; the promise settles with its result. */
export function runTask(fn: AnyFunction, thisArg: unknown, args: unknown[], name: string, startedBy: Function): Promise<unknown> {
  if (config.mode === 'sync') {
    // Sync mode: the same code runs in place, and hidden calls use their sync implementations.
    try {
      return Promise.resolve(fn.apply(thisArg, args));
    } catch (error) {
      return Promise.reject(error);
    }
  }
  const twin = twinOf(fn);
  // A function without a twin (untransformed, or one that calls nothing) still runs inside a task, so a
  // hidden call under it is reported as unable to suspend rather than as outside any task.
  const chain = twin ? twin.apply(thisArg, args) : runPlain(fn, thisArg, args);
  return new Task(chain, name, startedBy).start();
}

function* runPlain(fn: AnyFunction, thisArg: unknown, args: unknown[]): Generator<never, unknown> {
  return fn.apply(thisArg, args);
}

/**
 * Wraps a sync function so that each call runs it as a green task and returns a promise: hidden calls
 * inside it suspend only this task. Called inside another green task, it starts an independent task
 * (it does not join the caller's) that runs until its first suspension before the promise is returned.
 */
export function asAsync<F extends AnyFunction>(fn: F): AsAsync<F> {
  if (typeof fn !== 'function') throw invalidArgument('asAsync()', 'the function', 'a function', fn);
  const name = fn.name || 'anonymous';
  const wrapper = {
    [name](this: ThisParameterType<F>, ...args: Parameters<F>): Promise<Awaited<ReturnType<F>>> {
      return runTask(fn, this, args, name, wrapper) as Promise<Awaited<ReturnType<F>>>;
    },
  }[name]!;
  return wrapper;
}

/**
 * Runs `main` as a green task (the CLI body of a script) and sets the process exit status from it:
 * 0, or the number `main` returns, or 1 with a clean stack on stderr when it throws.
 */
export function startLoop(main: () => unknown): Promise<void> {
  if (typeof main !== 'function') throw invalidArgument('startLoop()', 'main', 'a function', main);
  return runTask(main, undefined, [], main.name || 'main', startLoop).then(
    (status) => {
      if (typeof status === 'number') process.exitCode = status;
    },
    (error) => reportFatal(error),
  );
}

/** Prints an uncaught task error the way Node prints uncaught exceptions, minus greenhack's frames. */
export function reportFatal(error: unknown): void {
  process.stderr.write(`${cleanStack(error)}\n`);
  process.exitCode = 1;
}

/** True when the calling code runs in a green task on a path that can suspend at a hidden call. */
export function isGreen(): boolean {
  return false;
}
setTwin(isGreen, function* greenIsGreen(): Generator<never, boolean> {
  return config.mode === 'async' && !isDriven();
} as never);
