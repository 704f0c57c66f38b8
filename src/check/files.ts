/**
 * Which files to read, and where an import specifier leads: a module of the program (ESM relative
 * imports, TypeScript's `.js` → `.ts` convention), one of greenhack's entry points, a Node built-in or a
 * package outside the green scope, or somewhere the checker does not follow.
 */
import { isBuiltin } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { nearestPackage } from '../loader/package-info.ts';
import { builtinModule } from '../node-features.ts';
import { MODULES } from './known-apis.ts';

const { readdirSync, statSync } = builtinModule('node:fs');

export const SOURCE_EXTENSIONS: readonly string[] = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const SKIP_DIRECTORIES = new Set(['node_modules', 'dist', 'build', 'coverage']);

export function isSourceFile(path: string): boolean {
  return SOURCE_EXTENSIONS.some((ext) => path.endsWith(ext)) && !/\.d\.[cm]?ts$/.test(path);
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** The source files under `path` (a file, or a directory walked without node_modules, dist and dot-directories). */
export function sourceFiles(path: string, out: string[] = []): string[] {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats?.isFile()) {
    out.push(path);
  } else if (stats?.isDirectory()) {
    for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIP_DIRECTORIES.has(entry.name)) sourceFiles(child, out);
      } else if (entry.isFile() && isSourceFile(entry.name)) out.push(child);
    }
  }
  return out;
}

export type Resolved = { kind: 'file'; path: string } | { kind: 'greenhack'; name: string } | { kind: 'untransformed'; name: string } | { kind: 'green-package'; name: string } | { kind: 'unknown' };

/** Where `specifier`, imported by the file `from`, leads. */
export function resolveSpecifier(specifier: string, from: string): Resolved {
  if (specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/')) {
    const path = resolveRelative(resolve(dirname(from), specifier));
    return path ? { kind: 'file', path } : { kind: 'unknown' };
  }
  if (specifier === 'greenhack' || specifier.startsWith('greenhack/')) return specifier in MODULES ? { kind: 'greenhack', name: specifier } : { kind: 'unknown' };
  if (isBuiltin(specifier)) return { kind: 'untransformed', name: specifier.startsWith('node:') ? specifier : `node:${specifier}` };
  if (specifier.startsWith('#')) return { kind: 'unknown' };
  const name = packageName(specifier);
  // Only a package that is installed counts as outside the green scope (a path alias is the app's own code).
  if (!installed(name, dirname(from))) return { kind: 'unknown' };
  const include = nearestPackage(dirname(from))?.include ?? [];
  return include.includes(name) ? { kind: 'green-package', name } : { kind: 'untransformed', name };
}

function resolveRelative(path: string): string | undefined {
  const candidates = [path];
  const js = /\.(m|c)?jsx?$/.exec(path);
  if (js) candidates.unshift(path.slice(0, -js[0].length) + `.${js[1] ?? ''}ts${js[0].endsWith('x') ? 'x' : ''}`);
  if (!SOURCE_EXTENSIONS.some((ext) => path.endsWith(ext))) {
    for (const ext of SOURCE_EXTENSIONS) candidates.push(path + ext);
    for (const ext of SOURCE_EXTENSIONS) candidates.push(join(path, `index${ext}`));
  }
  return candidates.find((candidate) => isFile(candidate) && isSourceFile(candidate));
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

function installed(name: string, dir: string): boolean {
  for (let current = dir; ; current = dirname(current)) {
    if (isFile(join(current, 'node_modules', name, 'package.json'))) return true;
    if (dirname(current) === current) return false;
  }
}
