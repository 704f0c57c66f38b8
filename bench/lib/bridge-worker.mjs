// The worker half of bench/lib/bridge.mjs. The port's 'message' listener keeps this worker alive (a ref'd
// handle) between calls: a worker whose only pending work were Atomics.waitAsync would exit silently.
import { workerData } from 'node:worker_threads';

const { shared, port, moduleUrl } = workerData;
const module = await import(moduleUrl);

port.on('message', async ({ id, name, args }) => {
  let reply;
  try {
    reply = { id, value: await module[name](...args) };
  } catch (error) {
    reply = { id, error };
  }
  port.postMessage(reply);
  Atomics.add(shared, 0, 1);
  Atomics.notify(shared, 0);
});
