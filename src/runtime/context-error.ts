/**
 * Why a hidden call could not suspend, in words a user can act on. Runs only on the error path: it
 * reads the real stack to find the frame between the green chain and the hidden call.
 */
import { GreenContextError } from '../errors.ts';
import { builtinModule } from '../node-features.ts';
import { drivesOnStack } from './drive.ts';
import { callSites, isDriveFrame, isGeneratorResume, isRuntimeFrame } from './stack.ts';
import type { Task } from './task.ts';

const greenFiles = new Set<string>();

/** Called by each compiled module: its frames belong to green scope. */
export function registerGreenFile(file: string): void {
  greenFiles.add(file);
}

type FrameKind = 'getter' | 'setter' | 'constructor' | 'native' | 'untransformed' | 'generator' | 'plain';

const REMEDY: Record<FrameKind, string> = {
  getter: 'Getters cannot suspend: turn the getter into a method, or read the value before the getter runs.',
  setter: 'Setters cannot suspend: turn the setter into a method.',
  constructor: 'Constructors cannot suspend: do the hidden call in a static factory method or after `new`.',
  native: 'This built-in has no green version, so its callbacks cannot suspend: use a loop, or a method greenhack supports (map, forEach, filter, reduce, find, some, every, flatMap, Array.from, Map/Set forEach, call, apply).',
  untransformed: 'That module is outside the green scope: add its package to "greenhack": { "include": [...] } in package.json, or call the hidden function from green code.',
  generator: 'Generator and async function bodies are not green: from async code use `await fn.async(...)`.',
  plain: 'That function runs without a green twin (an async or generator body, a class field initialiser, a parameter default, or a function called before its module finished loading): move the call into an ordinary function body.',
};

function describe(site: NodeJS.CallSite): string {
  const type = site.getTypeName();
  const fn = site.getFunctionName() ?? '<anonymous>';
  const name = site.isNative() || !site.getFileName() ? (type ? `${type}.prototype.${fn}` : fn) : fn;
  const file = site.getFileName();
  return file ? `${name} (${sourcePosition(file, site.getLineNumber() ?? 0, site.getColumnNumber() ?? 0)})` : name;
}

