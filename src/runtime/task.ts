/**
 * Green tasks and their driver. A task is a generator chain (twins delegating with `yield*`); a hidden
 * call at the bottom yields a promise, which travels up to the driver; the driver waits for it on the
 * event loop and resumes the chain with its value or error. Only the driver calls `next`/`throw`/`return`.
 *
 * Around that core (docs/toolkit.md):
 * - Cancellation and timeouts *unwind* a task from its suspension point with `return()`: `finally` blocks
 *   run, `catch` blocks do not, so a broad `catch (e)` cannot swallow them. A request that arrives while the
 *   task runs is delivered at its next suspension point.
 * - What a task waits on (`wait`, `waitArgs`) is recorded by whoever yields (hidden twins, green primitives),
 *   for dumps and deadlock detection; `abortHook` ends that wait early (an `AbortController` handed to a
 *   hidden implementation by `currentSignal()`, or a primitive's hook that takes the task off its queue).
 * - AsyncLocalStorage: a task's first step runs where the task was made, in its maker's context; what green
 *   code enters there is undone when the step ends, so it stays in the task. Later steps run in the `.then`
 *   callbacks the driver registers from inside the task, so they run in the task's own context at no cost.
 *   Only out-of-band resumes (cancellation, timeouts, deadlock errors) need the context kept, in an
 *   `AsyncResource`, and only a task that someone can resume that way gets one: a task whose handle was
 *   handed out (`spawn`, `currentTask()`, `parent`), or that waits on a toolkit primitive or a `timeout()`.
 *   A task started by `asAsync` that does neither, the common case, keeps no context of its own.
 */
import type { AsyncResource } from 'node:async_hooks';
import { Cancelled } from '../errors.ts';
import { builtinModule } from '../node-features.ts';
import { config } from './config.ts';
import { stitchStack } from './stack.ts';

const GreenTaskResource = builtinModule('node:async_hooks').AsyncResource;

/** How the driver resumes a task: with a value, by throwing an error into it, or by unwinding it. */
type Resume = 0 | 1 | 2;
const NEXT = 0;
const THROW = 1;
const UNWIND = 2;

/** Lifecycle, as stored (`state` derives `running`/`waiting` from whether a wait is recorded). */
const SCHEDULED = 0;
const STARTED = 1;
const DONE = 2;
const FAILED = 3;
const CANCELLED = 4;
type Status = 0 | 1 | 2 | 3 | 4;

/** Where a task is in its life. `running`: its code is on the stack now; `waiting`: suspended. */
export type TaskState = 'scheduled' | 'running' | 'waiting' | 'done' | 'failed' | 'cancelled';
const STATES: readonly TaskState[] = ['scheduled', 'running', 'done', 'failed', 'cancelled'];

/** What a suspended task waits on. */
export interface WaitInfo {
  /**
   * `hidden`: a hidden function's promise; `timer`: `sleep`; `primitive`: a green primitive (`join`,
   * `Event.wait`, `Lock.acquire`, `Queue.get`, …) that only another task, or code outside tasks, can end.
   */
  readonly kind: 'hidden' | 'timer' | 'primitive';
  /** As shown in dumps: `fetchOrder`, `Queue.get`, `sleep`. */
  readonly name: string;
  /** More about the wait, computed when a dump asks (`held by task #3 "writer"`). */
  readonly detail?: (() => string) | undefined;
}

/**
 * Ends a wait early. A function returns true when the wait was abandoned (the task resumes through the
 * driver), false when it had already been granted (the task resumes normally; a pending cancellation is
 * delivered at its next suspension point). An AbortController (see `currentSignal`) is aborted.
 */
export type AbortHook = ((reason: unknown) => boolean) | AbortController;

/**
 * A request to unwind a task: its cancellation (depth 0, the whole chain) or a `timeout()` scope (depth ≥ 1,
 * inner is deeper), which unwinds only `target`, the generator of the function it limits. Unwinding just
 * that generator (rather than calling `return()` on the whole chain) leaves the frames around it in their
 * normal state: the `timeout()` frame then sees its body end and throws `Timeout` as an ordinary error.
 */
export interface Interrupt {
  readonly error: Error;
  readonly depth: number;
  readonly target?: Generator<unknown, unknown, unknown> | undefined;
}

