/** The toolkit around green tasks (docs/toolkit.md), gathered for install.ts to publish. */
import { BoundedSemaphore, Event, Lock, RLock, Semaphore } from './sync.ts';
import { Cancelled, DeadlockError, LockError, QueueEmpty, QueueFull, Timeout } from '../../errors.ts';
import { Task } from '../task.ts';
import { currentSignal } from './cancellation.ts';
import { installDeadlockDetection } from './deadlock.ts';
import { dumpTasks, installDumpSignal, listTasks } from './dump.ts';
import { local } from './local.ts';
import { Pool } from './pool.ts';
import { Queue } from './queue.ts';
import { joinAll, race, reportUnjoinedAtExit, spawn } from './tasks.ts';
import { sleep, timeout } from './time.ts';

export interface Toolkit {
  spawn: typeof spawn;
  joinAll: typeof joinAll;
  race: typeof race;
  sleep: typeof sleep;
  timeout: typeof timeout;
  currentSignal: typeof currentSignal;
  Event: typeof Event;
  Semaphore: typeof Semaphore;
  BoundedSemaphore: typeof BoundedSemaphore;
  Lock: typeof Lock;
  RLock: typeof RLock;
  Queue: typeof Queue;
  Pool: typeof Pool;
  local: typeof local;
  listTasks: typeof listTasks;
  dumpTasks: typeof dumpTasks;
  Task: typeof Task;
  Cancelled: typeof Cancelled;
  Timeout: typeof Timeout;
  DeadlockError: typeof DeadlockError;
  QueueEmpty: typeof QueueEmpty;
  QueueFull: typeof QueueFull;
  LockError: typeof LockError;
}

export const toolkit: Toolkit = {
  spawn: spawn,
  joinAll: joinAll,
  race: race,
  sleep: sleep,
  timeout: timeout,
  currentSignal: currentSignal,
  Event: Event,
  Semaphore: Semaphore,
  BoundedSemaphore: BoundedSemaphore,
  Lock: Lock,
  RLock: RLock,
  Queue: Queue,
  Pool: Pool,
  local: local,
  listTasks: listTasks,
  dumpTasks: dumpTasks,
  Task: Task,
  Cancelled: Cancelled,
  Timeout: Timeout,
  DeadlockError: DeadlockError,
  QueueEmpty: QueueEmpty,
  QueueFull: QueueFull,
  LockError: LockError,
};

/** Process hooks, installed once per process (by the runtime that loaded first). */
export function installProcessHooks(): void {
  installDeadlockDetection();
  installDumpSignal();
  process.on('exit', reportUnjoinedAtExit);
}
