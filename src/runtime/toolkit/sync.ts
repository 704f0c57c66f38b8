/**
 * Synchronisation between green tasks: `Event`, `Semaphore`, `BoundedSemaphore`, `Lock`, `RLock`. Waiting
 * methods (`wait`, `acquire`) suspend the calling task; the others (`set`, `release`, `tryAcquire`) work
 * anywhere. Waiters are served in arrival order: a release hands the lock straight to the first waiter.
 */
import { DeadlockError, invalidArgument, LockError } from '../../errors.ts';
import { config } from '../config.ts';
import { primitiveContextError } from '../context-error.ts';
import type { Task } from '../task.ts';
import { currentTask } from '../task-context.ts';
import type { WaitInfo } from '../task-waits.ts';
import { setTwin, type Twin } from '../twin.ts';
import { blockFor, checkMs, type G, label, TIMED_OUT, waitOn, WaitList } from './common.ts';
import { guardTwin } from '../drive.ts';

function checkTimeout(api: string, ms: unknown): asserts ms is number | undefined {
  if (ms !== undefined) checkMs(api, 'timeout', ms);
}

/** Sync mode has one thread of control: a wait that nothing can end is a deadlock, unless it is time-limited. */
function syncWait(api: string, ms: number | undefined): false {
  if (ms === undefined) throw new DeadlockError(`${api} would wait forever: in sync mode no other code can run to end the wait.`);
  blockFor(ms);
  return false;
}

/** A flag that tasks wait for: `wait()` returns once it is set. */
export class Event {
  private flag = false;
  private readonly waiters = new WaitList<true>();

  /** True if the flag is set. */
  isSet(): boolean {
    return this.flag;
  }

  /** Sets the flag and wakes every waiting task. Works anywhere. */
  set(): void {
    this.flag = true;
    for (const waiter of this.waiters.takeAll()) waiter.grant(true);
  }

  /** Clears the flag: later `wait()` calls wait again. */
  clear(): void {
    this.flag = false;
  }

  /**
   * Waits in the calling task until the flag is set; returns true, or false if `timeout` ms passed first.
   * Returns at once if the flag is set.
   */
  wait(timeout?: number): boolean {
    checkTimeout('Event.wait()', timeout);
    if (config.mode === 'sync') return this.flag || syncWait('Event.wait()', timeout);
    throw primitiveContextError('Event.wait()', currentTask(), Event.prototype.wait, 'from async code, poll isSet() or use an EventTarget.');
  }

  /** @internal */
  static {
    setTwin(Event.prototype.wait, guardTwin(Event.prototype.wait, function* wait(this: Event, timeout?: number): G<boolean> {
      checkTimeout('Event.wait()', timeout);
      if (this.flag) return true;
      const waiters = this.waiters;
      const info: WaitInfo = { kind: 'primitive', name: 'Event.wait', detail: () => `not set, ${waiters.count} waiting` };
      return (yield* waitOn(waiters.add(), info, timeout === undefined ? [] : [timeout], timeout)) !== TIMED_OUT;
    } as Twin));
  }
}

/**
 * A counter of permits: `acquire()` takes one (waiting in the calling task while there are none),
 * `release()` gives one back. `new Semaphore(n)` lets `n` tasks in at a time.
 */
export class Semaphore {
  /** @internal Permits left. */
  protected count: number;
  /** @internal */
  protected readonly waiters: WaitList<true> = new WaitList<true>();
  private readonly kind: string;

