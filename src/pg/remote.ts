/**
 * Sync mode for greenhack/pg: the pool lives on the blocking bridge's worker (src/runtime/bridge), and
 * the calling thread holds only ids: of the pool, of each lent connection, transaction and stream. Every
 * call blocks in `Atomics.wait` until the worker answers; errors come back with their class (DatabaseError
 * with its SQLSTATE and query). A worker stopped by a bridge timeout takes the pool with it: later calls
 * say so instead of hanging.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { BridgeError, DatabaseError, GreenhackError } from '../errors.ts';
import { asAsync, hidden } from '../index.ts';
import { checkFunction } from '../batteries/green.ts';
import type { PoolStats, QueryResult, Row } from './backends.ts';
import { type Blocking, blocking, type ListenEvent, Link, nextId, type RemoteSettings, restoreBuffers } from './remote-link.ts';
import { RemoteStream } from './remote-stream.ts';
import type { RowStream, StreamOptions } from './stream.ts';
import { checkBatchSize, checkChannel, checkPayload, checkSql, type HiddenVoid, isThenable, type ListenOptions, type PoolConnection, type Queryable, type Subscription, type Transaction } from './types.ts';

export type { PgOp, RemoteSettings } from './remote-link.ts';

class RemoteScope implements Queryable {
  readonly query: Blocking<[string, (readonly unknown[])?], QueryResult<any>>;
  readonly exec: Blocking<[string], void>;
  readonly notify: Blocking<[string, string?], void>;
  readonly transaction: Blocking<[(tx: Transaction) => any], any>;

  constructor(
    readonly link: Link,
    readonly id: number,
  ) {
    this.query = blocking('query', (sql: string, params?: readonly unknown[]) => {
      checkSql('query()', sql, params);
      this.check();
      const result = link.call<QueryResult>('query', { op: 'query', scope: id, sql, params });
      restoreBuffers(result.rows);
      return result;
    });
    this.exec = blocking('exec', (sql: string) => {
      checkSql('exec()', sql, undefined);
      this.check();
      link.call('exec', { op: 'exec', scope: id, sql });
    });
    this.notify = blocking('notify', (channel: string, payload?: string) => {
      checkChannel('notify()', channel);
      const params = [channel, checkPayload(payload)];
      this.check();
      link.call('notify', { op: 'query', scope: id, sql: 'select pg_notify($1, $2)', params });
    });
    const sync = (fn: (tx: Transaction) => unknown): unknown => {
      const tx = this.begin(fn);
      let ended = false;
      try {
        const value = fn(tx);
        if (isThenable(value)) {
          throw new TypeError('transaction(): the function returned a promise, so the transaction would end before its work. Pass a sync function, or use transaction.async() from async code.');
        }
        ended = true;
        tx.finish(true);
        return value;
      } finally {
        if (!ended) tx.finish(false);
      }
    };
    const async = async (fn: (tx: Transaction) => unknown): Promise<unknown> => {
      const tx = this.begin(fn);
      let ended = false;
      try {
        const value = await fn(tx);
        ended = true;
        tx.finish(true);
        return value;
      } finally {
        if (!ended) tx.finish(false);
      }
    };
    this.transaction = hidden(async, { name: 'transaction', sync: sync as never }) as never;
  }

  private begin(fn: unknown): RemoteTransaction {
    checkFunction('transaction()', 'the function', fn);
    this.check();
    const id = nextId();
    this.link.call('transaction', { op: 'begin', scope: this.id, id });
    return new RemoteTransaction(this.link, id, this.depth + 1);
  }

  /** -1 for a pool or connection: a transaction begun on it has depth 0. */
  get depth(): number {
    return -1;
  }

  /** Throws when this scope can no longer be used. */
  check(): void {}

  stream<R extends Row = Row>(sql: string, params?: readonly unknown[], options: StreamOptions = {}): RowStream<R> {
    checkSql('stream()', sql, params);
    return new RemoteStream<R>(this, { scope: this.id, sql, params, batchSize: checkBatchSize(options) });
  }
}

class RemoteTransaction extends RemoteScope implements Transaction {
  active = true;
  constructor(link: Link, id: number, private readonly level: number) {
    super(link, id);
  }

