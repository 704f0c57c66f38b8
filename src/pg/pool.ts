/**
 * The sync-style database interface, the same over both backends: `query`, `exec`, `transaction` (with
 * nested savepoints) and `stream` on a pool and on a transaction. Every method that does I/O is a hidden
 * function made per object, so `pool.query(sql)` suspends the calling green task and
 * `pool.query.async(sql)` serves async code.
 */
import { DatabaseError, GreenhackError } from '../errors.ts';
import { currentSignal, currentTask, hidden } from '../index.ts';
import { callGreen, checkFunction, type G, greenFunction } from '../batteries/green.ts';
import type { Backend, Connection, PoolStats, QueryResult, Row } from './backends.ts';

/** `pool.query(sql, params)`: in green code returns the result; `.async()` returns a promise of it. */
export interface QueryFunction {
  <R extends Row = Row>(sql: string, params?: readonly unknown[]): QueryResult<R>;
  async<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

/** `pool.exec(script)`: runs several statements separated by `;` (no parameters): migrations, setup. */
export interface ExecFunction {
  (sql: string): void;
  async(sql: string): Promise<void>;
}

/**
 * `pool.transaction(fn)`: runs `fn(tx)` in a transaction and commits when it returns, or rolls back when it
 * throws (or its task is cancelled); returns what `fn` returned. On a transaction it makes a savepoint.
 */
export interface TransactionFunction {
  <T>(fn: (tx: Transaction) => T): T;
  /** From async code: `fn` may be async and use `tx.query.async(...)`. */
  async<T>(fn: (tx: Transaction) => T | Promise<T>): Promise<T>;
}

export interface StreamOptions {
  /** Rows fetched from the server at a time (default 100). */
  batchSize?: number;
}

/** What pools and transactions share. */
export interface Queryable {
  readonly query: QueryFunction;
  readonly exec: ExecFunction;
  readonly transaction: TransactionFunction;
  /**
   * Rows of a SELECT, fetched `batchSize` at a time through a server-side cursor, as a sync iterator
   * (`for…of` in green code): `next()` suspends only when the next batch must be fetched. Nothing is sent
   * before the first `next()`. A stream from a pool holds a connection (PGlite: the database) until it ends
   * or is closed.
   */
  stream<R extends Row = Row>(sql: string, params?: readonly unknown[], options?: StreamOptions): RowStream<R>;
}

export interface Pool extends Queryable {
  /** `pg` for a PostgreSQL server, `pglite` for the embedded database. */
  readonly kind: 'pg' | 'pglite';
  /** The URL it connects to, password masked. */
  readonly url: string;
  /** Connections open, idle, lent out, and callers waiting. */
  stats(): PoolStats;
  /** Closes every connection (waits for those lent out to come back); later calls fail. */
  readonly close: { (): void; async(): Promise<void> };
  readonly closed: boolean;
}

export interface Transaction extends Queryable {
  /** 0 for a transaction, 1 for a savepoint inside it, and so on. */
  readonly depth: number;
  /** False once it has committed or rolled back: its methods then throw. */
  readonly active: boolean;
}

/** A sync iterator over the rows of a query. */
export interface RowStream<R extends Row = Row> extends IterableIterator<R> {
  /**
   * The next row. It suspends the calling green task only to fetch a batch. A `for…of` in green code calls
   * it (and `return()` when the loop stops early) so that it can suspend; spread and destructuring cannot.
   */
  readonly next: { (): IteratorResult<R, undefined>; async(): Promise<IteratorResult<R, undefined>> };
  /** Calls `fn(row, index)` for each row (it may make hidden calls), closes the stream, returns the row count. */
  readonly forEach: { (fn: (row: R, index: number) => unknown): number; async(fn: (row: R, index: number) => unknown): Promise<number> };
  /** Ends the stream early and gives its connection back. */
  readonly close: { (): void; async(): Promise<void> };
  /** Iterator protocol: what `for…of` calls when it stops early; the same as `close()`. */
  readonly return: { (): IteratorResult<R, undefined>; async(): Promise<IteratorResult<R, undefined>> };
  /** True once every row was read, or the stream was closed or failed. */
  readonly done: boolean;
}

function checkSql(api: string, sql: unknown, params: unknown): void {
  if (typeof sql !== 'string') throw new TypeError(`${api}: the SQL must be a string, got ${sql === null ? 'null' : typeof sql}.`);
  if (params !== undefined && !Array.isArray(params)) throw new TypeError(`${api}: params must be an array, got ${params === null ? 'null' : typeof params}.`);
}

function isThenable(value: unknown): boolean {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/** The green task making the call: PGlite uses it to refuse a task that would wait for itself. */
function caller(): object | undefined {
  return currentTask();
}

// Module-level hidden steps of a transaction, called from the hand-written twin of `transaction`.
const beginStep = hidden((scope: Scope) => scope.begin(currentSignal(), caller()), { name: 'transaction' });
const endStep = hidden((tx: TransactionImpl, commit: boolean) => tx.end(commit), { name: 'transaction' });

let cursors = 0;

abstract class Scope implements Queryable {
  readonly query: QueryFunction;
  readonly exec: ExecFunction;
  readonly transaction: TransactionFunction;

  constructor() {
    const scope = this;
    this.query = hidden(
      (sql: string, params?: readonly unknown[]): Promise<QueryResult> => {
        checkSql('query()', sql, params);
        const signal = currentSignal();
        return scope.withConnection(signal, caller(), (connection) => connection.query(sql, params, signal));
      },
      { name: 'query' },
    ) as unknown as QueryFunction;
    this.exec = hidden(
      (sql: string): Promise<void> => {
        checkSql('exec()', sql, undefined);
        const signal = currentSignal();
        return scope.withConnection(signal, caller(), (connection) => connection.exec(sql, signal));
      },
      { name: 'exec' },
    ) as unknown as ExecFunction;
    this.transaction = greenFunction(
      'transaction',
      async (fn: (tx: Transaction) => unknown): Promise<unknown> => {
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
      },
      function* transaction(fn: (tx: Transaction) => unknown): G<unknown> {
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
      },
    ) as unknown as TransactionFunction;
  }

  /** Runs `work` on a connection: the pool lends one for the call, a transaction uses its own. */
  abstract withConnection<T>(signal: AbortSignal | undefined, owner: object | undefined, work: (connection: Connection) => Promise<T>): Promise<T>;
  /** Starts a transaction (on a pool) or a savepoint (on a transaction). */
  abstract begin(signal: AbortSignal | undefined, owner: object | undefined): Promise<TransactionImpl>;
  /** A connection for a stream: its own (with BEGIN) from a pool, the transaction's from a transaction. */
  abstract streamConnection(signal: AbortSignal | undefined, owner: object | undefined): Promise<{ connection: Connection; own: boolean; tx: TransactionImpl | undefined }>;

  stream<R extends Row = Row>(sql: string, params?: readonly unknown[], options: StreamOptions = {}): RowStream<R> {
    checkSql('stream()', sql, params);
    const batchSize = options.batchSize ?? 100;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`stream(): batchSize must be an integer ≥ 1, got ${batchSize}.`);
    return new RowStreamImpl<R>(this, sql, params, batchSize);
  }
}

class PoolImpl extends Scope implements Pool {
  readonly close: { (): void; async(): Promise<void> };
  closed = false;

