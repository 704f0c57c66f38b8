/**
 * `Pool(size)`: at most `size` tasks at a time. `pool.spawn(fn, ...args)` waits in the calling task for a
 * free slot and starts a task; `pool.map(fn, items)` runs `fn(item, index)` over the items with that bound
 * and returns the results in order, from ordinary code in a green task.
 */
import { invalidArgument } from '../../errors.ts';
import { config } from '../config.ts';
import { primitiveContextError } from '../context-error.ts';
import { Task } from '../task.ts';
import { currentTask } from '../task-context.ts';
import { setTwin, twinOf, type Twin } from '../twin.ts';
import { checkFunction, type G } from './common.ts';
import { Semaphore } from './sync.ts';
import { joinAll, observe, spawn } from './tasks.ts';
import { guardTwin } from '../drive.ts';

const acquireTwin = twinOf(Semaphore.prototype.acquire)!;
const joinTwin = twinOf(Task.prototype.join)!;
const joinAllTwin = twinOf(joinAll)!;

export class Pool {
  /** Most tasks running at once. */
  readonly size: number;
  private readonly slots: Semaphore;
  private readonly tasks = new Set<Task>();

  constructor(size: number) {
    if (typeof size !== 'number') throw invalidArgument('Pool', 'size', 'a number', size);
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`Pool: size must be an integer ≥ 1, got ${size}.`);
    this.size = size;
    this.slots = new Semaphore(size);
  }

  /** Tasks of the pool that have not finished. */
  get running(): number {
    return this.tasks.size;
  }

  /** Slots free now. */
  free(): number {
    return this.slots.value;
  }

  /**
   * Waits in the calling task for a free slot, then starts `fn(...args)` as a task (like `spawn`) that
   * holds the slot until it finishes.
   */
  spawn<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Task<R> {
    checkFunction('Pool.spawn()', 'the function', fn);
    if (config.mode === 'sync') return this.start(fn as (...args: unknown[]) => R, args);
    throw primitiveContextError('Pool.spawn()', currentTask(), Pool.prototype.spawn, 'from async code, use spawn() with a Semaphore.');
  }

  /**
   * Runs `fn(item, index)` for every item, at most `size` at a time, waiting in the calling task; returns
   * the results in the order of the items. If one fails, the tasks still running are cancelled and its
   * error is thrown (the first failure in item order).
   */
  map<I, R>(fn: (item: I, index: number) => R, items: Iterable<I>): R[] {
    checkFunction('Pool.map()', 'the function', fn);
    if (config.mode === 'sync') return Array.from(items, (item, index) => fn(item, index));
    throw primitiveContextError('Pool.map()', currentTask(), Pool.prototype.map, 'from async code, use Promise.all with a concurrency limit.');
  }

  /** Waits in the calling task until every task of the pool has finished (their errors are not thrown). */
  join(): void {
    if (config.mode === 'sync') return;
    throw primitiveContextError('Pool.join()', currentTask(), Pool.prototype.join, 'from async code, await the tasks\' promises.');
  }

  /** Cancels every task of the pool. */
  cancel(reason?: unknown): void {
    for (const task of [...this.tasks]) task.cancel(reason);
  }

  private start<R>(fn: (...args: unknown[]) => R, args: readonly unknown[]): Task<R> {
    const task = spawn(fn, ...args);
    if (task.done) {
      this.slots.release();
      return task;
    }
    this.tasks.add(task as Task);
    const done = (): void => {
      this.tasks.delete(task as Task);
      this.slots.release();
    };
    task.finished.then(done, done);
    return task;
  }

  /** @internal */
  static {
    setTwin(Pool.prototype.spawn, guardTwin(Pool.prototype.spawn, function* spawn(this: Pool, fn: (...args: unknown[]) => unknown, ...args: unknown[]): G<Task> {
      checkFunction('Pool.spawn()', 'the function', fn);
      yield* acquireTwin.call(this.slots);
      return this.start(fn, args);
    } as Twin));

    setTwin(Pool.prototype.map, guardTwin(Pool.prototype.map, function* map(this: Pool, fn: (item: unknown, index: number) => unknown, items: Iterable<unknown>): G<unknown[]> {
      checkFunction('Pool.map()', 'the function', fn);
      const spawnTwin = twinOf(Pool.prototype.spawn)!;
      const started: Task[] = [];
      try {
        let index = 0;
        for (const item of items) {
          // Stop starting new ones once one has failed.
          if (started.some((task) => task.state === 'failed')) break;
          started.push((yield* spawnTwin.call(this, fn, item, index++)) as Task);
        }
        const results: unknown[] = [];
        for (const task of started) results.push(yield* joinTwin.call(task));
        return results;
      } finally {
        // On failure (or when the caller is unwound) the rest is cancelled, and waited for: map never returns
        // while its tasks still run. Their outcomes belong to this call.
        const running = started.filter((task) => !task.done);
        for (const task of running) task.cancel('Pool.map() stopped');
        if (running.length > 0) yield* joinAllTwin(running, { raiseError: false });
        for (const task of started) observe(task);
      }
    } as Twin));

    setTwin(Pool.prototype.join, guardTwin(Pool.prototype.join, function* join(this: Pool): G<void> {
      yield* joinAllTwin([...this.tasks], { raiseError: false });
    } as Twin));
  }
}