/** Per-task state that only the toolkit's slower paths use, kept apart so a plain task stays small. */
export interface TaskExtra {
  /** The task's cancellation, once requested. */
  cancel: Interrupt | undefined;
  /** The interrupt whose unwinding is in progress. */
  unwinding: Interrupt | undefined;
  /** Nesting of `timeout()` scopes. */
  scopeDepth: number;
  /** An out-of-band resume is queued. */
  waking: boolean;
  /** Made by `spawn`: its errors must be joined or they are reported. */
  spawned: boolean;
  /** Not cancelled with the task that spawned it. */
  detached: boolean;
  /** Someone has taken delivery of the outcome (join, joinAll, race, `promise`). */
  observed: boolean;
  /** Live tasks spawned by this one (not detached). */
  children: Set<Task> | undefined;
  /** The promise handed out by `task.promise`. */
  publicPromise: Promise<unknown> | undefined;
  /** Ids of spawned tasks of this one that failed with nobody joining them yet. */
  failedChildren: number[] | undefined;
  /** An interrupt to deliver at the next suspension point. */
  pending: Interrupt | undefined;
  /** Waits ended early by an out-of-band resume: the resume callbacks of those waits do nothing. */
  abandonedWaits: number;
  /** See `Task.parent`, `Task.origin`. */
  parent: Task | undefined;
  origin: { stack?: string } | undefined;
  /** The async context out-of-band resumes run in, once something can resume the task that way. */
  context: AsyncResource | undefined;
}

/** Thrown into a suspended chain to capture its frames; every yield that records a `wait` re-yields on it. */
export const STACK_PROBE: object = Object.freeze({ probe: 'greenhack stack probe' });
let probed: string | undefined;

/** Called by a cooperating yield that caught `STACK_PROBE`: records the stack as it is now. */
export function probeStack(): void {
  const savedLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 200;
  const holder: { stack?: string } = {};
  try {
    Error.captureStackTrace(holder);
  } finally {
    Error.stackTraceLimit = savedLimit;
  }
  probed = holder.stack;
}

/** Returned by a chain unwound by the driver (unless a `finally` block returns something else). */
const UNWOUND: unique symbol = Symbol('greenhack unwound');

let nextId = 1;

/**
 * The clock of `createdAt`: whole milliseconds since the process started. `Date.now()` minus the process's
 * start on the same clock costs about half of `process.uptime()` (a call into the binding, then a multiply and a trunc).
 */
const processStartedAt = Date.now() - Math.trunc(process.uptime() * 1000);
/** @internal Milliseconds since the process started, on the clock of `Task.createdAt`. */
export function taskClock(): number {
  return Date.now() - processStartedAt;
}
/** Live tasks, oldest first, as an intrusive list (no allocation per task). */
let liveHead: Task | undefined;
let liveTail: Task | undefined;
let settleHook: ((task: Task) => void) | undefined;

/** One run of ordinary code that may suspend at hidden calls. */
export class Task<T = unknown> {
  readonly id: number = nextId++;
  /** Shown in dumps and reports; may be changed. */
  name: string;
  // `Date.now()`, not `performance.now()`: the first use of `performance` loads perf_hooks, ~1 ms of startup.
  /**
   * Whole milliseconds since the process started when the task was made (on the wall clock: a change of the
   * system time while the process runs shifts it).
   */
  readonly createdAt: number = Math.trunc(Date.now() - processStartedAt);
  /** The promise the task is waiting on, while it is suspended. */
  waitingOn: PromiseLike<unknown> | undefined;
  /** @internal What the task waits on, while suspended at a hidden call or a green primitive. */
  wait: WaitInfo | undefined;
  /** @internal The arguments of the call it waits on. */
  waitArgs: readonly unknown[] | undefined;
  /** @internal How to end the current wait early. */
  abortHook: AbortHook | undefined;
  /** @internal */
  extra: TaskExtra | undefined;
  /** @internal Older and newer live tasks. */
  prevLive: Task | undefined;
  /** @internal */
  nextLive: Task | undefined;
  private status: Status = SCHEDULED;
  private outcome: unknown;
  private readonly internal: Promise<T>;
  private resolve!: (value: unknown) => void;
  private reject!: (error: unknown) => void;
  private readonly chain: Generator<unknown, T, unknown>;
  private onValue!: (value: unknown) => void;
  private onError!: (error: unknown) => void;

