/**
 * Resuming a task out of band, from outside the wait it is suspended at: cancellation, `timeout()` and
 * deadlock errors (docs/toolkit.md). Cancellation and timeouts *unwind* a task from its suspension point
 * with `return()`: `finally` blocks run, `catch` blocks do not, so a broad `catch (e)` cannot swallow them.
 * A request that arrives while the task runs is delivered at its next suspension point (`Task.suspendOn`).
 * The wait is ended early through its `abortHook`, and whatever it waited on is ignored from then on.
 */
import { Cancelled } from '../errors.ts';
import type { Task } from './task.ts';
import { currentTask, setCurrentTask } from './task-context.ts';
import { type Interrupt, NEXT, type Resume, STARTED, THROW, UNWIND, UNWOUND } from './task-state.ts';

/** @internal `task`'s cancellation: the one already requested, else a new one, with who asked in its error. */
export function requestCancel(task: Task, reason: unknown): Interrupt {
  const extra = task.extras();
  if (extra.cancel !== undefined) return extra.cancel;
  const current = currentTask();
  const by = current !== undefined && current !== task ? `task "${current.name}" (#${current.id})` : undefined;
  return (extra.cancel = { error: new Cancelled(task.id, task.name, reason, by), depth: 0 });
}

/** @internal Cancels a started task: unwinds it (now or at its next suspension point), then the tasks it spawned. */
export function cancelStarted(task: Task, cancel: Interrupt, reason: unknown): void {
  interruptTask(task, cancel);
  const children = task.extra!.children;
  if (children !== undefined) for (const child of [...children]) child.cancel(reason);
}

/** @internal Asks `task` to unwind for `interrupt`: now if it waits, else at its next suspension point. */
export function interruptTask(task: Task, interrupt: Interrupt): void {
  if (task.status !== STARTED) return;
  const extra = task.extras();
  // An outer interrupt already being delivered wins: an inner one (a timeout inside cleanup code) makes it unwind again.
  const active = extra.pending ?? extra.unwinding;
  extra.pending = active !== undefined && active.depth <= interrupt.depth ? active : interrupt;
  if (task.waitingOn !== undefined) endWait(task, extra.pending.error, UNWIND, UNWOUND);
}

/** @internal Throws `error` into `task` at the point where it waits (deadlock). False if it was not waiting. */
export function throwIntoWait(task: Task, error: unknown): boolean {
  if (task.status !== STARTED || task.waitingOn === undefined) return false;
  return endWait(task, error, THROW, error);
}

/** Ends the current wait of `task` early and queues the resume. */
function endWait(task: Task, reason: unknown, how: Resume, value: unknown): boolean {
  if (!abortWait(task, reason)) return false;
  // Whatever it waited on may still settle: that is ignored from now on.
  const extra = task.extras();
  task.abandonResumers();
  task.held = undefined;
  if (extra.waking) return true;
  extra.waking = true;
  queueMicrotask(() => {
    extra.waking = false;
    if (task.status !== STARTED || task.waitingOn !== undefined) return;
    // Every way to get here keeps the context first (see keepContext); without one it would run in ours.
    if (extra.context !== undefined) extra.context.runInAsyncScope(resume, undefined, task, how, value);
    else resume(task, how, value);
  });
  return true;
}

function resume(task: Task, how: Resume, value: unknown): void {
  if (task.extra?.pending !== undefined) unwind(task);
  else task.step(how, value);
}

/**
 * @internal Unwinds `task` for its pending interrupt: the whole chain (`return()` on it), or only the body
 * of a `timeout()` (its generator), whose frame then sees it end and resumes normally.
 */
export function unwind(task: Task): void {
  const target = startUnwinding(task);
  if (target === undefined) {
    task.step(UNWIND, UNWOUND);
    return;
  }
  const previous = currentTask();
  setCurrentTask(task);
  task.forgetWait();
  let result: IteratorResult<unknown, unknown>;
  try {
    result = target.return(UNWOUND);
  } catch (error) {
    // A finally block of the body threw: the error goes on from the frame around the body.
    setCurrentTask(previous);
    task.step(THROW, error);
    return;
  }
  setCurrentTask(previous);
  // Unwound: resuming the chain lets the frame around the body see it end (`yield*` gets its result).
  if (result.done) task.step(NEXT, undefined);
  // A finally block of the body waits: wait for it like any suspension.
  else task.suspendOn(result.value);
}

/** Moves the pending interrupt to `unwinding`; returns the generator to unwind (undefined: the whole chain). */
function startUnwinding(task: Task): Generator<unknown, unknown, unknown> | undefined {
  const extra = task.extra!;
  const interrupt = extra.pending!;
  extra.unwinding = interrupt;
  extra.pending = undefined;
  return interrupt.target;
}

/**
 * @internal A wait begun just as `task` is to be unwound: abort it, and never let its promise go unhandled.
 * False if the wait had already been granted (the task then waits as usual).
 */
export function abandonWait(task: Task, awaited: unknown): boolean {
  if (!abortWait(task, task.extra?.pending?.error)) return false;
  if (awaited instanceof Promise) awaited.then(undefined, ignore);
  return true;
}

/** Ends `task`'s wait through its abort hook; false if the hook says the wait was already granted. */
function abortWait(task: Task, reason: unknown): boolean {
  const hook = task.extra?.abortHook;
  if (typeof hook === 'function') return hook(reason);
  if (hook !== undefined) hook.abort(reason);
  return true;
}

function ignore(): void {}