  constructor(
    private readonly backend: Backend,
    readonly url: string,
  ) {
    super();
    this.close = hidden(
      (): Promise<void> => {
        this.closed = true;
        return this.backend.close();
      },
      { name: 'close' },
    );
  }

  get kind(): 'pg' | 'pglite' {
    return this.backend.kind;
  }

  stats(): PoolStats {
    return this.backend.stats();
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
    try {
      await connection.query('BEGIN', undefined, signal);
    } catch (error) {
      connection.release(true);
      throw error;
    }
    return new TransactionImpl(connection, 0, undefined);
  }

  async streamConnection(signal: AbortSignal | undefined, owner: object | undefined): Promise<{ connection: Connection; own: boolean; tx: undefined }> {
    const connection = await this.backend.acquire(signal, owner);
    try {
      await connection.query('BEGIN', undefined, signal);
    } catch (error) {
      connection.release(true);
      throw error;
    }
    return { connection, own: true, tx: undefined };
  }
}

class TransactionImpl extends Scope implements Transaction {
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

class RowStreamImpl<R extends Row> implements RowStream<R> {
  readonly next: { (): IteratorResult<R, undefined>; async(): Promise<IteratorResult<R, undefined>> };
  readonly forEach: { (fn: (row: R, index: number) => unknown): number; async(fn: (row: R, index: number) => unknown): Promise<number> };
  readonly close: { (): void; async(): Promise<void> };
  readonly return: { (): IteratorResult<R, undefined>; async(): Promise<IteratorResult<R, undefined>> };
  done = false;
  private connection: Connection | undefined;
  private own = false;
  private tx: TransactionImpl | undefined;
  private buffer: R[] = [];
  private position = 0;
  private exhausted = false;
  private busy = false;
  private readonly cursor = `greenhack_cursor_${++cursors}`;