  constructor(value: number = 1) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw typeof value === 'number' ? new RangeError(`${new.target.name}: the initial value must be an integer ≥ 0, got ${value}.`) : invalidArgument(new.target.name, 'the initial value', 'an integer ≥ 0', value);
    }
    this.count = value;
    this.kind = new.target.name;
  }

  /** Permits available now. */
  get value(): number {
    return this.count;
  }

  /** True when an `acquire()` would wait. */
  locked(): boolean {
    return this.count === 0 || this.waiters.count > 0;
  }

  /** Takes a permit if one is free and nobody waits before; never waits. Works anywhere. */
  tryAcquire(): boolean {
    if (this.count === 0 || this.waiters.count > 0) return false;
    this.count--;
    this.acquired(currentTask());
    return true;
  }

  /**
   * Waits in the calling task for a permit and takes it; returns true, or false if `timeout` ms passed
   * first. Waiting tasks get permits in arrival order.
   */
  acquire(timeout?: number): boolean {
    checkTimeout(`${this.kind}.acquire()`, timeout);
    if (config.mode === 'sync') return this.tryAcquire() || syncWait(`${this.kind}.acquire()`, timeout);
    throw primitiveContextError(`${this.kind}.acquire()`, currentTask(), Semaphore.prototype.acquire, 'from async code, use tryAcquire().');
  }

  /** Gives a permit back: to the first waiting task if there is one. Works anywhere. */
  release(): void {
    this.checkRelease();
    const waiter = this.waiters.take();
    if (waiter === undefined) {
      this.count++;
      this.released();
      return;
    }
    this.released();
    this.acquired(waiter.task);
    waiter.grant(true);
  }

  /** @internal Hooks for locks: who holds it. */
  protected acquired(_task: Task | undefined): void {}
  /** @internal */
  protected released(): void {}
  /** @internal Throws if this release is not allowed. */
  protected checkRelease(): void {}
  /** @internal For dumps. */
  protected describe(): string {
    return `value ${this.count}, ${this.waiters.count} waiting`;
  }

  /** @internal */
  static {
    setTwin(Semaphore.prototype.acquire, guardTwin(Semaphore.prototype.acquire, function* acquire(this: Semaphore, timeout?: number): G<boolean> {
      checkTimeout(`${this.kind}.acquire()`, timeout);
      if (this.tryAcquire()) return true;
      const info: WaitInfo = { kind: 'primitive', name: `${this.kind}.acquire`, detail: () => this.describe() };
      return (yield* waitOn(this.waiters.add(), info, timeout === undefined ? [] : [timeout], timeout)) !== TIMED_OUT;
    } as Twin));
  }
}

/** A `Semaphore` that throws `LockError` when released more often than acquired. */
export class BoundedSemaphore extends Semaphore {
  private readonly initial: number;
  constructor(value: number = 1) {
    super(value);
    this.initial = value;
  }
  /** @internal */
  protected override checkRelease(): void {
    if (this.count >= this.initial) throw new LockError(`${this.constructor.name}.release() called more times than acquire(): the value would exceed ${this.initial}.`);
  }
}

/**
 * A mutual-exclusion lock (a `BoundedSemaphore` of 1): `acquire()` waits in the calling task, `release()`
 * frees it (from any task; releasing an unlocked lock throws `LockError`). Dumps show who holds it.
 */
export class Lock extends BoundedSemaphore {
  /** @internal */
  protected holder: Task | undefined;
  constructor() {
    super(1);
  }
  /** The task that holds the lock, if it is held by a task. */
  get owner(): Task | undefined {
    return this.count === 0 ? this.holder : undefined;
  }
  /** @internal */
  protected override acquired(task: Task | undefined): void {
    this.holder = task;
  }
  /** @internal */
  protected override released(): void {
    this.holder = undefined;
  }
  /** @internal */
  protected override checkRelease(): void {
    if (this.count >= 1) throw new LockError(`${this.constructor.name}.release() of a lock that is not held.`);
  }
  /** @internal */
  protected override describe(): string {
    return `${this.count === 0 ? `held by ${label(this.holder)}` : 'free'}, ${this.waiters.count} waiting`;
  }
}

/** Code outside tasks holds an `RLock` as this owner. */
const OUTSIDE = Symbol('outside tasks');

/**
 * A re-entrant lock: the task that holds it may acquire it again, and must release it as many times.
 * Only the holder may release it (else `LockError`).
 */
export class RLock extends Lock {
  private depth = 0;

  override tryAcquire(): boolean {
    if (this.count === 0 && this.isMine()) {
      this.depth++;
      return true;
    }
    return super.tryAcquire();
  }

  override release(): void {
    if (this.count !== 0 || !this.isMine()) {
      throw new LockError(`RLock.release() by ${label(currentTask())}, which does not hold it${this.count === 0 ? ` (${label(this.holder)} does)` : ''}.`);
    }
    if (--this.depth > 0) return;
    super.release();
  }

  private isMine(): boolean {
    return ((currentTask() ?? OUTSIDE) as unknown) === ((this.holder ?? OUTSIDE) as unknown);
  }

  /** @internal */
  protected override acquired(task: Task | undefined): void {
    super.acquired(task);
    this.depth = 1;
  }
  /** @internal */
  protected override checkRelease(): void {}
}