  /** @internal Tasks are made by spawn(), asAsync(), startLoop() and `greenhack run`. */
  constructor(chain: Generator<unknown, T, unknown>, name: string, startedBy: Function) {
    this.chain = chain;
    this.name = name;
    if (current !== undefined) {
      this.extras().parent = current;
      // The parent's handle is now reachable (`parent`), and this runs in the parent's context.
      current.keepContext();
    }
    this.internal = new Promise<T>((resolve, reject) => {
      this.resolve = resolve as (value: unknown) => void;
      this.reject = reject;
    });
    this.bindResumers(0);
    if (config.taskOrigins) {
      const origin = {};
      Error.captureStackTrace(origin, startedBy);
      this.extras().origin = origin;
    }
    if (liveTail === undefined) liveHead = this as Task;
    else {
      liveTail.nextLive = this as Task;
      this.prevLive = liveTail;
    }
    liveTail = this as Task;
  }

  /** Stack of the code that started the task, appended to stitched error stacks (with `taskOrigins`). */
  get origin(): { stack?: string } | undefined {
    return this.extra?.origin;
  }

  /** Which task was running when this one was made (a task started inside another). */
  get parent(): Task | undefined {
    return this.extra?.parent;
  }

  /** @internal An interrupt to deliver at the next suspension point. */
  get pending(): Interrupt | undefined {
    return this.extra?.pending;
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

  get state(): TaskState {
    if (this.status !== STARTED) return STATES[this.status]!;
    return this.waitingOn !== undefined ? 'waiting' : 'running';
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
    return this.status > DONE ? this.outcome : undefined;
  }

  /** The value it returned, once done. */
  get value(): T | undefined {
    return this.status === DONE ? (this.outcome as T) : undefined;
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
    return (this.extra ??= {
      cancel: undefined,
      unwinding: undefined,
      scopeDepth: 0,
      waking: false,
      spawned: false,
      detached: false,
      observed: false,
      children: undefined,
      publicPromise: undefined,
      failedChildren: undefined,
      context: undefined,
      pending: undefined,
      abandonedWaits: 0,
      parent: undefined,
      origin: undefined,
    });
  }

  /**
   * @internal Keeps the current async context as the task's, for out-of-band resumes. Called, in the task's
   * context, by whatever makes the task resumable that way: handing out its handle, a toolkit wait, `timeout()`.
   */
  keepContext(): void {
    const extra = this.extras();
    extra.context ??= new GreenTaskResource('GreenTask');
  }

  /**
   * Runs the task until its first suspension (or its end), in the context it was made in. What green code
   * enters in that step is undone afterwards.
   */
  start(): Promise<T> {
    if (this.status === SCHEDULED) {
      this.status = STARTED;
      const outerTask = firstStepOf;
      const outerUndo = firstStepUndo;
      firstStepOf = this as Task;
      firstStepUndo = undefined;
      try {
        // Called where the task was made (asAsync), it runs inline; a spawned task has kept that context.
        const context = this.extra?.context;
        if (context !== undefined) context.runInAsyncScope(this.step, this, NEXT, undefined);
        else this.step(NEXT, undefined);
      } finally {
        const undo = firstStepUndo as (() => void)[] | undefined;
        firstStepOf = outerTask;
        firstStepUndo = outerUndo;
        if (undo !== undefined) for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
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
    const extra = this.extras();
    if (extra.cancel === undefined) {
      const by = current !== undefined && current !== (this as Task) ? `task "${current.name}" (#${current.id})` : undefined;
      extra.cancel = { error: new Cancelled(this.id, this.name, reason, by), depth: 0 };
    }
    if (this.status === SCHEDULED) {
      // Never started: it never runs.
      this.status = STARTED;
      this.settle(CANCELLED, extra.cancel.error);
      return;
    }
    this.interrupt(extra.cancel);
    if (extra.children !== undefined) for (const child of [...extra.children]) child.cancel(reason);
  }

  /** @internal Asks the task to unwind for `interrupt`: now if it waits, else at its next suspension point. */
  interrupt(interrupt: Interrupt): void {
    if (this.status !== STARTED) return;
    const extra = this.extras();
    // An outer interrupt already being delivered wins: an inner one (a timeout inside cleanup code) makes it unwind again.
    const active = extra.pending ?? extra.unwinding;
    extra.pending = active !== undefined && active.depth <= interrupt.depth ? active : interrupt;
    if (this.waitingOn !== undefined) this.endWait(extra.pending.error, UNWIND, UNWOUND);
  }

  /** @internal Throws `error` into the task at the point where it waits (deadlock). False if it was not waiting. */
  throwIntoWait(error: unknown): boolean {
    if (this.status !== STARTED || this.waitingOn === undefined) return false;
    return this.endWait(error, THROW, error);
  }

  /** Ends the current wait early and queues the resume. */
  private endWait(reason: unknown, how: Resume, value: unknown): boolean {
    const hook = this.abortHook;
    if (typeof hook === 'function') {
      if (!hook(reason)) return false;
    } else if (hook !== undefined) hook.abort(reason);
    // Whatever it waited on may still settle: that is ignored from now on.
    const extra = this.extras();
    this.bindResumers(++extra.abandonedWaits);
    this.waitingOn = undefined;
    if (extra.waking) return true;
    extra.waking = true;
    queueMicrotask(() => {
      extra.waking = false;
      if (this.status !== STARTED || this.waitingOn !== undefined) return;
      // Every way to get here keeps the context first (see keepContext); without one it would run in ours.
      if (extra.context !== undefined) extra.context.runInAsyncScope(this.resume, this, how, value);
      else this.resume(how, value);
    });
    return true;
  }

  private resume(how: Resume, value: unknown): void {
    if (this.extra?.pending !== undefined) this.unwind();
    else this.step(how, value);
  }

  /**
   * Unwinds for the pending interrupt: the whole chain (`return()` on it), or only the body of a
   * `timeout()` (its generator), whose frame then sees it end and resumes normally.
   */
  private unwind(): void {
    const target = this.startUnwinding();
    if (target === undefined) {
      this.step(UNWIND, UNWOUND);
      return;
    }
    const previous = current;
    current = this as Task;
    this.waitingOn = undefined;
    this.wait = undefined;
    this.abortHook = undefined;
    let result: IteratorResult<unknown, unknown>;
    try {
      result = target.return(UNWOUND);
    } catch (error) {
      // A finally block of the body threw: the error goes on from the frame around the body.
      current = previous;
      this.step(THROW, error);
      return;
    }
    current = previous;
    // Unwound: resuming the chain lets the frame around the body see it end (`yield*` gets its result).
    if (result.done) this.step(NEXT, undefined);
    // A finally block of the body waits: wait for it like any suspension.
    else this.suspendOn(result.value);
  }

  /** Moves the pending interrupt to `unwinding`; returns the generator to unwind (undefined: the whole chain). */
  private startUnwinding(): Generator<unknown, unknown, unknown> | undefined {
    const extra = this.extra!;
    const interrupt = extra.pending!;
    extra.unwinding = interrupt;
    extra.pending = undefined;
    return interrupt.target;
  }

  /** The callbacks that resume the task from its waits, until a wait is abandoned (`abandoned`: how many were). */
  private bindResumers(abandoned: number): void {
    this.onValue = (value) => {
      if ((this.extra === undefined ? 0 : this.extra.abandonedWaits) === abandoned) this.step(NEXT, value);
    };
    this.onError = (error) => {
      if ((this.extra === undefined ? 0 : this.extra.abandonedWaits) === abandoned) this.step(THROW, error);
    };
  }

  /** Resumes the chain until it suspends or ends. The hot path: it runs on every suspension. */
  private step(how: Resume, value: unknown): void {
    const previous = current;
    current = this as Task;
    this.waitingOn = undefined;
    this.wait = undefined;
    this.abortHook = undefined;
    let result: IteratorResult<unknown, T>;
    try {
      result = how === NEXT ? this.chain.next(value) : how === THROW ? this.chain.throw(value) : this.chain.return(value as T);
    } catch (error) {
      current = previous;
      this.settle(FAILED, error);
      return;
    }
    current = previous;
    if (result.done) {
      this.settle(DONE, result.value);
      return;
    }
    this.suspendOn(result.value);
  }

  /** Waits for what the chain yielded; or, if it is to be unwound, unwinds it from there instead. */
  private suspendOn(awaited: unknown): void {
    if (this.extra?.pending !== undefined && this.abandon(awaited)) {
      // Cancelled or timed out while it ran: unwind here instead of waiting.
      this.unwind();
      return;
    }
    // Top-level `await` of a green entry yields whatever it awaited; a thenable or plain value works too.
    const promise = awaited instanceof Promise ? awaited : Promise.resolve(awaited);
    this.waitingOn = promise;
    promise.then(this.onValue, this.onError);
  }

  /** A wait begun just as the task is to be unwound: abort it, and never let its promise go unhandled. */
  private abandon(awaited: unknown): boolean {
    const hook = this.abortHook;
    const reason = this.extra?.pending?.error;
    if (typeof hook === 'function') {
      if (!hook(reason)) return false;
    } else if (hook !== undefined) hook.abort(reason);
    if (awaited instanceof Promise) awaited.then(undefined, ignore);
    return true;
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
    this.outcome = outcome;
    this.waitingOn = undefined;
    this.wait = undefined;
    this.waitArgs = undefined;
    this.abortHook = undefined;
    if (extra !== undefined) extra.pending = undefined;
    if (this.prevLive !== undefined) this.prevLive.nextLive = this.nextLive;
    else if (liveHead === (this as Task)) liveHead = this.nextLive;
    if (this.nextLive !== undefined) this.nextLive.prevLive = this.prevLive;
    else if (liveTail === (this as Task)) liveTail = this.prevLive;
    this.prevLive = this.nextLive = undefined;
    if (status === DONE) this.resolve(outcome as T);
    else this.reject(outcome);
    if (extra !== undefined && settleHook !== undefined) settleHook(this as Task);
  }

  /**
   * @internal The green frames where the task is suspended (raw stack lines, innermost first), or undefined
   * when it is not suspended at a recorded wait. Resumes the chain with a probe that the waiting frame
   * catches and answers by re-yielding the same promise: nothing else in the task runs.
   */
  suspendedStack(): string[] | undefined {
    if (this.status !== STARTED || this.waitingOn === undefined || this.wait === undefined) return undefined;
    const previous = current;
    current = this as Task;
    probed = undefined;
    try {
      this.chain.throw(STACK_PROBE);
    } catch {
      // Cannot happen: only cooperating yields record a wait.
    } finally {
      current = previous;
    }
    const stack = probed as string | undefined;
    probed = undefined;
    if (stack === undefined) return undefined;
    const lines = stack.split('\n').filter((line) => line.startsWith('    at '));
    const end = lines.findIndex((line) => line.includes('suspendedStack'));
    return end === -1 ? lines : lines.slice(0, end);
  }
}

function ignore(): void {}

let current: Task | undefined;
/** The task whose first step is running now (in its maker's context), and how to undo what it entered. */
let firstStepOf: Task | undefined;
let firstStepUndo: (() => void)[] | undefined;

/** The task whose code is running right now (synchronously), if any. */
export function currentTask(): Task | undefined {
  return current;
}

/** `currentTask()` as exported: the handle can be kept and cancelled later, so the task keeps its context. */
export function currentTaskHandle(): Task | undefined {
  current?.keepContext();
  return current;
}

/**
 * @internal Green code (a green `als.run`, `enterWith`, `local().set`) is about to change the async context
 * in the current task; `undo` puts back what it changes. In a first step, which runs in its maker's
 * context, that is undone when the step ends: what the task enters stays in the task.
 */
export function willChangeContext(undo: () => void): void {
  if (current !== undefined && current === firstStepOf) (firstStepUndo ??= []).push(undo);
}

/** @internal Green code changed the async context in the current task: a kept context is taken again. */
export function changedContext(): void {
  const context = current?.extra?.context;
  if (context !== undefined) current!.extra!.context = new GreenTaskResource('GreenTask');
}

/** Live tasks (started or scheduled, not finished), oldest first. */
export function liveTasks(): Task[] {
  const tasks: Task[] = [];
  for (let task = liveHead; task !== undefined; task = task.nextLive) tasks.push(task);
  return tasks;
}

/** @internal Called when a task with toolkit state (`extra`) settles. */
export function setSettleHook(hook: (task: Task) => void): void {
  settleHook = hook;
}

/**
 * Suspends the current task on `promise` (from a green primitive's twin), recording what it waits on.
 * Answers stack probes; errors thrown in at this point get the suspended chain stitched onto their stack.
 */
export function* suspend<R>(promise: Promise<R>, wait: WaitInfo, args: readonly unknown[] | undefined, abort: AbortHook | undefined): Generator<unknown, R, unknown> {
  const task = current!;
  // A toolkit wait can be ended out of band (deadlock errors, a wake-up after cancellation).
  task.keepContext();
  task.wait = wait;
  task.waitArgs = args;
  task.abortHook = abort;
  for (;;) {
    try {
      return (yield promise) as R;
    } catch (error) {
      if (error === STACK_PROBE) {
        probeStack();
        continue;
      }
      stitchStack(error, task, suspend);
      throw error;
    }
  }
}
