/**
 * What code compiled from `using` and `await using` calls (the transform lowers the declarations to
 * try/finally: src/transform/passes/lower-using.ts). It follows the spec's AddDisposableResource and
 * DisposeResources: the dispose method is looked up when the declaration runs, `null` and `undefined`
 * are allowed, resources are disposed in reverse order, and an error thrown by a disposal while another
 * error is on its way out becomes a `SuppressedError` holding both.
 *
 * `disposeAll` has a twin: in green code the dispose methods are called through their own twins, so a
 * hidden `[Symbol.dispose]` (closing a connection, returning it to a pool) suspends the task instead of
 * failing, as Python greenhack's `exempt_cm` does for `with`.
 */
import { asyncDisposeSymbol, disposeSymbol, SuppressedErrorClass } from '../node-features.ts';
import { setTwin, twinOf } from './twin.ts';

const SYNC = 0;
const ASYNC = 1;
/** A `[Symbol.dispose]` method used by `await using`: called, then awaited as `undefined`. */
const SYNC_IN_ASYNC = 2;

interface Resource {
  value: unknown;
  method: Function | undefined;
  kind: typeof SYNC | typeof ASYNC | typeof SYNC_IN_ASYNC;
}

/** One scope's resources, and the error its body threw (set by the compiled `catch`). */
export interface DisposeStack {
  r: Resource[];
  /** The body's error. */
  e: unknown;
  /** Whether the body threw (it may throw `undefined`). */
  h: boolean;
  /** Whether an `await using` declaration ran: only then does the scope's end await. */
  a: boolean;
}

function newStack(): DisposeStack {
  return { r: [], e: undefined, h: false, a: false };
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeof value === 'function' ? 'a function' : String(value);
}

/** `using x = value` (`isAsync` 0) or `await using x = value` (1): records the resource, returns the value. */
function addResource(stack: DisposeStack, value: unknown, isAsync: 0 | 1): unknown {
  const keyword = isAsync ? 'await using' : 'using';
  if (isAsync) stack.a = true;
  if (value === null || value === undefined) {
    // Nothing to dispose, but `await using x = null` still awaits once at the end of its scope.
    if (isAsync) stack.r.push({ value, method: undefined, kind: ASYNC });
    return value;
  }
  if (typeof value !== 'object' && typeof value !== 'function') {
    throw new TypeError(`\`${keyword}\` needs an object with a [Symbol.${isAsync ? 'asyncDispose' : 'dispose'}]() method, or null or undefined; got ${describe(value)}.`);
  }
  const target = value as Record<symbol, unknown>;
  let method = isAsync ? target[asyncDisposeSymbol] : target[disposeSymbol];
  let kind: Resource['kind'] = isAsync ? ASYNC : SYNC;
  if (isAsync && method == null) {
    method = target[disposeSymbol];
    kind = SYNC_IN_ASYNC;
  }
  if (typeof method !== 'function') {
    const wanted = isAsync ? '[Symbol.asyncDispose]() or [Symbol.dispose]()' : '[Symbol.dispose]()';
    throw new TypeError(`\`${keyword}\`: the value has no ${wanted} method (found ${describe(method)}). Declare it with const, or give it the method.`);
  }
  stack.r.push({ value, method, kind });
  return value;
}

const SUPPRESSED = 'An error was suppressed during disposal';

/** The completion after a disposal threw `error`: it wins, and carries the earlier error as `suppressed`. */
function combine(stack: DisposeStack, error: unknown): void {
  stack.e = stack.h ? new SuppressedErrorClass(error, stack.e, SUPPRESSED) : error;
  stack.h = true;
}

/** DisposeResources for a scope with `using` only, in code that cannot suspend. */
function disposeAll(stack: DisposeStack): void {
  const resources = stack.r;
  for (let i = resources.length - 1; i >= 0; i--) {
    const { value, method } = resources[i]!;
    try {
      method!.call(value);
    } catch (error) {
      combine(stack, error);
    }
  }
  resources.length = 0;
  if (stack.h) throw stack.e;
}

/**
 * The twin of `disposeAll`: each dispose method through its twin when it has one. If the task is unwound
 * (cancelled, timed out) while a disposal waits, the resources not yet disposed still are, in order.
 */
function* disposeAllTwin(stack: DisposeStack): Generator<unknown, void, unknown> {
  const resources = stack.r;
  let i = resources.length - 1;
  let unwound = true;
  try {
    for (; i >= 0; i--) {
      const { value, method } = resources[i]!;
      try {
        const twin = twinOf(method);
        if (twin) yield* twin.call(value);
        else method!.call(value);
      } catch (error) {
        combine(stack, error);
      }
    }
    unwound = false;
  } finally {
    if (unwound) {
      for (let j = i - 1; j >= 0; j--) {
        const { value, method } = resources[j]!;
        try {
          const twin = twinOf(method);
          if (twin) yield* twin.call(value);
          else method!.call(value);
        } catch {
          // Unwinding: the cancellation is the outcome; a cleanup error has nowhere to go.
        }
      }
    }
    resources.length = 0;
  }
  if (stack.h) throw stack.e;
}
setTwin(disposeAll, disposeAllTwin as never);

/** DisposeResources for a scope with `await using` (in async code: not green, so nothing to dispatch). */
async function disposeAllAsync(stack: DisposeStack): Promise<void> {
  const resources = stack.r;
  let needsAwait = false;
  let hasAwaited = false;
  for (let i = resources.length - 1; i >= 0; i--) {
    const { value, method, kind } = resources[i]!;
    if (kind === SYNC && needsAwait && !hasAwaited) {
      await undefined;
      needsAwait = false;
    }
    if (method === undefined) {
      needsAwait = true;
      continue;
    }
    try {
      if (kind === SYNC) method.call(value);
      else if (kind === ASYNC) {
        hasAwaited = true;
        await method.call(value);
      } else {
        hasAwaited = true;
        try {
          method.call(value);
        } finally {
          await undefined;
        }
      }
    } catch (error) {
      combine(stack, error);
    }
  }
  if (needsAwait && !hasAwaited) await undefined;
  resources.length = 0;
  if (stack.h) throw stack.e;
}

export interface UsingHelpers {
  s: typeof newStack;
  u: typeof addResource;
  d: typeof disposeAll;
  da: typeof disposeAllAsync;
}

export const usingHelpers: UsingHelpers = { s: newStack, u: addResource, d: disposeAll, da: disposeAllAsync };
