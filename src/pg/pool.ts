/**
 * The pool, its lent connections and its transactions, on this thread. Where the pool lives on the
 * blocking bridge's worker instead (sync mode, remote.ts), each hidden method forwards there: the same
 * object serves both modes, and which one is fixed by the mode in force at the pool's first use.
 */
import { DatabaseError, GreenhackError } from '../errors.ts';
import { asAsync, currentSignal, currentTask, hidden } from '../index.ts';
import { callGreen, checkFunction, type G } from '../batteries/green.ts';
import { contextError } from '../runtime/context-error.ts';
import { installed } from '../runtime/install.ts';
import { nameTwin, setTwin, type Twin } from '../runtime/twin.ts';
import { type Backend, type Connection, type PoolStats, type QueryResult, type Row, SYNC_CALLER } from './backends.ts';
import { RemotePool, type RemoteSettings } from './remote.ts';
import { type RowStream, RowStreamImpl, type StreamOptions } from './stream.ts';
import { checkBatchSize, checkChannel, checkPayload, checkSql, type ExecFunction, type HiddenVoid, isThenable, type ListenFunction, type ListenOptions, type NotifyFunction, type Pool, type PoolConnection, type QueryFunction, type Queryable, type Subscription, type Transaction, type TransactionFunction } from './types.ts';

export type PoolSettings = RemoteSettings;

let callersAreOneThread = false;

/** In the bridge worker every call comes from one blocked thread: backends can then refuse self-deadlocks. */
export function markCallersAsOneThread(): void {
  callersAreOneThread = true;
}

/** The green task making the call: backends use it to refuse a caller that would wait for itself. */
function caller(): object | undefined {
  return currentTask() ?? (callersAreOneThread ? SYNC_CALLER : undefined);
}

// Module-level hidden steps of a transaction, called from the hand-written twin of `transaction`.
const beginStep = hidden((scope: Scope) => scope.begin(currentSignal(), caller()), { name: 'transaction' });
const endStep = hidden((tx: TransactionImpl, commit: boolean) => tx.end(commit), { name: 'transaction' });

type AnyFn = (...args: any[]) => any;

/**
 * A hidden method of `scope`: `local` on this thread; where the scope's pool lives on the bridge worker,
 * the same method of the remote pool (blocking wherever nothing can suspend, as in sync mode).
 */
function method<F extends AnyFn>(scope: Scope, name: string, local: F, remote: (pool: RemotePool) => AnyFn & { async: AnyFn }): F {
  const fn: F = hidden(
    ((...args: unknown[]) => {
      const target = scope.remote(false);
      return target === undefined ? local(...args) : remote(target).async(...args);
    }) as F,
    {
      name,
      sync: ((...args: unknown[]) => {
        const target = scope.remote(true);
        if (target === undefined) throw contextError(name, currentTask(), fn);
        return remote(target)(...args);
      }) as never,
    },
  ) as unknown as F;
  return fn;
}

export abstract class Scope implements Queryable {
  readonly query: QueryFunction;
  readonly exec: ExecFunction;
  readonly transaction: TransactionFunction;
  readonly notify: NotifyFunction;

