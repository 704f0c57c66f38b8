/**
 * Tasks as values: `spawn(fn, ...args)` starts one, `task.join()` waits for it, `joinAll` and `race` wait
 * for several. A spawned task's error is never lost: whoever joins it gets it, and one that nobody joins
 * is reported once (`configure({ onUnjoinedError })`).
 */
import { DeadlockError, invalidArgument } from '../../errors.ts';
import { builtinModule } from '../../node-features.ts';
import { config } from '../config.ts';
import { primitiveContextError } from '../context-error.ts';
import { cleanStack } from '../stack.ts';
import { Task } from '../task.ts';
import { currentTask } from '../task-context.ts';
import { setSettleHook } from '../task-registry.ts';
import { suspend, type WaitInfo } from '../task-waits.ts';
import { setTwin, type Twin } from '../twin.ts';
import { chainOf, checkFunction, checkMs, type G, label, runPlain, startTimer } from './common.ts';
import { guardTwin } from '../drive.ts';

/** Starts `fn(...args)` as a new green task; returns its handle (see `Task`). */
export function spawn<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Task<R> {
  checkFunction('spawn()', 'the function', fn);
  const name = fn.name || 'task';
  if (config.mode === 'sync') {
    // Sync mode: the task runs to its end in place.
    const task = new Task(runPlain(fn, undefined, args) as G<R>, name, spawn);
    task.extras().spawned = true;
    task.finished.then(undefined, ignore);
    task.runInPlace();
    return task;
  }
  const task = new Task(chainOf(fn, args) as G<R>, name, spawn);
  task.extras().spawned = true;
  // Its handle is handed out: whoever holds it may cancel it, which resumes it in the context kept here.
  task.keepContext();
  // Its failure is reported if nobody joins it, never left as an unhandled rejection.
  task.finished.then(undefined, ignore);
  const parent = task.parent;
  if (parent !== undefined && !parent.done) (parent.extras().children ??= new Set()).add(task as Task);
  // It starts when the spawning code next suspends (or ends), as in gevent: spawn itself never switches.
  queueMicrotask(() => task.start());
  return task;
}

function ignore(): void {}

/** Marks a task's outcome as delivered to someone: no unjoined report for it. */
export function observe(task: Task): void {
  const extra = task.extras();
  extra.observed = true;
  if (failures.delete(task.id)) collected.unregister(task);
}

/** Returns a finished task's value, or throws its error. */
function outcomeOf<T>(task: Task<T>): T {
  if (task.state === 'done') return task.value as T;
  throw task.error;
}

function checkTask(api: string, task: unknown): asserts task is Task {
  if (!(task instanceof Task)) throw invalidArgument(api, 'each task', 'a Task (from spawn)', task);
}

const JOIN_FROM_ASYNC = 'from async code, use `await task.promise`.';

// task.join(): the original (outside tasks, sync mode) is in task.ts; this is its twin.
function joinPlain(this: Task): unknown {
  if (config.mode === 'sync' && this.done) {
    observe(this);
    return outcomeOf(this);
  }
  throw primitiveContextError('task.join()', currentTask(), Task.prototype.join, JOIN_FROM_ASYNC);
}
Object.defineProperty(Task.prototype, 'join', { value: joinPlain, writable: true, configurable: true });

setTwin(Task.prototype.join, guardTwin(Task.prototype.join, function* join(this: Task): G {
  const me = currentTask()!;
  if (this === me) throw new DeadlockError(`task ${label(me)} called join() on itself: it would wait forever.`);
  observe(this);
  if (!this.done) {
    const target = this;
    const info: WaitInfo = { kind: 'primitive', name: 'join', detail: () => `task ${label(target)}, ${target.state}` };
    yield* suspend(this.finished.then(ignore, ignore), info, [labelArg(this)], () => true);
  }
  return outcomeOf(this);
} as Twin));

const inspectCustom: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;

/** Shown as the argument of a join in dumps. */
function labelArg(task: Task): { [inspectCustom](): string } {
  return { [inspectCustom]: () => label(task) };
}

export interface JoinAllOptions {
  /** Stop waiting after this many milliseconds; the tasks that have not finished keep running. */
  timeout?: number;
  /** Throw the first error (in order of finishing) as soon as a task fails (default true). */
  raiseError?: boolean;
}

/**
 * Waits in the calling task until every task has finished (or `timeout` ms passed); returns the tasks
 * that finished, in the order given. With `raiseError` (default), the first task to fail makes it throw
 * that error at once; with `raiseError: false` errors are left on `task.error` and count as joined.
 */
export function joinAll(tasks: readonly Task[], options?: JoinAllOptions): Task[] {
  checkJoinAll(tasks, options);
  if (config.mode === 'sync') return joinAllNow(tasks, options?.raiseError ?? true);
  throw primitiveContextError('joinAll()', currentTask(), joinAll, 'from async code, use `await Promise.all(tasks.map((t) => t.promise))`.');
}

function checkJoinAll(tasks: unknown, options: unknown): asserts tasks is readonly Task[] {
  if (!Array.isArray(tasks)) throw invalidArgument('joinAll()', 'tasks', 'an array of tasks', tasks);
  for (const task of tasks) checkTask('joinAll()', task);
  if (options !== undefined && (options === null || typeof options !== 'object')) throw invalidArgument('joinAll()', 'options', 'an object', options);
  const ms = (options as JoinAllOptions | undefined)?.timeout;
  if (ms !== undefined) checkMs('joinAll()', 'options.timeout', ms);
}

