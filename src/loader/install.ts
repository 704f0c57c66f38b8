/**
 * Installs greenhack's loader into this process, with whichever hook mechanism the running Node has:
 * `module.registerHooks` (synchronous, on this thread, sees `import` and `require()` alike), or else the
 * two halves in legacy-hooks.ts.
 */
import module from 'node:module';
import { canRequireEsm, registerSyncHooks } from '../node-features.ts';
import { loadTransformApi, ModuleCompiler } from './compiler.ts';
import type { AsyncHooksData } from './legacy-hooks.ts';
import { parentPathOf, retryCjsResolution, retrySpecifier } from './resolve.ts';

const INSTALLED = Symbol.for('greenhack.loader');
const TYPESCRIPT_HANDLERS = ['.ts', '.cts', '.mts', '.tsx', '.jsx'];

/** Idempotent: a second copy of greenhack (or a second `--import`) finds the loader already in place. */
export async function installLoader(): Promise<void> {
  const global = globalThis as { [INSTALLED]?: boolean };
  if (global[INSTALLED]) return;
  global[INSTALLED] = true;
  // Stack traces then follow the inline source maps back to the original TypeScript.
  process.setSourceMapsEnabled(true);
  const compiler = new ModuleCompiler(process.cwd(), process.env);
  if (registerSyncHooks !== undefined) {
    registerSyncHooks(createSyncHooks(compiler));
    retryCjsResolution();
    // Only when another tool installed require() handlers first (a tsx or ts-node user): no extra module otherwise.
    if (TYPESCRIPT_HANDLERS.some((extension) => extension in (module as unknown as { _extensions: object })._extensions)) {
      (await import('./legacy-hooks.ts')).wrapForeignCjsHandlers(compiler);
    }
    return;
  }
  // The CommonJS hook compiles synchronously: without require(esm) the compiler must be loaded up front.
  if (!canRequireEsm) await loadTransformApi();
  // Imported before `module.register`: after it, every import is a round trip to the hooks thread.
  const { installCjsHooks } = await import('./legacy-hooks.ts');
  const data: AsyncHooksData = { cwd: process.cwd(), env: { ...process.env } };
  module.register(new URL('./hooks-thread.js', import.meta.url), { data });
  installCjsHooks(compiler);
}

interface ResolveContext {
  parentURL?: string;
}
interface LoadResult {
  format?: string | null;
  source?: string | ArrayBufferLike | ArrayBufferView | null;
  shortCircuit?: boolean;
}

/** Hooks for `module.registerHooks`. */
function createSyncHooks(compiler: ModuleCompiler) {
  return {
    resolve(specifier: string, context: ResolveContext, nextResolve: (specifier: string, context?: ResolveContext) => { url: string }) {
      try {
        return nextResolve(specifier, context);
      } catch (error) {
        return nextResolve(retrySpecifier(error, specifier, parentPathOf(context.parentURL)), context);
      }
    },

    load(url: string, context: object, nextLoad: (url: string, context?: object) => LoadResult): LoadResult {
      const job = compiler.jobFor(url);
      if (job === null) return nextLoad(url, context);
      return { format: job.format, source: compiler.compileFile(job), shortCircuit: true };
    },
  };
}
