/**
 * Deadlock detection. Node emits `beforeExit` when its event loop has nothing left to do: no timer, no
 * socket, no pending callback. If green tasks are then waiting on green primitives (`join`, `Event.wait`,
 * `Lock.acquire`, `Queue.get`, …), nothing can ever wake them: they are deadlocked. Instead of letting the
 * process exit with those tasks silently unfinished, each gets a `DeadlockError` thrown at its wait, which
 * names every waiting task and what it waits on. The tasks run on from there (a `catch` or `finally` can
 * react); if they wait again with nothing to wake them, the next `beforeExit` repeats this.
 *
 * Tasks waiting on a hidden call or a top-level `await` at that point are stuck too (their promise can no
 * longer settle), but a promise may still be settled by another `beforeExit` listener, so they are only
 * listed in the message.
 */
import { DeadlockError } from '../../errors.ts';
import { throwIntoWait } from '../task-interrupt.ts';
import { liveTasks } from '../task-registry.ts';
import { describeTask, listTasks } from './dump.ts';

/** Throws `DeadlockError` into every task that waits on a green primitive; returns how many. */
export function breakDeadlock(): number {
  const stuck = liveTasks().filter((task) => task.state === 'waiting' && task.wait?.kind === 'primitive');
  if (stuck.length === 0) return 0;
  const infos = listTasks().filter((info) => info.state === 'waiting');
  const waits = infos.map((info) => describeTask(info));
  const list = waits.map((line) => `  ${line}`).join('\n');
  let count = 0;
  for (const task of stuck) {
    const wait = task.wait!;
    const error = new DeadlockError(
      `task "${task.name}" (#${task.id}) waits on ${wait.name}() and nothing can wake it: every green task is waiting and the event loop has nothing else to do.\nWaiting tasks:\n${list}`,
      waits,
    );
    if (throwIntoWait(task, error)) count++;
  }
  return count;
}

/** Watches for deadlocks when the event loop runs dry. */
export function installDeadlockDetection(): void {
  process.on('beforeExit', () => {
    breakDeadlock();
  });
}
