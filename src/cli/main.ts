#!/usr/bin/env node
/**
 * The `greenhack` command. `greenhack run file.ts [args]` runs the file's top-level code as a green task,
 * in this process: it installs the loader, names the file as the entry (`GREENHACK_ENTRY`, which makes the
 * loader compile it in entry mode), gives the script the `process.argv` it would have under `node`, and
 * imports it. One process, so startup costs what `node --import greenhack/register` costs.
 */
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { installLoader } from '../loader/install.ts';
import { builtinModule, enableCompileCache } from '../node-features.ts';
import { ENTRY_ENV } from '../shared/names.ts';

const { readFileSync, realpathSync, rmSync, statSync, writeSync } = builtinModule('node:fs');

const USAGE = `Usage: greenhack <command> [options]

Commands:
  run <file> [args...]   Run a TypeScript or JavaScript file; its top-level code runs as a green task,
                         so hidden functions can be called directly. The script sees process.argv as
                         [node, <file>, ...args].
  build <src> --out <dir>
                         Compile a project for plain node (no loader): source maps, .d.ts,
                         relative imports pointed at the output ('greenhack build --help').
  check [paths...]       Report hidden calls reachable from frames that cannot suspend (getters,
                         constructors, callbacks of built-ins, code outside the green scope, ...), with
                         the call chain. Exit status 1 when it finds any (see docs/checker.md).
                         --json: the report as JSON. --entry <file>: a module run by 'greenhack run'
                         (default: the modules no other checked module imports).
  repl                   An interactive prompt whose every input runs as a green task: hidden calls,
                         top-level await and import() of TypeScript work there; Ctrl-C cancels the
                         running input (history: ~/.greenhack_repl_history, or GREENHACK_REPL_HISTORY,
                         '' for none).
  dump <pid>             Print every green task of a running greenhack process: id, name, state, what
                         it waits on, and its stack (sends it SIGUSR2; see docs/toolkit.md).

Options:
  -h, --help             Show this help.
  -v, --version          Show greenhack's version.

Environment:
  GREENHACK_CACHE=0      Do not cache compiled modules (node_modules/.cache/greenhack).
  GREENHACK_DEBUG=...    Comma-separated: 'transform' prints the transform's warnings,
                         'loader' prints how each module was loaded.
  GREENHACK_DUMP_SIGNAL  The signal a process dumps its tasks on (default SIGUSR2; 'off': none).
`;

/** Exit status of a command-line mistake, as in most Unix tools. */
const USAGE_ERROR = 2;

/** Runs the command; a number is the exit status to set now, `undefined` lets the script's run decide it. */
async function main(args: string[]): Promise<number | undefined> {
  const [command, ...rest] = args;
  switch (command) {
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case '-v':
    case '--version':
      process.stdout.write(`${ownVersion()}\n`);
      return 0;
    case 'run':
      return run(rest);
    case 'dump':
      return dump(rest);
    case 'build':
      return (await import('./build.ts')).build(rest);
    case 'check':
      return checkCommand(rest);
    case 'repl':
      return repl(rest);
    case undefined:
      return usageError('missing command.');
    default:
      return usageError(`unknown command '${command}'.`);
  }
}

