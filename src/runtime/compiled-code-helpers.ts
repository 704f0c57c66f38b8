/**
 * The helpers that compiled modules call, published on `globalThis[Symbol.for("greenhack.runtime")]`.
 * They are few and small on purpose: the hot paths (twin lookup, dispatch) are inlined by the transform.
 */
import { checkBindings, markReady } from './checked-bindings.ts';
import { registerGreenFile } from './context-error.ts';
import { drivenClosure } from './drive.ts';
import { reportFatal } from './entry-points.ts';
import { classAsWritten, receiverIsPlain, receiverSpec } from './receiver-guard.ts';
import { Task } from './task.ts';
import { type AnyFunction, type Twin, attachTwin, twinOf } from './twin.ts';
import { type UsingHelpers, usingHelpers } from './using.ts';

function notAFunction(callee: string): never {
  throw new TypeError(`${callee} is not a function`);
}

/**
 * What a twin's call site calls when the callee is not a function: it throws V8's message when called,
 * that is after the arguments are evaluated, as the language does.
 */
function notCallable(callee: string): () => never {
  return () => notAFunction(callee);
}

/**
 * Attaches a twin after the assignment that stored the function ran (`W((o.m = function () {}), twin)`):
 * a setter of `o.m` may have frozen it by then, and the store must not throw where the original did not.
 * Such a function keeps no twin, and runs as written, in a task too.
 */
function attachTwinAfterStore<F extends AnyFunction>(fn: F, twin: Twin): F {
  return Object.isExtensible(fn) ? attachTwin(fn, twin) : fn;
}

/** Attaches a twin where the language would have named the function (`{ key: () => … }`), naming it so. */
function withTwinNamed<F extends AnyFunction>(fn: F, twin: Twin, name: string): F {
  if (fn.name === '') Object.defineProperty(fn, 'name', { value: name, configurable: true });
  return attachTwin(fn, twin);
}

/** For a named function expression whose twin refers to the function's own name: `make` receives it. */
function withTwinFrom<F extends AnyFunction>(fn: F, make: (self: F) => Twin, name?: string): F {
  return name === undefined ? attachTwin(fn, make(fn)) : withTwinNamed(fn, make(fn), name);
}

/** Attaches the twins of an object literal's methods (given as a second literal of generator methods). */
function withMethodTwins<O extends object>(object: O, twins: Record<PropertyKey, Twin>): O {
  for (const key of Reflect.ownKeys(twins)) {
    const method = Object.getOwnPropertyDescriptor(object, key)?.value;
    if (typeof method === 'function') attachTwin(method, twins[key]!);
  }
  return object;
}

/** Moves a class's twin methods (compiled as symbol-keyed generator methods) onto their originals. */
function moveClassTwins(klass: AnyFunction, entries: readonly [isStatic: 0 | 1, name: PropertyKey, key: symbol][]): void {
  for (const [isStatic, name, key] of entries) {
    const home = isStatic ? klass : (klass.prototype as Record<PropertyKey, unknown>);
    const twin = Object.getOwnPropertyDescriptor(home, key)?.value as Twin | undefined;
    delete (home as Record<PropertyKey, unknown>)[key];
    const method = Object.getOwnPropertyDescriptor(home, name)?.value;
    if (typeof method !== 'function' || twin === undefined) continue;
    Object.defineProperty(twin, 'name', { value: typeof name === 'symbol' ? `[${name.description}]` : name, configurable: true });
    attachTwin(method, twin);
  }
}

/** Passes a value through: keeps an anonymous function anonymous when compiled code holds it in a temporary. */
function identity<T>(value: T): T {
  return value;
}

/**
 * `call(f, o, a, b)` is `f.call(o, a, b)` through Function.prototype.call as it was when the runtime loaded
 * (not a patched one, nor an own `call` property of `f`). Twins call methods this way: unlike
 * `Reflect.apply(f, o, [a, b])` it makes no arguments array, and V8 inlines it as a direct call, so a
 * built-in such as `map` is inlined with its callback as in the original.
 */
const uncurriedCall: (fn: AnyFunction, thisArg: unknown, ...args: unknown[]) => unknown = Function.prototype.call.bind(Function.prototype.call);

const arrayValues = Array.prototype.values;
const arrayIteratorProto = Object.getPrototypeOf([].values()) as { next: unknown; return?: unknown };
const arrayIteratorNext = arrayIteratorProto.next;

/**
 * GetIterator, for a `for…of` written out in a twin. For an ordinary array (its iterator method and the
 * array iterator's `next` as built in, read once each as the language reads them) it makes no iterator
 * and returns undefined: the loop then reads the array by index, as the array iterator would.
 */
