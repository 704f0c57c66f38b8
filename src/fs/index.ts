/**
 * `greenhack/fs`: the common `fs/promises` calls as hidden functions.
 *
 * ```ts
 * import { readFile, writeFile } from 'greenhack/fs'
 * const config = JSON.parse(readFile('config.json', 'utf8'))   // suspends the green task, not the process
 * ```
 *
 * In a green task each call suspends the task while `fs/promises` works. Everywhere else (sync mode,
 * outside tasks, under frames that cannot suspend) the `fs.*Sync` twin of the call runs in place, so the
 * same code also works as a plain sync program. `readFile` and `writeFile` are aborted when their task is
 * cancelled.
 */
import type { Dirent, MakeDirectoryOptions, Mode, ObjectEncodingOptions, OpenMode, PathLike, RmOptions, StatOptions, Stats, BigIntStats, CopyOptions, TimeLike } from 'node:fs';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { currentSignal, hidden } from '../index.ts';

/** A hidden function with one signature: `(...args) => R` in green code, `.async(...args)` a promise. */
export interface HiddenFs<A extends unknown[], R> {
  (...args: A): R;
  async(...args: A): Promise<R>;
}

type Data = string | Uint8Array;
type WriteOptions = (ObjectEncodingOptions & { mode?: Mode; flag?: OpenMode; flush?: boolean }) | BufferEncoding | null;

export interface ReadFile {
  (path: PathLike, options?: { encoding?: null; flag?: OpenMode } | null): Buffer;
  (path: PathLike, options: { encoding: BufferEncoding; flag?: OpenMode } | BufferEncoding): string;
  (path: PathLike, options?: { encoding?: BufferEncoding | null; flag?: OpenMode } | BufferEncoding | null): string | Buffer;
  async: typeof fsp.readFile;
}

export interface Readdir {
  (path: PathLike, options?: { encoding?: BufferEncoding | null; withFileTypes?: false; recursive?: boolean } | BufferEncoding | null): string[];
  (path: PathLike, options: { encoding?: BufferEncoding | null; withFileTypes: true; recursive?: boolean }): Dirent[];
  async: typeof fsp.readdir;
}

export interface Stat {
  (path: PathLike, options?: StatOptions & { bigint?: false }): Stats;
  (path: PathLike, options: StatOptions & { bigint: true }): BigIntStats;
  async: typeof fsp.stat;
}

export interface Mkdir {
  (path: PathLike, options: MakeDirectoryOptions & { recursive: true }): string | undefined;
  (path: PathLike, options?: Mode | (MakeDirectoryOptions & { recursive?: false }) | null): void;
  async: typeof fsp.mkdir;
}

/** Adds the calling task's AbortSignal to the options of a call that takes one. */
function withSignal<O>(options: O): O | (Exclude<O, string | null | undefined> & { signal: AbortSignal }) {
  const signal = currentSignal();
  if (signal === undefined) return options;
  if (options === undefined || options === null) return { signal } as never;
  if (typeof options === 'string') return { encoding: options, signal } as never;
  return { ...options, signal } as never;
}

/** Reads a whole file: a Buffer, or a string when an encoding is given. */
export const readFile: ReadFile = hidden((path: PathLike, options?: Parameters<typeof fsp.readFile>[1]) => fsp.readFile(path, withSignal(options) as never), {
  name: 'readFile',
  sync: (path: PathLike, options?: Parameters<typeof fsp.readFile>[1]) => fs.readFileSync(path, options as never),
}) as never;

/** Writes a whole file (replacing it). */
export const writeFile: HiddenFs<[path: PathLike, data: Data, options?: WriteOptions], void> = hidden(
  (path: PathLike, data: Data, options?: WriteOptions) => fsp.writeFile(path, data, withSignal(options) as never),
  { name: 'writeFile', sync: (path: PathLike, data: Data, options?: WriteOptions) => fs.writeFileSync(path, data, options as never) },
);

/** Appends to a file (creating it). */
export const appendFile: HiddenFs<[path: PathLike, data: Data, options?: WriteOptions], void> = hidden((path: PathLike, data: Data, options?: WriteOptions) => fsp.appendFile(path, data, options), {
  name: 'appendFile',
  sync: (path: PathLike, data: Data, options?: WriteOptions) => fs.appendFileSync(path, data, options as never),
});

/** The names in a directory (or `Dirent`s with `withFileTypes: true`). */
export const readdir: Readdir = hidden((path: PathLike, options?: unknown) => fsp.readdir(path, options as never), {
  name: 'readdir',
  sync: (path: PathLike, options?: unknown) => fs.readdirSync(path, options as never) as never,
}) as never;

/** File information, following symbolic links. */
export const stat: Stat = hidden((path: PathLike, options?: StatOptions) => fsp.stat(path, options), {
  name: 'stat',
  sync: (path: PathLike, options?: StatOptions) => fs.statSync(path, options)!,
}) as never;

/** File information about a symbolic link itself. */
export const lstat: Stat = hidden((path: PathLike, options?: StatOptions) => fsp.lstat(path, options), {
  name: 'lstat',
  sync: (path: PathLike, options?: StatOptions) => fs.lstatSync(path, options)!,
}) as never;

/** True if `path` exists (and is visible to this process). */
export const exists: HiddenFs<[path: PathLike], boolean> = hidden(
  (path: PathLike) =>
    fsp.access(path).then(
      () => true,
      () => false,
    ),
  { name: 'exists', sync: (path: PathLike) => fs.existsSync(path) },
);

