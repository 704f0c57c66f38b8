/**
 * Green scope: which files the loader compiles with the green transform. Everything else that is
 * TypeScript is only type-stripped, and plain JavaScript outside the scope is left as it is.
 *
 * In scope: the application's own files (under the app root, the directory of the nearest package.json
 * above the working directory, and not inside any node_modules), packages named in the app's
 * `"greenhack": { "include": [...] }`, and the entry module of `greenhack run`. Never in scope:
 * greenhack's own files, which are plain library code even when greenhack's repository is the app.
 */
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nearestPackage } from './package-info.ts';

/** greenhack's package root: this file is `<root>/dist/loader/scope.js`. */
export const greenhackRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const NODE_MODULES = `${sep}node_modules${sep}`;

export interface GreenScope {
  /** Directory of the app's package.json, or `null` when there is none above the working directory. */
  readonly appRoot: string | null;
  /** Whether the file (an absolute path) is compiled with the green transform. */
  contains(filename: string): boolean;
}

export function createGreenScope(cwd: string, entry: string | undefined): GreenScope {
  const app = nearestPackage(cwd);
  const appRoot = app?.dir ?? null;
  const appPrefix = appRoot === null ? null : appRoot.endsWith(sep) ? appRoot : appRoot + sep;
  const include = new Set(app?.include ?? []);
  // src/ too: tests and tools may import greenhack's sources directly, and the library is never green.
  const ownPrefixes = [join(greenhackRoot, 'dist') + sep, join(greenhackRoot, 'src') + sep];
  const decided = new Map<string, boolean>();

  function decide(filename: string): boolean {
    if (filename === entry) return true;
    if (ownPrefixes.some((prefix) => filename.startsWith(prefix))) return false;
    const lastNodeModules = filename.lastIndexOf(NODE_MODULES);
    if (lastNodeModules !== -1) {
      return include.has(packageName(filename.slice(lastNodeModules + NODE_MODULES.length)));
    }
    return appPrefix !== null && filename.startsWith(appPrefix);
  }

  return {
    appRoot,
    contains(filename) {
      let inScope = decided.get(filename);
      if (inScope === undefined) decided.set(filename, (inScope = decide(filename)));
      return inScope;
    },
  };
}

/** `pkg` of `pkg/lib/x.js`, `@scope/pkg` of `@scope/pkg/x.js`. */
function packageName(pathInNodeModules: string): string {
  const [first = '', second = ''] = pathInNodeModules.split(sep);
  return first.startsWith('@') ? `${first}/${second}` : first;
}