  constructor() {
    const scope = this;
    this.query = method(this, 'query', (sql: string, params?: readonly unknown[]): Promise<QueryResult> => {
      checkSql('query()', sql, params);
      const signal = currentSignal();
      return scope.withConnection(signal, caller(), (connection) => connection.query(sql, params, signal));
    }, (pool) => pool.query) as unknown as QueryFunction;
    this.exec = method(this, 'exec', (sql: string): Promise<void> => {
      checkSql('exec()', sql, undefined);
      const signal = currentSignal();
      return scope.withConnection(signal, caller(), (connection) => connection.exec(sql, signal));
    }, (pool) => pool.exec) as unknown as ExecFunction;
    this.notify = method(this, 'notify', (channel: string, payload?: string): Promise<void> => {
      checkChannel('notify()', channel);
      const text = checkPayload(payload);
      const signal = currentSignal();
      return scope.withConnection(signal, caller(), async (connection) => {
        await connection.query('select pg_notify($1, $2)', [channel, text], signal);
      });
    }, (pool) => pool.notify) as unknown as NotifyFunction;
    this.transaction = method(this, 'transaction', async (fn: (tx: Transaction) => unknown): Promise<unknown> => {
      checkFunction('transaction()', 'the function', fn);
      const tx = await scope.begin(undefined, undefined);
      let ended = false;
      try {
        const value = await fn(tx);
        ended = true;
        await tx.end(true);
        return value;
      } finally {
        if (!ended) await tx.end(false);
      }
    }, (pool) => pool.transaction) as unknown as TransactionFunction;
    setTwin(this.transaction, nameTwin(function* transaction(fn: (tx: Transaction) => unknown): G<unknown> {
      const remote = scope.remote(false);
      if (remote !== undefined) return remote.transaction(fn);
      checkFunction('transaction()', 'the function', fn);
      const tx = yield* callGreen<TransactionImpl>(beginStep, undefined, [scope]);
      let ended = false;
      try {
        const value = yield* callGreen(fn, undefined, [tx]);
        if (isThenable(value)) {
          throw new TypeError('transaction(): the function returned a promise, so the transaction would end before its work. Pass a sync function (its hidden calls suspend), or use transaction.async() from async code.');
        }
        ended = true;
        yield* callGreen(endStep, undefined, [tx, true]);
        return value;
      } finally {
        // Also when the task is cancelled: the rollback runs as the task unwinds.
        if (!ended) yield* callGreen(endStep, undefined, [tx, false]);
      }
    } as unknown as Twin, 'transaction'));
  }

  /** The pool on the bridge worker that serves this scope, if it lives there; `blocking`: asked by a sync call. */
  remote(_blocking: boolean): RemotePool | undefined {
    return undefined;
  }
  /** Runs `work` on a connection: the pool lends one for the call, a transaction uses its own. */
  abstract withConnection<T>(signal: AbortSignal | undefined, owner: object | undefined, work: (connection: Connection) => Promise<T>): Promise<T>;
  /** Starts a transaction (on a pool) or a savepoint (on a transaction). */
  abstract begin(signal: AbortSignal | undefined, owner: object | undefined): Promise<TransactionImpl>;
  /** A connection for a stream: its own (with BEGIN) from a pool, the transaction's from a transaction. */
  abstract streamConnection(signal: AbortSignal | undefined, owner: object | undefined): Promise<{ connection: Connection; own: boolean; tx: TransactionImpl | undefined }>;

  stream<R extends Row = Row>(sql: string, params?: readonly unknown[], options: StreamOptions = {}): RowStream<R> {
    const remote = this.remote(false);
    if (remote !== undefined) return remote.stream<R>(sql, params, options);
    return this.localStream<R>(sql, params, options);
  }

  /** A stream on this thread (the bridge worker's side of a remote stream uses it directly). */
  localStream<R extends Row = Row>(sql: string, params?: readonly unknown[], options: StreamOptions = {}): RowStreamImpl<R> {
    checkSql('stream()', sql, params);
    return new RowStreamImpl<R>(this, sql, params, checkBatchSize(options), caller);
  }
}

/** Begins a transaction on a lent connection; on failure gives it back closed. */
async function beginOn(connection: Connection, signal: AbortSignal | undefined): Promise<void> {
  try {
    await connection.query('BEGIN', undefined, signal);
  } catch (error) {
    connection.release(true);
    throw error;
  }
}

