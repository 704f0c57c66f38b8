/**
 * Green tasks and their driver. A task is a generator chain (twins delegating with `yield*`); a hidden
 * call at the bottom yields a promise, which travels up to the driver; the driver waits for it on the
 * event loop and resumes the chain with its value or error. Only the driver calls `next`/`throw`/`return`.
 *
 * Around that core (docs/toolkit.md): which task runs now and the async context it keeps
 * (task-context.ts); ids, the live list and the settle hook (task-registry.ts); what a task waits on
 * and where (task-waits.ts); cancellation, timeouts and deadlock errors, which resume a task out of band
 * (task-interrupt.ts); the state they share (task-state.ts).
 */
import { config } from './config.ts';
import { beginFirstStep, currentTask, endFirstStep, newTaskContext, setCurrentTask } from './task-context.ts';
import { abandonWait, cancelStarted, requestCancel, unwind } from './task-interrupt.ts';
import { addLiveTask, newTaskId, removeLiveTask, runSettleHook, taskClock } from './task-registry.ts';
import {
  CANCELLED,
  DONE,
  FAILED,
  NEXT,
  newTaskExtra,
  type Resume,
  SCHEDULED,
  STARTED,
  STATES,
  type Status,
  type TaskExtra,
  type TaskState,
  THROW,
  UNWOUND,
} from './task-state.ts';
import type { WaitInfo } from './task-waits.ts';

/** Passed to a pair of resume callbacks to disown them (`abandonResumers`). */
const ABANDONED: unique symbol = Symbol('greenhack abandoned wait');

/** One run of ordinary code that may suspend at hidden calls. */
export class Task<T = unknown> {
  readonly id: number = newTaskId();
  /** Shown in dumps and reports; may be changed. */
  name: string;
  // `Date.now()`, not `performance.now()`: the first use of `performance` loads perf_hooks, ~1 ms of startup.
  /**
   * Whole milliseconds since the process started when the task was made (on the wall clock: a change of the
   * system time while the process runs shifts it).
   */
  readonly createdAt: number = taskClock();
  /** @internal While started, the promise it waits on (none while it runs); once done, its outcome. */
  held: unknown;
  /** @internal What the task waits on, while suspended at a hidden call or a green primitive. */
  wait: WaitInfo | undefined;
  /** @internal The arguments of the call it waits on. */
  waitArgs: readonly unknown[] | undefined;
  /** @internal */
  extra: TaskExtra | undefined;
  /** @internal Older and newer live tasks. */
  prevLive: Task | undefined;
  /** @internal */
  nextLive: Task | undefined;
  /** @internal */
  status: Status = SCHEDULED;
  private readonly internal: Promise<T>;
  private resolve!: (value: unknown) => void;
  private reject!: (error: unknown) => void;
  /** @internal */
  readonly chain: Generator<unknown, T, unknown>;
  private onValue!: (value: unknown) => void;
  private onError!: (error: unknown) => void;

  /** @internal Tasks are made by spawn(), asAsync(), startLoop() and `greenhack run`. */
  constructor(chain: Generator<unknown, T, unknown>, name: string, startedBy: Function) {
    this.chain = chain;
    this.name = name;
    const parent = currentTask();
    if (parent !== undefined) {
      this.extras().parent = parent;
      // The parent's handle is now reachable (`parent`), and this runs in the parent's context.
      parent.keepContext();
    }
    this.internal = new Promise<T>((resolve, reject) => {
      this.resolve = resolve as (value: unknown) => void;
      this.reject = reject;
    });
    this.bindResumers();
    if (config.taskOrigins) {
      const origin = {};
      Error.captureStackTrace(origin, startedBy);
      this.extras().origin = origin;
    }
    addLiveTask(this as Task);
  }

  /** Stack of the code that started the task, appended to stitched error stacks (with `taskOrigins`). */
  get origin(): { stack?: string } | undefined {
    return this.extra?.origin;
  }

  /** Which task was running when this one was made (a task started inside another). */
  get parent(): Task | undefined {
    return this.extra?.parent;
  }

  /** The task's result: resolves with its value, rejects with its error (`Cancelled` if it was cancelled). */
  get promise(): Promise<T> {
    const extra = this.extras();
    extra.observed = true;
    // A promise of its own, so that ignoring it is an unhandled rejection as with any promise.
    return (extra.publicPromise ??= this.internal.then()) as Promise<T>;
  }

  /** @internal The promise the driver settles (a spawned task's is marked handled). */
  get finished(): Promise<T> {
    return this.internal;
  }

  /** The promise the task is waiting on, while it is suspended. */
  get waitingOn(): PromiseLike<unknown> | undefined {
    return this.status === STARTED ? (this.held as PromiseLike<unknown> | undefined) : undefined;
  }

  get state(): TaskState {
    if (this.status !== STARTED) return STATES[this.status]!;
    return this.held !== undefined ? 'waiting' : 'running';
  }

  /** True once the task has finished: returned, failed or was cancelled. */
  get done(): boolean {
    return this.status >= DONE;
  }

  /** True once `cancel()` has been called on it (also while its `finally` blocks run). */
  get cancelled(): boolean {
    return this.extra?.cancel !== undefined;
  }

  /** The error it failed with (or its `Cancelled`), once done; undefined if it returned. */
  get error(): unknown {
    return this.status > DONE ? this.held : undefined;
  }

  /** The value it returned, once done. */
  get value(): T | undefined {
    return this.status === DONE ? (this.held as T) : undefined;
  }

  /**
   * Waits in the calling green task until this task finishes; returns its value or throws its error
   * (`Cancelled` if it was cancelled). Outside green tasks it throws `GreenContextError`: from async code,
   * `await task.promise`. (The toolkit installs the real method and its twin: toolkit/tasks.ts.)
   */
  join(): T {
    throw new Error('greenhack: the toolkit is not loaded');
  }

