/**
 * `hidden(asyncImpl, { sync })`: a function with a synchronous signature whose work is async. Inside a
 * green task, on a suspendable path, its twin yields the implementation's promise to the driver and
 * returns the settled value. Anywhere else it runs the `sync` implementation, or explains why it can't.
 */
import { invalidArgument } from '../errors.ts';
import { builtinModule } from '../node-features.ts';
import { callThroughBridge } from './bridge/index.ts';
import { contextError, sourcePosition, syncModeError } from './context-error.ts';
import { HiddenCall, type HiddenTarget } from './hidden-call.ts';
import { callSites } from './stack.ts';
import { currentTask } from './task-context.ts';
import { type AnyFunction, nameTwin, setTwin } from './twin.ts';

export interface HiddenOptions<F extends AnyFunction> {
  /** Synchronous implementation, used in `sync` mode and wherever the caller cannot suspend. */
  sync?: (this: ThisParameterType<F>, ...args: Parameters<F>) => Awaited<ReturnType<F>>;
  /**
   * Name shown in errors and stack traces (default: the implementation's name, else `anonymous (file:line:column)`
   * of where `hidden()` was called, worked out when first read).
   */
  name?: string;
}

/** Options of `hidden.fromModule()`. */
export interface FromModuleOptions {
  /** Name shown in errors and stack traces (default: the export's name). */
  name?: string;
  /** Longest a call through the blocking worker bridge may take, in ms (default 30 000). */
  bridgeTimeout?: number;
}

interface BridgeTarget {
  moduleUrl: string;
  exportName: string;
  timeout: number;
}

/** A hidden function: call it like a sync function in green code, or `.async()` it from async code. */
export type Hidden<F extends AnyFunction> = ((this: ThisParameterType<F>, ...args: Parameters<F>) => Awaited<ReturnType<F>>) & {
  /** Runs the async implementation directly: a promise, usable from any async code, no task needed. */
  async(this: ThisParameterType<F>, ...args: Parameters<F>): Promise<Awaited<ReturnType<F>>>;
  /** The async implementation. */
  readonly impl: F;
};

/** Where `hidden()` was called, as the call site gives it (compiled positions), and the directory then. */
interface DefinitionSite {
  file: string;
  line: number;
  column: number;
  cwd: string;
}

/**
 * The name of a hidden function whose implementation has none (`hidden(async () => …)`): where `hidden()`
 * was called, so that an error points at the definition. Only the call site is taken when `hidden()` runs;
 * mapping it back to the source waits until the name is first read, since the first source-map lookup of a
 * process costs 2–3 ms of startup (bench/README.md, "Startup").
 */
function definitionSite(): DefinitionSite | undefined {
  const site = callSites(createHidden, 1)[0];
  const file = site?.getFileName();
  if (site === undefined || !file) return undefined;
  return { file, line: site.getLineNumber() ?? 0, column: site.getColumnNumber() ?? 0, cwd: process.cwd() };
}

function nameAt(site: DefinitionSite | undefined): string {
  if (site === undefined) return 'anonymous';
  const position = sourcePosition(site.file, site.line, site.column);
  if (position.startsWith('data:')) return `anonymous (data: URL${/(:\d+:\d+)$/.exec(position)?.[1] ?? ''})`;
  const file = position.startsWith('file:') ? builtinModule('node:url').fileURLToPath(position) : position;
  const shown = builtinModule('node:path').relative(site.cwd, file);
  return `anonymous (${shown.startsWith('..') ? file : shown})`;
}

/** `fn.name` computed on first read, then kept as the usual data property. */
function nameLazily(fn: Function, nameOf: () => string): void {
  Object.defineProperty(fn, 'name', {
    configurable: true,
    get() {
      const value = nameOf();
      Object.defineProperty(fn, 'name', { value, configurable: true });
      return value;
    },
  });
}