async function run(args: string[]): Promise<number | undefined> {
  const [file, ...scriptArgs] = args;
  if (file === '-h' || file === '--help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (file === undefined) return usageError('run: missing file to run.');
  const entry = resolve(file);
  if (!statSync(entry, { throwIfNoEntry: false })?.isFile()) return usageError(`run: no such file: ${file}`);
  const entryPath = realpathSync(entry);

  process.env[ENTRY_ENV] = entryPath;
  process.argv = [process.execPath, entryPath, ...scriptArgs];
  enableCompileCache();
  await installRuntimeAndLoader();
  // Not awaited: an awaiting async function here would show in the script's async stack traces.
  import(pathToFileURL(entryPath).href).catch(exitWithUncaughtError);
  return undefined;
}

/**
 * What `--import greenhack/register` does, without its module: the build merges the loader into one file
 * that this module imports statically, and each module file on this path costs about a millisecond of
 * `greenhack run`'s startup (bench/README.md, "Startup"). The runtime comes first: compiled modules read it.
 */
async function installRuntimeAndLoader(): Promise<void> {
  await import('../index.ts');
  await installLoader();
}

/** `greenhack repl`: the loader first, so that `import()` at the prompt compiles TypeScript and green code. */
async function repl(args: string[]): Promise<number | undefined> {
  if (args[0] === '-h' || args[0] === '--help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.length > 0) return usageError(`repl: unexpected argument '${args[0]}'.`);
  enableCompileCache();
  await installRuntimeAndLoader();
  const { startRepl } = await import('./repl.ts');
  startRepl();
  return undefined;
}

/**
 * `greenhack dump <pid>`: signals the process, which writes its task dump to stderr and to a file in the
 * temp directory (src/runtime/toolkit/dump.ts), and prints that file. On Linux it first checks that the
 * process handles the signal, since the default action of SIGUSR2 is to terminate.
 */
async function dump(args: string[]): Promise<number> {
  const [pidText] = args;
  if (pidText === '-h' || pidText === '--help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (pidText === undefined || !/^[1-9]\d*$/.test(pidText)) return usageError('dump: give the process id of a running greenhack process.');
  const pid = Number(pidText);
  const signal: string = process.env.GREENHACK_DUMP_SIGNAL || 'SIGUSR2';
  if (signal === 'off' || signal === '0' || signal === 'false') return usageError('dump: GREENHACK_DUMP_SIGNAL is off.');
  const { constants, tmpdir } = builtinModule('node:os');
  const number = constants.signals[signal as keyof typeof constants.signals];
  if (number === undefined) return usageError(`dump: unknown signal ${signal} (GREENHACK_DUMP_SIGNAL).`);
  const status = readFileIfAny(`/proc/${pid}/status`);
  if (status !== undefined) {
    const caught = /^SigCgt:\s*([0-9a-f]+)$/m.exec(status)?.[1];
    if (caught !== undefined && ((BigInt(`0x${caught}`) >> BigInt(number - 1)) & 1n) === 0n) {
      process.stderr.write(`greenhack: process ${pid} does not handle ${signal}, so it is not a greenhack process (or its dump signal is off or another one); not sending a signal that would terminate it.\n`);
      return 1;
    }
  }
  const file = `${tmpdir()}/greenhack-dump-${pid}.txt`;
  rmSync(file, { force: true });
  try {
    process.kill(pid, signal);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(`greenhack: cannot signal process ${pid}: ${code === 'ESRCH' ? 'no such process' : code === 'EPERM' ? 'permission denied' : (error as Error).message}.\n`);
    return 1;
  }
  for (let waited = 0; waited < 5000; waited += 25) {
    const text = readFileIfAny(file);
    if (text !== undefined) {
      rmSync(file, { force: true });
      process.stdout.write(text);
      return 0;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  process.stderr.write(`greenhack: process ${pid} wrote no dump within 5 s (look at its stderr).\n`);
  return 1;
}

/** `greenhack check [paths...] [--json] [--entry file]`: 0 clean, 1 findings, 2 a usage error or files it could not read. */
async function checkCommand(args: string[]): Promise<number> {
  const paths: string[] = [];
  const entries: string[] = [];
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(USAGE);
      return 0;
    }
    if (arg === '--json') json = true;
    else if (arg === '--entry') {
      const entry = args[++i];
      if (entry === undefined) return usageError('check: --entry needs a file.');
      entries.push(entry);
    } else if (arg.startsWith('-')) return usageError(`check: unknown option '${arg}'.`);
    else paths.push(arg);
  }
  for (const path of [...paths, ...entries]) {
    if (!statSync(resolve(path), { throwIfNoEntry: false })) return usageError(`check: no such file or directory: ${path}`);
  }
  const { check, formatJson, formatText } = await import('../check/index.ts');
  const report = check(paths.length > 0 ? paths : ['.'], entries.length > 0 ? { entries } : {});
  process.stdout.write(json ? formatJson(report) : formatText(report));
  return report.findings.length > 0 ? 1 : report.errors.length > 0 ? USAGE_ERROR : 0;
}

function readFileIfAny(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * An error before the entry's green task started (a syntax error, a failing import): reported as Node
 * reports an uncaught error, minus the frames of Node's module loader and of greenhack, and the process
 * exits now even if timers or sockets are open. Errors inside the task are the runtime's to report.
 */
function exitWithUncaughtError(error: unknown): never {
  const { inspect } = builtinModule('node:util');
  let report = `Uncaught ${inspect(error)}`;
  if (error instanceof Error && typeof error.stack === 'string') {
    error.stack = cleanStack(error.stack);
    // inspect() shows an error without frames as "[Name: message]"; a TransformError has only its message.
    report = /\n\s+at /.test(error.stack) ? inspect(error) : error.stack;
  }
  writeSync(2, `${report}\n`);
  process.exit(1);
}

function usageError(message: string): number {
  process.stderr.write(`greenhack: ${message}\nRun 'greenhack --help' for usage.\n`);
  return USAGE_ERROR;
}

function ownVersion(): string {
  const packageJson = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}

/** greenhack's own files: dist/, and src/, where dist's source maps point. */
const ownPaths = ['../', '../../src/'].flatMap((relative) => {
  const url = new URL(relative, import.meta.url);
  return [url.href, fileURLToPath(url)];
});

/**
 * Drops the frames of Node's module loader and of greenhack from a stack: what is left is the script's
 * own code, as if Node had run the file directly.
 */
function cleanStack(stack: string): string {
  // Every `node:` frame here is the module loader's: the script's own code has not started yet.
  const isNoise = (line: string) => /[( ]node:/.test(line) || ownPaths.some((path) => line.includes(path));
  return stack
    .split('\n')
    .filter((line) => !/^\s+at /.test(line) || !isNoise(line))
    .join('\n');
}

const status = await main(process.argv.slice(2));
if (status !== undefined) process.exitCode = status;