function reportListenerError(channel: string): (error: unknown) => void {
  return (error) => {
    process.stderr.write(`greenhack/pg: the listener on channel "${channel}" failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  };
}

class PoolImpl extends Scope implements Pool {
  readonly close: HiddenVoid;
  readonly connect: { (): PoolConnection; async(): Promise<PoolConnection> };
  readonly listen: ListenFunction;
  private closedHere = false;
  /** Where the pool lives, fixed at its first use: here, or on the bridge worker (sync mode). */
  private placement: 'here' | RemotePool | undefined;

  constructor(
    private readonly backend: Backend,
    readonly url: string,
    private readonly settings: PoolSettings,
  ) {
    super();
    this.close = method(this, 'close', (): Promise<void> => {
      this.closedHere = true;
      return this.backend.close();
    }, (pool) => pool.close) as unknown as HiddenVoid;
    this.connect = method(this, 'connect', async (): Promise<PoolConnection> => {
      const connection = await this.backend.acquire(currentSignal(), caller());
      return new ConnectionImpl(connection);
    }, (pool) => pool.connect) as unknown as Pool['connect'];
    this.listen = method(this, 'listen', async (channel: string, onMessage: (payload: string) => void, options: ListenOptions = {}): Promise<Subscription> => {
      checkChannel('listen()', channel);
      checkFunction('listen()', 'onMessage', onMessage);
      const onError = options.onError ?? reportListenerError(channel);
      const run = asAsync(onMessage);
      const subscription = new SubscriptionImpl(channel);
      subscription.stop = await this.backend.listen(channel, {
        message: (payload) => void run(payload).catch(onError),
        lost: (error) => {
          subscription.closed = true;
          onError(error);
        },
      });
      return subscription;
    }, (pool) => pool.listen) as unknown as ListenFunction;
  }

  override remote(blocking: boolean): RemotePool | undefined {
    if (this.placement === undefined) {
      if (installed.api.config.mode !== 'sync') {
        if (blocking) return undefined;
        this.placement = 'here';
      } else {
        this.placement = new RemotePool(this.backend.kind, this.settings);
      }
    }
    if (this.placement !== 'here') return this.placement;
    if (blocking && installed.api.config.mode === 'sync') {
      throw new GreenhackError(`this pool (${this.url}) was first used in async mode, so its connections live on this thread, where sync mode cannot wait for them. Create the pool after configure({ mode: 'sync' }), or keep using it from async code.`);
    }
    return undefined;
  }

  get kind(): 'pg' | 'pglite' {
    return this.backend.kind;
  }

  get closed(): boolean {
    const placement = this.placement;
    return placement === undefined || placement === 'here' ? this.closedHere : placement.closed;
  }

  stats(): PoolStats {
    const placement = this.placement;
    return placement === undefined || placement === 'here' ? this.backend.stats() : placement.stats();
  }

  async withConnection<T>(signal: AbortSignal | undefined, owner: object | undefined, work: (connection: Connection) => Promise<T>): Promise<T> {
    const connection = await this.backend.acquire(signal, owner);
    try {
      return await work(connection);
    } finally {
      connection.release();
    }
  }

  async begin(signal: AbortSignal | undefined, owner: object | undefined): Promise<TransactionImpl> {
    const connection = await this.backend.acquire(signal, owner);
    await beginOn(connection, signal);
    return new TransactionImpl(connection, 0, undefined);
  }

  async streamConnection(signal: AbortSignal | undefined, owner: object | undefined): Promise<{ connection: Connection; own: boolean; tx: undefined }> {
    const connection = await this.backend.acquire(signal, owner);
    await beginOn(connection, signal);
    return { connection, own: true, tx: undefined };
  }
}

class SubscriptionImpl implements Subscription {
  closed = false;
  stop: (() => Promise<void>) | undefined;
  readonly close: HiddenVoid;
  readonly [Symbol.dispose]!: HiddenVoid;
  readonly [Symbol.asyncDispose]!: () => Promise<void>;

  constructor(readonly channel: string) {
    this.close = hidden(
      async (): Promise<void> => {
        this.closed = true;
        await this.stop?.();
      },
      { name: 'close' },
    );
    this[Symbol.dispose] = this.close;
    this[Symbol.asyncDispose] = () => this.close.async();
  }
}

/**
 * A connection lent by `pool.connect()`. Its transactions and streams see it through `shared`, whose
 * release() only records that their work ended: the connection goes back only with `release()`.
 */
class ConnectionImpl extends Scope implements PoolConnection {
  readonly release: HiddenVoid;
  readonly [Symbol.dispose]!: HiddenVoid;
  readonly [Symbol.asyncDispose]!: () => Promise<void>;
  released = false;
  /** Transactions and streams begun on it and not ended: released then, it is closed, not reused. */
  private openWork = 0;
  private broken = false;
  private readonly shared: Connection;

  constructor(private readonly connection: Connection) {
    super();
    this.shared = {
      query: (sql, params, signal) => connection.query(sql, params, signal),
      exec: (sql, signal) => connection.exec(sql, signal),
      release: (broken = false) => {
        this.openWork = Math.max(0, this.openWork - 1);
        if (broken) this.broken = true;
      },
    };
    const release = (): void => {
      if (this.released) return;
      this.released = true;
      this.connection.release(this.broken || this.openWork > 0);
    };
    this.release = hidden(async () => release(), { name: 'release', sync: release });
    this[Symbol.dispose] = this.release;
    this[Symbol.asyncDispose] = () => this.release.async();
  }

  private check(): void {
    if (this.released) throw new GreenhackError('this connection was released (release() or [Symbol.dispose]()): get another one with pool.connect().');
  }

  async withConnection<T>(_signal: AbortSignal | undefined, _owner: object | undefined, work: (connection: Connection) => Promise<T>): Promise<T> {
    this.check();
    return work(this.shared);
  }

  async begin(signal: AbortSignal | undefined): Promise<TransactionImpl> {
    this.check();
    this.openWork++;
    await beginOn(this.shared, signal);
    return new TransactionImpl(this.shared, 0, undefined);
  }

  async streamConnection(signal: AbortSignal | undefined): Promise<{ connection: Connection; own: boolean; tx: undefined }> {
    this.check();
    this.openWork++;
    await beginOn(this.shared, signal);
    return { connection: this.shared, own: true, tx: undefined };
  }
}

export class TransactionImpl extends Scope implements Transaction {
  active = true;
  private savepoints = 0;

  constructor(
    readonly connection: Connection,
    readonly depth: number,
    private readonly savepoint: string | undefined,
  ) {
    super();
  }

  check(): void {
    if (!this.active) {
      throw new GreenhackError(`this ${this.depth === 0 ? 'transaction' : 'savepoint'} has already ended: use the transaction object only inside the function given to transaction().`);
    }
  }

  async withConnection<T>(_signal: AbortSignal | undefined, _owner: object | undefined, work: (connection: Connection) => Promise<T>): Promise<T> {
    this.check();
    return work(this.connection);
  }

  async begin(signal: AbortSignal | undefined): Promise<TransactionImpl> {
    this.check();
    const name = `greenhack_sp_${this.depth + 1}_${++this.savepoints}`;
    await this.connection.query(`SAVEPOINT ${name}`, undefined, signal);
    return new TransactionImpl(this.connection, this.depth + 1, name);
  }

  async streamConnection(): Promise<{ connection: Connection; own: boolean; tx: TransactionImpl }> {
    this.check();
    return { connection: this.connection, own: false, tx: this };
  }

  /** Commits (or releases the savepoint), or rolls back; the transaction is inactive afterwards. */
  async end(commit: boolean): Promise<void> {
    if (!this.active) return;
    this.active = false;
    const connection = this.connection;
    if (this.savepoint !== undefined) {
      if (commit) {
        await connection.query(`RELEASE SAVEPOINT ${this.savepoint}`, undefined, undefined);
      } else {
        // Errors here are dropped: the error that made us roll back is the one to report.
        await connection.query(`ROLLBACK TO SAVEPOINT ${this.savepoint}`, undefined, undefined).catch(() => {});
        await connection.query(`RELEASE SAVEPOINT ${this.savepoint}`, undefined, undefined).catch(() => {});
      }
      return;
    }
    if (!commit) {
      let broken = false;
      await connection.query('ROLLBACK', undefined, undefined).catch(() => (broken = true));
      connection.release(broken);
      return;
    }
    let result: QueryResult;
    try {
      result = await connection.query('COMMIT', undefined, undefined);
    } catch (error) {
      // A failed COMMIT ends the transaction on the server; a lost connection is closed by release.
      connection.release();
      throw error;
    }
    connection.release();
    if (result.command === 'ROLLBACK') {
      // PostgreSQL answers COMMIT with ROLLBACK when a statement failed earlier in the transaction.
      throw new DatabaseError('the transaction was rolled back instead of committed: a statement in it failed earlier (and its error was caught)', 'COMMIT', { code: '25P02' });
    }
  }
}

/** Makes the pool object over a backend. */
export function makePool(backend: Backend, url: string, settings: PoolSettings): Pool {
  return new PoolImpl(backend, url, settings);
}
