/**
 * Stacks that read like the synchronous program: an error thrown by a hidden function's async
 * implementation gets, after its own frames, the suspended chain of green frames that called it (each
 * once, without generator `.next` noise or runtime frames) and the place that started the task.
 */
import type { Task } from './task.ts';

/**
 * The runtime's directory (src/runtime/ or dist/runtime/): this file is there, alone or merged into
 * dist/runtime/bundle.js (scripts/merge-modules.mjs). Paths of the runtime's other files start from it.
 */
export const RUNTIME_DIR: string = new URL('.', import.meta.url).href;
const RUNTIME_PATH = RUNTIME_DIR.startsWith('file://') ? decodeURIComponent(new URL(RUNTIME_DIR).pathname) : RUNTIME_DIR;
const stitched = new WeakSet<object>();

/** Structured call sites above `below` (exclusive), as V8 records them. */
export function callSites(below: Function, limit = 200): NodeJS.CallSite[] {
  const savedPrepare = Error.prepareStackTrace;
  const savedLimit = Error.stackTraceLimit;
  Error.prepareStackTrace = (_error, sites) => sites;
  Error.stackTraceLimit = limit;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  try {
    Error.captureStackTrace(holder, below);
    return holder.stack ?? [];
  } finally {
    Error.prepareStackTrace = savedPrepare;
    Error.stackTraceLimit = savedLimit;
  }
}

/** A `.next`/`.throw`/`.return` frame: V8's generator resume builtin, which follows every generator frame. */
export function isGeneratorResume(site: NodeJS.CallSite): boolean {
  const name = site.getFunctionName();
  return !site.getFileName() && (name === 'next' || name === 'throw' || name === 'return');
}

/**
 * The driver of a twin-only closure (drive.ts). Known by its name among the runtime's frames, not by its
 * file: the build merges the runtime into one file (scripts/merge-modules.mjs).
 */
export function isDriveFrame(site: NodeJS.CallSite): boolean {
  return site.getFunctionName() === 'driveTwinOnlyClosure' && isRuntimeFrame(site);
}

/** A frame of greenhack's runtime (a twin of a hidden function or of a built-in, say). */
export function isRuntimeFrame(site: NodeJS.CallSite): boolean {
  const file = site.getFileName();
  return file !== undefined && file !== null && (file.startsWith(RUNTIME_DIR) || file.startsWith(RUNTIME_PATH));
}

/** Formatted stack lines ("    at …") above `below`, with high limit, source-mapped by Node when enabled. */
function stackLines(below: Function): string[] {
  const savedLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 200;
  const holder: { stack?: string } = {};
  try {
    Error.captureStackTrace(holder, below);
  } finally {
    Error.stackTraceLimit = savedLimit;
  }
  return framesOf(holder.stack);
}

function framesOf(stack: string | undefined): string[] {
  if (!stack) return [];
  return stack.split('\n').filter((line) => line.startsWith('    at '));
}

const NOISE = /^ {4}at (?:.*\.)?(?:next|throw|return) \(<anonymous>\)$|^ {4}at Generator\.(?:next|throw|return) |^ {4}at AsyncResource\.runInAsyncScope \(node:async_hooks:/;

/** Drops generator resume frames, greenhack's own frames and Node's internal frames. */
export function cleanFrames(lines: string[]): string[] {
  return lines.filter(
    (line) => !NOISE.test(line) && !line.includes(RUNTIME_DIR) && !line.includes(`(${RUNTIME_PATH}`) && !line.includes('(node:internal/') && !line.includes(' node:internal/'),
  );
}

/**
 * Appends the green frames suspended at this point (called from a hidden twin resumed with an error)
 * and the task's origin to `error.stack`, once.
 */
export function stitchStack(error: unknown, task: Task | undefined, below: Function): void {
  if (error === null || typeof error !== 'object' || stitched.has(error)) return;
  stitched.add(error);
  const own = (error as { stack?: unknown }).stack;
  if (typeof own !== 'string') return;
  const green = cleanFrames(stackLines(below));
  const origin = task?.origin ? cleanFrames(framesOf(task.origin.stack)) : [];
  const head = own.split('\n');
  // Keep the error's own frames, minus the driver frames that resumed it.
  const kept = head.filter((line) => !line.startsWith('    at ') || cleanFrames([line]).length === 1);
  // An implementation that throws before its first `await` ran inside the green frames' own step, so its
  // stack already holds them (and maybe the origin): add each part only if it is not there yet.
  const missing = (part: string[]): string[] => (part.length > 0 && kept.includes(part[0]!) ? [] : part);
  const stack = [...kept, ...missing(green), ...missing(origin)].join('\n');
  try {
    Object.defineProperty(error, 'stack', { value: stack, writable: true, configurable: true, enumerable: false });
  } catch {
    // A frozen error keeps its stack.
  }
}

/** Stack of `error` without greenhack's frames, for printing an uncaught error. */
export function cleanStack(error: unknown): string {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return String(error);
  const lines = error.stack.split('\n');
  return lines.filter((line) => !line.startsWith('    at ') || cleanFrames([line]).length === 1).join('\n');
}
