/**
 * greenhack: call async functions from ordinary synchronous code.
 *
 * ```ts
 * const getUser = hidden(async (id: number) => (await db.query('select …', [id])).rows[0])
 * const view = asAsync((req: Req) => ({ name: getUser(req.id).name }))   // await view(req)
 * ```
 */
import { installed } from './runtime/install.ts';
import type { Config } from './runtime/config.ts';
import type { AsAsync } from './runtime/entry-points.ts';
import type { FromModuleOptions, Hidden, HiddenFactory, HiddenOptions } from './runtime/hidden.ts';
import type { HiddenIterator } from './runtime/hidden-iterator.ts';
import type { AnyFunction } from './runtime/twin.ts';

export { BridgeError, BridgeTimeout, GreenContextError, GreenhackError, TransformError } from './errors.ts';
export type { AsAsync, Config, FromModuleOptions, Hidden, HiddenFactory, HiddenIterator, HiddenOptions };

const api = installed.api;

/**
 * Makes a hidden function: sync signature, async implementation. Called in a green task it suspends the
 * task until the implementation's promise settles; elsewhere it runs `options.sync`, or throws
 * `GreenContextError`. `fn.async(...)` calls the implementation from async code (docs/how-it-works.md).
 */
export const hidden: HiddenFactory = api.hidden;
/** Wraps a sync function so each call runs it as a green task and returns a promise. */
export const asAsync: <F extends AnyFunction>(fn: F) => AsAsync<F> = api.asAsync;
/** Runs `main` as a green task and sets the exit status from it. */
export const startLoop: (main: () => unknown) => Promise<void> = api.startLoop;
/** A sync iterable over an async one: `for (const row of hiddenIterator(cursor))` in green code. */
export const hiddenIterator: <T>(source: AsyncIterable<T> | AsyncIterator<T>) => HiddenIterator<T> = api.hiddenIterator;
/** True when the calling code can suspend at a hidden call. */
export const isGreen: () => boolean = api.isGreen;
/** Changes process-wide settings (`mode`, `taskOrigins`). */
export const configure: (options: Partial<Config>) => Config = api.configure;

// ---- The toolkit (docs/toolkit.md): through the runtime in use, so every copy shares one set of tasks. ----
import type { JoinAllOptions } from './runtime/toolkit/tasks.ts';
import type { Local, LocalOptions } from './runtime/toolkit/local.ts';
import type { TaskInfo } from './runtime/toolkit/dump.ts';
import type { Task as TaskClass } from './runtime/task.ts';
import type { TaskState } from './runtime/task-state.ts';
import type { BoundedSemaphore as BoundedSemaphoreClass, Event as EventClass, Lock as LockClass, RLock as RLockClass, Semaphore as SemaphoreClass } from './runtime/toolkit/sync.ts';
import type { Queue as QueueClass } from './runtime/toolkit/queue.ts';
import type { Pool as PoolClass } from './runtime/toolkit/pool.ts';
import type {
  Cancelled as CancelledClass,
  DeadlockError as DeadlockErrorClass,
  LockError as LockErrorClass,
  QueueEmpty as QueueEmptyClass,
  QueueFull as QueueFullClass,
  Timeout as TimeoutClass,
} from './errors.ts';

export type { JoinAllOptions, Local, LocalOptions, TaskInfo, TaskState };

const toolkit = api.toolkit;

