/**
 * `Queue<T>`: a FIFO between green tasks, optionally bounded. `put` waits while it is full and `get` while
 * it is empty (in the calling task); `putNowait`/`getNowait` never wait and work anywhere. `taskDone()` and
 * `join()` track how many items are still being worked on, as in gevent and Python's `queue`.
 */
import { invalidArgument, QueueEmpty, QueueFull } from '../../errors.ts';
import { config } from '../config.ts';
import { primitiveContextError } from '../context-error.ts';
import { currentTask } from '../task-context.ts';
import type { WaitInfo } from '../task-waits.ts';
import { setTwin, type Twin } from '../twin.ts';
import { blockFor, checkMs, type G, TIMED_OUT, waitOn, WaitList } from './common.ts';
import { guardTwin } from '../drive.ts';

function checkTimeout(api: string, ms: unknown): asserts ms is number | undefined {
  if (ms !== undefined) checkMs(api, 'timeout', ms);
}

export class Queue<T = unknown> {
  /** Most items it holds (`Infinity`: unbounded). */
  readonly maxsize: number;
  private items: T[] = [];
  private head = 0;
  private unfinished = 0;
  private readonly getters = new WaitList<T>();
  private readonly putters = new WaitList<void>();
  private readonly joiners = new WaitList<void>();

  constructor(maxsize: number = Infinity) {
    if (typeof maxsize !== 'number') throw invalidArgument('Queue', 'maxsize', 'a number', maxsize);
    if (!(maxsize === Infinity || (Number.isInteger(maxsize) && maxsize >= 1))) throw new RangeError(`Queue: maxsize must be an integer ≥ 1 or Infinity, got ${maxsize}.`);
    this.maxsize = maxsize;
  }

  /** Items in the queue now. */
  get size(): number {
    return this.items.length - this.head;
  }

  empty(): boolean {
    return this.size === 0;
  }

  full(): boolean {
    return this.size >= this.maxsize;
  }

  /** Adds `item` without waiting: to a waiting `get` if there is one; throws `QueueFull` if full. Works anywhere. */
  putNowait(item: T): void {
    const getter = this.getters.take();
    this.unfinished++;
    if (getter !== undefined) {
      getter.grant(item);
      return;
    }
    if (this.full()) {
      this.unfinished--;
      throw new QueueFull(`Queue.putNowait(): the queue is full (maxsize ${this.maxsize}).`);
    }
    this.items.push(item);
  }

  /** Takes the first item without waiting; throws `QueueEmpty` if there is none. Works anywhere. */
  getNowait(): T {
    if (this.size === 0) throw new QueueEmpty('Queue.getNowait(): the queue is empty.');
    const item = this.items[this.head]!;
    this.items[this.head++] = undefined as T;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 64 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    // Room for the first waiting put: its item goes in now.
    const putter = this.putters.take();
    if (putter !== undefined) {
      this.items.push(putter.item as T);
      this.unfinished++;
      putter.grant(undefined);
    }
    return item;
  }

  /**
   * Adds `item`, waiting in the calling task while the queue is full; throws `QueueFull` if `timeout` ms
   * pass first. Waiting puts go in in arrival order.
   */
  put(item: T, timeout?: number): void {
    checkTimeout('Queue.put()', timeout);
    if (config.mode === 'sync') {
      if (!this.full()) return this.putNowait(item);
      if (timeout !== undefined) blockFor(timeout);
      throw new QueueFull(`Queue.put(): the queue is full (maxsize ${this.maxsize}) and in sync mode nothing else can take an item.`);
    }
    throw primitiveContextError('Queue.put()', currentTask(), Queue.prototype.put, 'from async code, use putNowait().');
  }

  /**
   * Takes the first item, waiting in the calling task while the queue is empty; throws `QueueEmpty` if
   * `timeout` ms pass first. Waiting gets are served in arrival order.
   */
  get(timeout?: number): T {
    checkTimeout('Queue.get()', timeout);
    if (config.mode === 'sync') {
      if (this.size > 0) return this.getNowait();
      if (timeout !== undefined) blockFor(timeout);
      throw new QueueEmpty('Queue.get(): the queue is empty and in sync mode nothing else can put an item.');
    }
    throw primitiveContextError('Queue.get()', currentTask(), Queue.prototype.get, 'from async code, use getNowait().');
  }

  /** Says that an item taken with `get` has been dealt with; `join()` returns when all have been. */
  taskDone(): void {
    if (this.unfinished <= 0) throw new RangeError('Queue.taskDone() called more times than there were items.');
    if (--this.unfinished === 0) for (const waiter of this.joiners.takeAll()) waiter.grant(undefined);
  }

  /** Waits in the calling task until every item put has been marked with `taskDone()`. */
  join(): void {
    if (config.mode === 'sync') {
      if (this.unfinished === 0) return;
      throw new RangeError(`Queue.join(): ${this.unfinished} items are not done, and in sync mode nothing else can finish them.`);
    }
    throw primitiveContextError('Queue.join()', currentTask(), Queue.prototype.join, 'from async code, poll the queue.');
  }

  private info(name: string): WaitInfo {
    return { kind: 'primitive', name, detail: () => `${this.size} items${this.maxsize === Infinity ? '' : ` of ${this.maxsize}`}, ${this.getters.count} waiting to get, ${this.putters.count} to put` };
  }

  /** @internal */
  static {
    setTwin(Queue.prototype.put, guardTwin(Queue.prototype.put, function* put(this: Queue, item: unknown, timeout?: number): G<void> {
      checkTimeout('Queue.put()', timeout);
      if (!this.full() || this.getters.count > 0) return this.putNowait(item);
      const result = yield* waitOn(this.putters.add(item), this.info('Queue.put'), timeout === undefined ? [item] : [item, timeout], timeout);
      if (result === TIMED_OUT) throw new QueueFull(`Queue.put(): the queue stayed full (maxsize ${this.maxsize}) for ${timeout} ms.`);
    } as Twin));

    setTwin(Queue.prototype.get, guardTwin(Queue.prototype.get, function* get(this: Queue, timeout?: number): G {
      checkTimeout('Queue.get()', timeout);
      if (this.size > 0) return this.getNowait();
      const result = yield* waitOn(this.getters.add(), this.info('Queue.get'), timeout === undefined ? [] : [timeout], timeout);
      if (result === TIMED_OUT) throw new QueueEmpty(`Queue.get(): the queue stayed empty for ${timeout} ms.`);
      return result;
    } as Twin));

    setTwin(Queue.prototype.join, guardTwin(Queue.prototype.join, function* join(this: Queue): G<void> {
      if (this.unfinished === 0) return;
      yield* waitOn(this.joiners.add(), { kind: 'primitive', name: 'Queue.join', detail: () => `${this.unfinished} items not done` }, []);
    } as Twin));
  }
}
