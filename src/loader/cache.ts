/**
 * On-disk cache of compiled modules, so that a warm start never loads the compiler. One JSON file per
 * module, named by a hash of everything the output depends on; written atomically (temporary file, then
 * rename) so that concurrent processes never read half a file. Anything unreadable is a miss.
 */
import { join } from 'node:path';
import { builtinModule } from '../node-features.ts';
import type { Diagnostic } from '../transform/index.ts';

const { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } = builtinModule('node:fs');

export interface CachedModule {
  /** The code Node runs, inline source map included. */
  code: string;
  /** Warnings the transform gave for the module. */
  diagnostics: Diagnostic[];
}

export class CompileCache {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** A hash of `parts` (versions, options, filename) and the module's source. */
  keyOf(parts: readonly unknown[], source: string): string {
    return hash64(`${JSON.stringify(parts)}\0${source}`);
  }

  get(key: string): CachedModule | undefined {
    let text: string;
    try {
      text = readFileSync(this.fileOf(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as { key?: unknown; code?: unknown; diagnostics?: unknown };
      if (entry.key === key && typeof entry.code === 'string' && Array.isArray(entry.diagnostics)) {
        return { code: entry.code, diagnostics: entry.diagnostics as Diagnostic[] };
      }
    } catch {
      // A corrupt entry (truncated, edited by hand) is a miss; the caller compiles and overwrites it.
    }
    return undefined;
  }

  /** Best effort: a cache that cannot be written only costs speed. */
  set(key: string, value: CachedModule): void {
    const file = this.fileOf(key);
    const temporary = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
    try {
      writeFileSync(temporary, JSON.stringify({ key, code: value.code, diagnostics: value.diagnostics }));
      renameSync(temporary, file);
    } catch {
      rmSync(temporary, { force: true });
    }
  }

  private fileOf(key: string): string {
    return join(this.dir, `${key}.json`);
  }
}

/**
 * The cache under `<appRoot>/node_modules/.cache/greenhack/`, else under the system's temporary
 * directory; `null` when `GREENHACK_CACHE=0` or neither can be created.
 */
export function openCompileCache(appRoot: string | null, env: NodeJS.ProcessEnv): CompileCache | null {
  if (env.GREENHACK_CACHE === '0') return null;
  if (appRoot !== null) {
    const cache = cacheIn(join(appRoot, 'node_modules', '.cache', 'greenhack'));
    if (cache !== null) return cache;
  }
  // No app, or a read-only one: the system's temporary directory, one cache per user.
  return cacheIn(join(builtinModule('node:os').tmpdir(), `greenhack-cache-${process.getuid?.() ?? 'user'}`));
}

function cacheIn(dir: string): CompileCache | null {
  try {
    mkdirSync(dir, { recursive: true });
    return new CompileCache(dir);
  } catch {
    return null;
  }
}

/**
 * A 64-bit hash of a string (two 32-bit multiply-xorshift lanes, as in cyrb53), in plain JavaScript: loading
 * node:crypto costs 2–4 ms of startup, more than hashing a large module. Not cryptographic, and it needs
 * not be: a key names a file's content among that same file's versions.
 */
export function hash64(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0') + text.length.toString(16);
}
