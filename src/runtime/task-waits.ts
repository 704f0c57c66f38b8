/**
 * What a suspended task waits on, and where in its code it waits. Whoever yields to the driver (hidden
 * twins, green primitives through `suspend`) records the wait (`wait`, `waitArgs`) for dumps and deadlock
 * detection, and how to end it early (`abortHook`: an `AbortController` handed to a hidden implementation
 * by `currentSignal()`, or a primitive's hook that takes the task off its queue). A dump finds the green
 * frames of a suspended task with a stack probe, which every yield that records a wait answers.
 */
import { stitchStack } from './stack.ts';
import type { Task } from './task.ts';
import { currentTask, setCurrentTask } from './task-context.ts';
import { STARTED } from './task-state.ts';

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

/**
 * @internal The green frames where `task` is suspended (raw stack lines, innermost first), or undefined
 * when it is not suspended at a recorded wait. Resumes the chain with a probe that the waiting frame
 * catches and answers by re-yielding the same promise: nothing else in the task runs.
 */
export function suspendedStack(task: Task): string[] | undefined {
  if (task.status !== STARTED || task.waitingOn === undefined || task.wait === undefined) return undefined;
  const previous = currentTask();
  setCurrentTask(task);
  probed = undefined;
  try {
    task.chain.throw(STACK_PROBE);
  } catch {
    // Cannot happen: only cooperating yields record a wait.
  } finally {
    setCurrentTask(previous);
  }
  const stack = probed as string | undefined;
  probed = undefined;
  if (stack === undefined) return undefined;
  const lines = stack.split('\n').filter((line) => line.startsWith('    at '));
  const end = lines.findIndex((line) => line.includes('suspendedStack'));
  return end === -1 ? lines : lines.slice(0, end);
}

/**
 * Suspends the current task on `promise` (from a green primitive's twin), recording what it waits on.
 * Answers stack probes; errors thrown in at this point get the suspended chain stitched onto their stack.
 */
export function* suspend<R>(promise: Promise<R>, wait: WaitInfo, args: readonly unknown[] | undefined, abort: AbortHook | undefined): Generator<unknown, R, unknown> {
  const task = currentTask()!;
  // A toolkit wait can be ended out of band (deadlock errors, a wake-up after cancellation).
  task.keepContext();
  task.wait = wait;
  task.waitArgs = args;
  task.extras().abortHook = abort;
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
