/**
 * Twin-only closures (docs/code-growth.md). Inside a twin, a closure nested deep enough is compiled only
 * as its generator twin; the function value code holds is a wrapper made here, which runs the twin to
 * completion synchronously. Green call sites still find the twin on the wrapper and delegate to it (so
 * the closure suspends as usual); code that cannot suspend calls the wrapper, and then everything the
 * twin reaches must behave as it would under a plain call of the original: a hidden function runs its
 * `sync` implementation or throws the same GreenContextError, a toolkit primitive does what its plain
 * version does. Those twins ask `isDriven()` first.
 */
import { GreenContextError } from '../errors.ts';
import type { Task } from './task.ts';
import { currentTask } from './task-context.ts';
import { type AnyFunction, OWNER, TWIN, type Twin } from './twin.ts';

const NOT_DRIVING: unique symbol = Symbol('not driving');
/** The task (or undefined: no task) whose code a wrapper is driving right now. */
let drivenIn: Task | undefined | typeof NOT_DRIVING = NOT_DRIVING;
/** How many drives of that task are on the stack (a driven closure may call another one through plain code). */
let depth = 0;

/**
 * Whether the running code is a driven twin's: it cannot suspend. A task stepped from inside a drive
 * (started by the driven code) is another task, whose code can.
 */
export function isDriven(): boolean {
  return drivenIn !== NOT_DRIVING && drivenIn === currentTask();
}

/** How many `driveTwinOnlyClosure` frames of the running code's drives are on the stack (0: not driven), for context-error.ts. */
export function drivesOnStack(): number {
  return isDriven() ? depth : 0;
}

function driveTwinOnlyClosure(chain: Generator<unknown, unknown, unknown>): unknown {
  const saved = drivenIn;
  const savedDepth = depth;
  const task = currentTask();
  depth = saved === task ? depth + 1 : 1;
  drivenIn = task;
  try {
    const result = chain.next();
    if (result.done) return result.value;
    // Every twin that can suspend asks isDriven() first: reaching here is a bug in one of them. The chain
    // is unwound with an error so that its `finally` blocks run.
    const error = new GreenContextError('greenhack internal error: a closure compiled only as a twin tried to suspend while called from code that cannot suspend. Please report it with the code that calls it.', 'unknown', 'plain');
    chain.throw(error);
    throw error;
  } finally {
    drivenIn = saved;
    depth = savedDepth;
  }
}

/** Runs `twin` for `plain`, when `plain` is reached while a wrapper drives a twin (see hidden.ts). */
export function guardTwin(plain: AnyFunction, twin: Twin): Twin {
  const guarded = function* (this: unknown, ...args: unknown[]): Generator<unknown, unknown, unknown> {
    if (isDriven()) return plain.apply(this, args);
    return yield* twin.apply(this, args);
  };
  Object.defineProperty(guarded, 'name', { value: twin.name, configurable: true });
  return guarded;
}

const apply = Reflect.apply;

/* The wrappers, by declared length, so that `length` needs no defineProperty for the common ones. Arrows
   get arrows (no `prototype`, not constructible) that ignore `this` (their twin has the lexical one);
   functions get functions, which pass `this` and `arguments` through, so `new` works as for the original
   (a fresh object from the wrapper's own `prototype`; an object returned by the body wins). */
type Factory = (twin: Twin) => AnyFunction;
const ARROWS: readonly Factory[] = [
  (twin) => (...args: unknown[]) => driveTwinOnlyClosure(apply(twin, undefined, args)),
  (twin) => (_a: unknown, ...args: unknown[]) => driveTwinOnlyClosure(apply(twin, undefined, [_a, ...args])),
  (twin) => (_a: unknown, _b: unknown, ...args: unknown[]) => driveTwinOnlyClosure(apply(twin, undefined, [_a, _b, ...args])),
  (twin) => (_a: unknown, _b: unknown, _c: unknown, ...args: unknown[]) => driveTwinOnlyClosure(apply(twin, undefined, [_a, _b, _c, ...args])),
];
/* eslint-disable @typescript-eslint/no-unused-vars */
const FUNCTIONS: readonly Factory[] = [
  (twin) => function (this: unknown) { return driveTwinOnlyClosure(apply(twin, this, arguments)); },
  (twin) => function (this: unknown, _a: unknown) { return driveTwinOnlyClosure(apply(twin, this, arguments)); },
  (twin) => function (this: unknown, _a: unknown, _b: unknown) { return driveTwinOnlyClosure(apply(twin, this, arguments)); },
  (twin) => function (this: unknown, _a: unknown, _b: unknown, _c: unknown) { return driveTwinOnlyClosure(apply(twin, this, arguments)); },
];
/* eslint-enable @typescript-eslint/no-unused-vars */

/**
 * The function value of a twin-only closure: `arrow` says which kind the source wrote, `length` and
 * `name` are the original's (`name` only when the language would have given it one).
 */
export function drivenClosure(twin: Twin, arrow: boolean, length: number, name?: string): AnyFunction {
  const factories = arrow ? ARROWS : FUNCTIONS;
  const wrapper = factories[length < factories.length ? length : 0]!(twin);
  if (length >= factories.length) Object.defineProperty(wrapper, 'length', { value: length, configurable: true });
  if (name !== undefined) Object.defineProperty(wrapper, 'name', { value: name, configurable: true });
  (twin as unknown as Record<symbol, unknown>)[OWNER] = wrapper;
  (wrapper as unknown as Record<symbol, unknown>)[TWIN] = twin;
  return wrapper;
}
