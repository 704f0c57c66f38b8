/**
 * `greenhack repl`: a prompt whose every input runs as a green task (compiled by repl-compile.ts), so
 * hidden functions can be called as plain functions, `await` works at the top level and `import()` loads
 * TypeScript through greenhack's loader (installed by the CLI before this module loads).
 *
 * Built on node:readline rather than node:repl: the input must be compiled before it runs, the run is a
 * task the prompt waits for, and Ctrl-C must cancel that task; node:repl's eval hook and its own SIGINT
 * handling fit none of these well.
 */
import { createInterface, type Interface } from 'node:readline';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { builtinModule, mainContextImporter } from '../node-features.ts';
import { Cancelled } from '../errors.ts';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { RUNTIME_SYMBOL_KEY } from '../shared/names.ts';
import { cleanStack } from '../runtime/stack.ts';
import { Task } from '../runtime/task.ts';
import { compileInput, FILE_GLOBAL, VALUE_GLOBAL } from './repl-compile.ts';

const { readFileSync, writeFileSync } = builtinModule('node:fs');

const HISTORY_SIZE = 1000;
/** The frame of a compiled input's own script, which only hands its top level to the REPL. */
const SCRIPT_GLUE = /^ {4}at \S*REPL\d+:\d+:\d+$/;
/** This directory, as frames name it (dist/cli, or src/cli when run from sources). */
const OWN_FRAMES = [fileURLToPath(new URL('.', import.meta.url)), fileURLToPath(new URL('../../src/cli/', import.meta.url))];
const HELP = `.exit     Leave the REPL (also Ctrl-D, or Ctrl-C twice at an empty prompt)
.break    Abandon the unfinished input (also Ctrl-C)
.help     Show this help

Each input runs as a green task: call hidden functions directly, use await at the top level, and
import('./module.ts'). Ctrl-C while an input runs cancels its task (its finally blocks run).
Top-level declarations become global variables, so later inputs see them.
`;

/** Where history is kept: $GREENHACK_REPL_HISTORY ('' keeps none), else ~/.greenhack_repl_history. */
function historyPath(): string | undefined {
  const configured = process.env.GREENHACK_REPL_HISTORY;
  if (configured === undefined) return join(homedir(), '.greenhack_repl_history');
  return configured.trim() === '' ? undefined : configured;
}

