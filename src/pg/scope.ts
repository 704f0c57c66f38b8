/**
 * What pools, lent connections and transactions share: `query`, `exec`, `notify`, `transaction` (with
 * nested savepoints) and `stream`, each a hidden function made per object. Where the scope's pool lives
 * on the blocking bridge's worker instead (sync mode, remote.ts), each method forwards there: the same
 * object serves both modes, and which one is fixed by the mode in force at the pool's first use.
 */
import { currentSignal, currentTask, hidden } from '../index.ts';
import { callGreen, checkFunction, type G } from '../batteries/green.ts';
import { contextError } from '../runtime/context-error.ts';
import { nameTwin, setTwin, type Twin } from '../runtime/twin.ts';
import { type Connection, type QueryResult, type Row, SYNC_CALLER } from './backends.ts';
import type { RemotePool } from './remote.ts';
import { type RowStream, RowStreamImpl, type StreamOptions } from './stream.ts';
import type { TransactionImpl } from './transaction.ts';
import { checkBatchSize, checkChannel, checkPayload, checkSql, type ExecFunction, isThenable, type NotifyFunction, type QueryFunction, type Queryable, type Transaction, type TransactionFunction } from './types.ts';
import { guardTwin } from '../runtime/drive.ts';

let callersAreOneThread = false;

/** In the bridge worker every call comes from one blocked thread: backends can then refuse self-deadlocks. */
export function markCallersAsOneThread(): void {
  callersAreOneThread = true;
}

/** The green task making the call: backends use it to refuse a caller that would wait for itself. */
export function caller(): object | undefined {
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
export function method<F extends AnyFn>(scope: Scope, name: string, local: F, remote: (pool: RemotePool) => AnyFn & { async: AnyFn }): F {
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
    setTwin(this.transaction, guardTwin(this.transaction, nameTwin(function* transaction(fn: (tx: Transaction) => unknown): G<unknown> {
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
    } as unknown as Twin, 'transaction')));
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
export async function beginOn(connection: Connection, signal: AbortSignal | undefined): Promise<void> {
  try {
    await connection.query('BEGIN', undefined, signal);
  } catch (error) {
    connection.release(true);
    throw error;
  }
}
