// A minimal blocking worker bridge, the synckit technique, written here so the bench compares against
// the mechanism rather than a package: the caller posts the arguments to a worker over a MessagePort and
// blocks in Atomics.wait on a SharedArrayBuffer; the worker runs the async function, posts the result,
// bumps the shared counter and Atomics.notify()s; the caller wakes and takes the result off the port
// synchronously with receiveMessageOnPort. Arguments and results are structured-cloned.
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';

export function createBridge(moduleUrl, { timeoutMs = 10_000 } = {}) {
  const shared = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./bridge-worker.mjs', import.meta.url), {
    workerData: { shared, port: port2, moduleUrl },
    transferList: [port2],
  });
  worker.unref(); // the bridge must not keep the caller's process alive
  let seq = 0;
  let failure;
  worker.on('error', (error) => {
    failure = error;
  });

  /** Calls export `name` of `moduleUrl` in the worker and blocks until it settles. */
  function call(name, ...args) {
    if (failure) throw failure;
    const id = ++seq;
    const before = Atomics.load(shared, 0);
    port1.postMessage({ id, name, args });
    // Wait until the worker bumps the counter past `before` (it posts the result first, then bumps).
    for (;;) {
      const status = Atomics.wait(shared, 0, before, timeoutMs);
      if (status === 'timed-out') throw new Error(`bridge: ${name}() took longer than ${timeoutMs} ms`);
      if (Atomics.load(shared, 0) !== before) break;
    }
    const message = receiveMessageOnPort(port1)?.message;
    if (!message || message.id !== id) throw new Error('bridge: reply out of order');
    if ('error' in message) throw message.error;
    return message.value;
  }

  return { call, close: () => worker.terminate() };
}