/** Saved oldest first, one line each; readline wants newest first. */
function loadHistory(path: string | undefined): string[] {
  if (path === undefined) return [];
  try {
    return readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '').reverse().slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

export class Repl {
  private readonly rl: Interface;
  /** Inputs are numbered, as in Node's REPL: frames name the input (`REPL3:2:5`), and each has its own source map. */
  private inputs = 0;
  private readonly maps = new Map<string, TraceMap>();
  private filename = '';
  private readonly colors: boolean;
  /** Lines of an input that is not complete yet. */
  private pending: string[] = [];
  /** Lines typed while an input runs, taken in order once it ends. */
  private queued: string[] = [];
  private running: Task | undefined;
  private started: Promise<unknown> | undefined;
  private interruptedAtEmptyPrompt = false;
  private closed = false;
  /** Lines are being taken (an input may be running). */
  private busy = false;

  constructor() {
    const history = historyPath();
    const terminal = process.stdout.isTTY === true && process.stdin.isTTY === true;
    this.colors = terminal && process.stdout.hasColors?.() === true;
    this.rl = createInterface({
      input: process.stdin,
      output: process.stdout,
      terminal,
      prompt: '> ',
      history: loadHistory(history),
      historySize: HISTORY_SIZE,
      removeHistoryDuplicates: true,
    });
    if (history !== undefined) {
      this.rl.on('history', (lines: string[]) => {
        try {
          writeFileSync(history, `${[...lines].reverse().join('\n')}\n`, { mode: 0o600 });
        } catch (error) {
          process.stderr.write(`greenhack: cannot save REPL history to ${history}: ${(error as Error).message}\n`);
        }
      });
    }
    this.rl.on('line', (line) => this.onLine(line));
    this.rl.on('SIGINT', () => this.onInterrupt());
    this.rl.on('close', () => this.onClose());
    // An error nobody handles (a timer's callback, a promise left rejected) is printed; the prompt stays.
    process.on('uncaughtException', (error) => this.reportStray('Uncaught', error));
    process.on('unhandledRejection', (reason) => this.reportStray('Uncaught (in promise)', reason));
    const global = globalThis as Record<PropertyKey, unknown>;
    Object.defineProperty(global, VALUE_GLOBAL, { value: undefined, writable: true, configurable: true, enumerable: false });
    Object.defineProperty(global, FILE_GLOBAL, { value: '', writable: true, configurable: true, enumerable: false });
  }

  start(): void {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`Welcome to greenhack ${version} on Node ${process.version}. Inputs run as green tasks; .help for help.\n`);
    this.rl.prompt();
  }

  /** Called by the compiled input with its top level, as a generator chain. */
  private readonly runTask = (chain: Generator<unknown, unknown, unknown>): void => {
    const task = new Task(chain, 'repl', this.runTask);
    // Interrupting an input cancels its task from outside it: keep the context it was made in.
    task.keepContext();
    this.running = task;
    this.started = task.start();
  };

  private onLine(line: string): void {
    this.interruptedAtEmptyPrompt = false;
    this.queued.push(line);
    if (!this.busy) void this.drain();
  }

  /** Takes the lines in order, one input at a time; the prompt comes back when none is left. */
  private async drain(): Promise<void> {
    this.busy = true;
    try {
      for (let line = this.queued.shift(); line !== undefined; line = this.queued.shift()) await this.take(line);
    } finally {
      this.busy = false;
    }
    if (this.closed) return this.exit();
    this.reprompt();
  }

  private async take(line: string): Promise<void> {
    if (this.pending.length === 0) {
      const command = line.trim();
      if (command === '.exit') return this.exit();
      if (command === '.help') return this.print(HELP);
      if (command === '') return;
    }
    if (line.trim() === '.break') {
      this.pending = [];
      return;
    }
    this.pending.push(line);
    const source = this.pending.join('\n');
    let code: string;
    try {
      // A file name in the working directory: relative import() resolves from there.
      this.filename = join(process.cwd(), `REPL${this.inputs + 1}`);
      const compiled = compileInput(source, this.filename);
      if (compiled.kind === 'incomplete') return;
      code = compiled.code;
      this.maps.set(`REPL${this.inputs + 1}`, new TraceMap(compiled.map as never));
    } catch (error) {
      this.pending = [];
      return this.print(`Uncaught ${(error as Error).name === 'TransformError' ? `SyntaxError: ${(error as Error).message}` : this.stackOf(error)}\n`);
    }
    this.pending = [];
    this.inputs++;
    await this.evaluate(code);
  }

  private async evaluate(code: string): Promise<void> {
    const global = globalThis as Record<PropertyKey, unknown>;
    global[VALUE_GLOBAL] = undefined;
    global[FILE_GLOBAL] = this.filename;
    this.started = undefined;
    try {
      const script = new vm.Script(code, { filename: this.filename, importModuleDynamically: mainContextImporter() as never });
      // The script ends by handing its top level to the runtime's entry(): while it runs, that is ours.
      const helpers = global[Symbol.for(RUNTIME_SYMBOL_KEY)] as { entry: unknown };
      const entry = helpers.entry;
      helpers.entry = this.runTask;
      try {
        script.runInThisContext({ displayErrors: false });
      } finally {
        helpers.entry = entry;
      }
      await this.started;
      this.print(`${inspect((globalThis as Record<string, unknown>)[VALUE_GLOBAL], { colors: this.colors })}\n`);
    } catch (error) {
      if (error instanceof Cancelled && this.running?.cancelled) this.print(`Cancelled (Ctrl-C): ${error.message}\n`);
      else this.print(`Uncaught ${error instanceof Error ? this.stackOf(error) : inspect(error, { colors: this.colors })}\n`);
    } finally {
      this.running = undefined;
      this.started = undefined;
    }
  }

  private reportStray(label: string, error: unknown): void {
    this.print(`\n${label} ${error instanceof Error ? this.stackOf(error) : inspect(error, { colors: this.colors })}\n`);
    if (!this.busy) this.reprompt();
  }

  /** The error's stack down to the input's own code: no frames of the REPL, of Node's internals, or of the script's glue. */
  private stackOf(error: unknown): string {
    return cleanStack(error)
      .split('\n')
      .filter((line) => !SCRIPT_GLUE.test(line) && !/[( ]node:/.test(line) && !OWN_FRAMES.some((path) => line.includes(path)))
      .map((line) => (line.startsWith('    at ') ? line.replace(/(REPL\d+):(\d+):(\d+)/, (place, input: string, l: string, c: string) => this.inputPosition(place, input, Number(l), Number(c))) : line))
      .join('\n');
  }

  /** `REPLn:line:column` of the compiled script, as a place in input n (through its map). */
  private inputPosition(place: string, input: string, line: number, column: number): string {
    const map = this.maps.get(input);
    if (!map) return place;
    // Line 1 of the script starts with the block's brace.
    const found = originalPositionFor(map, { line, column: column - 1 - (line === 1 ? 1 : 0) });
    return found.line === null ? place : `${input}:${found.line}:${found.column + 1}`;
  }

  private print(text: string): void {
    process.stdout.write(text);
  }

  private reprompt(text = ''): void {
    if (text) this.print(text);
    if (this.closed) return;
    this.rl.setPrompt(this.pending.length > 0 ? '... ' : '> ');
    this.rl.prompt();
  }

  /**
   * Ctrl-C: cancels the running input's task; else abandons the line or unfinished input; at an empty
   * prompt, the second one in a row leaves.
   */
  private onInterrupt(): void {
    if (this.running) {
      this.queued = [];
      this.running.cancel('Ctrl-C');
      return;
    }
    const line = (this.rl as unknown as { line: string }).line;
    if (line !== '' || this.pending.length > 0) {
      this.interruptedAtEmptyPrompt = false;
      this.pending = [];
      (this.rl as unknown as { line: string; cursor: number }).line = '';
      (this.rl as unknown as { cursor: number }).cursor = 0;
      return this.reprompt('\n');
    }
    if (this.interruptedAtEmptyPrompt) return this.rl.close();
    this.interruptedAtEmptyPrompt = true;
    this.reprompt('\n(To exit, press Ctrl-C again or Ctrl-D, or type .exit)\n');
  }

  /** Ctrl-D, `.exit`, or the end of piped input: inputs still running or queued finish first. */
  private onClose(): void {
    this.closed = true;
    if (!this.busy) this.exit();
  }

  private exit(): void {
    if (process.stdout.isTTY) process.stdout.write('\n');
    // Timers or sockets left open by inputs must not keep the process alive once the prompt is gone.
    process.exit(process.exitCode ?? 0);
  }
}

export function startRepl(): void {
  new Repl().start();
}
