/**
 * Seeing what tasks do: `listTasks()` and `dumpTasks()` describe every live task (id, name, state, age,
 * what it waits on, its suspended stack at the original source lines), like a goroutine dump. A running
 * process dumps on SIGUSR2 (`greenhack dump <pid>` sends it and prints the answer).
 */
import { builtinModule } from '../../node-features.ts';
import { cleanFrames } from '../stack.ts';
import type { Task } from '../task.ts';
import { currentTask } from '../task-context.ts';
import { liveTasks, taskClock } from '../task-registry.ts';
import type { TaskState } from '../task-state.ts';
import { suspendedStack } from '../task-waits.ts';

// Not `import … from 'node:fs'` and the like: their module namespaces cost every process startup time.
const { renameSync, writeFileSync, writeSync } = builtinModule('node:fs');
const { inspect } = builtinModule('node:util');

export interface TaskInfo {
  readonly id: number;
  readonly name: string;
  readonly state: TaskState;
  /** Milliseconds since the task was made. */
  readonly ageMs: number;
  /** The task that was running when it was made. */
  readonly parentId: number | undefined;
  /** `cancel()` was called and the task is being unwound. */
  readonly cancelled: boolean;
  /** What it waits on, when it is suspended at a hidden call or a green primitive. */
  readonly waitingOn: { readonly kind: 'hidden' | 'timer' | 'primitive'; readonly name: string; readonly args: string; readonly detail: string | undefined } | undefined;
  /** Its green frames, innermost first (`at fn (file.ts:line:column)`), when suspended or running now. */
  readonly stack: readonly string[];
  /** Where it was started (first frame of its origin), when task origins are recorded. */
  readonly startedAt: string | undefined;
}

/** A short, one-line rendering of a call's arguments. */
export function summarizeArgs(args: readonly unknown[] | undefined): string {
  if (args === undefined) return '';
  const parts = args.map((arg) => {
    const text = inspect(arg, { depth: 0, maxArrayLength: 3, maxStringLength: 40, breakLength: Infinity, compact: true, colors: false });
    return text.length > 48 ? `${text.slice(0, 47)}…` : text;
  });
  const joined = parts.join(', ');
  return joined.length > 120 ? `${joined.slice(0, 119)}…` : joined;
}

/** The stack of the running task `task` (the current one), from the caller of the dump down to its driver. */
function runningStack(): string[] {
  const savedLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 200;
  const holder: { stack?: string } = {};
  try {
    Error.captureStackTrace(holder, listTasks);
  } finally {
    Error.stackTraceLimit = savedLimit;
  }
  const lines = (holder.stack ?? '').split('\n').filter((line) => line.startsWith('    at '));
  const end = lines.findIndex((line) => /\bTask\.step\b|\bTask\.start\b/.test(line));
  return end === -1 ? lines : lines.slice(0, end);
}

function framesOf(task: Task, now: Task | undefined): string[] {
  if (task === now) return cleanFrames(runningStack()).map((line) => line.trim());
  return cleanFrames(suspendedStack(task) ?? []).map((line) => line.trim());
}

/** Every live task, oldest first. */
export function listTasks(): TaskInfo[] {
  const now = currentTask();
  const clock = taskClock();
  return liveTasks().map((task) => {
    const wait = task.state === 'waiting' ? task.wait : undefined;
    const origin = task.origin?.stack ? cleanFrames(task.origin.stack.split('\n').filter((line) => line.startsWith('    at ')))[0] : undefined;
    return {
      id: task.id,
      name: task.name,
      state: task.state,
      ageMs: Math.max(0, Math.round(clock - task.createdAt)),
      parentId: task.parent?.id,
      cancelled: task.cancelled,
      waitingOn: wait && { kind: wait.kind, name: wait.name, args: summarizeArgs(task.waitArgs), detail: wait.detail?.() },
      stack: framesOf(task, now),
      startedAt: origin?.trim().replace(/^at /, ''),
    };
  });
}

function age(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** One line: what the task is doing. */
export function describeTask(info: TaskInfo): string {
  let line = `#${info.id} "${info.name}" ${info.cancelled ? 'cancelled, unwinding, ' : ''}${info.state} ${age(info.ageMs)}`;
  const wait = info.waitingOn;
  if (wait !== undefined) line += ` on ${wait.kind === 'hidden' ? 'hidden ' : ''}${wait.name}(${wait.args})${wait.detail ? `: ${wait.detail}` : ''}`;
  else if (info.state === 'waiting') line += ' on a promise (top-level await)';
  if (info.parentId !== undefined) line += ` [started by #${info.parentId}]`;
  return line;
}

/**
 * A text dump of every live task, oldest first: a header line, then per task a line with id, name, state,
 * age and what it waits on, its green stack (`    at …`, innermost first) and where it was started.
 */
export function dumpTasks(): string {
  const infos = listTasks();
  const out = [`greenhack: ${infos.length} live task${infos.length === 1 ? '' : 's'} (pid ${process.pid}, Node ${process.version}, ${new Date().toISOString()})`];
  for (const info of infos) {
    out.push('', describeTask(info));
    for (const frame of info.stack) out.push(`    ${frame}`);
    if (info.startedAt !== undefined) out.push(`    started at ${info.startedAt}`);
  }
  return `${out.join('\n')}\n`;
}

/** Where a process writes its dump for `greenhack dump <pid>`. */
export function dumpFile(pid: number): string {
  return `${builtinModule('node:os').tmpdir()}/greenhack-dump-${pid}.txt`;
}

/** The signal that makes this process dump its tasks: `GREENHACK_DUMP_SIGNAL` (default SIGUSR2; `off` disables). */
function dumpSignal(): NodeJS.Signals | undefined {
  const value = process.env.GREENHACK_DUMP_SIGNAL;
  if (value === 'off' || value === '0' || value === 'false') return undefined;
  return (value || 'SIGUSR2') as NodeJS.Signals;
}

/** Dumps to stderr and to `dumpFile(pid)` when the dump signal arrives. The listener does not keep the process alive. */
export function installDumpSignal(): void {
  const signal = dumpSignal();
  if (signal === undefined || process.platform === 'win32') return;
  try {
    process.on(signal, () => {
      const text = dumpTasks();
      try {
        writeSync(2, text);
      } catch {
        // stderr closed: the file still gets it.
      }
      const file = dumpFile(process.pid);
      const staging = `${file}.${Math.random().toString(36).slice(2)}`;
      try {
        writeFileSync(staging, text, { mode: 0o600 });
        renameSync(staging, file);
      } catch {
        // No writable temp directory: stderr has it.
      }
    });
  } catch (error) {
    process.emitWarning(`greenhack: cannot listen for ${signal} (GREENHACK_DUMP_SIGNAL): ${(error as Error).message}`);
  }
}
