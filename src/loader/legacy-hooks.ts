/**
 * The loader where `module.registerHooks` is missing (Node 20, Node 22 before 22.15). Two halves:
 * - `initialize`/`resolve`/`load`: hooks for `module.register`, run on Node's loader thread. They see
 *   only `import`, so CommonJS is handed back to Node's CommonJS loader on the main thread;
 * - `installCjsHooks`: patches that CommonJS loader on the main thread, as ts-node and @babel/register
 *   do, so that `require()` resolves and compiles the same way. `.ts`-family files and green-scope
 *   JavaScript are compiled; other JavaScript goes to Node's own handler untouched.
 * Also `wrapForeignCjsHandlers`, used with `module.registerHooks` when tsx or the like came first.
 */
import Module from 'node:module';
import { ModuleCompiler } from './compiler.ts';
import { parentPathOf, retryCjsResolution, retrySpecifier } from './resolve.ts';

export interface AsyncHooksData {
  cwd: string;
  env: Record<string, string | undefined>;
}

interface ResolveContext {
  parentURL?: string;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<{ url: string }>;
type NextLoad = (url: string, context?: object) => Promise<{ format?: string | null; source?: unknown }>;

let compiler: ModuleCompiler;

export function initialize(data: AsyncHooksData): void {
  compiler = new ModuleCompiler(data.cwd, data.env);
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<{ url: string }> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    return nextResolve(retrySpecifier(error, specifier, parentPathOf(context.parentURL)), context);
  }
}

export async function load(url: string, context: object, nextLoad: NextLoad): Promise<{ format?: string | null; source?: unknown; shortCircuit?: boolean }> {
  const job = compiler.jobFor(url);
  if (job === null) return nextLoad(url, context);
  // No source: Node then loads the file with its CommonJS loader on the main thread, through installCjsHooks.
  if (job.format === 'commonjs') return { format: 'commonjs', shortCircuit: true };
  return { format: 'module', source: await compiler.compileFileAsync(job), shortCircuit: true };
}

interface CjsModule {
  filename: string;
  _compile(code: string, filename: string, format?: string): unknown;
}
type ExtensionHandler = (this: unknown, module: CjsModule, filename: string) => void;
interface CjsLoaderInternals {
  _extensions: Record<string, ExtensionHandler>;
}

const COMPILED_EXTENSIONS = ['.js', '.ts', '.cts', '.mts', '.tsx', '.jsx'];

export function installCjsHooks(mainThreadCompiler: ModuleCompiler): void {
  const loader = Module as unknown as CjsLoaderInternals;
  const nodeJsHandler = loader._extensions['.js']!;

  const compileModule: ExtensionHandler = function (module, filename) {
    const job = mainThreadCompiler.jobForFile(filename);
    if (job === null) return nodeJsHandler.call(this, module, filename);
    // With format 'module', Node versions that can require() ESM compile the code as an ES module.
    module._compile(mainThreadCompiler.compileFile(job), filename, job.format);
  };
  // `.cjs` has no handler of its own: Node uses the '.js' one for it.
  for (const extension of COMPILED_EXTENSIONS) loader._extensions[extension] = compileModule;

  // Extensionless requests already find `.ts` files through the handlers above; `./x.js` → `./x.ts` needs this.
  retryCjsResolution();
}

/**
 * With `module.registerHooks`: wraps the `require()` handlers that a tool loaded before greenhack (tsx,
 * ts-node, @babel/register) installed for TypeScript. They read and compile the file themselves, so
 * greenhack's load hook never sees it: green-scope files are compiled here instead, others go to the tool.
 */
export function wrapForeignCjsHandlers(mainThreadCompiler: ModuleCompiler): void {
  const loader = Module as unknown as CjsLoaderInternals;
  for (const extension of ['.ts', '.cts', '.mts', '.tsx', '.jsx']) {
    const foreign = loader._extensions[extension];
    if (foreign === undefined) continue;
    loader._extensions[extension] = function (module, filename) {
      const job = mainThreadCompiler.jobForFile(filename);
      if (job === null || job.mode !== 'green') return foreign.call(this, module, filename);
      module._compile(mainThreadCompiler.compileFile(job), filename, job.format);
    };
  }
}
