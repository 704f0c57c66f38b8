/**
 * Green versions of the built-ins that call back into user code, so that a callback passed to them from
 * green code can suspend: `[1, 2].map(id => getUser(id))` works inside a task. Each is installed as the
 * built-in's twin; when the callback has no twin the native built-in runs, at native speed. All but
 * `call`, `apply` and `Reflect.apply` (whose twins depend on the function called) carry the callbacks-only
 * mark on the built-in: a call site whose arguments have no twins skips their twins (see emit-calls.ts).
 */
import { CALLBACKS_ONLY_SYMBOL_KEY } from '../shared/names.ts';
import { type Twin, setTwin, twinOf } from './twin.ts';

const CALLBACKS_ONLY = Symbol.for(CALLBACKS_ONLY_SYMBOL_KEY);

type G = Generator<unknown, unknown, unknown>;
type Callback = (this: unknown, ...args: unknown[]) => unknown;

function install(target: object, key: string, twin: (this: any, ...args: any[]) => G, callbacksOnly = true): void {
  const native = (target as Record<string, unknown>)[key] as (...args: unknown[]) => unknown;
  setTwin(native, twin as Twin);
  Object.defineProperty(twin, 'name', { value: key, configurable: true });
  // The mark holds the built-in itself, so that a function inheriting it (through its prototype) is not marked.
  if (callbacksOnly) Object.defineProperty(native, CALLBACKS_ONLY, { value: native, configurable: true });
}

function toLength(value: unknown): number {
  const n = Math.trunc(Number(value));
  return Number.isNaN(n) || n <= 0 ? 0 : Math.min(n, Number.MAX_SAFE_INTEGER);
}

/** ArraySpeciesCreate, as `map`/`filter`/`flatMap` use it. */
function speciesCreate(original: object, length: number): unknown[] {
  if (!Array.isArray(original)) return new Array(length);
  let C: unknown = original.constructor;
  if (C !== null && typeof C === 'object') C = (C as Record<symbol, unknown>)[Symbol.species] ?? undefined;
  else if (typeof C === 'function') C = (C as unknown as Record<symbol, unknown>)[Symbol.species] ?? undefined;
  if (C === undefined) return new Array(length);
  if (typeof C !== 'function') throw new TypeError('object.constructor[Symbol.species] is not a constructor');
  return new (C as ArrayConstructor)(length);
}