/** joinAll once every task it waits for has finished (or it gave up). */
function joinAllNow(tasks: readonly Task[], raiseError: boolean): Task[] {
  const finished = tasks.filter((task) => task.done);
  if (raiseError) {
    for (const task of finished) if (task.state === 'done') observe(task);
    const failed = finished.find((task) => task.state !== 'done');
    if (failed !== undefined) {
      observe(failed);
      throw failed.error;
    }
  } else for (const task of finished) observe(task);
  return finished;
}

setTwin(joinAll, guardTwin(joinAll, function* joinAll(tasks: readonly Task[], options?: JoinAllOptions): G<Task[]> {
  checkJoinAll(tasks, options);
  const raiseError = options?.raiseError ?? true;
  const ms = options?.timeout;
  const me = currentTask()!;
  if (tasks.includes(me)) throw new DeadlockError(`task ${label(me)} called joinAll() on a list that contains itself: it would wait forever.`);
  const isOver = (): boolean => tasks.every((task) => task.done) || (raiseError && tasks.some((task) => task.done && task.state !== 'done'));
  if (!isOver()) {
    let wake!: () => void;
    const promise = new Promise<void>((resolve) => (wake = resolve));
    let stop: (() => void) | undefined;
    const check = (): void => {
      if (isOver()) wake();
    };
    for (const task of tasks) if (!task.done) task.finished.then(check, check);
    if (ms !== undefined) stop = startTimer(ms, wake);
    const info: WaitInfo = { kind: 'primitive', name: 'joinAll', detail: () => `${tasks.filter((task) => !task.done).length} of ${tasks.length} tasks still running` };
    try {
      yield* suspend(promise, info, [tasks.length], () => true);
    } finally {
      stop?.();
    }
  }
  return joinAllNow(tasks, raiseError);
} as Twin));

/**
 * Waits in the calling task for the first of `tasks` to finish, cancels the others, and returns the
 * winner's value or throws its error.
 */
export function race<T>(tasks: readonly Task<T>[]): T {
  checkRace(tasks);
  if (config.mode === 'sync') {
    const winner = tasks.find((task) => task.done)!;
    return deliverRace(tasks, winner);
  }
  throw primitiveContextError('race()', currentTask(), race, 'from async code, use `await Promise.race(tasks.map((t) => t.promise))`.');
}

function checkRace(tasks: unknown): asserts tasks is readonly Task[] {
  if (!Array.isArray(tasks)) throw invalidArgument('race()', 'tasks', 'an array of tasks', tasks);
  if (tasks.length === 0) throw new RangeError('race(): tasks is empty, so no task can ever win.');
  for (const task of tasks) checkTask('race()', task);
}

function deliverRace<T>(tasks: readonly Task<T>[], winner: Task<T>): T {
  for (const task of tasks) if (task !== winner) task.cancel('lost a race');
  observe(winner as Task);
  return outcomeOf(winner);
}

setTwin(race, guardTwin(race, function* race(tasks: readonly Task[]): G {
  checkRace(tasks);
  const me = currentTask()!;
  if (tasks.includes(me)) throw new DeadlockError(`task ${label(me)} called race() on a list that contains itself.`);
  let winner = tasks.find((task) => task.done);
  if (winner === undefined) {
    const promise = Promise.race(tasks.map((task) => task.finished.then(() => task, () => task)));
    const info: WaitInfo = { kind: 'primitive', name: 'race', detail: () => `${tasks.length} tasks` };
    winner = yield* suspend(promise, info, [tasks.length], () => true);
  }
  return deliverRace(tasks, winner!);
} as Twin));

// ---- unjoined errors ----------------------------------------------------------------------------

interface Failure {
  readonly id: number;
  readonly name: string;
  readonly error: unknown;
  readonly task: WeakRef<Task>;
}

/** Failed spawned tasks that nobody has joined and that were not reported yet, by id. */
const failures = new Map<number, Failure>();
/** A failed task whose handle is garbage: nobody can join it any more. */
const collected = new FinalizationRegistry<number>((id) => report(id, false));

function report(id: number, atExit: boolean): void {
  const failure = failures.get(id);
  if (failure === undefined) return;
  failures.delete(id);
  // `task.promise` was taken after it failed: that counts as joining it.
  if (failure.task.deref()?.extra?.observed) return;
  const handler = config.onUnjoinedError;
  if (handler !== null) {
    handler(failure.error, { id: failure.id, name: failure.name });
    return;
  }
  const text = `greenhack: task "${failure.name}" (#${failure.id}) failed and nobody joined it:\n${cleanStack(failure.error)}\n`;
  if (atExit) builtinModule('node:fs').writeSync(2, text);
  else process.stderr.write(text);
  if (!process.exitCode) process.exitCode = 1;
}

function reportSoon(id: number): void {
  // After this turn of the event loop: a join in the same turn still counts.
  setImmediate(() => report(id, false));
}

setSettleHook((task) => {
  const extra = task.extra!;
  const parent = task.parent;
  parent?.extra?.children?.delete(task);
  if (extra.spawned && task.state === 'failed' && !extra.observed) {
    failures.set(task.id, { id: task.id, name: task.name, error: task.error, task: new WeakRef(task) });
    collected.register(task, task.id, task);
    // Nobody is left to join it in the normal course: report now. Otherwise when its parent finishes.
    if (extra.detached || parent === undefined || parent.done) reportSoon(task.id);
    else (parent.extras().failedChildren ??= []).push(task.id);
  }
  if (extra.failedChildren !== undefined) for (const id of extra.failedChildren) if (failures.has(id)) reportSoon(id);
});

/** At exit, what is still unreported is reported. */
export function reportUnjoinedAtExit(): void {
  for (const id of [...failures.keys()]) report(id, true);
}
