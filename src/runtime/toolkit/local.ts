/**
 * Task-local state. Green tasks follow `AsyncLocalStorage`: a task runs in the async context it was made in
 * (so a store entered before `asAsync(fn)()` or `spawn(fn)` is seen in the task and by the hidden
 * implementations it calls), and a store a task enters never leaks into another task or its caller.
 *
 * `als.run(store, fn)`, `als.exit(fn)` and `als.enterWith(store)` get green versions: `fn` may suspend,
 * and the store stays entered across its suspensions, so context managers and tracers built on
 * AsyncLocalStorage work unchanged in green code. `local<T>()` is a typed slot on top (gevent.local,
 * Python's contextvars): `set` in a task is seen by that task and by tasks it starts afterwards.
 */
import type { AsyncLocalStorage as AsyncLocalStorageType } from 'node:async_hooks';
import { builtinModule } from '../../node-features.ts';
import { changedContext, willChangeContext } from '../task-context.ts';
import { setTwin, type Twin, twinOf } from '../twin.ts';
import type { G } from './common.ts';

const { AsyncLocalStorage } = builtinModule('node:async_hooks');

type Storage = AsyncLocalStorageType<unknown>;
const proto = AsyncLocalStorage.prototype as unknown as {
  run(this: Storage, store: unknown, fn: (...args: unknown[]) => unknown, ...args: unknown[]): unknown;
  exit(this: Storage, fn: (...args: unknown[]) => unknown, ...args: unknown[]): unknown;
  enterWith(this: Storage, store: unknown): void;
};
const nativeRun = proto.run;
const nativeExit = proto.exit;
const nativeEnterWith = proto.enterWith;

/**
 * Enters `store` in `storage` from green code. Later steps of the task follow it by themselves (the driver
 * registers its `.then` callbacks from inside the task); in a task's first step, which runs in its maker's
 * context, it is undone when the step ends; a context kept for out-of-band resumes is taken again.
 */
function enter(storage: Storage, store: unknown): void {
  const previous = storage.getStore();
  willChangeContext(() => nativeEnterWith.call(storage, previous));
  nativeEnterWith.call(storage, store);
  changedContext();
}

/** Runs `twin` with `store` entered in `storage` for as long as it runs, across its suspensions. */
function* runWith(storage: Storage, store: unknown, twin: Twin, args: unknown[]): G {
  const previous = storage.getStore();
  enter(storage, store);
  try {
    return yield* twin.apply(undefined, args);
  } finally {
    nativeEnterWith.call(storage, previous);
    changedContext();
  }
}

// Another copy of greenhack that loaded first has installed these already: keep its versions.
if (twinOf(nativeRun) === undefined) installStorageTwins();

function installStorageTwins(): void {
  setTwin(nativeRun, function* run(this: Storage, store: unknown, fn: (...args: unknown[]) => unknown, ...args: unknown[]): G {
    const twin = twinOf(fn);
    if (twin === undefined) return nativeRun.call(this, store, fn, ...args);
    return yield* runWith(this, store, twin, args);
  } as Twin);

  setTwin(nativeExit, function* exit(this: Storage, fn: (...args: unknown[]) => unknown, ...args: unknown[]): G {
    const twin = twinOf(fn);
    if (twin === undefined) return nativeExit.call(this, fn, ...args);
    return yield* runWith(this, undefined, twin, args);
  } as Twin);

  setTwin(nativeEnterWith, function* enterWith(this: Storage, store: unknown): G<void> {
    enter(this, store);
  } as Twin);
}

export interface LocalOptions<T> {
  /** What `get()` returns where no value was set. */
  default?: T;
}

/** A task-local slot: see `local()`. */
export class Local<T> {
  private readonly storage = new AsyncLocalStorage<{ value: T }>();
  private readonly fallback: T | undefined;

  constructor(options: LocalOptions<T> = {}) {
    this.fallback = options.default;
  }

  /** The value in the current task (or async context), else the default. */
  get(): T | undefined {
    const box = this.storage.getStore();
    return box === undefined ? this.fallback : box.value;
  }

  /**
   * Sets the value for the rest of the current task (and the tasks and async work it starts afterwards);
   * outside tasks, for the rest of the current async context, as `AsyncLocalStorage.enterWith` does.
   */
  set(value: T): void {
    enter(this.storage as Storage, { value });
  }

  /** Runs `fn(...args)` with the value set, and the previous value back afterwards. In green code `fn` may suspend. */
  run<A extends unknown[], R>(value: T, fn: (...args: A) => R, ...args: A): R {
    return this.storage.run({ value }, fn, ...args);
  }

  /** @internal */
  static {
    setTwin(Local.prototype.run, function* run(this: Local<unknown>, value: unknown, fn: (...args: unknown[]) => unknown, ...args: unknown[]): G {
      const twin = twinOf(fn);
      if (twin === undefined) return this.storage.run({ value }, fn, ...args);
      return yield* runWith(this.storage as Storage, { value }, twin, args);
    } as Twin);
  }
}

/**
 * A task-local value (gevent.local, Python's contextvars), backed by an `AsyncLocalStorage`: a value set
 * before a task starts is seen in it and in the hidden implementations it calls; a value set in a task is
 * seen by that task and the tasks it starts afterwards, never by others.
 */
export function local<T>(options?: LocalOptions<T>): Local<T> {
  return new Local<T>(options);
}
