/**
 * The tasks of the process: their ids, the clock of `Task.createdAt`, the list of live tasks (for dumps
 * and deadlock detection), and the hook the toolkit runs when a task settles.
 */
import type { Task } from './task.ts';

let nextId = 1;

/** The id of a new task: 1, 2, 3, … in the order tasks are made. */
export function newTaskId(): number {
  return nextId++;
}

/**
 * The clock of `createdAt`: whole milliseconds since the process started. `Date.now()` minus the process's
 * start on the same clock costs about half of `process.uptime()` (a call into the binding, then a multiply and a trunc).
 */
const processStartedAt: number = Date.now() - Math.trunc(process.uptime() * 1000);

/**
 * @internal Milliseconds since the process started, on the clock of `Task.createdAt`. (`Math.trunc` keeps
 * the stored field a small integer: without it V8 boxes it as a double, 16 B more per task.)
 */
export function taskClock(): number {
  return Math.trunc(Date.now() - processStartedAt);
}

/** Live tasks, oldest first, as an intrusive list (`prevLive`/`nextLive`: no allocation per task). */
let liveHead: Task | undefined;
let liveTail: Task | undefined;

/** Adds a new task to the end of the live list. */
export function addLiveTask(task: Task): void {
  if (liveTail === undefined) liveHead = task;
  else {
    liveTail.nextLive = task;
    task.prevLive = liveTail;
  }
  liveTail = task;
}

/** Takes a settled task off the live list. */
export function removeLiveTask(task: Task): void {
  if (task.prevLive !== undefined) task.prevLive.nextLive = task.nextLive;
  else if (liveHead === task) liveHead = task.nextLive;
  if (task.nextLive !== undefined) task.nextLive.prevLive = task.prevLive;
  else if (liveTail === task) liveTail = task.prevLive;
  task.prevLive = task.nextLive = undefined;
}

/** Live tasks (started or scheduled, not finished), oldest first. */
export function liveTasks(): Task[] {
  const tasks: Task[] = [];
  for (let task = liveHead; task !== undefined; task = task.nextLive) tasks.push(task);
  return tasks;
}

let settleHook: ((task: Task) => void) | undefined;

/** @internal Called when a task with toolkit state (`extra`) settles. */
export function setSettleHook(hook: (task: Task) => void): void {
  settleHook = hook;
}

/** Runs the settle hook, if the toolkit set one, for `task` (which has toolkit state). */
export function runSettleHook(task: Task): void {
  if (settleHook !== undefined) settleHook(task);
}