  constructor(
    private readonly scope: Scope,
    private readonly sql: string,
    private readonly params: readonly unknown[] | undefined,
    private readonly batchSize: number,
  ) {
    const stream = this;
    const FINISHED: IteratorResult<R, undefined> = { done: true, value: undefined };
    this.next = hidden(
      (): IteratorResult<R, undefined> | Promise<IteratorResult<R, undefined>> => {
        // A buffered row is returned at once: the call does not suspend.
        if (stream.position < stream.buffer.length) return { done: false, value: stream.buffer[stream.position++]! };
        if (stream.done) return FINISHED;
        if (stream.busy) throw new GreenhackError('stream.next() was called while another next() of the same stream was still waiting for rows.');
        return stream.fetchNext(currentSignal(), caller());
      },
      { name: 'next' },
    );
    this.close = hidden(
      (): Promise<void> => {
        stream.discard();
        return stream.finish(true);
      },
      { name: 'close' },
    );
    // `for…of` calls return() when it stops early. In green code it suspends until the stream is closed;
    // where nothing can suspend (an error unwinding a loop) it starts closing and returns at once.
    this.return = hidden(
      (): Promise<IteratorResult<R, undefined>> => {
        stream.discard();
        return stream.finish(true).then(() => FINISHED);
      },
      {
        name: 'return',
        sync: (): IteratorResult<R, undefined> => {
          stream.discard();
          if (!stream.done) void stream.finish(true).catch(() => {});
          return FINISHED;
        },
      },
    );
    this.forEach = greenFunction(
      'forEach',
      async (fn: (row: R, index: number) => unknown): Promise<number> => {
        checkFunction('forEach()', 'the function', fn);
        let count = 0;
        try {
          for (;;) {
            const step = await stream.next.async();
            if (step.done) return count;
            await fn(step.value, count++);
          }
        } finally {
          if (!stream.done) await stream.finish(true);
        }
      },
      function* forEach(fn: (row: R, index: number) => unknown): G<number> {
        checkFunction('forEach()', 'the function', fn);
        let count = 0;
        try {
          for (;;) {
            const step = yield* callGreen<IteratorResult<R, undefined>>(stream.next, stream, []);
            if (step.done) return count;
            yield* callGreen(fn, undefined, [step.value, count++]);
          }
        } finally {
          if (!stream.done) yield* callGreen(stream.close, stream, []);
        }
      },
    );
  }

  [Symbol.iterator](): this {
    return this;
  }

  /** Drops the rows buffered and not read: after close(), next() reports the end. */
  private discard(): void {
    this.buffer = [];
    this.position = 0;
  }

  private async fetchNext(signal: AbortSignal | undefined, owner: object | undefined): Promise<IteratorResult<R, undefined>> {
    this.busy = true;
    try {
      await this.fetch(signal, owner);
    } finally {
      this.busy = false;
    }
    return this.position < this.buffer.length ? { done: false, value: this.buffer[this.position++]! } : { done: true, value: undefined };
  }

  /** Opens the cursor if needed and fetches the next batch; on the last batch, finishes the stream. */
  private async fetch(signal: AbortSignal | undefined, owner: object | undefined): Promise<void> {
    try {
      if (this.connection === undefined) {
        const { connection, own, tx } = await this.scope.streamConnection(signal, owner);
        this.connection = connection;
        this.own = own;
        this.tx = tx;
        await connection.query(`DECLARE ${this.cursor} NO SCROLL CURSOR FOR ${this.sql}`, this.params, signal);
      }
      this.tx?.check();
      const result = await this.connection.query(`FETCH FORWARD ${this.batchSize} FROM ${this.cursor}`, undefined, signal);
      this.buffer = result.rows as R[];
      this.position = 0;
      if (result.rows.length < this.batchSize) {
        this.exhausted = true;
        await this.finish(true);
      }
    } catch (error) {
      await this.finish(false);
      throw error;
    }
  }

  /** Closes the cursor and gives the connection back (rows already buffered can still be read). */
  private async finish(clean: boolean): Promise<void> {
    if (this.done) return;
    this.done = true;
    const connection = this.connection;
    if (connection === undefined) return;
    this.connection = undefined;
    if (!this.own) {
      // The transaction's connection: close the cursor if the transaction is still usable.
      if (clean && this.tx?.active) await connection.query(`CLOSE ${this.cursor}`, undefined, undefined);
      return;
    }
    let broken = false;
    if (clean) {
      try {
        if (!this.exhausted) await connection.query(`CLOSE ${this.cursor}`, undefined, undefined);
        await connection.query('COMMIT', undefined, undefined);
      } catch (error) {
        await connection.query('ROLLBACK', undefined, undefined).catch(() => (broken = true));
        connection.release(broken);
        throw error;
      }
    } else {
      await connection.query('ROLLBACK', undefined, undefined).catch(() => (broken = true));
    }
    connection.release(broken);
  }
}

/** Makes the pool object over a backend. */
export function makePool(backend: Backend, url: string): Pool {
  return new PoolImpl(backend, url);
}