  /**
   * Takes the task out of the care of the task that spawned it: it is not cancelled with it, and an error
   * that nobody joins is reported as soon as it happens. Returns the task.
   */
  detach(): this {
    this.extras().detached = true;
    this.parent?.extra?.children?.delete(this as Task);
    return this;
  }

  /** @internal */
  extras(): TaskExtra {
    return (this.extra ??= newTaskExtra());
  }

  /**
   * @internal Keeps the current async context as the task's, for out-of-band resumes. Called, in the task's
   * context, by whatever makes the task resumable that way: handing out its handle, a toolkit wait, `timeout()`.
   */
  keepContext(): void {
    const extra = this.extras();
    extra.context ??= newTaskContext();
  }

  /**
   * Runs the task until its first suspension (or its end), in the context it was made in. What green code
   * enters in that step is undone afterwards.
   */
  start(): Promise<T> {
    if (this.status === SCHEDULED) {
      this.status = STARTED;
      const outer = beginFirstStep(this as Task);
      try {
        // Called where the task was made (asAsync), it runs inline; a spawned task has kept that context.
        const context = this.extra?.context;
        if (context !== undefined) context.runInAsyncScope(this.step, this, NEXT, undefined);
        else this.step(NEXT, undefined);
      } finally {
        endFirstStep(this as Task, outer);
      }
    }
    return this.internal;
  }

  /** @internal Sync mode: runs the chain to its end in place, as no task (hidden calls use `sync`). */
  runInPlace(): void {
    this.status = STARTED;
    let result: IteratorResult<unknown, T>;
    try {
      result = this.chain.next();
    } catch (error) {
      this.settle(FAILED, error);
      return;
    }
    if (result.done) this.settle(DONE, result.value);
    else this.settle(FAILED, new TypeError('a task in sync mode tried to suspend'));
  }

  /**
   * Cancels the task: it is unwound from the point where it waits (at once if it waits, else at its next
   * suspension point), its in-flight hidden call is aborted, its `finally` blocks run, and the tasks it
   * spawned are cancelled too unless detached. Its outcome is a `Cancelled` error. No effect once done;
   * calling it again while `finally` blocks run unwinds them again.
   */
  cancel(reason?: unknown): void {
    if (this.status >= DONE) return;
    const cancel = requestCancel(this as Task, reason);
    if (this.status !== SCHEDULED) cancelStarted(this as Task, cancel, reason);
    else {
      // Never started: it never runs.
      this.status = STARTED;
      this.settle(CANCELLED, cancel.error);
    }
  }

  /** @internal The callbacks that resume the task from its waits, until a wait is abandoned (`abandonResumers`). */
  bindResumers(): void {
    let task: Task | undefined = this as Task;
    this.onValue = (value) => {
      if (value === ABANDONED) task = undefined;
      else if (task !== undefined) task.step(NEXT, value);
    };
    this.onError = (error) => {
      if (task !== undefined) task.step(THROW, error);
    };
  }

  /** @internal The current wait was ended early: its callbacks forget the task (so ignore that wait's promise); new ones are bound. */
  abandonResumers(): void {
    this.onValue(ABANDONED);
    this.bindResumers();
  }

  /** @internal The task runs again: what it waited on, and the abort hook of that wait, are over. */
  forgetWait(): void {
    this.held = undefined;
    this.wait = undefined;
    const extra = this.extra;
    if (extra !== undefined) extra.abortHook = undefined;
  }

  /** @internal Resumes the chain until it suspends or ends. The hot path: it runs on every suspension. */
  step(how: Resume, value: unknown): void {
    const previous = currentTask();
    setCurrentTask(this as Task);
    this.forgetWait();
    let result: IteratorResult<unknown, T>;
    try {
      result = how === NEXT ? this.chain.next(value) : how === THROW ? this.chain.throw(value) : this.chain.return(value as T);
    } catch (error) {
      setCurrentTask(previous);
      this.settle(FAILED, error);
      return;
    }
    setCurrentTask(previous);
    if (result.done) {
      this.settle(DONE, result.value);
      return;
    }
    this.suspendOn(result.value);
  }

  /** @internal Waits for what the chain yielded; or, if it is to be unwound, unwinds it from there instead. */
  suspendOn(awaited: unknown): void {
    if (this.extra?.pending !== undefined && abandonWait(this as Task, awaited)) {
      // Cancelled or timed out while it ran: unwind here instead of waiting.
      unwind(this as Task);
      return;
    }
    // Top-level `await` of a green entry yields whatever it awaited; a thenable or plain value works too.
    const promise = awaited instanceof Promise ? awaited : Promise.resolve(awaited);
    this.held = promise;
    promise.then(this.onValue, this.onError);
  }

  private settle(kind: Status, value: unknown): void {
    const extra = this.extra;
    let status = kind;
    let outcome = value === UNWOUND ? undefined : value;
    // Cancelled: that is the outcome even if a `finally` block returned a value; an error that a `finally`
    // block threw while the task was unwound is the outcome instead (its cleanup failed).
    if (extra?.cancel !== undefined && (kind !== FAILED || value === extra.cancel.error)) {
      status = CANCELLED;
      outcome = extra.cancel.error;
    }
    this.status = status;
    this.held = outcome;
    this.wait = undefined;
    this.waitArgs = undefined;
    if (extra !== undefined) {
      extra.pending = undefined;
      extra.abortHook = undefined;
    }
    removeLiveTask(this as Task);
    if (status === DONE) this.resolve(outcome as T);
    else this.reject(outcome);
    if (extra !== undefined) runSettleHook(this as Task);
  }
}
