/**
 * One runtime per process. The first copy of greenhack to load publishes itself on the global object;
 * any later copy (another version in node_modules, CommonJS next to ESM) uses the first one's task
 * state and helpers, so green code compiled against either sees one set of tasks.
 */
import { RUNTIME_SYMBOL_KEY } from '../shared/names.ts';
import { type CompiledCodeHelpers, compiledCodeHelpers } from './compiled-code-helpers.ts';
import { config, configure } from './config.ts';
import { asAsync, isGreen, startLoop } from './entry-points.ts';
import './green-builtins.ts';
import { hidden } from './hidden.ts';
import { hiddenIterator } from './hidden-iterator.ts';
import { currentTaskHandle } from './task-context.ts';
import { installProcessHooks, type Toolkit, toolkit } from './toolkit/index.ts';

export interface PublicApi {
  hidden: typeof hidden;
  asAsync: typeof asAsync;
  startLoop: typeof startLoop;
  isGreen: typeof isGreen;
  configure: typeof configure;
  config: typeof config;
  currentTask: typeof currentTaskHandle;
  hiddenIterator: typeof hiddenIterator;
  /** spawn, sleep, Event, Queue, … (docs/toolkit.md). */
  toolkit: Toolkit;
}

export interface Runtime extends CompiledCodeHelpers {
  api: PublicApi;
}

const runtime: Runtime = {
  ...compiledCodeHelpers,
  api: { hidden: hidden, asAsync: asAsync, startLoop: startLoop, isGreen: isGreen, configure: configure, config: config, currentTask: currentTaskHandle, hiddenIterator: hiddenIterator, toolkit: toolkit },
};

const key = Symbol.for(RUNTIME_SYMBOL_KEY);
const global = globalThis as unknown as Record<symbol, Runtime | undefined>;

/** The process's runtime: this copy's, unless another copy of greenhack loaded first. */
export const installed: Runtime = (global[key] ??= runtime);

// Deadlock detection, unjoined-error reports at exit and the dump signal: once, by the runtime in use.
if (installed === runtime) installProcessHooks();
