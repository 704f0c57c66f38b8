/**
 * The blocking worker bridge (DESIGN §5): where a hidden call cannot suspend and has no `sync`
 * implementation, a worker-capable hidden function runs its async implementation on a helper thread
 * while the caller blocks in `Atomics.wait` (the technique of synckit and make-synchronous). About 50 µs
 * a call and no concurrency: a fallback, not the way green code should do I/O.
 */
import type { MessagePort, Worker } from 'node:worker_threads';
import { BridgeError, BridgeTimeout, ERROR_CLASSES } from '../../errors.ts';
import { builtinModule } from '../../node-features.ts';
import { RUNTIME_DIR } from '../stack.ts';
import { type BridgeResponse, type BridgeWorkerData, DONE, EXITED, IDLE, type SentError } from './protocol.ts';

interface Bridge {
  worker: Worker;
  port: MessagePort;
  state: Int32Array;
}

// From the runtime's directory, not this file's: in dist this code is merged into runtime/bundle.js.
const WORKER_URL = new URL('./bridge/worker.js', RUNTIME_DIR);
const REGISTER_URL = new URL('../loader/register.js', RUNTIME_DIR).href;
let bridge: Bridge | undefined;

function start(): Bridge {
  // Loaded here, not imported: node:worker_threads costs startup time in every process, most never bridge.
  const { MessageChannel, Worker } = builtinModule('node:worker_threads');
  const state = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const data: BridgeWorkerData = { state, port: port2, registerUrl: REGISTER_URL };
  const worker = new Worker(WORKER_URL, { workerData: data, transferList: [port2], stdout: false, stderr: false });
  // The caller's process may exit while the worker idles; the worker's own port keeps it alive meanwhile.
  worker.unref();
  port1.unref();
  worker.on('error', () => {});
  return { worker, port: port1, state };
}

function stop(reason: Bridge): void {
  if (bridge === reason) bridge = undefined;
  void reason.worker.terminate();
  reason.port.close();
}

/** Which argument cannot be copied to another thread, for the error message. */
function describeUncloneable(args: unknown[], error: unknown): string {
  for (let i = 0; i < args.length; i++) {
    try {
      structuredClone(args[i]);
    } catch (cloneError) {
      return `argument ${i + 1} (${typeof args[i] === 'function' ? 'a function' : typeof args[i]}) cannot be copied to the worker: ${(cloneError as Error).message}`;
    }
  }
  return `the arguments cannot be copied to the worker: ${(error as Error).message}`;
}

function rebuild(sent: SentError): Error {
  // greenhack's own error classes come back as themselves (their constructors format messages, so none is called).
  const own = Object.hasOwn(ERROR_CLASSES, sent.className) ? ERROR_CLASSES[sent.className] : undefined;
  const Class = own ?? (globalThis as Record<string, unknown>)[sent.className];
  const isErrorClass = typeof Class === 'function' && (Class === Error || Class.prototype instanceof Error);
  let error: Error;
  if (isErrorClass && own !== undefined) {
    error = Object.create((Class as ErrorConstructor).prototype) as Error;
    Object.defineProperty(error, 'message', { value: sent.message, configurable: true, writable: true });
  } else {
    error = isErrorClass ? new (Class as ErrorConstructor)(sent.message) : new Error(sent.message);
  }
  if (error.name !== sent.name) Object.defineProperty(error, 'name', { value: sent.name, configurable: true, writable: true });
  Object.assign(error, sent.props);
  // The worker's frames, then the calling thread's: the sync code that made the call is what users look for.
  const callerFrames = (new Error().stack ?? '').split('\n').slice(3).join('\n');
  const stack = `${sent.stack ?? `${sent.name}: ${sent.message}`}\n    --- on the calling thread ---\n${callerFrames}`;
  Object.defineProperty(error, 'stack', { value: stack, configurable: true, writable: true });
  return error;
}

/**
 * Calls `exportName` of `moduleUrl` on the bridge worker and blocks until it settles. `limitSetting` names
 * the setting that raises `timeoutMs`, for the timeout's message.
 */
export function callThroughBridge(
  name: string,
  moduleUrl: string,
  exportName: string,
  args: unknown[],
  timeoutMs: number,
  transfer: Transferable[] = [],
  limitSetting = 'hidden.fromModule(…, { bridgeTimeout })',
): unknown {
  const current = (bridge ??= start());
  Atomics.store(current.state, 0, IDLE);
  try {
    current.port.postMessage({ moduleUrl, exportName, args }, transfer as never);
  } catch (error) {
    throw new BridgeError(`hidden function "${name}": ${describeUncloneable(args, error)}. Pass plain data (numbers, strings, arrays, plain objects, Maps, Dates…), or call it from a green task.`);
  }
  const outcome = Atomics.wait(current.state, 0, IDLE, timeoutMs);
  const state = Atomics.load(current.state, 0);
  if (outcome === 'timed-out' && state === IDLE) {
    stop(current);
    throw new BridgeTimeout(`hidden function "${name}" did not finish within ${timeoutMs} ms on the bridge worker, which was stopped. Raise the limit (${limitSetting}) or find why it hangs.`);
  }
  if (state === EXITED) {
    stop(current);
    throw new BridgeError(`hidden function "${name}": the bridge worker exited while running it (process.exit, or a fatal error in the worker). A new worker will serve the next call.`);
  }
  const message = state === DONE ? builtinModule('node:worker_threads').receiveMessageOnPort(current.port) : undefined;
  if (message === undefined) {
    stop(current);
    throw new BridgeError(`hidden function "${name}": the bridge worker signalled an answer but sent none.`);
  }
  const response = message.message as BridgeResponse;
  if (response.ok) return response.value;
  if (response.thrown !== undefined) throw response.thrown;
  throw rebuild(response.error);
}
