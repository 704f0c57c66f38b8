/**
 * `npm start`: the kitchen (a child process) and the food-delivery service, on embedded PGlite unless
 * DATABASE_URL says otherwise. Settings come from the environment (see README.md here):
 *
 *   PORT=3000  HOST=127.0.0.1  DATABASE_URL=pglite://memory | pglite:///abs/dir | postgres://…
 *   KITCHEN_URL=http://…  (use a running kitchen instead of starting one)   KITCHEN_DELAY_MS, KITCHEN_CLOSED
 *   KITCHEN_TIMEOUT_MS=5000 (time limit of each call to the kitchen)
 *   SESSION_SECRET=…      VIEW=sync|async      GREENHACK_MODE=sync (the same service with sync I/O)
 *   INSTANCES=1           (n > 1: n node:cluster workers on one port; needs a postgres:// DATABASE_URL)
 */
import { configure } from 'greenhack';
import { checkInstances, isWorker, reportListening, startWorkers } from './instances.ts';
import { type Kitchen, startKitchen } from './kitchen-client.ts';
import { startService } from './service.ts';

function setting(name: string, fallback: string): string {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
}

function port(name: string, fallback: number): number {
  const text = setting(name, String(fallback));
  const value = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 0 && value <= 65_535)) throw new RangeError(`${name} must be a port number from 0 to 65535 (0: any free port), got ${JSON.stringify(text)}.`);
  return value;
}

function wholeNumber(name: string, fallback: number, min: number, max: number): number {
  const text = setting(name, String(fallback));
  const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}.`);
  return value;
}

function choice<T extends string>(name: string, allowed: readonly T[]): T {
  const value = setting(name, allowed[0]!);
  if (!allowed.includes(value as T)) throw new RangeError(`${name} must be ${allowed.join(' or ')}, got ${JSON.stringify(value)}.`);
  return value as T;
}

async function main(): Promise<void> {
  const host = setting('HOST', '127.0.0.1');
  const servicePort = port('PORT', 3000);
  const variant = choice('VIEW', ['sync', 'async'] as const);
  const databaseUrl = setting('DATABASE_URL', 'pglite://memory');
  const kitchenTimeoutMs = wholeNumber('KITCHEN_TIMEOUT_MS', 5000, 1, 600_000);
  const instances = isWorker ? 1 : wholeNumber('INSTANCES', 1, 1, 64);
  checkInstances(instances, databaseUrl);
  let kitchen: Kitchen | undefined;
  const kitchenUrl = process.env.KITCHEN_URL || (kitchen = await startKitchen({ delayMs: wholeNumber('KITCHEN_DELAY_MS', 0, 0, 60_000), closed: process.env.KITCHEN_CLOSED === '1' })).url;
  if (instances > 1) {
    const first = await startWorkers({ count: instances, kitchenUrl, sessionSecret: process.env.SESSION_SECRET || undefined, onStopped: async () => kitchen?.close() });
    console.log(`Food delivery is running at ${first.url}  (kitchen ${kitchenUrl}, ${first.summary}, ${instances} instances). Ctrl-C stops it.`);
    return;
  }
  let service;
  try {
    service = await startService({ kitchenUrl, port: servicePort, host, databaseUrl, variant, kitchenTimeoutMs, sessionSecret: process.env.SESSION_SECRET || undefined });
  } catch (error) {
    await kitchen?.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(`port ${servicePort} on ${host} is in use: stop what uses it, or choose another port with PORT=…`);
    throw error;
  }
  const summary = `database ${service.db.url}, ${variant} view, ${configure({}).mode} mode`;
  if (isWorker) reportListening(service.url, summary);
  else console.log(`Food delivery is running at ${service.url}  (kitchen ${kitchenUrl}, ${summary}). Ctrl-C stops it.`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await service.close();
    await kitchen?.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`food-delivery: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
