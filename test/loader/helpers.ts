/**
 * Runs fixture apps in real child processes through greenhack's loader or CLI, and reads the loader's
 * `GREENHACK_DEBUG=loader` report of how each module was loaded.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot: string = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const registerPath: string = join(repoRoot, 'dist/loader/register.js');
export const cliPath: string = join(repoRoot, 'dist/cli/main.js');

/**
 * A fixture app's directory. Its dependencies are committed under `packages/` (nothing named node_modules
 * is committed) and copied to `node_modules/` here, a real copy so that paths contain `node_modules`.
 */
export function fixture(name: string, ...path: string[]): string {
  const root = join(repoRoot, 'test/loader/fixtures', name);
  const packages = join(root, 'packages');
  const modules = join(root, 'node_modules');
  if (existsSync(packages) && !existsSync(modules)) {
    // Copied aside, then renamed into place: test files run in parallel and may get here together.
    const staging = `${modules}.${process.pid}`;
    cpSync(packages, staging, { recursive: true });
    try {
      renameSync(staging, modules);
    } catch {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return join(root, ...path);
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `node ...args` in `cwd`, with no compile cache (unless `env` turns it on) and none of the parent's
 * greenhack or test-runner settings.
 */
export function runNode(args: string[], cwd: string, env: Record<string, string> = {}): RunResult {
  const childEnv: Record<string, string | undefined> = { ...process.env, GREENHACK_CACHE: '0', NODE_OPTIONS: '', ...env };
  for (const name of ['GREENHACK_ENTRY', 'GREENHACK_DEBUG', 'NODE_TEST_CONTEXT']) if (!(name in env)) delete childEnv[name];
  for (const [name, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[name];
  const result = spawnSync(process.execPath, args, { cwd, env: childEnv, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `node --import greenhack/register file ...args`. */
export function runWithLoader(cwd: string, file: string, args: string[] = [], env: Record<string, string> = {}): RunResult {
  return runNode(['--import', registerPath, file, ...args], cwd, env);
}

/** `greenhack ...args`. */
export function runCli(cwd: string, args: string[], env: Record<string, string> = {}): RunResult {
  return runNode([cliPath, ...args], cwd, env);
}

export interface LoadedModule {
  how: 'compiled' | 'cached';
  mode: 'green' | 'strip';
  format: 'module' | 'commonjs';
  entry: boolean;
}

/** The `GREENHACK_DEBUG=loader` lines of `stderr`, by file. Files the loader left alone have none. */
export function loaderReport(stderr: string): Map<string, LoadedModule> {
  const modules = new Map<string, LoadedModule>();
  for (const line of stderr.split('\n')) {
    const match = /^greenhack: (compiled|cached) (green|strip) (module|commonjs)( entry)? (.+)$/.exec(line);
    if (match) {
      const [, how, mode, format, entry, file] = match;
      modules.set(file, { how, mode, format, entry: entry !== undefined } as LoadedModule);
    }
  }
  return modules;
}

/** 1-based line and column of the first `text` in a file. */
export function positionOf(file: string, text: string): { line: number; column: number } {
  const source = readFileSync(file, 'utf8');
  const offset = source.indexOf(text);
  if (offset === -1) throw new Error(`${text} is not in ${file}`);
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
