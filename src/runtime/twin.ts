/** The twin protocol shared with compiled code: where a function keeps its generator twin. */
import { TWIN_SYMBOL_KEY } from '../shared/names.ts';

/** Property key of a function's generator twin. */
export const TWIN: unique symbol = Symbol.for(TWIN_SYMBOL_KEY) as never;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFunction = (this: any, ...args: any[]) => any;
export type Twin = (this: unknown, ...args: unknown[]) => Generator<unknown, unknown, unknown>;

/** The generator twin of `fn`, if it has one. */
export function twinOf(fn: unknown): Twin | undefined {
  return typeof fn === 'function' ? ((fn as unknown as Record<symbol, Twin | undefined>)[TWIN]) : undefined;
}

/** Gives `fn` a twin; non-enumerable so it never shows in `Object.assign` or property listings. */
export function setTwin(fn: AnyFunction, twin: Twin): void {
  Object.defineProperty(fn, TWIN, { value: twin, writable: true, configurable: true });
}

/** Names a generator so that stack traces show `name`, as they do for the original function. */
export function nameTwin<T extends Twin>(twin: T, name: string): T {
  Object.defineProperty(twin, 'name', { value: name, configurable: true });
  return twin;
}