  override get depth(): number {
    return this.level;
  }

  override check(): void {
    if (!this.active) {
      throw new GreenhackError(`this ${this.level === 0 ? 'transaction' : 'savepoint'} has already ended: use the transaction object only inside the function given to transaction().`);
    }
  }

  finish(commit: boolean): void {
    if (!this.active) return;
    this.active = false;
    this.link.call('transaction', { op: 'end', scope: this.id, commit });
  }
}

class RemoteConnection extends RemoteScope implements PoolConnection {
  released = false;
  readonly release: HiddenVoid;
  readonly [Symbol.dispose]!: HiddenVoid;
  readonly [Symbol.asyncDispose]!: () => Promise<void>;

  constructor(link: Link, id: number) {
    super(link, id);
    this.release = blocking('release', () => {
      if (this.released) return;
      this.released = true;
      link.call('release', { op: 'release', scope: id });
    });
    this[Symbol.dispose] = this.release;
    this[Symbol.asyncDispose] = () => this.release.async();
  }

  override check(): void {
    if (this.released) throw new GreenhackError('this connection was released (release() or [Symbol.dispose]()): get another one with pool.connect().');
  }
}

class RemoteSubscription implements Subscription {
  closed = false;
  readonly close: HiddenVoid;
  readonly [Symbol.dispose]!: HiddenVoid;
  readonly [Symbol.asyncDispose]!: () => Promise<void>;

  constructor(link: Link, id: number, readonly channel: string, port: MessagePort) {
    this.close = blocking('close', () => {
      if (this.closed) return;
      try {
        link.call('close', { op: 'unlisten', id });
      } catch (error) {
        // The worker refused (PGlite held by this thread): still subscribed, close() may be called again.
        // The bridge failed: the worker and its subscription are gone.
        if (error instanceof BridgeError) this.end(port);
        throw error;
      }
      this.end(port);
    });
    this[Symbol.dispose] = this.close;
    this[Symbol.asyncDispose] = () => this.close.async();
  }

  private end(port: MessagePort): void {
    this.closed = true;
    port.close();
  }
}

/** The calling thread's side of a pool that lives on the bridge worker. */
export class RemotePool extends RemoteScope {
  readonly close: HiddenVoid;
  readonly connect: Blocking<[], PoolConnection>;
  readonly listen: Blocking<[string, (payload: string) => void, ListenOptions?], Subscription>;
  closed = false;

  constructor(readonly kind: 'pg' | 'pglite', settings: RemoteSettings) {
    const link = new Link(settings);
    super(link, link.pool);
    this.close = blocking('close', () => {
      this.closed = true;
      link.call('close', { op: 'close', pool: link.pool });
    });
    this.connect = blocking('connect', () => {
      const id = nextId();
      link.call('connect', { op: 'connect', pool: link.pool, id });
      return new RemoteConnection(link, id);
    });
    this.listen = blocking('listen', (channel: string, onMessage: (payload: string) => void, options: ListenOptions = {}) => {
      checkChannel('listen()', channel);
      checkFunction('listen()', 'onMessage', onMessage);
      const onError =
        options.onError ??
        ((error: unknown) => {
          process.stderr.write(`greenhack/pg: the listener on channel "${channel}" failed: ${error instanceof Error ? error.stack : String(error)}\n`);
          process.exitCode = 1;
        });
      const { port1, port2 } = new MessageChannel();
      const id = nextId();
      link.call('listen', { op: 'listen', pool: link.pool, id, channel, port: port2 }, [port2]);
      const subscription = new RemoteSubscription(link, id, channel, port1);
      const run = asAsync(onMessage);
      // The port is ref'd: like a listening server, a subscription keeps the process alive until close().
      port1.on('message', (event: ListenEvent) => {
        if ('payload' in event) {
          void run(event.payload).catch(onError);
          return;
        }
        subscription.closed = true;
        port1.close();
        onError(new DatabaseError(`the LISTEN connection for channel "${channel}" was lost: ${event.lost}`, undefined));
      });
      return subscription;
    });
  }

  stats(): PoolStats {
    return this.link.call('stats', { op: 'stats', pool: this.link.pool });
  }
}
