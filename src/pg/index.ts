/**
 * `greenhack/pg`: PostgreSQL from sync-style code, over `pg` (a server) or PGlite (embedded, the default).
 *
 * ```ts
 * import { createPool } from 'greenhack/pg'
 * const db = createPool()                                  // pglite://memory
 * db.exec('create table orders (id serial primary key, dish text not null)')
 * const { rows } = db.query('insert into orders (dish) values ($1) returning id', ['ramen'])
 * db.transaction((tx) => { tx.query('…'); tx.query('…') })  // commits, or rolls back if it throws
 * ```
 */
import { DatabaseError, type DatabaseErrorFields } from '../errors.ts';
import { type Backend, type FieldInfo, PgBackend, type PoolStats, type QueryResult, type Row, safeUrl } from './backends.ts';
import { PgliteBackend } from './pglite-backend.ts';
import { makePool } from './pool.ts';
import type { RowStream, StreamOptions } from './stream.ts';
import type { ExecFunction, HiddenVoid, ListenFunction, ListenOptions, NotifyFunction, Pool, PoolConnection, QueryFunction, Queryable, Subscription, Transaction, TransactionFunction } from './types.ts';

export { DatabaseError };
export type {
  DatabaseErrorFields,
  ExecFunction,
  FieldInfo,
  HiddenVoid,
  ListenFunction,
  ListenOptions,
  NotifyFunction,
  Pool,
  PoolConnection,
  PoolStats,
  Queryable,
  QueryFunction,
  QueryResult,
  Row,
  RowStream,
  StreamOptions,
  Subscription,
  Transaction,
  TransactionFunction,
};

export interface PoolOptions {
  /**
   * Where the database is: `postgres://user:password@host:port/db` (or `postgresql://`) for a server;
   * `pglite://memory` for an embedded in-memory database; `pglite:///absolute/dir` for an embedded database
   * kept in a directory. Default: `pglite://memory`.
   */
  url?: string;
  /** Most connections open at once (a server only; PGlite has one). Default 10. */
  max?: number;
  /** `application_name` shown by the server in `pg_stat_activity` (a server only). */
  applicationName?: string;
  /** How long to wait for a new connection to open, in ms (a server only). Default: no limit. */
  connectTimeoutMs?: number;
  /** How long an unused connection stays open, in ms (a server only). Default 10 000. */
  idleTimeoutMs?: number;
  /**
   * Sync mode only (the pool then lives on the blocking bridge's worker): the longest one call may block,
   * in ms; then the worker is stopped, with the pool's connections, and the call throws `BridgeTimeout`.
   * Default 60 000.
   */
  syncTimeoutMs?: number;
}

function checkCount(name: string, value: unknown, min: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`createPool(): ${name} must be an integer ≥ ${min}, got ${typeof value === 'number' ? value : typeof value}.`);
  }
}

/** The backend for a URL, or a RangeError that says which URLs work. */
function backendFor(url: string, options: PoolOptions): Backend {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    return new PgBackend({
      url,
      max: options.max ?? 10,
      applicationName: options.applicationName,
      connectTimeoutMs: options.connectTimeoutMs,
      idleTimeoutMs: options.idleTimeoutMs,
    });
  }
  const pglite = /^pglite:\/\/(.*)$/i.exec(url);
  if (pglite !== null) {
    const rest = pglite[1]!;
    if (rest === '' || rest === 'memory' || rest === 'memory/') return new PgliteBackend(undefined);
    if (rest.startsWith('/')) return new PgliteBackend(decodeURIComponent(rest.replace(/\/+$/, '') || '/'));
  }
  throw new RangeError(
    `createPool(): unsupported database URL ${JSON.stringify(safeUrl(url))}. Use postgres://user:password@host:port/database for a PostgreSQL server, pglite://memory for an embedded in-memory database, or pglite:///absolute/directory for an embedded database kept on disk.`,
  );
}

/**
 * A pool of database connections. It connects lazily: the first query opens a connection (or starts PGlite,
 * which takes a few seconds), so creating a pool is cheap and synchronous.
 */
export function createPool(options: PoolOptions = {}): Pool {
  if (options === null || typeof options !== 'object') throw new TypeError(`createPool(): options must be an object, got ${options === null ? 'null' : typeof options}.`);
  const url = options.url ?? 'pglite://memory';
  if (typeof url !== 'string') throw new TypeError(`createPool(): url must be a string, got ${typeof url}.`);
  checkCount('max', options.max, 1);
  checkCount('connectTimeoutMs', options.connectTimeoutMs, 0);
  checkCount('idleTimeoutMs', options.idleTimeoutMs, 0);
  checkCount('syncTimeoutMs', options.syncTimeoutMs, 1);
  const { max, applicationName, connectTimeoutMs, idleTimeoutMs } = options;
  const settings = { url, max, applicationName, connectTimeoutMs, idleTimeoutMs, syncTimeoutMs: options.syncTimeoutMs ?? 60_000 };
  return makePool(backendFor(url, options), safeUrl(url), settings);
}
