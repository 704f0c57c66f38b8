/** Process-wide settings: `configure()` and the `GREENHACK_MODE` environment variable. */
import { invalidArgument } from '../errors.ts';

export type Mode = 'async' | 'sync';

export interface Config {
  /** `async` (default): hidden calls suspend green tasks. `sync`: hidden calls run their sync implementation in place. */
  mode: Mode;
  /**
   * Record where each green task was started, for stitched error stacks and task dumps. It costs a stack
   * capture per task (measured: about 4.5 µs of CPU and 330 B of heap per task, as much CPU as the rest
   * of a small request handler's task), so it is on only when NODE_ENV=development;
   * GREENHACK_TASK_ORIGINS=1/0 overrides that.
   */
  taskOrigins: boolean;
  /**
   * Called once for each spawned task that failed and that nobody joined (docs/toolkit.md says when).
   * `null` (default): print the error with the task's name and stack to stderr and set `process.exitCode` to 1.
   */
  onUnjoinedError: ((error: unknown, task: { readonly id: number; readonly name: string }) => void) | null;
}

const MODES: readonly string[] = ['async', 'sync'];

function modeFromEnv(): Mode {
  const value = process.env.GREENHACK_MODE;
  if (value === undefined || value === '') return 'async';
  if (!MODES.includes(value)) {
    throw new RangeError(`GREENHACK_MODE must be "async" or "sync", got ${JSON.stringify(value)}. Unset it or fix its value.`);
  }
  return value as Mode;
}

function taskOriginsFromEnv(): boolean {
  const value = process.env.GREENHACK_TASK_ORIGINS;
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  if (value !== undefined && value !== '') {
    throw new RangeError(`GREENHACK_TASK_ORIGINS must be 1 or 0, got ${JSON.stringify(value)}. Unset it or fix its value.`);
  }
  return process.env.NODE_ENV === 'development';
}

export const config: Config = { mode: modeFromEnv(), taskOrigins: taskOriginsFromEnv(), onUnjoinedError: null };

/** Changes settings; unknown keys and bad values throw without changing anything. */
export function configure(options: Partial<Config>): Config {
  if (options === null || typeof options !== 'object') throw invalidArgument('configure()', 'options', 'an object', options);
  for (const key of Object.keys(options)) {
    if (!(key in config)) throw new RangeError(`configure(): unknown setting "${key}". Known settings: ${Object.keys(config).join(', ')}.`);
  }
  if (options.mode !== undefined && !MODES.includes(options.mode)) {
    throw new RangeError(`configure(): mode must be "async" or "sync", got ${JSON.stringify(options.mode)}.`);
  }
  if (options.taskOrigins !== undefined && typeof options.taskOrigins !== 'boolean') {
    throw invalidArgument('configure()', 'taskOrigins', 'a boolean', options.taskOrigins);
  }
  if (options.onUnjoinedError !== undefined && options.onUnjoinedError !== null && typeof options.onUnjoinedError !== 'function') {
    throw invalidArgument('configure()', 'onUnjoinedError', 'a function or null', options.onUnjoinedError);
  }
  Object.assign(config, options);
  return { ...config };
}
