/** The twin protocol shared with compiled code: where a function keeps its generator twin. */
import { OWNER_SYMBOL_KEY, TWIN_SYMBOL_KEY } from '../shared/names.ts';

/** Property key of a function's generator twin. */
export const TWIN: unique symbol = Symbol.for(TWIN_SYMBOL_KEY) as never;
/** Property key, on a twin, of the function it belongs to. */
export const OWNER: unique symbol = Symbol.for(OWNER_SYMBOL_KEY) as never;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFunction = (this: any, ...args: any[]) => any;
export type Twin = (this: unknown, ...args: unknown[]) => Generator<unknown, unknown, unknown>;

/** The generator twin of `fn`, if it has one of its own (not one inherited or copied). */
export function twinOf(fn: unknown): Twin | undefined {
  if (typeof fn !== 'function') return undefined;
  const twin = (fn as unknown as Record<symbol, Twin | undefined>)[TWIN];
  return twin !== undefined && (twin as unknown as Record<symbol, unknown>)[OWNER] === fn ? twin : undefined;
}

/** Gives `fn` its twin, as compiled code does (a plain store: closures are made often). */
export function attachTwin<F extends AnyFunction>(fn: F, twin: Twin): F {
  (twin as unknown as Record<symbol, unknown>)[OWNER] = fn;
  (fn as unknown as Record<symbol, Twin>)[TWIN] = twin;
  return fn;
}

/** Gives a built-in or runtime function a twin, non-enumerable so it never shows in listings. */
export function setTwin(fn: AnyFunction, twin: Twin): void {
  Object.defineProperty(twin, OWNER, { value: fn, configurable: true });
  Object.defineProperty(fn, TWIN, { value: twin, writable: true, configurable: true });
}

/** Names a generator so that stack traces show `name`, as they do for the original function. */
export function nameTwin<T extends Twin>(twin: T, name: string): T {
  Object.defineProperty(twin, 'name', { value: name, configurable: true });
  return twin;
}