function iterate(iterable: unknown, text: string): Iterator<unknown> | undefined {
  const method = iterable == null ? undefined : (iterable as Record<symbol, unknown>)[Symbol.iterator];
  if (typeof method !== 'function') throw new TypeError(`${text} is not iterable`);
  if (method === arrayValues && Array.isArray(iterable) && arrayIteratorProto.next === arrayIteratorNext) return undefined;
  const iterator = method.call(iterable);
  if (Object(iterator) !== iterator) throw new TypeError('Result of the Symbol.iterator method is not an object');
  return iterator as Iterator<unknown>;
}

/** An iterator result must be an object, as the language checks. */
function iteratorResult(value: unknown): IteratorResult<unknown> {
  if (Object(value) !== value) throw new TypeError(`Iterator result ${String(value)} is not an object`);
  return value as IteratorResult<unknown>;
}

/** What `yield*` of a close with nothing to call runs: no generator made. */
const NOTHING_TO_CLOSE: IterableIterator<never> = {
  [Symbol.iterator]() {
    return this;
  },
  next() {
    return { done: true, value: undefined };
  },
};

/**
 * IteratorClose after `break`, `return` or a suspension being cancelled: through `return`'s twin if it has
 * one. `iterator` is undefined when the loop read `array` by index: the array iterator has no `return`
 * unless someone added one, which is then called on a fresh iterator of the array. The loop delegates to
 * the result at once (`yield* close(…)`), so deciding here, before any step, is what a generator would do;
 * and an array loop left by `break` (no `return` to call) makes no generator.
 */
function closeIterator(iterator: Iterator<unknown> | undefined, array?: unknown): IterableIterator<unknown> {
  const method = iterator === undefined ? arrayIteratorProto.return : (iterator as { return?: unknown }).return;
  if (method == null) return NOTHING_TO_CLOSE;
  return callReturn(method, iterator ?? arrayValues.call(array as unknown[]));
}

function* callReturn(method: unknown, iterator: Iterator<unknown>): Generator<unknown, void, unknown> {
  if (typeof method !== 'function') throw new TypeError(`${String(method)} is not a function`);
  const twin = twinOf(method);
  const result = twin ? yield* twin.call(iterator) : method.call(iterator);
  if (Object(result) !== result) throw new TypeError(`Iterator result ${String(result)} is not an object`);
}

/** IteratorClose when the loop ends with an error: the loop's error wins over any from `return`. */
function* closeQuietly(iterator: Iterator<unknown> | undefined, array?: unknown): Generator<unknown, void, unknown> {
  try {
    yield* closeIterator(iterator, array);
  } catch {
    // The original error is the one thrown.
  }
}

/** Names an anonymous function or class as the language would have (`export default function () {}`). */
function named<T>(value: T, name: string): T {
  if (typeof value === 'function' && value.name === '') Object.defineProperty(value, 'name', { value: name, configurable: true });
  return value;
}

function symbols(count: number): symbol[] {
  return Array.from({ length: count }, () => Symbol('greenhack twin'));
}

/** Runs a green entry module's top-level code (compiled to a generator) as a task. */
function runEntry(chain: Generator<unknown, unknown, unknown>): Promise<void> {
  return new Task(chain, 'main', runEntry).start().then(() => undefined, reportFatal);
}

export interface CompiledCodeHelpers {
  nc: typeof notCallable;
  id: typeof identity;
  named: typeof named;
  iter: typeof iterate;
  result: typeof iteratorResult;
  close: typeof closeIterator;
  closeQuietly: typeof closeQuietly;
  call: typeof uncurriedCall;
  at: typeof attachTwin;
  as: typeof attachTwinAfterStore;
  twn: typeof withTwinNamed;
  twf: typeof withTwinFrom;
  om: typeof withMethodTwins;
  mv: typeof moveClassTwins;
  k: typeof symbols;
  g: typeof registerGreenFile;
  entry: typeof runEntry;
  dc: typeof drivenClosure;
  fs: typeof receiverSpec;
  fast: typeof receiverIsPlain;
  made: typeof classAsWritten;
  ri: typeof checkBindings;
  rd: typeof markReady;
  /** `using` and `await using`, lowered by the transform (using.ts). */
  using: UsingHelpers;
}

export const compiledCodeHelpers: CompiledCodeHelpers = {
  nc: notCallable,
  id: identity,
  named: named,
  iter: iterate,
  result: iteratorResult,
  close: closeIterator,
  closeQuietly: closeQuietly,
  call: uncurriedCall,
  at: attachTwin,
  as: attachTwinAfterStore,
  twn: withTwinNamed,
  twf: withTwinFrom,
  om: withMethodTwins,
  mv: moveClassTwins,
  k: symbols,
  g: registerGreenFile,
  entry: runEntry,
  dc: drivenClosure,
  fs: receiverSpec,
  fast: receiverIsPlain,
  made: classAsWritten,
  ri: checkBindings,
  rd: markReady,
  using: usingHelpers,
};