/** `file:line:column` in the source the user wrote: call sites give compiled positions, unlike `error.stack`. */
export function sourcePosition(file: string, line: number, column: number): string {
  try {
    const entry = builtinModule('node:module').findSourceMap(file)?.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
    if (entry?.originalSource !== undefined && entry.originalLine !== undefined && entry.originalColumn !== undefined) {
      return `${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    }
  } catch {
    // No source map for this file (untransformed code): its own positions are the source's.
  }
  return `${file}:${line}:${column}`;
}

function classify(site: NodeJS.CallSite): FrameKind {
  const name = site.getFunctionName() ?? '';
  const file = site.getFileName();
  if (site.isConstructor()) return 'constructor';
  if (name.startsWith('get ')) return 'getter';
  if (name.startsWith('set ')) return 'setter';
  if (!file || file.startsWith('node:') || site.isNative()) return 'native';
  if (!greenFiles.has(file)) return 'untransformed';
  return 'plain';
}

/** The error for a hidden call made in `sync` mode when the function has no `sync` implementation. */
export function syncModeError(name: string): GreenContextError {
  return new GreenContextError(
    `hidden function "${name}" was called in sync mode (GREENHACK_MODE=sync or configure({ mode: 'sync' })), and it has no \`sync\` implementation. Pass { sync } to hidden(), make it worker-capable with hidden.fromModule() (the blocking bridge), or run in async mode.`,
    name,
    'sync-mode',
  );
}

/** The error for a hidden call (`plainFn`, the hidden function's original) that could not suspend. */
export function contextError(name: string, task: Task | undefined, plainFn: Function): GreenContextError {
  const label = `hidden function "${name}"`;
  const noSync = 'and it has no `sync` implementation';
  if (!task) {
    return new GreenContextError(
      `${label} was called outside a green task, ${noSync}. Run the calling code in a green task (asAsync(fn), startLoop(main), or \`greenhack run\`), use \`await ${name}.async(...)\` from async code, pass { sync } to hidden(), or make it worker-capable with hidden.fromModule() so that it runs on the blocking bridge.`,
      name,
      'outside-task',
    );
  }
  const { kind, where } = boundaryOf(plainFn);
  return new GreenContextError(
    `${label} cannot suspend green task "${task.name}": it was reached${where}, which cannot suspend, ${noSync}. ${REMEDY[kind]} Or pass { sync } to hidden(), or make it worker-capable with hidden.fromModule().`,
    name,
    kind,
  );
}

/**
 * The error for a green primitive of the toolkit (`sleep`, `Event.wait`, `task.join`, …; `plainFn` is the
 * function that was called) used where it cannot wait: outside any green task, or under a frame that
 * cannot suspend. `fromAsync` says what async code can do instead.
 */
export function primitiveContextError(name: string, task: Task | undefined, plainFn: Function, fromAsync: string): GreenContextError {
  if (!task) {
    return new GreenContextError(
      `${name} waits in a green task, and was called outside one. Call it from green code running in a task (asAsync(fn), spawn(fn), startLoop(main), or \`greenhack run\`); ${fromAsync}`,
      name,
      'outside-task',
    );
  }
  const { kind, where } = boundaryOf(plainFn);
  return new GreenContextError(`${name} cannot suspend green task "${task.name}": it was reached${where}, which cannot suspend. ${REMEDY[kind]}`, name, kind);
}

/**
 * The stack as a plain call of the driven closures would have had it (drive.ts): above the outermost
 * wrapper driving the running code, their twins' frames stand for their originals, so generator resumes
 * and runtime frames go. (Drives further down belong to another task, below its own green frames.)
 */
function withoutDrivenFrames(sites: NodeJS.CallSite[]): NodeJS.CallSite[] {
  let drives = drivesOnStack();
  if (drives === 0) return sites;
  let outermost = -1;
  for (let i = 0; i < sites.length && drives > 0; i++) {
    if (!isDriveFrame(sites[i]!)) continue;
    drives--;
    // The driver, then the wrapper that called it (a runtime frame too).
    outermost = i + 1 < sites.length && isRuntimeFrame(sites[i + 1]!) ? i + 1 : i;
  }
  if (outermost < 0) return sites;
  const kept = sites.slice(0, outermost + 1).filter((site) => !isGeneratorResume(site) && !isRuntimeFrame(site));
  return [...kept, ...sites.slice(outermost + 1)];
}

/** The frame between the green chain and `plainFn` that could not suspend, and why. */
function boundaryOf(plainFn: Function): { kind: FrameKind; where: string } {
  const sites = withoutDrivenFrames(callSites(plainFn));
  let kind: FrameKind;
  let boundary: NodeJS.CallSite | undefined;
  if (sites.length > 1 && isGeneratorResume(sites[1]!)) {
    kind = 'generator';
    boundary = sites[0];
  } else {
    // Between the hidden call and the nearest green (generator) frame, the outermost frame that is a
    // getter, constructor, native or untransformed function is the reason; else the frame below the green one.
    const found = sites.findIndex((site, i) => i > 0 && sites[i + 1] !== undefined && isGeneratorResume(sites[i + 1]!));
    const green = found > 0 ? found : sites.length;
    kind = 'plain';
    boundary = sites[green - 1];
    for (let i = green - 1; i >= 0; i--) {
      const frameKind = classify(sites[i]!);
      if (frameKind !== 'plain') {
        kind = frameKind;
        boundary = sites[i];
        break;
      }
    }
  }
  const where = boundary ? ` ${kind === 'native' ? 'through the native callback caller' : 'through the ' + kind} ${describe(boundary)}` : '';
  return { kind, where };
}
