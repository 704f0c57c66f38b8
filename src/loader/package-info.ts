/**
 * Nearest-package.json lookups, memoised per directory: the module format of a file (as Node decides it)
 * and the app's `"greenhack"` settings.
 */
import { dirname, join } from 'node:path';
import { builtinModule } from '../node-features.ts';

const { readFileSync } = builtinModule('node:fs');

export type ModuleFormat = 'module' | 'commonjs';

export interface PackageInfo {
  /** Directory holding the package.json. */
  dir: string;
  /** The `"type"` field, if it is a string. */
  type: string | undefined;
  /** `"greenhack": { "include": [...] }`: packages compiled into green scope. */
  include: string[];
}

const byDirectory = new Map<string, PackageInfo | null>();

/** The package.json in `dir` or the closest directory above it, or `null` when there is none. */
export function nearestPackage(dir: string): PackageInfo | null {
  const known = byDirectory.get(dir);
  if (known !== undefined) return known;
  const json = readPackageJson(join(dir, 'package.json'));
  let info: PackageInfo | null;
  if (json !== undefined) {
    const include = (json.greenhack as { include?: unknown } | undefined)?.include;
    info = {
      dir,
      type: typeof json.type === 'string' ? json.type : undefined,
      include: Array.isArray(include) ? include.filter((name): name is string => typeof name === 'string') : [],
    };
  } else {
    const parent = dirname(dir);
    info = parent === dir ? null : nearestPackage(parent);
  }
  byDirectory.set(dir, info);
  return info;
}

/**
 * Format of a JavaScript or TypeScript file: `.mts`/`.mjs` are ES modules, `.cts`/`.cjs` CommonJS, and
 * anything else follows the nearest package.json `"type"` (CommonJS when it is absent, as in Node 20).
 */
export function moduleFormat(filename: string): ModuleFormat {
  if (/\.m[jt]s$/.test(filename)) return 'module';
  if (/\.c[jt]s$/.test(filename)) return 'commonjs';
  return nearestPackage(dirname(filename))?.type === 'module' ? 'module' : 'commonjs';
}

/** The parsed object, `{}` for a file that is not a JSON object, `undefined` when there is no file. */
function readPackageJson(path: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
