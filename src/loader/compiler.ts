/**
 * What the loader does to one module, whichever hook mechanism asked: the green transform for files in
 * green scope, type stripping for other TypeScript (and JSX), nothing for other JavaScript. Compiled code
 * carries an inline source map back to the original text and is cached on disk; the compiler itself
 * (oxc, about 45 ms to load) is only loaded on a cache miss.
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { builtinModule, canRequireEsm } from '../node-features.ts';
import { ENTRY_ENV, PROTOCOL_VERSION } from '../shared/names.ts';
import type * as TransformApi from '../transform/index.ts';
import { openCompileCache, type CachedModule, type CompileCache } from './cache.ts';
import { moduleFormat, type ModuleFormat } from './package-info.ts';
import { createGreenScope, greenhackRoot, type GreenScope } from './scope.ts';

export type { ModuleFormat } from './package-info.ts';

const { readFileSync, realpathSync, statSync, writeSync } = builtinModule('node:fs');
export type TransformModule = typeof TransformApi;

/** A module the loader compiles: `green` (transform) or `strip` (types only). */
export interface CompileJob {
  filename: string;
  format: ModuleFormat;
  mode: 'green' | 'strip';
}

const JAVASCRIPT = /\.[cm]?jsx?$/;
const NEEDS_COMPILING = /\.([cm]?tsx?|jsx)$/;

/**
 * Identifies the compiler build, so that a rebuilt greenhack never reuses another build's output: the
 * version, the protocol, and when dist/ was built (the build rewrites it; npm gives installs a fixed mtime).
 */
function compilerStamp(): unknown[] {
  const pkg = JSON.parse(readFileSync(resolve(greenhackRoot, 'package.json'), 'utf8')) as { version: string };
  let built = 0;
  try {
    built = statSync(resolve(greenhackRoot, 'dist/transform/index.js')).mtimeMs;
  } catch {
    // Running from sources: the version alone identifies the compiler.
  }
  return [pkg.version, PROTOCOL_VERSION, built];
}

/** What becomes of a file in `scope`; shared with the ahead-of-time tools (precompile.ts) so they agree with the loader. */
export function jobIn(scope: GreenScope, filename: string): CompileJob | null {
  const green = (JAVASCRIPT.test(filename) || NEEDS_COMPILING.test(filename)) && scope.contains(filename);
  if (!green && !NEEDS_COMPILING.test(filename)) return null;
  return { filename, format: moduleFormat(filename), mode: green ? 'green' : 'strip' };
}

export class ModuleCompiler {
  readonly scope: GreenScope;
  readonly cache: CompileCache | null;
  /** Absolute path of the module compiled as a green task (`greenhack run`), if any. */
  readonly entry: string | undefined;
  private readonly stamp: unknown[];
  private readonly debug: Set<string>;
  private readonly reported = new Set<string>();

  constructor(cwd: string, env: NodeJS.ProcessEnv) {
    this.entry = env[ENTRY_ENV] ? realPath(resolve(cwd, env[ENTRY_ENV])) : undefined;
    this.scope = createGreenScope(cwd, this.entry);
    this.cache = openCompileCache(this.scope.appRoot, env);
    this.stamp = compilerStamp();
    this.debug = new Set((env.GREENHACK_DEBUG ?? '').split(/[\s,]+/));
  }

  /** The job for a module URL, or `null` when Node should load it untouched (not a file, or plain JS out of scope). */
  jobFor(url: string): CompileJob | null {
    if (!url.startsWith('file:')) return null;
    return this.jobForFile(fileURLToPath(url));
  }

  jobForFile(filename: string): CompileJob | null {
    return jobIn(this.scope, filename);
  }

  /** The code Node runs for the job, from the cache or compiled now, for a synchronous hook. */
  compileFile(job: CompileJob): string {
    const source = readFileSync(job.filename, 'utf8');
    const key = this.cacheKey(job, source);
    return this.cached(job, key) ?? this.compile(job, source, key, transformApiSync());
  }

  /** The same, for an asynchronous hook. */
  async compileFileAsync(job: CompileJob): Promise<string> {
    const source = readFileSync(job.filename, 'utf8');
    const key = this.cacheKey(job, source);
    return this.cached(job, key) ?? this.compile(job, source, key, await loadTransformApi());
  }

  /** The key of the job's cache entry, or `null` when caching is off. */
  private cacheKey(job: CompileJob, source: string): string | null {
    if (this.cache === null) return null;
    const options = { mode: job.mode, sourceType: job.format, entry: job.filename === this.entry };
    return this.cache.keyOf([...this.stamp, options, job.filename], source);
  }

  private cached(job: CompileJob, key: string | null): string | undefined {
    const hit = key === null ? undefined : this.cache?.get(key);
    if (hit) this.report(job, hit, 'cached');
    return hit?.code;
  }

  /** Compiles the job (throws `TransformError` on a syntax error) and caches the result. */
  private compile(job: CompileJob, source: string, key: string | null, api: TransformModule): string {
    const { filename, format, mode } = job;
    const result =
      mode === 'green'
        ? api.transform(source, { filename, sourceType: format, entry: filename === this.entry })
        : { ...api.stripTypes(source, { filename }), diagnostics: [] };
    const compiled: CachedModule = { code: withInlineSourceMap(result.code, result.map, filename), diagnostics: result.diagnostics };
    if (key !== null) this.cache?.set(key, compiled);
    this.report(job, compiled, 'compiled');
    return compiled.code;
  }

  /** `GREENHACK_DEBUG=transform`: the transform's warnings, once per file; `=loader`: each module's fate. */
  private report(job: CompileJob, compiled: CachedModule, how: 'cached' | 'compiled'): void {
    if (this.debug.has('loader')) {
      const entry = job.filename === this.entry ? ' entry' : '';
      writeSync(2, `greenhack: ${how} ${job.mode} ${job.format}${entry} ${job.filename}\n`);
    }
    if (!this.debug.has('transform') || compiled.diagnostics.length === 0 || this.reported.has(job.filename)) return;
    this.reported.add(job.filename);
    const lines = compiled.diagnostics.map((d) => `greenhack: ${d.filename}:${d.line}:${d.column}: ${d.message}\n`);
    writeSync(2, lines.join(''));
  }
}

let transformApi: TransformModule | undefined;

/** Loads the compiler on first use. */
export async function loadTransformApi(): Promise<TransformModule> {
  return (transformApi ??= await import('../transform/index.ts'));
}

/** Loads the compiler from a synchronous hook: by `require()` of ESM, or it must have been loaded before. */
function transformApiSync(): TransformModule {
  if (transformApi !== undefined) return transformApi;
  if (!canRequireEsm) throw new Error('greenhack: internal error: the compiler was not loaded before a synchronous hook needed it.');
  // The built file, as this module runs from dist/ (a literal '.ts' here would not be rewritten).
  return (transformApi = createRequire(import.meta.url)('../transform/index.js') as TransformModule);
}

/** Appends the map as a data URL, without `sourcesContent`: Node reads the original file when it needs it. */
function withInlineSourceMap(code: string, map: TransformApi.SourceMapObject | null, filename: string): string {
  if (map === null || map.mappings === '') return code;
  const { sourcesContent: _, ...rest } = map;
  const json = JSON.stringify({ ...rest, sources: [pathToFileURL(filename).href] });
  return `${code}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(json).toString('base64')}\n`;
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
