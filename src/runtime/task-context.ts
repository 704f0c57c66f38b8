/**
 * Which task runs now, and the async context it runs in.
 *
 * The current task is a module variable that the driver sets around each step of a task; it is how a
 * hidden function's original knows it was reached from a frame that could not suspend.
 *
 * AsyncLocalStorage: a task's first step runs where the task was made, in its maker's context; what green
 * code enters there is undone when the step ends, so it stays in the task. Later steps run in the `.then`
 * callbacks the driver registers from inside the task, so they run in the task's own context at no cost.
 * Only out-of-band resumes (cancellation, timeouts, deadlock errors) need the context kept, in an
 * `AsyncResource`, and only a task that someone can resume that way gets one: a task whose handle was
 * handed out (`spawn`, `currentTask()`, `parent`), or that waits on a toolkit primitive or a `timeout()`.
 * A task started by `asAsync` that does neither, the common case, keeps no context of its own.
 */
import type { AsyncResource } from 'node:async_hooks';
import { builtinModule } from '../node-features.ts';
import type { Task } from './task.ts';

const GreenTaskResource = builtinModule('node:async_hooks').AsyncResource;

let current: Task | undefined;

/** The task whose code is running right now (synchronously), if any. */
export function currentTask(): Task | undefined {
  return current;
}

/** `currentTask()` as exported: the handle can be kept and cancelled later, so the task keeps its context. */
export function currentTaskHandle(): Task | undefined {
  current?.keepContext();
  return current;
}

/** @internal The driver, around the code of a task it runs: `task` is now the current task. */
export function setCurrentTask(task: Task | undefined): void {
  current = task;
}

/** @internal The current async context, as a task keeps it for out-of-band resumes (`Task.keepContext`). */
export function newTaskContext(): AsyncResource {
  return new GreenTaskResource('GreenTask');
}

/** What green code entered in a first step, to undo when the step ends (made on the first entry). */
interface FirstStepUndo {
  readonly task: Task;
  readonly undo: (() => void)[];
}

/** @internal A first step: its task, until green code enters something in it; then its `FirstStepUndo`. */
export type FirstStep = Task | FirstStepUndo;

/** The first step running now (a task started inside another's first step has its own, nested). */
let firstStep: FirstStep | undefined;

/** @internal `task`'s first step begins; returns the first step around it, for `endFirstStep`. */
export function beginFirstStep(task: Task): FirstStep | undefined {
  const outer = firstStep;
  firstStep = task;
  return outer;
}

/** @internal `task`'s first step has ended: back to the first step around it, and undo what it entered. */
export function endFirstStep(task: Task, outer: FirstStep | undefined): void {
  const ended = firstStep;
  firstStep = outer;
  // Most first steps enter nothing: `ended` is then `task` itself.
  if (ended === task || ended === undefined || !hasUndo(ended)) return;
  const undo = ended.undo;
  for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
}

/**
 * @internal Green code (a green `als.run`, `enterWith`, `local().set`) is about to change the async context
 * in the current task; `undo` puts back what it changes. In a first step, which runs in its maker's
 * context, that is undone when the step ends: what the task enters stays in the task.
 */
export function willChangeContext(undo: () => void): void {
  if (current === undefined || firstStep === undefined) return;
  if (firstStep === current) firstStep = { task: current, undo: [undo] };
  else if (hasUndo(firstStep) && firstStep.task === current) firstStep.undo.push(undo);
}

function hasUndo(step: FirstStep): step is FirstStepUndo {
  return 'undo' in step;
}

/** @internal Green code changed the async context in the current task: a kept context is taken again. */
export function changedContext(): void {
  const context = current?.extra?.context;
  if (context !== undefined) current!.extra!.context = newTaskContext();
}
