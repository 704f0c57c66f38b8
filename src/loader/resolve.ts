/**
 * TypeScript-style resolution, tried only after Node's own resolution failed: `./x.js` finds `./x.ts`
 * when there is no `./x.js` (also `.mjs`→`.mts`, `.cjs`→`.cts`, `.jsx`→`.tsx`), and `./x` finds `./x.ts`,
 * `./x.js`, …, `./x/index.ts`, … as tsx and TypeScript's `bundler` resolution allow. Only relative,
 * absolute and `file:` specifiers are rewritten; packages resolve as Node says.
 */
import Module from 'node:module';
import { dirname, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModule } from '../node-features.ts';

const { statSync } = builtinModule('node:fs');

const TYPESCRIPT_TWINS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};
const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mts', '.mjs', '.cts', '.cjs'];
const INDEX_SUFFIXES = EXTENSIONS.map((extension) => `/index${extension}`);
const SUFFIXES = [...EXTENSIONS, ...INDEX_SUFFIXES];
const PATH_LIKE = /^(\.\.?(\/|$)|\/|file:)/;

/** Error codes of "not found" from `import` (ESM), `require()` (CommonJS) and a directory import. */
const NOT_FOUND = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT']);

/**
 * The specifier to resolve after Node's resolution of `specifier` failed with `error`; rethrows `error`
 * when the failure is not "not found" or there is no TypeScript-style alternative.
 */
export function retrySpecifier(error: unknown, specifier: string, parentPath: string | undefined): string {
  const notFound = NOT_FOUND.has((error as { code?: unknown } | null)?.code as string);
  const alternative = notFound ? alternativeSpecifier(specifier, parentPath) : undefined;
  if (alternative === undefined) throw error;
  return alternative;
}

/**
 * The specifier to resolve instead of `specifier`, written the same way (relative stays relative), or
 * `undefined` when no TypeScript-style alternative exists. `parentPath` is the importing file.
 */
export function alternativeSpecifier(specifier: string, parentPath: string | undefined): string | undefined {
  if (!PATH_LIKE.test(specifier)) return undefined;
  const trimmed = specifier.length > 1 && specifier.endsWith('/') ? specifier.slice(0, -1) : specifier;
  let target: string;
  if (trimmed.startsWith('file:')) target = fileURLToPath(trimmed);
  else target = resolve(parentPath === undefined ? process.cwd() : dirname(parentPath), trimmed);

  const extension = extname(target);
  for (const replacement of TYPESCRIPT_TWINS[extension] ?? []) {
    if (isFile(target.slice(0, -extension.length) + replacement)) {
      return trimmed.slice(0, -extension.length) + replacement;
    }
  }
  // `./x.config` has an extension Node knows nothing of, so it counts as extensionless too.
  if (EXTENSIONS.includes(extension)) return undefined;
  const directoryOnly = /(^|\/)\.\.?$/.test(trimmed);
  for (const suffix of directoryOnly ? INDEX_SUFFIXES : SUFFIXES) {
    if (isFile(target + suffix)) return trimmed + suffix;
  }
  return undefined;
}

/** A parent module's path from the URL Node gives hooks (`undefined` for the entry point or a data: URL). */
export function parentPathOf(parentURL: string | undefined): string | undefined {
  return parentURL?.startsWith('file:') ? fileURLToPath(parentURL) : undefined;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

type ResolveFilename = (this: unknown, request: string, parent: { filename: string } | undefined, ...rest: unknown[]) => string;

/**
 * Makes `require()` resolve TypeScript-style (`./x` → `./x.ts`, `./x.js` → `./x.ts`) after Node's own
 * resolution fails. Also needed with `module.registerHooks` on Node 22: a CommonJS module whose source a
 * load hook gave is run by the ESM loader with a `require` that resolves without the resolve hook.
 */
export function retryCjsResolution(): void {
  const loader = Module as unknown as { _resolveFilename: ResolveFilename };
  const nodeResolveFilename = loader._resolveFilename;
  loader._resolveFilename = function (request, parent, ...rest) {
    try {
      return nodeResolveFilename.call(this, request, parent, ...rest);
    } catch (error) {
      return nodeResolveFilename.call(this, retrySpecifier(error, request, parent?.filename), parent, ...rest);
    }
  };
}