/** The task whose code is running now (synchronously), if any. */
export const currentTask: () => TaskClass | undefined = api.currentTask;
/** Starts `fn(...args)` as a new green task and returns its handle. */
export const spawn: <A extends unknown[], R>(fn: (...args: A) => R, ...args: A) => TaskClass<R> = toolkit.spawn;
/** Waits in the calling task for every task (or `timeout` ms); returns the finished ones. */
export const joinAll: (tasks: readonly TaskClass[], options?: JoinAllOptions) => TaskClass[] = toolkit.joinAll;
/** Waits in the calling task for the first task to finish, cancels the others, returns its value. */
export const race: <T>(tasks: readonly TaskClass<T>[]) => T = toolkit.race;
/** Suspends the calling green task for `ms` milliseconds. */
export const sleep: (ms: number) => void = toolkit.sleep;
/** Runs `fn(...args)` with a time limit; throws `Timeout` where it is called when the limit passes. */
export const timeout: <A extends unknown[], R>(ms: number, fn: (...args: A) => R, ...args: A) => R = toolkit.timeout;
/** The AbortSignal of the hidden call being made, for its implementation (call before the first await). */
export const currentSignal: () => AbortSignal | undefined = toolkit.currentSignal;
/** A task-local value backed by AsyncLocalStorage (gevent.local, contextvars). */
export const local: <T>(options?: LocalOptions<T>) => Local<T> = toolkit.local;
/** Every live task: id, name, state, age, what it waits on, its stack. */
export const listTasks: () => TaskInfo[] = toolkit.listTasks;
/** A text dump of every live task, like a goroutine dump. */
export const dumpTasks: () => string = toolkit.dumpTasks;

/**
 * The `Task` class as exported: for `instanceof` and for types. Tasks are made by `spawn`, `asAsync`,
 * `startLoop` and `greenhack run`, not with `new`, so it has no construct signature here.
 */
export interface TaskConstructor extends Function {
  readonly prototype: TaskClass;
}
/** A green task: returned by `spawn`, and by `currentTask()`. */
export const Task: TaskConstructor = toolkit.Task;
export type Task<T = unknown> = TaskClass<T>;
/** A flag that tasks wait for. */
export const Event: typeof EventClass = toolkit.Event;
export type Event = EventClass;
/** A counter of permits that tasks wait for. */
export const Semaphore: typeof SemaphoreClass = toolkit.Semaphore;
export type Semaphore = SemaphoreClass;
/** A Semaphore that cannot be released above its initial value. */
export const BoundedSemaphore: typeof BoundedSemaphoreClass = toolkit.BoundedSemaphore;
export type BoundedSemaphore = BoundedSemaphoreClass;
/** A mutual-exclusion lock for tasks. */
export const Lock: typeof LockClass = toolkit.Lock;
export type Lock = LockClass;
/** A re-entrant lock for tasks. */
export const RLock: typeof RLockClass = toolkit.RLock;
export type RLock = RLockClass;
/** A FIFO queue between tasks, optionally bounded. */
export const Queue: typeof QueueClass = toolkit.Queue;
export type Queue<T = unknown> = QueueClass<T>;
/** At most `size` tasks at a time. */
export const Pool: typeof PoolClass = toolkit.Pool;
export type Pool = PoolClass;
/** The outcome of a cancelled task (what `join()` throws). */
export const Cancelled: typeof CancelledClass = toolkit.Cancelled;
export type Cancelled = CancelledClass;
/** Thrown by `timeout()` when its time limit passes. */
export const Timeout: typeof TimeoutClass = toolkit.Timeout;
export type Timeout = TimeoutClass;
/** Thrown into tasks that wait on green primitives nothing can signal. */
export const DeadlockError: typeof DeadlockErrorClass = toolkit.DeadlockError;
export type DeadlockError = DeadlockErrorClass;
/** `Queue.getNowait()` on an empty queue, or `get(timeout)` that timed out. */
export const QueueEmpty: typeof QueueEmptyClass = toolkit.QueueEmpty;
export type QueueEmpty = QueueEmptyClass;
/** `Queue.putNowait()` on a full queue, or `put(item, timeout)` that timed out. */
export const QueueFull: typeof QueueFullClass = toolkit.QueueFull;
export type QueueFull = QueueFullClass;
/** A lock or semaphore released more often than acquired, or an RLock by a task that does not hold it. */
export const LockError: typeof LockErrorClass = toolkit.LockError;
export type LockError = LockErrorClass;
