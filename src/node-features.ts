/**
 * Every check of what the running Node version can do, in one place, so that supporting a new Node (or
 * dropping an old one) is an edit here and nowhere else.
 */
import module from 'node:module';
import { SuppressedErrorFallback } from './errors.ts';

/** The subset of `module.registerHooks` (Node >= 22.15 / 23.5) that the loader uses. */
export type RegisterHooks = (hooks: { resolve?: Function; load?: Function }) => unknown;

const registerHooksFn = (module as unknown as { registerHooks?: RegisterHooks }).registerHooks;

/**
 * `module.registerHooks`, when Node has it: synchronous hooks on the main thread that see `import` and
 * `require()` alike. Otherwise `undefined`, and the loader uses `module.register` (off-thread, ESM only)
 * plus its own CommonJS hook.
 */
export const registerSyncHooks: RegisterHooks | undefined = registerHooksFn?.bind(module);

/**
 * `require()` of an ES module works (Node >= 20.19 / 22.12): the loader can then load greenhack's own ESM
 * transform lazily from a synchronous hook instead of importing it up front.
 */
export const canRequireEsm: boolean = (process.features as { require_module?: boolean } | undefined)?.require_module === true;


/**
 * A built-in module without its ES module facade. `import … from 'node:fs'` builds a namespace of every
 * export (loading fs/promises with it), measured at 2–4 ms of startup, which `greenhack run` cannot
 * afford; `process.getBuiltinModule` (Node >= 20.16 / 22.3), or `require` before it, returns the module.
 */
export const builtinModule: typeof process.getBuiltinModule =
  typeof process.getBuiltinModule === 'function'
    ? process.getBuiltinModule.bind(process)
    : (module.createRequire(import.meta.url) as unknown as typeof process.getBuiltinModule);

/**
 * Turns on V8's on-disk code cache for modules loaded from now on (Node >= 22.1; a no-op before). Node's
 * documentation leaves this to applications and command-line tools; it saves `greenhack run` about 4 ms.
 */
export function enableCompileCache(): void {
  (module as unknown as { enableCompileCache?: () => unknown }).enableCompileCache?.();
}

/**
 * The `importModuleDynamically` of a `vm.Script` whose `import()` should work as in a module of the main
 * context (through Node's loader and greenhack's hooks, relative to the script's filename):
 * `vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER` (Node >= 20.12 / 21.7). Node calls it experimental and
 * warns once on first use; for the REPL, which is what uses it, the warning is noise and is dropped.
 * Older Nodes get a function resolving paths against the working directory.
 */
export function mainContextImporter(): symbol | ((specifier: string) => Promise<unknown>) {
  const vm = builtinModule('node:vm');
  const loader = (vm.constants as unknown as { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol } | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (loader === undefined) {
    const { pathToFileURL } = builtinModule('node:url');
    const { resolve } = builtinModule('node:path');
    return (specifier) => import(/^\.{0,2}\//.test(specifier) ? pathToFileURL(resolve(specifier)).href : specifier);
  }
  if (!droppingImporterWarning) {
    droppingImporterWarning = true;
    const emitWarning = process.emitWarning;
    process.emitWarning = function (warning: string | Error, ...rest: unknown[]): void {
      const text = typeof warning === 'string' ? warning : warning?.message;
      if (typeof text === 'string' && text.includes('USE_MAIN_CONTEXT_DEFAULT_LOADER')) return;
      return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
    } as typeof process.emitWarning;
  }
  return loader;
}
let droppingImporterWarning = false;

/**
 * The well-known symbols of explicit resource management. Node 20 defines both; where a runtime does
 * not, `Symbol.for('Symbol.dispose')` is what esbuild's and core-js's fallbacks agree on, so resources
 * made by code compiled with them are recognised.
 */
export const disposeSymbol: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose');
export const asyncDisposeSymbol: symbol = (Symbol as { asyncDispose?: symbol }).asyncDispose ?? Symbol.for('Symbol.asyncDispose');

type SuppressedErrorConstructor = new (error: unknown, suppressed: unknown, message?: string) => Error;
/** The global `SuppressedError` (Node >= 24), else greenhack's class of the same name and shape. */
export const SuppressedErrorClass: SuppressedErrorConstructor =
  (globalThis as { SuppressedError?: SuppressedErrorConstructor }).SuppressedError ?? SuppressedErrorFallback;
