/**
 * The bridge worker: imports the module that holds a hidden function's implementation, runs the async
 * implementation, and hands the result back through a MessagePort, waking the caller that blocks in
 * `Atomics.wait`. Its port is ref'd, so the worker lives while the caller may still send requests.
 */
import { workerData } from 'node:worker_threads';
import { type BridgeRequest, type BridgeResponse, type BridgeWorkerData, DONE, EXITED, type SentError } from './protocol.ts';

const { state, port, registerUrl } = workerData as BridgeWorkerData;

function send(response: BridgeResponse): void {
  try {
    port.postMessage(response);
  } catch (cloneError) {
    const reason = response.ok ? 'the result' : 'the error';
    port.postMessage({ ok: false, error: sendable(new TypeError(`${reason} of the hidden function could not be copied back to the calling thread: ${(cloneError as Error).message}`)) });
  }
  Atomics.store(state, 0, DONE);
  Atomics.notify(state, 0);
}

function sendable(error: unknown): SentError {
  if (!(error instanceof Error)) return { className: '', name: 'Error', message: String(error), props: {} };
  const props: Record<string, unknown> = {};
  for (const key of Object.keys(error)) {
    try {
      props[key] = structuredClone((error as unknown as Record<string, unknown>)[key]);
    } catch {
      // A property that cannot cross threads is left out.
    }
  }
  return { className: error.constructor?.name ?? 'Error', name: error.name, message: error.message, stack: error.stack, props };
}

async function implementationOf(request: BridgeRequest): Promise<(...args: unknown[]) => unknown> {
  const module = (await import(request.moduleUrl)) as Record<string, unknown>;
  const found = module[request.exportName];
  const inner = typeof found === 'function' ? (found as { impl?: unknown }).impl : undefined;
  const impl = typeof inner === 'function' ? inner : found;
  if (typeof impl !== 'function') {
    throw new TypeError(`${request.moduleUrl} has no export "${request.exportName}" that is a function (found ${typeof found}).`);
  }
  return impl as (...args: unknown[]) => unknown;
}

process.on('exit', () => {
  // A worker that exits (process.exit in an implementation, a fatal error) wakes its caller.
  Atomics.store(state, 0, EXITED);
  Atomics.notify(state, 0);
});

await import(registerUrl);
port.on('message', async (request: BridgeRequest) => {
  try {
    const impl = await implementationOf(request);
    send({ ok: true, value: await impl(...request.args) });
  } catch (error) {
    send({ ok: false, error: sendable(error), thrown: error instanceof Error ? undefined : safeClone(error) });
  }
});

function safeClone(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return String(value);
  }
}
