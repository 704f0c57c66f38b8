/**
 * The sync-style database interface, the same over both backends and in both modes: what pools,
 * connections and transactions offer. Every method that does I/O is a hidden function made per object, so
 * `pool.query(sql)` suspends the calling green task (sync mode: blocks on the bridge worker) and
 * `pool.query.async(sql)` serves async code.
 */
import type { PoolStats, QueryResult, Row } from './backends.ts';
import type { RowStream, StreamOptions } from './stream.ts';

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

/** `notify(channel, payload)`: `pg_notify`; inside a transaction it is sent at commit. */
export interface NotifyFunction {
  (channel: string, payload?: string): void;
  async(channel: string, payload?: string): Promise<void>;
}

/** What pools, connections and transactions share. */
export interface Queryable {
  readonly query: QueryFunction;
  readonly exec: ExecFunction;
  readonly transaction: TransactionFunction;
  /** Sends a notification to every session that LISTENs on `channel` (`pool.listen`), through `pg_notify`. */
  readonly notify: NotifyFunction;
  /**
   * Rows of a SELECT, fetched `batchSize` at a time through a server-side cursor, as a sync iterator
   * (`for…of` in green code): `next()` suspends only when the next batch must be fetched. Nothing is sent
   * before the first `next()`. A stream from a pool holds a connection (PGlite: the database) until it ends
   * or is closed.
   */
  stream<R extends Row = Row>(sql: string, params?: readonly unknown[], options?: StreamOptions): RowStream<R>;
}

/** A hidden function without arguments: `close()`, `release()`. */
export interface HiddenVoid {
  (): void;
  async(): Promise<void>;
}

/** One connection lent by `pool.connect()` until `release()`; `Disposable`, so `using conn = pool.connect()`. */
export interface PoolConnection extends Queryable {
  /** Gives the connection back to the pool (closing it if a transaction on it is still open). Idempotent. */
  readonly release: HiddenVoid;
  readonly released: boolean;
  /** The same hidden function as `release`. */
  readonly [Symbol.dispose]: HiddenVoid;
  /** `release.async`, for `await using` in async code. */
  readonly [Symbol.asyncDispose]: () => Promise<void>;
}

/** A LISTEN on a connection of its own, until `close()`. */
export interface Subscription {
  readonly channel: string;
  readonly closed: boolean;
  /** UNLISTENs and closes its connection. Idempotent. */
  readonly close: HiddenVoid;
  readonly [Symbol.dispose]: HiddenVoid;
  readonly [Symbol.asyncDispose]: () => Promise<void>;
}

export interface ListenOptions {
  /**
   * Called with an error thrown by `onMessage` or the loss of the LISTEN connection (a `DatabaseError`;
   * the subscription is closed then). Default: print it to stderr and set `process.exitCode` to 1.
   */
  onError?: (error: unknown) => void;
}

export interface ListenFunction {
  /**
   * LISTENs to `channel` on a connection of its own and calls `onMessage(payload)` for each notification, as
   * a green task of its own (sync mode: in place, when the event loop runs). Returns once listening.
   * `channel`: lower-case letters, digits and `_`, starting with a letter or `_`, at most 63 characters.
   */
  (channel: string, onMessage: (payload: string) => void, options?: ListenOptions): Subscription;
  async(channel: string, onMessage: (payload: string) => void, options?: ListenOptions): Promise<Subscription>;
}

export interface Pool extends Queryable {
  /** `pg` for a PostgreSQL server, `pglite` for the embedded database. */
  readonly kind: 'pg' | 'pglite';
  /** The URL it connects to, password masked. */
  readonly url: string;
  /** Connections open, idle, lent out, and callers waiting (LISTEN connections are not counted). */
  stats(): PoolStats;
  /** Lends one connection until `release()` (or `[Symbol.dispose]()`): queries, transactions and streams on it. */
  readonly connect: { (): PoolConnection; async(): Promise<PoolConnection> };
  readonly listen: ListenFunction;
  /** Closes every connection (waits for those lent out to come back) and subscription; later calls fail. */
  readonly close: HiddenVoid;
  readonly closed: boolean;
}

export interface Transaction extends Queryable {
  /** 0 for a transaction, 1 for a savepoint inside it, and so on. */
  readonly depth: number;
  /** False once it has committed or rolled back: its methods then throw. */
  readonly active: boolean;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

/** Throws unless `channel` is a plain lower-case identifier: it is written into LISTEN, so nothing else may pass. */
export function checkChannel(api: string, channel: unknown): asserts channel is string {
  if (typeof channel !== 'string' || !CHANNEL.test(channel)) {
    throw new TypeError(
      `${api}: the channel must be a lower-case identifier (letters a-z, digits, _; starting with a letter or _; at most 63 characters), got ${typeof channel === 'string' ? JSON.stringify(channel) : typeof channel}.`,
    );
  }
}

export function checkSql(api: string, sql: unknown, params: unknown): void {
  if (typeof sql !== 'string') throw new TypeError(`${api}: the SQL must be a string, got ${sql === null ? 'null' : typeof sql}.`);
  if (params !== undefined && !Array.isArray(params)) throw new TypeError(`${api}: params must be an array, got ${params === null ? 'null' : typeof params}.`);
}

export function checkPayload(payload: unknown): string {
  if (payload === undefined) return '';
  if (typeof payload !== 'string') throw new TypeError(`notify(): the payload must be a string (JSON.stringify objects), got ${payload === null ? 'null' : typeof payload}.`);
  return payload;
}

export function isThenable(value: unknown): boolean {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

export function checkBatchSize(options: StreamOptions): number {
  const batchSize = options.batchSize ?? 100;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`stream(): batchSize must be an integer ≥ 1, got ${batchSize}.`);
  return batchSize;
}