/** Makes a hidden function from an async implementation. */
function makeHidden<F extends AnyFunction>(impl: F, options: HiddenOptions<F> = {}, bridge?: BridgeTarget): Hidden<F> {
  if (typeof impl !== 'function') throw invalidArgument('hidden()', 'the implementation', 'a function', impl);
  if (options === null || typeof options !== 'object') throw invalidArgument('hidden()', 'options', 'an object', options);
  const { sync } = options;
  if (sync !== undefined && typeof sync !== 'function') throw invalidArgument('hidden()', 'options.sync', 'a function', sync);
  const given = options.name ?? (impl.name || (bridge === undefined ? undefined : 'anonymous'));
  if (given !== undefined && typeof given !== 'string') throw invalidArgument('hidden()', 'options.name', 'a string', given);
  const site = given === undefined ? definitionSite() : undefined;
  let name = given;
  const nameOf = (): string => (name ??= nameAt(site));

  // The original: runs where nothing can suspend.
  const key = given ?? 'anonymous';
  const plain = {
    [key](this: unknown, ...args: unknown[]): unknown {
      if (sync !== undefined) return sync.apply(this as never, args as never);
      if (bridge !== undefined) return callThroughBridge(key, bridge.moduleUrl, bridge.exportName, args, bridge.timeout);
      throw contextError(nameOf(), currentTask(), plain);
    },
  }[key]! as Hidden<F>;

  // The twin: suspends the task (async mode) or runs the sync implementation in place (sync mode). It
  // returns a small iterator for the caller's `yield*` rather than a generator (hidden-call.ts).
  const target: HiddenTarget = {
    impl: impl as (...args: unknown[]) => unknown,
    wait: {
      kind: 'hidden',
      get name() {
        return nameOf();
      },
    },
    // In sync mode the call runs in place as the original does; only the error for neither differs.
    runSync: (thisArg, args) => {
      if (sync === undefined && bridge === undefined) throw syncModeError(nameOf());
      return plain.apply(thisArg as never, args as never);
    },
    plain: plain as unknown as (...args: unknown[]) => unknown,
  };
  const twin = function (this: unknown, ...args: unknown[]): Generator<unknown, unknown, unknown> {
    return new HiddenCall(target, this, args) as unknown as Generator<unknown, unknown, unknown>;
  };
  if (given !== undefined) setTwin(plain, nameTwin(twin, given));
  else {
    nameLazily(plain, nameOf);
    nameLazily(twin, nameOf);
    setTwin(plain, twin);
  }
  Object.defineProperty(plain, 'impl', { value: impl });
  Object.defineProperty(plain, 'async', {
    value: function (this: unknown, ...args: unknown[]): Promise<unknown> {
      try {
        return Promise.resolve(impl.apply(this, args));
      } catch (error) {
        return Promise.reject(error);
      }
    },
  });
  return plain;
}

function createHidden<F extends AnyFunction>(impl: F, options: HiddenOptions<F> = {}): Hidden<F> {
  return makeHidden(impl, options);
}

/**
 * A hidden function whose async implementation is the export `exportName` of the module at `moduleUrl`
 * (usually `import.meta.url`). Besides suspending green tasks like any hidden function, it can run where
 * nothing can suspend (sync mode, a getter, plain code) through the blocking worker bridge: the
 * implementation runs on a helper thread while the caller waits. Arguments and results are copied
 * between threads (structured clone) and `this` is not passed. Export the async implementation under
 * its own name, not the hidden function itself.
 */
export function hiddenFromModule(moduleUrl: string | URL, exportName: string, options: FromModuleOptions = {}): Hidden<(...args: any[]) => Promise<any>> {
  const url = moduleUrl instanceof URL ? moduleUrl.href : moduleUrl;
  if (typeof url !== 'string' || !/^(file|data):/.test(url)) throw invalidArgument('hidden.fromModule()', 'moduleUrl', 'a file: URL such as import.meta.url', moduleUrl);
  if (typeof exportName !== 'string' || exportName === '') throw invalidArgument('hidden.fromModule()', 'exportName', 'a non-empty string', exportName);
  const timeout = options.bridgeTimeout ?? 30_000;
  if (typeof timeout !== 'number' || !(timeout > 0)) throw new RangeError(`hidden.fromModule(): bridgeTimeout must be a positive number of ms, got ${String(timeout)}.`);
  const name = options.name ?? exportName;
  let loaded: Promise<(...args: unknown[]) => unknown> | undefined;
  const load = async (): Promise<(...args: unknown[]) => unknown> => {
    const found = ((await import(url)) as Record<string, unknown>)[exportName];
    if (typeof found === 'function' && (found as { [BRIDGED]?: unknown })[BRIDGED] !== undefined) {
      throw new TypeError(`hidden.fromModule(${JSON.stringify(exportName)}): that export is the hidden function itself. Export the async implementation under its own name and point fromModule at it.`);
    }
    const inner = typeof found === 'function' ? (found as { impl?: unknown }).impl : undefined;
    const impl = typeof inner === 'function' ? inner : found;
    if (typeof impl !== 'function') throw new TypeError(`hidden.fromModule(): ${url} has no export "${exportName}" that is a function.`);
    return impl as (...args: unknown[]) => unknown;
  };
  const impl = {
    async [name](...args: unknown[]): Promise<unknown> {
      return (await (loaded ??= load()))(...args);
    },
  }[name]!;
  const made = makeHidden(impl, { name }, { moduleUrl: url, exportName, timeout });
  Object.defineProperty(made, BRIDGED, { value: { moduleUrl: url, exportName } });
  return made;
}

const BRIDGED = Symbol('greenhack bridged');

/** `hidden(impl, options)`, and `hidden.fromModule(url, exportName, options)`. */
export interface HiddenFactory {
  /** Makes a hidden function from an async implementation. */
  <F extends AnyFunction>(impl: F, options?: HiddenOptions<F>): Hidden<F>;
  /** A hidden function that can also run through the blocking worker bridge (see `hiddenFromModule`). */
  fromModule: typeof hiddenFromModule;
}

export const hidden: HiddenFactory = Object.assign(createHidden, { fromModule: hiddenFromModule });
