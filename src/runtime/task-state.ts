/**
 * A task's state as the runtime stores it: where it is in its life, how the driver resumes it, the
 * interrupts that unwind it, and the state that only the toolkit's slower paths use (`TaskExtra`).
 * Shared by the driver (task.ts) and the out-of-band resumes (task-interrupt.ts).
 */
import type { AsyncResource } from 'node:async_hooks';
import type { Task } from './task.ts';
import type { AbortHook } from './task-waits.ts';

/** How the driver resumes a task: with a value, by throwing an error into it, or by unwinding it. */
export type Resume = 0 | 1 | 2;
export const NEXT = 0;
export const THROW = 1;
export const UNWIND = 2;

/** Lifecycle, as stored (`state` derives `running`/`waiting` from whether a wait is recorded). */
export type Status = 0 | 1 | 2 | 3 | 4;
export const SCHEDULED = 0;
export const STARTED = 1;
export const DONE = 2;
export const FAILED = 3;
export const CANCELLED = 4;

/** Where a task is in its life. `running`: its code is on the stack now; `waiting`: suspended. */
export type TaskState = 'scheduled' | 'running' | 'waiting' | 'done' | 'failed' | 'cancelled';
/** `TaskState` by `Status`, for every status but `STARTED`'s `waiting`. */
export const STATES: readonly TaskState[] = ['scheduled', 'running', 'done', 'failed', 'cancelled'];

/** Returned by a chain unwound by the driver (unless a `finally` block returns something else). */
export const UNWOUND: unique symbol = Symbol('greenhack unwound');

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
  /**
   * How to end the current wait early. Here, not on the `Task`: only waits that can be ended early set one
   * (toolkit waits, which keep the task's context and so make this object anyway, and hidden calls whose
   * implementation asked for `currentSignal()`). The driver clears it when the task resumes.
   */
  abortHook: AbortHook | undefined;
  /** See `Task.parent`, `Task.origin`. */
  parent: Task | undefined;
  origin: { stack?: string } | undefined;
  /** The async context out-of-band resumes run in, once something can resume the task that way. */
  context: AsyncResource | undefined;
}

/** A task's `TaskExtra` before the toolkit uses it (made on first use: `Task.extras()`). */
export function newTaskExtra(): TaskExtra {
  return {
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
    abortHook: undefined,
    parent: undefined,
    origin: undefined,
  };
}