function define(target: object, key: PropertyKey, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

const ArrayProto = Array.prototype as unknown as Record<string, Callback>;

interface Iteration {
  O: any;
  len: number;
  twin: Twin;
  thisArg: unknown;
}

/**
 * The iterating methods share one shape: visit present elements in order, calling the callback's twin
 * with `(value, index, array)`. The twin is looked up once, before the loop, as the native reads the
 * callback once.
 */
function iterating(key: string, body: (state: Iteration) => G): void {
  const native = ArrayProto[key]!;
  install(Array.prototype, key, function* (this: unknown, fn: Callback, thisArg?: unknown): G {
    const twin = twinOf(fn);
    if (twin === undefined) return native.apply(this, arguments as unknown as unknown[]);
    const O = Object(this);
    return yield* body({ O, len: toLength(O.length), twin, thisArg });
  });
}

/** Stores an element of a result array: a plain store on an Array we made, a defined property otherwise. */
function store(A: unknown[], plain: boolean, k: number, value: unknown): void {
  if (plain) A[k] = value;
  else define(A, k, value);
}

iterating('forEach', function* ({ O, len, twin, thisArg }) {
  for (let k = 0; k < len; k++) if (k in O) yield* twin.call(thisArg, O[k], k, O);
  return undefined;
});
iterating('map', function* ({ O, len, twin, thisArg }) {
  const A = speciesCreate(O, len);
  const plain = Object.getPrototypeOf(A) === Array.prototype;
  for (let k = 0; k < len; k++) if (k in O) store(A, plain, k, yield* twin.call(thisArg, O[k], k, O));
  return A;
});
iterating('filter', function* ({ O, len, twin, thisArg }) {
  const A = speciesCreate(O, 0);
  const plain = Object.getPrototypeOf(A) === Array.prototype;
  let to = 0;
  for (let k = 0; k < len; k++) {
    if (!(k in O)) continue;
    const value = O[k];
    if (yield* twin.call(thisArg, value, k, O)) store(A, plain, to++, value);
  }
  return A;
});
iterating('flatMap', function* ({ O, len, twin, thisArg }) {
  const A = speciesCreate(O, 0);
  const plain = Object.getPrototypeOf(A) === Array.prototype;
  let to = 0;
  for (let k = 0; k < len; k++) {
    if (!(k in O)) continue;
    const mapped = yield* twin.call(thisArg, O[k], k, O);
    if (Array.isArray(mapped)) {
      for (let j = 0; j < mapped.length; j++) if (j in mapped) store(A, plain, to++, mapped[j]);
    } else store(A, plain, to++, mapped);
  }
  return A;
});
for (const [key, wanted, found] of [['some', true, true], ['every', false, false]] as const) {
  iterating(key, function* ({ O, len, twin, thisArg }) {
    for (let k = 0; k < len; k++) if (k in O && Boolean(yield* twin.call(thisArg, O[k], k, O)) === wanted) return found;
    return !found;
  });
}
for (const [key, fromEnd, wantIndex] of [['find', false, false], ['findIndex', false, true], ['findLast', true, false], ['findLastIndex', true, true]] as const) {
  if (typeof ArrayProto[key] !== 'function') continue;
  iterating(key, function* ({ O, len, twin, thisArg }) {
    for (let i = 0; i < len; i++) {
      const k = fromEnd ? len - 1 - i : i;
      const value = O[k];
      if (yield* twin.call(thisArg, value, k, O)) return wantIndex ? k : value;
    }
    return wantIndex ? -1 : undefined;
  });
}
for (const [key, fromEnd] of [['reduce', false], ['reduceRight', true]] as const) {
  const native = ArrayProto[key]!;
  install(Array.prototype, key, function* (this: unknown, fn: Callback): G {
    const twin = twinOf(fn);
    if (twin === undefined) return native.apply(this, arguments as unknown as unknown[]);
    const O = Object(this);
    const len = toLength(O.length);
    let k = fromEnd ? len - 1 : 0;
    const step = fromEnd ? -1 : 1;
    const inRange = (i: number): boolean => (fromEnd ? i >= 0 : i < len);
    let acc: unknown;
    if (arguments.length >= 2) acc = arguments[1];
    else {
      while (inRange(k) && !(k in O)) k += step;
      if (!inRange(k)) throw new TypeError('Reduce of empty array with no initial value');
      acc = O[k];
      k += step;
    }
    for (; inRange(k); k += step) if (k in O) acc = yield* twin.call(undefined, acc, O[k], k, O);
    return acc;
  });
}

/** `fn.call(self)`, through `fn`'s twin when it has one. */
function* callGreen(fn: unknown, self: unknown): G {
  const twin = twinOf(fn);
  return twin === undefined ? (fn as (this: unknown) => unknown).call(self) : yield* twin.call(self);
}

const nativeFrom = Array.from;
install(Array, 'from', function* (this: unknown, items: unknown, mapFn?: Callback, thisArg?: unknown): G {
  const twin = twinOf(mapFn);
  if (twin === undefined) return nativeFrom.apply(this as never, arguments as never);
  const C = typeof this === 'function' && this !== Array ? (this as ArrayConstructor) : Array;
  const method = items == null ? undefined : (items as Record<symbol, unknown>)[Symbol.iterator];
  // Values are read one at a time, between calls of the map function, as the native does. The iterator's
  // own methods run through their twins where they have them, so that they can suspend too.
  if (method != null) {
    if (typeof method !== 'function') throw new TypeError(`${String(method)} is not a function`);
    const iterator = (yield* callGreen(method, items)) as Iterator<unknown>;
    const next = iterator.next;
    const A: unknown[] = C === Array ? [] : new C();
    let k = 0;
    for (;;) {
      const result = (yield* callGreen(next, iterator)) as IteratorResult<unknown>;
      if (Object(result) !== result) throw new TypeError(`Iterator result ${String(result)} is not an object`);
      if (result.done) break;
      let mapped: unknown;
      try {
        mapped = yield* twin.call(thisArg, result.value, k);
      } catch (error) {
        try {
          const close = iterator.return;
          if (close != null) yield* callGreen(close, iterator);
        } catch {
          // The map function's error wins.
        }
        throw error;
      }
      store(A, C === Array, k++, mapped);
    }
    A.length = k;
    return A;
  }
  const source = Object(items) as ArrayLike<unknown>;
  const len = toLength(source.length);
  const A = C === Array ? new Array(len) : new C(len);
  for (let k = 0; k < len; k++) store(A, C === Array, k, yield* twin.call(thisArg, source[k], k));
  (A as unknown[]).length = len;
  return A;
});

for (const Collection of [Map, Set] as const) {
  const proto = Collection.prototype as unknown as Record<string, Callback>;
  const native = proto.forEach!;
  install(proto, 'forEach', function* (this: Map<unknown, unknown> | Set<unknown>, fn: Callback, thisArg?: unknown): G {
    const twin = twinOf(fn);
    if (twin === undefined) return native.apply(this, arguments as unknown as unknown[]);
    // Entries added during iteration are visited, deleted ones are not, as with the native forEach.
    const iterator = (this as Map<unknown, unknown>).entries();
    for (let step = iterator.next(); !step.done; step = iterator.next()) {
      const [key, value] = step.value;
      yield* twin.call(thisArg, value, key, this);
    }
    return undefined;
  });
}

const FunctionProto = Function.prototype as unknown as Record<string, Callback>;
const nativeCall = FunctionProto.call!;
const nativeApply = FunctionProto.apply!;
install(Function.prototype, 'call', function* (this: Callback, thisArg: unknown, ...args: unknown[]): G {
  const twin = twinOf(this);
  return twin ? yield* twin.apply(thisArg, args) : nativeApply.call(nativeCall, this, arguments as never);
}, false);
/** CreateListFromArrayLike: indices up to `length`, ignoring any iterator. */
function listOf(args: ArrayLike<unknown>): unknown[] {
  const list = new Array(toLength(args.length));
  for (let i = 0; i < list.length; i++) list[i] = args[i];
  return list;
}
install(Function.prototype, 'apply', function* (this: Callback, thisArg: unknown, args?: ArrayLike<unknown> | null): G {
  const twin = twinOf(this);
  return twin && (args === undefined || args === null || typeof args === 'object')
    ? yield* twin.apply(thisArg, args == null ? [] : listOf(args))
    : nativeApply.call(nativeApply, this, arguments as never);
}, false);
const nativeReflectApply = Reflect.apply;
install(Reflect, 'apply', function* (target: Callback, thisArg: unknown, args: ArrayLike<unknown>): G {
  const twin = twinOf(target);
  return twin && args !== null && typeof args === 'object' ? yield* twin.apply(thisArg, listOf(args)) : nativeReflectApply(target, thisArg, args);
}, false);

export type { Twin };