/** Checks access (`fs.constants.R_OK`, …); throws if denied or missing. */
export const access: HiddenFs<[path: PathLike, mode?: number], void> = hidden((path: PathLike, mode?: number) => fsp.access(path, mode), {
  name: 'access',
  sync: (path: PathLike, mode?: number) => fs.accessSync(path, mode),
});

/** Makes a directory (`{ recursive: true }` makes parents too, and returns the first one made). */
export const mkdir: Mkdir = hidden((path: PathLike, options?: Mode | MakeDirectoryOptions | null) => fsp.mkdir(path, options), {
  name: 'mkdir',
  sync: (path: PathLike, options?: Mode | MakeDirectoryOptions | null) => fs.mkdirSync(path, options),
}) as never;

/** Makes a new directory named `prefix` + six random characters; returns its path. */
export const mkdtemp: HiddenFs<[prefix: string], string> = hidden((prefix: string) => fsp.mkdtemp(prefix), {
  name: 'mkdtemp',
  sync: (prefix: string) => fs.mkdtempSync(prefix),
});

/** Removes a file or (with `{ recursive: true }`) a directory tree; `{ force: true }` ignores a missing path. */
export const rm: HiddenFs<[path: PathLike, options?: RmOptions], void> = hidden((path: PathLike, options?: RmOptions) => fsp.rm(path, options), {
  name: 'rm',
  sync: (path: PathLike, options?: RmOptions) => fs.rmSync(path, options),
});

/** Removes an empty directory. */
export const rmdir: HiddenFs<[path: PathLike], void> = hidden((path: PathLike) => fsp.rmdir(path), { name: 'rmdir', sync: (path: PathLike) => fs.rmdirSync(path) });

/** Removes a file or symbolic link. */
export const unlink: HiddenFs<[path: PathLike], void> = hidden((path: PathLike) => fsp.unlink(path), { name: 'unlink', sync: (path: PathLike) => fs.unlinkSync(path) });

/** Renames (moves) a file or directory. */
export const rename: HiddenFs<[oldPath: PathLike, newPath: PathLike], void> = hidden((oldPath: PathLike, newPath: PathLike) => fsp.rename(oldPath, newPath), {
  name: 'rename',
  sync: (oldPath: PathLike, newPath: PathLike) => fs.renameSync(oldPath, newPath),
});

/** Copies a file (`mode`: `fs.constants.COPYFILE_EXCL`, …). */
export const copyFile: HiddenFs<[source: PathLike, destination: PathLike, mode?: number], void> = hidden(
  (source: PathLike, destination: PathLike, mode?: number) => fsp.copyFile(source, destination, mode),
  { name: 'copyFile', sync: (source: PathLike, destination: PathLike, mode?: number) => fs.copyFileSync(source, destination, mode) },
);

/** Copies a file or (with `{ recursive: true }`) a directory tree. */
export const cp: HiddenFs<[source: string | URL, destination: string | URL, options?: CopyOptions], void> = hidden(
  (source: string | URL, destination: string | URL, options?: CopyOptions) => fsp.cp(source, destination, options),
  { name: 'cp', sync: (source: string | URL, destination: string | URL, options?: CopyOptions) => fs.cpSync(source, destination, options as never) },
);

/** The canonical absolute path (symbolic links resolved). */
export const realpath: HiddenFs<[path: PathLike], string> = hidden((path: PathLike) => fsp.realpath(path), { name: 'realpath', sync: (path: PathLike) => fs.realpathSync(path) });

/** The target of a symbolic link. */
export const readlink: HiddenFs<[path: PathLike], string> = hidden((path: PathLike) => fsp.readlink(path), { name: 'readlink', sync: (path: PathLike) => fs.readlinkSync(path) });

/** Makes a symbolic link at `path` pointing to `target`. */
export const symlink: HiddenFs<[target: PathLike, path: PathLike, type?: 'dir' | 'file' | 'junction'], void> = hidden(
  (target: PathLike, path: PathLike, type?: 'dir' | 'file' | 'junction') => fsp.symlink(target, path, type),
  { name: 'symlink', sync: (target: PathLike, path: PathLike, type?: 'dir' | 'file' | 'junction') => fs.symlinkSync(target, path, type) },
);

/** Makes a hard link. */
export const link: HiddenFs<[existingPath: PathLike, newPath: PathLike], void> = hidden((existingPath: PathLike, newPath: PathLike) => fsp.link(existingPath, newPath), {
  name: 'link',
  sync: (existingPath: PathLike, newPath: PathLike) => fs.linkSync(existingPath, newPath),
});

/** Changes permissions. */
export const chmod: HiddenFs<[path: PathLike, mode: Mode], void> = hidden((path: PathLike, mode: Mode) => fsp.chmod(path, mode), { name: 'chmod', sync: (path: PathLike, mode: Mode) => fs.chmodSync(path, mode) });

/** Changes access and modification times. */
export const utimes: HiddenFs<[path: PathLike, atime: TimeLike, mtime: TimeLike], void> = hidden(
  (path: PathLike, atime: TimeLike, mtime: TimeLike) => fsp.utimes(path, atime, mtime),
  { name: 'utimes', sync: (path: PathLike, atime: TimeLike, mtime: TimeLike) => fs.utimesSync(path, atime, mtime) },
);

/** Truncates (or extends with zeros) a file to `length` bytes (default 0). */
export const truncate: HiddenFs<[path: PathLike, length?: number], void> = hidden((path: PathLike, length?: number) => fsp.truncate(path, length), {
  name: 'truncate',
  sync: (path: PathLike, length?: number) => fs.truncateSync(path, length),
});
