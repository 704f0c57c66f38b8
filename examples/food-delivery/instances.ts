/**
 * `INSTANCES=n`: n copies of the service as node:cluster workers sharing one port. The primary runs no
 * service: it starts the kitchen, picks the session secret every worker must share (a token signed by one
 * instance is accepted by all), forks the workers, and prints one "running at" line once all of them
 * listen. The kernel hands each new connection to one worker, so a customer's WebSocket and their
 * `POST /orders` often land on different instances; PostgreSQL LISTEN/NOTIFY (pg-notifier.ts) carries the
 * ETA across. That is why more than one instance needs a PostgreSQL server: PGlite is embedded, each
 * worker would have a database of its own.
 */
import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { isServerUrl } from './pg-notifier.ts';

/** What a worker tells the primary once its service listens. */
export interface ListeningMessage {
  foodDelivery: 'listening';
  url: string;
  summary: string;
}

/** Refuses a count the database cannot serve, saying what to do instead. */
export function checkInstances(count: number, databaseUrl: string): void {
  if (count > 1 && !isServerUrl(databaseUrl)) {
    throw new RangeError(`INSTANCES=${count} needs a PostgreSQL server shared by the instances (DATABASE_URL=postgres://…); ${JSON.stringify(databaseUrl)} is embedded, one per process. Use INSTANCES=1 with PGlite.`);
  }
}

export interface PrimaryOptions {
  count: number;
  /** Passed to every worker: the kitchen they all call and the session secret they all share. */
  kitchenUrl: string;
  sessionSecret: string | undefined;
  /** Runs once every worker has exited (the kitchen is closed there). */
  onStopped(): Promise<void>;
}

/**
 * Workers start as `node <entry>` with this process's flags. Under `greenhack run` the loader was
 * registered in-process, not by a flag, so it is added: a worker must compile the same green code.
 */
function workerFlags(): string[] {
  const flags = process.execArgv;
  const hasLoader = flags.some((flag) => /greenhack\/register$|loader[\\/]register\.[jt]s$/.test(flag));
  return hasLoader ? flags : [...flags, '--import', import.meta.resolve('greenhack/register')];
}

/** Forks the workers; resolves with the first one's report once all listen (they share the port). */
export function startWorkers(options: PrimaryOptions): Promise<ListeningMessage> {
  cluster.setupPrimary({ execArgv: workerFlags() });
  const env = { KITCHEN_URL: options.kitchenUrl, SESSION_SECRET: options.sessionSecret || randomBytes(32).toString('hex') };
  const workers: Worker[] = [];
  let stopping = false;
  const stopAll = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const exits = workers.filter((worker) => worker.process.exitCode === null && worker.process.signalCode === null).map((worker) => new Promise((resolve) => worker.once('exit', resolve)));
    for (const worker of workers) worker.process.kill('SIGTERM');
    await Promise.all(exits);
    await options.onStopped();
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  return new Promise((resolve, reject) => {
    const ready: ListeningMessage[] = [];
    for (let index = 0; index < options.count; index++) {
      const worker = cluster.fork({ ...env, FOOD_DELIVERY_INSTANCE: String(index + 1) });
      workers.push(worker);
      worker.on('message', (message: ListeningMessage) => {
        if (message?.foodDelivery !== 'listening') return;
        ready.push(message);
        if (ready.length === options.count) resolve(ready[0]!);
      });
      // A worker that dies takes the whole service down loudly rather than serving on with fewer.
      worker.once('exit', (code, signal) => {
        if (stopping) return;
        const why = `instance ${index + 1} (pid ${worker.process.pid}) exited (${signal ?? `status ${code}`})`;
        process.stderr.write(`food-delivery: ${why}; stopping the others.\n`);
        reject(new Error(why));
        void stopAll(1);
      });
    }
  });
}

/** In a worker: tells the primary it listens. */
export function reportListening(url: string, summary: string): void {
  process.send?.({ foodDelivery: 'listening', url, summary } satisfies ListeningMessage);
}

export const isWorker: boolean = cluster.isWorker;
